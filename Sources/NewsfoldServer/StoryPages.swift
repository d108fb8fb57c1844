import NewsfoldCore
import NewsfoldStore

/// Escapes text for HTML (element content and quoted attribute values): `&`, `<`, `>`, `"`
/// and `'`. Every piece of page text on Newsfold's pages goes through it: titles, sites,
/// article text, evidence, ids.
///
/// ```swift
/// escapeHTML("<script>alert(1)</script>")   // "&lt;script&gt;alert(1)&lt;/script&gt;"
/// ```
///
/// Cost: O(bytes), on UTF-8 bytes; a string with nothing to escape is returned as is.
public func escapeHTML(_ s: String) -> String {
    var needs = false
    for b in s.utf8 where b == 0x26 || b == 0x3C || b == 0x3E || b == 0x22 || b == 0x27 {
        needs = true
        break
    }
    guard needs else { return s }
    var out: [UInt8] = []
    out.reserveCapacity(s.utf8.count + 16)
    for b in s.utf8 {
        switch b {
        case 0x26: out.append(contentsOf: "&amp;".utf8)
        case 0x3C: out.append(contentsOf: "&lt;".utf8)
        case 0x3E: out.append(contentsOf: "&gt;".utf8)
        case 0x22: out.append(contentsOf: "&quot;".utf8)
        case 0x27: out.append(contentsOf: "&#39;".utf8)
        default: out.append(b)
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Whether a word goes on across `scalar`, as ``TextFolding`` cuts words (the rule the edits
/// were found with): a letter, digit or joiner (an apostrophe inside `isn’t`) does; a space,
/// punctuation (`“`, `—`, a no-break space) does not, and an ideograph is a word on its own.
private func continuesWord(_ scalar: UInt32?) -> Bool {
    guard let scalar else { return false }
    switch TextFolding.fold(scalar: scalar) {
    case .letter, .joiner: return true
    case .ideograph, .separator: return false
    }
}

/// The scalar whose UTF-8 bytes start at `i` of `bytes`, if any.
private func scalar(at i: Int, in bytes: [UInt8]) -> UInt32? {
    guard i < bytes.count else { return nil }
    var it = bytes[i...].makeIterator()
    var decoder = UTF8()
    if case .scalarValue(let s) = decoder.decode(&it) { return s.value }
    return nil
}

/// The scalar whose UTF-8 bytes end just before `end` of `bytes`, if any.
private func scalar(endingBefore end: Int, in bytes: [UInt8]) -> UInt32? {
    var start = end - 1
    while start > 0, end - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
    return start >= 0 ? scalar(at: start, in: bytes) : nil
}

/// Whether `needle`, found at `i..<end` of `hay`, stands as whole words there: at each end
/// where the needle itself continues a word, the text beside it does not.
private func standsAlone(_ needle: [UInt8], in hay: [UInt8], at i: Int, end: Int) -> Bool {
    let startOK = !continuesWord(scalar(at: 0, in: needle)) || !continuesWord(scalar(endingBefore: i, in: hay))
    let endOK =
        !continuesWord(scalar(endingBefore: needle.count, in: needle)) || !continuesWord(scalar(at: end, in: hay))
    return startOK && endOK
}

/// Escapes `text` and wraps every occurrence of each of `needles` in `<tag class="...">`:
/// the highlighter of the story page. Matching is exact, on UTF-8 bytes; overlapping needles
/// keep the first (leftmost, then longest) match. With `wholeWords`, a needle that begins (ends)
/// inside a word matches only where the text does not go on with that word before (after) it,
/// words cut as ``TextFolding`` cuts them: the edited word "on" is not marked inside "second"
/// nor "Boric" inside "Boric’s" (an apostrophe joins), but a word next to `“`, `—` or a
/// no-break space is, and each Han character is a word of its own. Without, a name spliced
/// onto a word ("Centerofficial") is still found.
///
/// Cost: O(bytes × needles).
func highlight(
    _ text: String, _ needles: [String], tag: String, cssClass: String, title: String? = nil, wholeWords: Bool = false
) -> String {
    let open = "<\(tag) class=\"\(cssClass)\"" + (title.map { " title=\"\(escapeHTML($0))\"" } ?? "") + ">"
    return wrapping(text, needles, wholeWords: wholeWords) { open + escapeHTML($0) + "</\(tag)>" }
}

/// Escapes `text` and makes each article id of `ids` in it (whole words, 4 characters or
/// more: a short id would be found inside numbers) a link to that article's card on the
/// page (`#a-ID`): the evidence names articles by id.
func linkingIDs(_ text: String, _ ids: [String]) -> String {
    wrapping(text, ids.filter { $0.utf8.count >= 4 }, wholeWords: true) {
        "<a class=\"id\" href=\"#a-\(escapeHTML($0))\">\(escapeHTML($0))</a>"
    }
}

/// Escapes `text`, with each match of `needles` (see ``highlight(_:_:tag:cssClass:title:wholeWords:)``)
/// given to `wrap` instead, which returns its HTML.
private func wrapping(_ text: String, _ needles: [String], wholeWords: Bool, _ wrap: (String) -> String) -> String {
    let hay = Array(text.utf8)
    let ns = needles.map { Array($0.utf8) }.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    guard !ns.isEmpty else { return escapeHTML(text) }
    var out = ""
    var plainStart = 0
    var i = 0
    while i < hay.count {
        var matched = 0
        for n in ns where n.count <= hay.count - i && hay[i] == n[0] {
            var k = 1
            while k < n.count, hay[i + k] == n[k] { k += 1 }
            if k == n.count, !wholeWords || standsAlone(n, in: hay, at: i, end: i + k) {
                matched = n.count
                break
            }
        }
        if matched > 0 {
            out += escapeHTML(String(decoding: hay[plainStart..<i], as: UTF8.self))
            out += wrap(String(decoding: hay[i..<(i + matched)], as: UTF8.self))
            i += matched
            plainStart = i
        } else {
            i += 1
        }
    }
    out += escapeHTML(String(decoding: hay[plainStart..<hay.count], as: UTF8.self))
    return out
}

/// The server-rendered pages: the list of recent stories and one story's sources side by side.
/// Plain HTML and CSS, no script, no build step; every piece of text is escaped with
/// ``escapeHTML(_:)``.
///
/// ```swift
/// let html = StoryPages.story(detail)        // GET /stories/{id}
/// let home = StoryPages.home(page)           // GET /
/// ```
public enum StoryPages {
    static let style = """
        body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
        header,main{max-width:1200px;margin:0 auto;padding:12px 20px}
        header{border-bottom:1px solid #ddd;background:#fff}
        a{color:#0a58ca}
        table{border-collapse:collapse;width:100%;background:#fff}
        td,th{padding:6px 8px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
        .badge{display:inline-block;padding:1px 7px;border-radius:9px;font-size:12px;background:#e8eefc;margin-right:4px}
        .badge.flag{background:#fde2e1;color:#8a1c14}
        .badge.flag.low{background:#eef0f3;color:#3d4650}
        .badge.flag.medium{background:#fdeccf;color:#7a4a00}
        .badge.original{background:#dff5e1;color:#165c26}
        .card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:12px 14px;margin:10px 0}
        .copies{margin-left:22px;border-left:3px solid #ccd;padding-left:12px}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}
        mark.flag{background:#ffd0cc;outline:1px solid #e0665c}
        ins{background:#d7f5dc;text-decoration:none}
        del{background:#fde2e1}
        .meta{color:#555;font-size:13px}
        .date-source{color:#666;font-size:12px}
        .notice{background:#fff7d6;border:1px solid #e8d48a;border-radius:6px;padding:8px 12px}
        .evidence{color:#8a1c14;font-size:13px}
        .text p{margin:.4em 0}
        details summary{cursor:pointer;color:#0a58ca}
        time,.nowrap{white-space:nowrap}
        .scroll{overflow-x:auto}
        @media (max-width:600px){td,th{padding:4px}td time{white-space:normal}}
        .id{font:12px ui-monospace,monospace;color:#666}
        q.quoted{background:#eef0f3;quotes:none}
        .legend{font-size:13px;margin:6px 0 12px}
        .legend dt{font-weight:600;margin-top:4px}
        .legend dd{margin:0 0 0 16px;color:#444}
        """

    static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escapeHTML(title)) · Newsfold</title>
        <style>\(style)</style></head>
        <body><header><a href="/"><strong>Newsfold</strong></a> · stories and where their text came from</header>
        <main>\(body)</main></body></html>
        """
    }

    /// The story's place in its thread: the earlier story it continues and the later ones that
    /// continue it, each a link with its headline and dates.
    static func thread(_ d: StoryDetail) -> String {
        func link(_ s: StorySummary) -> String {
            "<a href=\"/stories/\(s.id)\">\(escapeHTML(s.title ?? "story \(s.id)"))</a> "
                + "<span class=\"meta\">\(span(s.firstSeen, s.lastSeen))</span>"
        }
        var html = ""
        if let earlier = d.continuesStory {
            html += "<p class=\"thread\">Continues an earlier story: \(link(earlier))</p>\n"
        } else if let id = d.summary.continues {
            html += "<p class=\"thread\">Continues an earlier story: <a href=\"/stories/\(id)\">story \(id)</a></p>\n"
        }
        if !d.continuedBy.isEmpty {
            html += "<p class=\"thread\">Continued by: " + d.continuedBy.map(link).joined(separator: "; ") + "</p>\n"
        }
        return html
    }

    /// A story's time span as HTML, by day: "4 Sep 2023 – 6 Sep 2023", one day once. Each
    /// date is written in its own time zone, so two instants a few hours apart may fall on
    /// days in the wrong order ("5 Sep – 4 Sep"): then only the first is written.
    static func span(_ first: NewsDate?, _ last: NewsDate?) -> String {
        switch (first, last) {
        case let (f?, l?) where (f.year, f.month, f.day) < (l.year, l.month, l.day):
            return "\(readable(f, time: false)) – \(readable(l, time: false))"
        case let (f?, _): return readable(f, time: false)
        case let (nil, l?): return readable(l, time: false)
        default: return "undated"
        }
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A date as a reader writes it, in a `<time>` whose `datetime` (and tooltip) is the exact
    /// ISO 8601 value: "4 Sep 2023", or with `time` "4 Sep 2023, 14:11 UTC+05:30"; a time
    /// whose page gave no zone says so, since it may be off by up to 14 hours.
    static func readable(_ d: NewsDate, time: Bool) -> String {
        let month = (1...12).contains(d.month) ? monthNames[d.month - 1] : String(d.month)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = "\(d.day) \(month) \(d.year)"
        if time, let h = d.hour {
            text += ", \(two(h)):\(two(d.minute ?? 0))"
            if let off = d.utcOffsetMinutes {
                let m = abs(off)
                text += off == 0 ? " UTC" : " UTC\(off < 0 ? "−" : "+")\(two(m / 60)):\(two(m % 60))"
            } else {
                text += " (time zone not stated)"
            }
        }
        let iso = escapeHTML(d.iso8601)
        return "<time datetime=\"\(iso)\" title=\"\(iso)\">\(escapeHTML(text))</time>"
    }

    /// `GET /`: recent stories, by their latest credible publication date (undated last), then
    /// id; the page says so.
    public static func home(_ page: StoriesPage) -> String {
        var rows = ""
        for s in page.stories {
            // `-> String`: GRDB's `SQL` is a string literal with a `joined()` too.
            let flags = s.flags.map { kind -> String in
                let k = ProvenanceFlag.Kind(rawValue: kind)
                let name = k.map(flagName) ?? kind
                let low = k.map(accuses) == false ? " low" : ""
                return "<span class=\"badge flag\(low)\" data-kind=\"\(escapeHTML(kind))\">\(escapeHTML(name))</span>"
            }.joined()
            rows += """
                <tr><td><a href="/stories/\(s.id)">\(escapeHTML(s.title ?? "(untitled)"))</a>
                <div class="meta">\(escapeHTML(s.sites.prefix(6).joined(separator: ", ")))\
                \(s.continues.map { "\(s.sites.isEmpty ? "" : " · ")continues <a href=\"/stories/\($0)\">an earlier story</a>" } ?? "")</div></td>
                <td>\(span(s.firstSeen, s.lastSeen))</td>
                <td>\(s.sources)</td><td>\(s.copies)</td><td>\(flags)</td></tr>

                """
        }
        if page.stories.isEmpty {
            rows = "<tr><td colspan=\"5\">No stories yet: add pages with <code>newsfold ingest</code> or <code>POST /v1/articles</code>.</td></tr>"
        }
        var more = ""
        if let next = page.nextCursor {
            more = "<p><a href=\"/?cursor=\(escapeHTML(next))\">Older stories →</a></p>"
        }
        return Self.page(
            title: "Stories",
            body: """
                <h1>Recent stories</h1>
                <p class="meta">Newest first, by the latest credible publication date of each story (dates flagged as anomalies are left out); undated stories last.</p>
                <div class="scroll"><table><thead><tr><th>Story</th><th>Time span</th><th title="distinct texts: each copied text once, and each report with no copy">Reports</th><th title="articles that copy one of the reports">Copies</th><th>Flags</th></tr></thead>
                <tbody>
                \(rows)</tbody></table></div>
                \(more)
                """)
    }

    /// Articles shown on one story page: a story of 1,500 articles is 15 pages of at most
    /// ~1.5 MB each instead of one of 25 MB (and seconds of rendering per request).
    public static let articlesPerPage = 100

    /// The number of pages of ``story(_:page:)`` for a story (at least 1).
    public static func pageCount(_ d: StoryDetail) -> Int {
        let members = d.report.groups.reduce(0) { $0 + $1.members.count } + d.awaitingAnalysis.count
        return max(1, (members + articlesPerPage - 1) / articlesPerPage)
    }

    /// `GET /stories/{id}?page=N`: the original of each copy group, its copies with their roles and
    /// edits, flagged text highlighted with its evidence, and the independent reports side by
    /// side with what each adds. The articles (copy groups first, original then copies, then
    /// the independent reports) are shown ``articlesPerPage`` at a time; a group cut by a page
    /// boundary names its original on the next page.
    public static func story(_ d: StoryDetail, page: Int = 1) -> String {
        let r = d.report
        var byID: [String: Article] = [:]
        for a in d.articles { byID[a.article.id] = a.article }
        let s = d.summary
        var body = """
            <h1>\(escapeHTML(r.title ?? s.title ?? "(untitled)"))</h1>
            <p class="meta">\(span(s.firstSeen, s.lastSeen)) · \(s.articles) article\(s.articles == 1 ? "" : "s"): \
            \(s.sources) distinct report\(s.sources == 1 ? "" : "s") and \(s.copies) cop\(s.copies == 1 ? "y" : "ies") of them\
            \(s.sites.isEmpty ? "" : " · sites: " + escapeHTML(s.sites.joined(separator: ", ")))</p>

            """
        body += thread(d)
        body += legend
        let awaiting = d.awaitingAnalysis
        if !awaiting.isEmpty {
            body += "<p class=\"notice\">Provenance is being analysed: \(awaiting.count) of the \(d.articles.count) "
                + "articles came after the last analysis and are listed, as stored, under “Awaiting analysis”. "
                + "Reload in a moment.</p>\n"
        }
        let copied = r.groups.filter { $0.members.count > 1 }
        let alone = r.groups.filter { $0.members.count == 1 }
        let shown = ((page - 1) * articlesPerPage)..<(page * articlesPerPage)
        let ids = idsShown(copied, alone, shown)  // the cards evidence can link to
        var index = 0  // of the group's first member, counting every member before it
        for g in copied {
            let range = index..<(index + g.members.count)
            index = range.upperBound
            let visible = range.clamped(to: shown)
            if !visible.isEmpty {
                let showing = (visible.lowerBound - range.lowerBound)..<(visible.upperBound - range.lowerBound)
                body += group(g, byID, facts: r.articles, showing: showing, ids: ids)
            }
        }
        let aloneShown = alone.indices.filter { shown.contains(index + $0) }
        if !aloneShown.isEmpty {
            body += "<h2>Reports with no copy here</h2>\n<div class=\"grid\">\n"
            for i in aloneShown { if let m = alone[i].members.first { body += independent(m, byID[m.id], facts: r.articles[m.id], ids: ids) } }
            body += "</div>\n"
        }
        body += awaitingSection(awaiting, from: index + alone.count, shown: shown)
        body += pager(story: s.id, page: page, of: pageCount(d), articles: index + alone.count + awaiting.count)
        return Self.page(title: r.title ?? s.title ?? "Story \(s.id)", body: body)
    }

    /// "Articles 101–200 of 1,500 · ← previous · next →" when the story has more than one page.
    static func pager(story: Int, page: Int, of pages: Int, articles: Int) -> String {
        guard pages > 1 else { return "" }
        let first = (page - 1) * articlesPerPage + 1, last = min(page * articlesPerPage, articles)
        var s = "<nav class=\"pager\"><p>Articles \(first)–\(last) of \(articles)"
        if page > 1 { s += " · <a href=\"/stories/\(story)?page=\(page - 1)\">← previous</a>" }
        if page < pages { s += " · <a href=\"/stories/\(story)?page=\(page + 1)\">next →</a>" }
        return s + "</p></nav>\n"
    }

    /// One article's line: its site (a link to the page itself when its address is a web
    /// address), date and where the date was read, byline, dateline, wire credit, and its id
    /// (a link to the stored article as JSON; the evidence names articles by id).
    static func facts(_ id: String, _ f: ArticleFacts?, _ a: Article?) -> String {
        let site = escapeHTML(f?.site ?? f?.domain ?? a?.site ?? a?.domain ?? "site not stated")
        var s = "<span class=\"site\">" + (webAddress(a?.url).map {
            "<a href=\"\(escapeHTML($0))\" rel=\"noopener noreferrer nofollow\" title=\"the page as published\">\(site)</a>"
        } ?? site) + "</span>"
        if let d = f?.published ?? a?.published {
            s += " · " + readable(d, time: true)
            // Where the date was read (see `dateSourceName`).
            if let source = f?.publishedSource ?? a?.publishedSource {
                s += " <span class=\"date-source\" title=\"where the page states this date\">(\(escapeHTML(dateSourceName(source))))</span>"
            }
        } else {
            s += " · undated"
        }
        if let b = f?.byline ?? a?.byline, !b.isEmpty { s += " · \(escapeHTML(b))" }
        if let place = a?.dateline, !place.isEmpty { s += " · dateline \(escapeHTML(place))" }
        if let w = f?.wire ?? a?.wire { s += " · credited to \(escapeHTML(w))" }
        s += " · <a class=\"id\" href=\"/v1/articles/\(escapeHTML(percentEncode(id)))\" title=\"the stored article, as JSON\">\(escapeHTML(id))</a>"
        return s
    }

    /// `url` when it is an `http` or `https` address (never `javascript:` or a file path), else nil.
    static func webAddress(_ url: String?) -> String? {
        guard let url else { return nil }
        let lower = url.prefix(8).lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://") ? url : nil
    }

    /// A reader's words for where a date was read (``DateSource``): "from the page's
    /// metadata", "from the address", ...
    static func dateSourceName(_ source: DateSource) -> String {
        switch source {
        case .jsonLD, .meta, .itemprop: return "from the page's metadata"
        case .time, .pageTime: return "from a <time> on the page"
        case .dateLine, .headline, .pageLine, .textLine: return "from a date line on the page"
        case .url: return "from the address"
        case .title: return "from the title"
        case .modified, .updateLine: return "last updated; no publication date stated"
        case .scriptData: return "from the page's script data"
        }
    }

    /// A reader's name for a role, and what it means (the legend and the badge's tooltip).
    static func roleName(_ role: ProvenanceRole) -> (name: String, meaning: String) {
        switch role {
        case .original: return ("Original", "the version the others in its copy group were copied from: the earliest and fullest")
        case .copy: return ("Copy", "the original's text, nearly word for word")
        case .editedCopy: return ("Edited copy", "the original's text with edits: spellings, quotation marks, trimmed sentences")
        case .rewrite: return ("Rewrite", "the story retold, sharing long passages with the original")
        case .independent: return ("Independent report", "a report of the same event in its own words")
        }
    }

    /// A reader's name for a kind of flag.
    static func flagName(_ kind: ProvenanceFlag.Kind) -> String { flagWords(kind).name }

    /// A reader's name for a kind of flag, and what it means (the legend's line).
    static func flagWords(_ kind: ProvenanceFlag.Kind) -> (name: String, meaning: String) {
        switch kind {
        case .injectedText:
            return ("Inserted text", "a name spliced into a copy (typically the copier's brand) that no other report of the story has")
        case .dateAnomaly:
            return ("Suspicious date", "a publication date that the story's other dates contradict, or one after the page was crawled")
        case .missingAttribution:
            return ("No agency credit", "a copy of an agency story that credits no agency while other copies do")
        case .truncated:
            return ("Ends early", "a copy that stops well before the end of its original; the last sentence it keeps is quoted")
        }
    }

    /// Whether a flag of this kind accuses the copy (marked in red) rather than informs (grey,
    /// its text quoted): a trimmed ending or a missing credit is never an accusation. The one
    /// rule for the story list and the story page.
    static func accuses(_ kind: ProvenanceFlag.Kind) -> Bool {
        kind == .injectedText || kind == .dateAnomaly
    }

    /// What a severity means to a reader.
    static func severityName(_ severity: ProvenanceFlag.Severity) -> String {
        switch severity {
        case .high: return "strong evidence"
        case .medium: return "some evidence"
        case .low: return "for information"
        }
    }

    /// "What the labels mean", folded, at the top of a story page.
    static let legend: String = {
        var s = "<details class=\"legend\"><summary>What the labels mean</summary><dl>"
        for role in ProvenanceRole.allCases { s += "<dt>\(escapeHTML(roleName(role).name))</dt><dd>\(escapeHTML(roleName(role).meaning))</dd>" }
        for kind in ProvenanceFlag.Kind.allCases {
            s += "<dt>\(escapeHTML(flagWords(kind).name))</dt><dd>\(escapeHTML(flagWords(kind).meaning))</dd>"
        }
        s += "<dt>similarity, containment</dt><dd>how much of the text two articles share (0 to 1), and how much of this copy is found in the original</dd>"
        return s + "</dl></details>\n"
    }()

    static func roleBadge(_ role: ProvenanceRole) -> String {
        let r = roleName(role)
        return "<span class=\"badge\(role == .original ? " original" : "")\" data-role=\"\(role.rawValue)\" title=\"\(escapeHTML(r.meaning))\">"
            + "\(escapeHTML(r.name))</span>"
    }

    /// A member's flags, each with its text and its evidence; the article ids of `ids` in the
    /// evidence link to their cards.
    static func flagsHTML(_ m: ProvenanceMember, ids: [String] = []) -> String {
        guard !m.flags.isEmpty else { return "" }
        var s = "<ul class=\"flags\">"
        for f in m.flags {
            s += "<li><span class=\"badge flag \(f.severity.rawValue)\" data-kind=\"\(f.kind.rawValue)\" title=\"\(severityName(f.severity))\">"
            s += "\(flagName(f.kind)) · \(severityName(f.severity))</span> "
            // Only an accusation is marked in red; a trimmed ending or a missing credit quotes its text.
            s += accuses(f.kind) ? "<mark class=\"flag\">\(escapeHTML(f.text))</mark>" : "<q class=\"quoted\">\(escapeHTML(f.text))</q>"
            s += " <span class=\"evidence\">\(linkingIDs(f.evidence, ids))</span></li>"
        }
        return s + "</ul>"
    }

    /// The article's headline and text with flagged spans highlighted.
    static func text(_ a: Article?, _ m: ProvenanceMember, open: Bool) -> String {
        guard let a else { return "" }
        let needles = m.flags.filter { $0.kind == .injectedText }.map(\.text)
        var s = "<details\(open ? " open" : "")><summary>Text</summary><div class=\"text\">"
        if let t = a.title { s += "<p><strong>\(highlight(t, needles, tag: "mark", cssClass: "flag"))</strong></p>" }
        for p in a.paragraphs { s += "<p>\(highlight(p, needles, tag: "mark", cssClass: "flag"))</p>" }
        return s + "</div></details>"
    }

    /// How a copy differs from its original: the sentences whose wording changed, each before
    /// and after; those changed only in spelling or punctuation summed up in one line (folded
    /// out on request), so that they do not bury the edits that matter; sentences added,
    /// dropped and moved.
    static func changes(_ c: ProvenanceChanges) -> String {
        guard !c.isEmpty else { return "" }
        var s = "<div class=\"changes\">"
        var sentences: [SentenceChange] = []
        if let h = c.headline { sentences.append(h) }
        sentences += c.edited
        let isMinor = { (e: SentenceChange) in !e.edits.isEmpty && e.edits.allSatisfy { $0.kind == .spelling || $0.kind == .punctuation } }
        for e in sentences.filter({ !isMinor($0) }).prefix(12) { s += sentenceEdit(e) }
        let minor = sentences.filter(isMinor)
        if !minor.isEmpty {
            var counts: [String: Int] = [:], order: [String] = []
            for e in minor {
                for x in e.edits {
                    if counts[x.summary] == nil { order.append(x.summary) }
                    counts[x.summary, default: 0] += 1
                }
            }
            let list = order.map { counts[$0, default: 0] > 1 ? "\($0) ×\(counts[$0, default: 0])" : $0 }.joined(separator: ", ")
            s += "<details class=\"minor\"><summary>Spelling and punctuation only, in \(minor.count) sentence\(minor.count == 1 ? "" : "s"): "
            s += "\(escapeHTML(list))</summary>"
            for e in minor.prefix(12) { s += sentenceEdit(e) }
            s += "</details>"
        }
        for a in c.added.prefix(6) { s += "<p>added: <ins>\(escapeHTML(a))</ins></p>" }
        for d in c.dropped.prefix(6) { s += "<p>dropped: <del>\(escapeHTML(d))</del></p>" }
        if c.reordered > 0 { s += "<p class=\"meta\">\(c.reordered) sentence(s) moved</p>" }
        return s + "</div>"
    }

    /// One edited sentence: what changed, then the original's and the copy's wording.
    static func sentenceEdit(_ e: SentenceChange) -> String {
        let from = e.edits.map(\.from).filter { !$0.isEmpty }
        let to = e.edits.map(\.to).filter { !$0.isEmpty }
        return "<p class=\"edit\"><span class=\"meta\">\(escapeHTML(e.edits.map(\.summary).joined(separator: "; ")))</span><br>"
            + "<del>−</del> \(highlight(e.original, from, tag: "del", cssClass: "from", wholeWords: true))<br>"
            + "<ins>+</ins> \(highlight(e.copy, to, tag: "ins", cssClass: "to", wholeWords: true))</p>"
    }

    /// A group's members in the page's order: the original first, then its copies.
    static func pageOrder(_ g: ProvenanceGroup) -> [ProvenanceMember] {
        guard let original = g.members.first(where: { $0.id == g.original }) ?? g.members.first else { return [] }
        return [original] + g.members.filter { $0.id != original.id }
    }

    /// The ids of the articles whose cards a page shows: the members of the copied groups in
    /// ``pageOrder(_:)``, then the reports alone, counted in that order, those at `shown`. Ids in
    /// the evidence link only to these (a card on another page has no anchor here).
    static func idsShown(_ copied: [ProvenanceGroup], _ alone: [ProvenanceGroup], _ shown: Range<Int>) -> [String] {
        let ordered = copied.flatMap { pageOrder($0).map(\.id) } + alone.compactMap { $0.members.first?.id }
        return Array(ordered[shown.clamped(to: ordered.indices)])
    }

    /// A copy group: the original (position 0) and its copies (1...), those in `showing` in
    /// full; when the original is not among them, one line names it. Article ids in the
    /// evidence link to their cards when they are among `ids`.
    static func group(
        _ g: ProvenanceGroup, _ byID: [String: Article], facts: [String: ArticleFacts], showing: Range<Int>? = nil,
        ids: [String] = []
    ) -> String {
        let ordered = pageOrder(g)
        guard let original = ordered.first else { return "" }
        let showing = showing ?? 0..<g.members.count
        var s = "<section class=\"card group\"\(showing.contains(0) ? " id=\"a-\(escapeHTML(original.id))\"" : "")>"
        if showing.contains(0) {
            let n = g.members.count - 1
            s += "<h2>Copied report: the original and \(n) cop\(n == 1 ? "y" : "ies")</h2>"
            s += "<p>\(roleBadge(original.role)) \(Self.facts(original.id, facts[original.id], byID[original.id]))</p>"
            if let t = facts[original.id]?.title ?? byID[original.id]?.title { s += "<p><strong>\(escapeHTML(t))</strong></p>" }
            s += "<p class=\"meta\">Why this one: \(linkingIDs(g.evidence, ids))</p>"
            s += flagsHTML(original, ids: ids)
            s += text(byID[original.id], original, open: false)
        } else {
            s += "<p class=\"meta\">Copies of the original \(Self.facts(original.id, facts[original.id], byID[original.id])), continued</p>"
        }
        s += "<div class=\"copies\"><h3>Copies</h3>"
        for (i, m) in ordered.dropFirst().enumerated() where showing.contains(i + 1) {
            s += "<div class=\"card copy\" id=\"a-\(escapeHTML(m.id))\">"
            s += "<p>\(roleBadge(m.role)) \(Self.facts(m.id, facts[m.id], byID[m.id])) "
            s += "<span class=\"meta\">similarity \(fmt(m.similarity)), containment \(fmt(m.containment))</span></p>"
            s += flagsHTML(m, ids: ids)
            s += changes(m.changes)
            s += text(byID[m.id], m, open: !m.flags.isEmpty)
            s += "</div>"
        }
        return s + "</div></section>\n"
    }

    /// A report alone in its group: its line, headline, the closest other report, flags, and
    /// what it adds; `ids` are the story's article ids (linked in the evidence).
    static func independent(_ m: ProvenanceMember, _ a: Article?, facts f: ArticleFacts?, ids: [String] = []) -> String {
        var s = "<div class=\"card independent\" id=\"a-\(escapeHTML(m.id))\">"
        s += "<p>\(roleBadge(m.role)) \(facts(m.id, f, a))</p>"
        if let t = f?.title ?? a?.title { s += "<p><strong>\(escapeHTML(t))</strong></p>" }
        if let c = m.comparedWith {
            s += "<p class=\"meta\">closest other report: <a href=\"#a-\(escapeHTML(c))\">\(escapeHTML(c))</a>, similarity \(fmt(m.similarity))</p>"
        }
        s += flagsHTML(m, ids: ids)
        if let adds = m.adds, !adds.isEmpty {
            s += "<p><strong>What it adds</strong></p><ul>"
            for x in adds.sentences.prefix(8) { s += "<li><ins>\(escapeHTML(x))</ins></li>" }
            s += "</ul>"
            let names = adds.entities + adds.numbers
            if !names.isEmpty { s += "<p class=\"meta\">new names and numbers: \(escapeHTML(names.prefix(20).joined(separator: ", ")))</p>" }
        }
        s += text(a, m, open: false)
        return s + "</div>\n"
    }

    /// The articles no stored report covers yet (numbered from `start` in the story's page
    /// order), those of them that fall in `shown`: site, date, headline and a link, as stored.
    static func awaitingSection(_ awaiting: [StoredArticle], from start: Int, shown: Range<Int>) -> String {
        let visible = awaiting.indices.filter { shown.contains(start + $0) }
        guard !visible.isEmpty else { return "" }
        var s = "<h2>Awaiting analysis</h2>\n<div class=\"grid\">\n"
        for i in visible {
            let a = awaiting[i].article
            s += "<div class=\"card awaiting\" id=\"a-\(escapeHTML(a.id))\"><p>\(facts(a.id, ArticleFacts(a), a))</p>"
            if let t = a.title { s += "<p><strong>\(escapeHTML(t))</strong></p>" }
            s += "</div>\n"
        }
        return s + "</div>\n"
    }

    static func fmt(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return "\(r)"
    }

    /// `GET` for a path that names no story.
    public static func notFound(_ what: String) -> String {
        problem("Not found", what)
    }

    /// A page that says what went wrong (`heading`, then `what`) and links to the story list.
    public static func problem(_ heading: String, _ what: String) -> String {
        page(title: heading, body: "<h1>\(escapeHTML(heading))</h1><p>\(escapeHTML(what))</p><p><a href=\"/\">All stories</a></p>")
    }
}

/// Undoes percent-encoding (`%3A` → `:`); `nil` when an escape is malformed or the bytes are
/// not UTF-8. `+` stays `+` (this is for paths, not forms).
func percentDecoded(_ s: String) -> String? {
    guard s.utf8.contains(0x25) else { return s }
    func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x37
        case 0x61...0x66: return c - 0x57
        default: return nil
        }
    }
    var out: [UInt8] = []
    let b = Array(s.utf8)
    var i = 0
    while i < b.count {
        if b[i] == 0x25 {
            guard i + 2 < b.count, let hi = hex(b[i + 1]), let lo = hex(b[i + 2]) else { return nil }
            out.append(hi << 4 | lo)
            i += 3
        } else {
            out.append(b[i])
            i += 1
        }
    }
    return String(validating: out, as: UTF8.self)
}

/// Percent-encodes everything but unreserved URL characters (for ids in links).
func percentEncode(_ s: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    for b in s.utf8 {
        if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x2E
            || b == 0x5F || b == 0x7E
        {
            out.append(b)
        } else {
            out.append(0x25)
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0xF)])
        }
    }
    return String(decoding: out, as: UTF8.self)
}
