import CLibXML2
import Foundation
import NewsfoldCore

/// The article's metadata chosen from what a page states, best source first: JSON-LD
/// (`NewsArticle`, `Article`, `BlogPosting`, ... also in arrays and `@graph`), Open Graph and
/// `<meta>` tags, `itemprop`, `<time>`, then the visible page (`<title>`, `<h1>`, bylines).
///
/// ```swift
/// let metadata = PageMetadata(raw: scan.metadata, pageURL: page.url)
/// metadata.title; metadata.published; metadata.warnings
/// ```
///
/// JSON-LD is read with the project's own byte-level ``JSONValue`` parser.
struct PageMetadata {
    var title: String?
    var authors: [String] = []
    var byline: String?
    var published: NewsDate?
    /// Where ``published`` was read.
    var publishedSource: DateSource?
    /// The latest instant a publication may have, and its name (see ``latestDate(crawled:)``):
    /// kept for ``takeDate(fromLines:)``.
    private var latest: (instant: Int64, name: String) = (.max, "")
    /// Every date the page states for its publication (see
    /// ``dateCandidates(raw:ld:url:headlineLines:pageLines:scriptDate:order:latest:)``).
    var dateEvidence: [DateCandidate] = []
    var updated: NewsDate?
    var site: String?
    var url: String?
    var language: String?
    var wire: String?
    /// JSON-LD `articleBody`: a hint for when the visible body is missing, never a substitute.
    var articleBody: String?
    var warnings: [String] = []

    /// `headlineLines`: short text blocks around the page's `<h1>` (see
    /// ``PageMetadata/linesNearHeadline(_:)``), read for a date when metadata has none.
    /// `pageLines`: the page's short text lines (see ``PageMetadata/shortLines(_:)``), and
    /// `scriptDate`: a publication field of the page's script data (see
    /// ``PageMetadata/scriptDataDate(_:)``), both asked for only when no better source gives a
    /// date. `crawled`: when the page was fetched; no
    /// publication date is later (without it, the moment of extraction stands for it).
    init(
        raw: RawMetadata, pageURL: String?, headlineLines: [String] = [], pageLines: () -> [String] = { [] },
        scriptDate: () -> NewsDate? = { nil }, crawled: NewsDate? = nil
    ) {
        let ld = JSONLDArticle(blobs: raw.jsonLD)
        let meta = raw.meta

        // Address and site.
        url = pageURL ?? raw.canonical.flatMap { $0.hasPrefix("http") ? $0 : nil } ?? meta["og:url"]
        site = ld.publisher ?? nonEmpty(meta["og:site_name"]) ?? nonEmpty(meta["application-name"])
        language = raw.language ?? nonEmpty(meta["content-language"]) ?? ld.language
            ?? meta["og:locale"].map { $0.replacingOccurrences(of: "_", with: "-") }

        // Title.
        let siteName = site
        let domain = url.flatMap(PageExtractor.domain(of:))
        if let headline = ld.headline ?? nonEmpty(meta["og:title"]) ?? nonEmpty(meta["twitter:title"])
            ?? nonEmpty(raw.itemprops["headline"])
        {
            title = PageMetadata.stripSiteName(headline, site: siteName, domain: domain, headings: raw.headings)
        } else if let t = raw.titleElement {
            title = PageMetadata.stripSiteName(t, site: siteName, domain: domain, headings: raw.headings)
        } else {
            title = raw.headings.first
        }

        // Dates: every date the page states, chosen by agreement (see `DateEvidence`).
        chooseDates(raw: raw, ld: ld, headlineLines: headlineLines, pageLines: pageLines, scriptDate: scriptDate,
                    crawled: crawled)

        // People.
        if !ld.authors.isEmpty {
            authors = ld.authors
        } else if let a = PageMetadata.firstPerson(meta, keys: ["author", "article:author", "dc.creator", "parsely-author",
            "sailthru.author", "byl", "citation_author", "dcterms.creator"]) {
            authors = a
        } else if let a = raw.itemprops["author"], let people = PageMetadata.people(fromByline: a) {
            authors = people
        }
        byline = raw.bylines.first ?? nonEmpty(meta["byl"])
        if authors.isEmpty {
            for line in raw.bylines {
                if let parsed = Byline.parse(line[...]), !parsed.authors.isEmpty {
                    authors = parsed.authors
                    if wire == nil { wire = parsed.wire }
                    break
                }
            }
        }
        for candidate in [byline] + authors.map(Optional.some) {
            guard wire == nil, let c = candidate else { continue }
            wire = Byline.parse(c[...])?.wire ?? WireCredit.detect(in: c[...])
        }
        articleBody = ld.articleBody
        title = title.map(decodingEntities)
        site = site.map(decodingEntities)
        authors = authors.map(decodingEntities)
    }

    /// Sets ``published`` (with its source, evidence and warnings) and ``updated`` from every
    /// date the page states (see ``dateCandidates(raw:ld:url:headlineLines:pageLines:scriptDate:order:latest:)``
    /// and ``DateEvidence``), then writes a UTC time in the page's own day where the page
    /// states it (see ``localDay(of:raw:headlineLines:url:order:)``).
    private mutating func chooseDates(
        raw: RawMetadata, ld: JSONLDArticle, headlineLines: [String], pageLines: () -> [String],
        scriptDate: () -> NewsDate?, crawled: NewsDate?
    ) {
        let meta = raw.meta
        let order = NumericDateOrder.forLanguage(language)
        latest = PageMetadata.latestDate(crawled: crawled)
        let candidates = PageMetadata.dateCandidates(
            raw: raw, ld: ld, url: url, headlineLines: headlineLines, pageLines: pageLines, scriptDate: scriptDate,
            order: order, latest: latest.instant)
        dateEvidence = candidates
        let modified = ld.modified ?? PageMetadata.firstDate(meta, keys: PageMetadata.modifiedKeys, order: order)?.date
        if let choice = DateEvidence.choose(
            candidates, modified: modified, latest: latest.instant, latestName: latest.name)
        {
            published = choice.date
            publishedSource = choice.source
            warnings += choice.warnings
        } else {
            warnings.append(PageMetadata.noDateWarning)
        }
        if let d = published, d.utcOffsetMinutes == 0,
            let local = PageMetadata.localDay(of: d, raw: raw, headlineLines: headlineLines, url: url, order: order)
        {
            published = local.date
            if let note = local.warning { warnings.append(note) }
        }
        updated = modified ?? raw.itemprops["datemodified"].flatMap { DateParser.parse($0, order: order) }
    }

    /// The warning of a page that states no date.
    static let noDateWarning = "no date on the page"

    static let publishedKeys = [
        "article:published_time", "og:article:published_time", "article:published", "datepublished",
        "published_time", "og:published_time", "pubdate", "publishdate", "publish-date", "publish_date",
        "publication_date", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
        "dc.date", "dcterms.date", "dcterms.created", "dc.date.created", "citation_publication_date",
        "citation_date", "article.published", "date", "originalpublicationdate", "displaydate",
        "article_date_original", "cxenseparse:recs:publishtime", "pdate", "created",
    ]
    static let modifiedKeys = [
        "article:modified_time", "og:updated_time", "article:modified", "datemodified", "modified_time",
        "dcterms.modified", "dc.date.modified", "lastmod", "last-modified", "revised",
    ]

    /// The date of the first of `keys` that `meta` holds with a date, trying the keys as
    /// written first, then with their separators ignored (`article:published:time` and
    /// `article-published-time` are `article:published_time`, as CMSes spell it variously).
    static func firstDate(
        _ meta: [String: String], keys: [String], order: NumericDateOrder = .monthFirst
    ) -> (key: String, date: NewsDate)? {
        for k in keys {
            if let v = meta[k], let d = date(in: v, order: order) { return (k, d) }
        }
        var spelled: [String: String] = [:]
        for k in meta.keys where k.contains("date") || k.contains("time") || k.contains("publi") {
            let bare = lettersAndDigits(k)
            if bare != k, spelled[bare] == nil || k < spelled[bare]! { spelled[bare] = k }
        }
        guard !spelled.isEmpty else { return nil }
        for k in keys {
            if let original = spelled[lettersAndDigits(k)], let d = date(in: meta[original]!, order: order) {
                return (original, d)
            }
        }
        return nil
    }

    /// `key` without its separators (`:`, `_`, `.`, `-`): the letters and digits alone.
    static func lettersAndDigits(_ key: String) -> String {
        String(decoding: key.utf8.filter { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 >= 0x80 },
               as: UTF8.self)
    }

    /// A date stated by a metadata value or a short date line: the whole text as a date, else
    /// the first date inside it (`Published 5 Sept 2023, 10:02 BST | Updated ...`), else a
    /// Unix time in seconds or milliseconds.
    static func date(in text: String, order: NumericDateOrder = .monthFirst) -> NewsDate? {
        if let d = DateParser.parse(text, order: order) { return d }
        if let d = DateParser.find(in: text[...], order: order)?.date { return d }
        let digits = text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        if digits, text.utf8.count == 10 { return DateParser.parseEpoch(text[...], unit: .seconds) }
        if digits, text.utf8.count == 13 { return DateParser.parseEpoch(text[...], unit: .milliseconds) }
        return DateParser.parseISODayPrefix(text[...])
    }

    /// The first date in the page's date lines that is not only an update time (with `updates`,
    /// the first date in an update line: the last resort of a page that states nothing else).
    static func visibleDate(_ lines: [String], order: NumericDateOrder, updates: Bool = false) -> NewsDate? {
        for line in lines {
            let lower = line.lowercased()
            if updateLabels.contains(where: { lower.hasPrefix($0) }) != updates { continue }
            if let d = date(in: line, order: order) ?? shortYearDate(in: line) { return d }
        }
        return nil
    }

    /// A dotted date with a two-digit year (`28.01.22`, `Von: Björn Jahner | 31.10.23`) in a
    /// short line (at most ``shortYearLineBytes``), where it is not a version or a score.
    static func shortYearDate(in line: String) -> NewsDate? {
        guard line.utf8.count <= shortYearLineBytes else { return nil }
        return DateParser.findDottedShortYear(in: line[...])
    }

    /// How long a line may be for a two-digit-year date in it to count: a date line, not prose.
    static let shortYearLineBytes = 60

    static let updateLabels = ["updated", "last updated", "modified", "last modified", "aktualisiert",
        "actualizado", "mis à jour", "mise à jour", "aggiornato", "atualizado", "bijgewerkt"]

    /// Short text blocks (at most 160 bytes) just before and after the headline (see
    /// ``headlineBlock(_:)``): where pages print the date line of an article (`10.11.2021`,
    /// `06.11.2023 13:30 von Olga`). At most three before and six after; a block that is mostly
    /// links counts only for the date it opens with. None when the page has no headline block.
    /// O(blocks up to the headline).
    static func linesNearHeadline(_ scan: PageScan) -> [String] {
        guard let h = headlineBlock(scan) else { return [] }
        var lines: [String] = []
        let after = scan.blocks[(h + 1)..<min(scan.blocks.count, h + 7)]
        let before = scan.blocks[max(0, h - 3)..<h].reversed()
        for block in after + before { if let line = headerLine(block) { lines.append(line) } }
        return lines
    }

    /// A block of an article's header read as a date line: its text when it is short (at most
    /// 160 bytes) and not a copyright notice; of a short block that is mostly links
    /// (`24. April 2020 | Pressemitteilungen`, a date line with a linked section name), only the
    /// date it opens with.
    static func headerLine(_ block: TextBlock) -> String? {
        guard block.text.count <= 160 else { return nil }
        if block.linkDensity >= 0.5 { return leadingDate(block.text) }
        let line = String(decoding: block.text, as: UTF8.self)
        return isCopyrightLine(line) ? nil : line
    }

    /// The block of the article's headline: the first `<h1>` whose text is the page's title or
    /// most of it (`og:title`, `twitter:title`, `<title>`), else the first `<h1>`, else (a page
    /// without `<h1>`) the first `<h2>` that is the title. Pages often put their logo or a skip
    /// link in an earlier `<h1>`. O(heading blocks × title length).
    static func headlineBlock(_ scan: PageScan) -> Int? {
        let titles = [scan.metadata.meta["og:title"], scan.metadata.meta["twitter:title"], scan.metadata.titleElement]
            .compactMap { $0 }.filter { $0.utf8.count >= 8 }
        func isTitle(_ block: TextBlock) -> Bool {
            guard block.text.count >= 8, block.text.count <= 600 else { return false }
            let text = String(decoding: block.text, as: UTF8.self)
            // Most of the title (not its site name alone), or all of it.
            return titles.contains { ($0.contains(text) && 2 * text.utf8.count >= $0.utf8.count) || text.contains($0) }
        }
        if !titles.isEmpty {
            if let h = scan.blocks.firstIndex(where: { $0.tag == .h1 && isTitle($0) }) { return h }
        }
        if let h = scan.blocks.firstIndex(where: { $0.tag == .h1 }) { return h }
        return titles.isEmpty ? nil : scan.blocks.firstIndex(where: { $0.tag == .h2 && isTitle($0) })
    }

    /// Short text blocks (at most 100 bytes, few links) from the headline on (see
    /// ``headlineBlock(_:)``; from the top when there is none), at most ``shortLineBlocks``
    /// blocks, leaving out copyright lines, plus the date opening any longer block (see
    /// ``leadingDate(_:)``): the last place a page states its date (`Datum: 26. Januar 2022`,
    /// `Erschienen am: 01.11.2023`).
    static func shortLines(_ scan: PageScan) -> [String] {
        let start = headlineBlock(scan) ?? 0
        var lines: [String] = []
        for block in scan.blocks[start..<min(scan.blocks.count, start + shortLineBlocks)] {
            if block.text.count <= 100 && block.linkDensity < 0.5 {
                let line = String(decoding: block.text, as: UTF8.self)
                if !isCopyrightLine(line) { lines.append(line) }
            } else if let lead = leadingDate(block.text) {
                lines.append(lead)
            }
        }
        return lines
    }

    /// The date a block opens with, as the first paragraph of a press release does
    /// (`01.02.2022 „Der Arbeitsmarkt ...`, `27.1.2022 - Bei der Erinnerung ...`) or a date
    /// label does (`Veröffentlicht am 19. Mai 2010 um 23:03 Uhr ...`): the text of the date
    /// with its label, when only marks or date labels stand before it (see
    /// ``isDateLabel(_:)``), else `nil`. A date later in the prose is a date the story
    /// mentions, not the article's. Reads at most the first 64 bytes.
    static func leadingDate(_ text: [UInt8]) -> String? {
        var end = min(text.count, 64)
        while end < text.count, end > 0, text[end] & 0xC0 == 0x80 { end -= 1 }
        let head = String(decoding: text[0..<end], as: UTF8.self)
        guard let m = DateParser.findMatch(in: head[...]) else { return nil }
        let lead = head[head.startIndex..<m.range.lowerBound]
        guard isDateLabel(lead) else { return nil }
        // The label stays with the date, so that an `Updated on` line is still known as one;
        // the marks before it go.
        let start = lead.firstIndex(where: { $0.isLetter }) ?? m.range.lowerBound
        return String(head[start..<m.range.upperBound])
    }

    /// Whether `lead` may stand before a block's own date: at most 32 bytes of marks (`⋅
    /// November 22, 2011 ⋅ Email this post`) and date labels (`Published on`, `Veröffentlicht
    /// am`, `Publié le`, `Updated:`; ``DateVocabulary/labels`` and weekdays), with no digit.
    static func isDateLabel(_ lead: Substring) -> Bool {
        guard lead.utf8.count <= 32,
            !lead.unicodeScalars.contains(where: { $0.properties.numericType != nil })
        else { return false }
        for word in lead.split(whereSeparator: { !$0.isLetter }) {
            let key = WordKey(String(word))
            guard DateVocabulary.labels.contains(key) || DateVocabulary.weekdays.contains(key) else { return false }
        }
        return true
    }

    /// A copyright notice (`© 2019 ...`, `Copyright 19.12.2019`): its date is not the article's.
    static func isCopyrightLine(_ line: String) -> Bool {
        line.contains("©") || line.lowercased().contains("copyright")
    }

    /// The header lines (see ``headerLine(_:)``) of the four blocks just before the body's
    /// first block `first`, nearest first, then the date that block itself opens with (see
    /// ``leadingDate(_:)``): where the headline and its date line stand when
    /// ``headlineBlock(_:)`` found another heading (a site's `<h1>` "Quicklinks" over an
    /// article headed by an `<h2>`). O(1).
    static func linesBeforeBody(_ scan: PageScan, first: Int) -> [String] {
        var lines = scan.blocks[max(0, first - 4)..<first].reversed().compactMap(headerLine)
        if first < scan.blocks.count, let lead = leadingDate(scan.blocks[first].text) { lines.append(lead) }
        return lines
    }

    /// For a page that states no date elsewhere: the first date of `lines` (see
    /// ``linesBeforeBody(_:first:)``) as a line by the headline, chosen as any other date is
    /// (``DateEvidence``: a date after the crawl is used with a warning, there being no other).
    mutating func takeDate(fromLines lines: [String]) {
        guard published == nil,
            let d = PageMetadata.visibleDate(lines, order: NumericDateOrder.forLanguage(language))
        else { return }
        let candidate = DateCandidate(date: d, source: .headline)
        guard let choice = DateEvidence.choose([candidate], latest: latest.instant, latestName: latest.name)
        else { return }
        dateEvidence.append(candidate)
        published = choice.date
        publishedSource = choice.source
        warnings.removeAll { $0 == PageMetadata.noDateWarning }
        warnings += choice.warnings
    }

    /// How many blocks ``shortLines(_:)`` reads: enough for an article's header and body.
    static let shortLineBlocks = 120

    /// The page's own day for a UTC metadata date (`2022-11-06T23:00:00Z` on a page whose
    /// readers saw 7 November), or `nil` to keep `utc`.
    ///
    /// 1. The same instant stated elsewhere on the page with a non-zero offset (another
    ///    `<meta>`, a `<time>`, an `itemprop`) is taken as is: nothing is lost.
    /// 2. Else the first local day the page states (URL path, a date-named element with a
    ///    time, a line next to the headline) decides: the same day keeps `utc`; a day one apart that a real UTC offset
    ///    (−12 h … +14 h) can reach is the local day. A local time without zone on that line
    ///    gives the offset exactly (rounded to 15 minutes); a bare day within
    ///    ``maxGuessedOffsetSeconds`` of the instant is kept as a bare day (no time is
    ///    invented), and the warning names the UTC instant.
    static func localDay(
        of utc: NewsDate, raw: RawMetadata, headlineLines: [String], url: String?, order: NumericDateOrder
    ) -> (date: NewsDate, warning: String?)? {
        // 1. The same instant with the page's offset.
        var stated: [String] = raw.times.map(\.value)
        for key in raw.meta.keys.sorted() where key.contains("date") || key.contains("time") || key.contains("publish") {
            stated.append(raw.meta[key]!)
        }
        for key in ["datepublished", "datecreated"] { if let v = raw.itemprops[key] { stated.append(v) } }
        for value in stated {
            guard value.utf8.count < 80, let d = DateParser.parse(value, order: order),
                let o = d.utcOffsetMinutes, o != 0, abs(d.instant - utc.instant) < 60
            else { continue }
            return (d, nil)
        }
        // 2. The first local day the page states.
        // Date-named elements anywhere on the page count only with a time (the header's
        // "today" date is a date-named element too); the URL and the lines by the headline
        // count as they are. A line that states the same minute in its zone (`9:30 PM EDT`)
        // gives that zone.
        var evidence: [NewsDate] = []
        if let u = url, let d = dateInURL(u) { evidence.append(d) }
        for (line, byHeadline) in raw.dateTexts.map({ ($0, false) }) + headlineLines.map({ ($0, true) }) {
            let lower = line.lowercased()
            if updateLabels.contains(where: { lower.hasPrefix($0) }) { continue }
            guard let d = date(in: line, order: order) else { continue }
            if let o = d.utcOffsetMinutes, o != 0, d.hasTime, abs(d.instant - utc.instant) < 60 {
                return (utc.written(inOffsetMinutes: o), nil)
            }
            if !d.hasOffset, byHeadline || d.hasTime { evidence.append(d) }
        }
        guard let local = evidence.first else { return nil }
        let utcDay = NewsDate(year: utc.year, month: utc.month, day: utc.day).instant
        let localDay = NewsDate(year: local.year, month: local.month, day: local.day).instant
        guard abs(localDay - utcDay) == 86_400 else { return nil }
        // Some offset in −12 h … +14 h puts the instant on the local day.
        guard utc.instant + 14 * 3600 >= localDay, utc.instant - 12 * 3600 < localDay + 86_400 else { return nil }
        if local.hasTime {
            let offsetSeconds = local.instant - utc.instant
            let quarters = (offsetSeconds + (offsetSeconds >= 0 ? 450 : -450)) / 900
            let minutes = Int(quarters * 15)
            if abs(offsetSeconds - quarters * 900) <= 120, (-720...840).contains(minutes) {
                // The metadata's instant, written in the page's offset.
                return (utc.written(inOffsetMinutes: minutes), nil)
            }
        }
        // A bare day is a guess: only near the day boundary (the offsets of Europe, Africa and
        // the Americas), not for a UTC afternoon that only Pacific offsets would move.
        guard utc.instant + maxGuessedOffsetSeconds >= localDay,
            utc.instant - maxGuessedOffsetSeconds < localDay + 86_400
        else { return nil }
        let day = NewsDate(year: local.year, month: local.month, day: local.day)
        return (day, "published date: metadata says \(utc.iso8601) (UTC), the page's own day \(day.iso8601) is kept")
    }

    /// How far (6 h) a UTC time may be from a bare local day for that day to replace it.
    static let maxGuessedOffsetSeconds: Int64 = 6 * 3600

    /// The first publication field in the data a page's scripts carry, outside JSON-LD
    /// (`"datePublished":"2019-03-02T06:22:28+01:00"`, `\"publishedDate\":\"…` inside an
    /// escaped string), by ``scriptDateKeys`` in order: an app's state often holds the date the
    /// page never prints. Only a value that starts as a date right after its key counts.
    /// O(keys × page bytes), asked for only when the page states nothing else.
    static func scriptDataDate(_ bytes: [UInt8]) -> NewsDate? {
        bytes.withUnsafeBufferPointer { hay -> NewsDate? in
            for key in scriptDateKeys {
                var from = 0
                var tries = 0
                while tries < 4, let at = key.withUnsafeBufferPointer({ firstIndex(of: $0, in: hay, from: from) }) {
                    tries += 1
                    from = at + key.count
                    if let d = valueDate(hay, after: from) { return d }
                }
            }
            return nil
        }
    }

    /// Quoted script-data keys for a publication date, most specific first.
    static let scriptDateKeys: [[UInt8]] = ["datePublished", "publishedDate", "publishDate", "published_at",
        "publication_date"].map { Array("\"\($0)".utf8) }

    /// The date a JSON value right after a key states: the key's closing quote (or `\"`), a
    /// colon, the opening quote, then at most 40 bytes of an ISO 8601 time stamp.
    private static func valueDate(_ hay: UnsafeBufferPointer<UInt8>, after start: Int) -> NewsDate? {
        var i = start
        // `": "`, `\":\"`: quotes, backslashes, spaces and one colon, at most 8 bytes.
        var colons = 0
        scan: while i < hay.count, i - start < 8 {
            switch hay[i] {
            case 0x3A: colons += 1
            case 0x22, 0x5C, 0x20: break
            default: break scan
            }
            i += 1
        }
        guard colons == 1, i < hay.count, hay[i] >= 0x30, hay[i] <= 0x39 else { return nil }
        var end = i
        while end < hay.count, end - i < 40, isTimeStampByte(hay[end]) { end += 1 }
        return JSONLDArticle.date(String(decoding: hay[i..<end], as: UTF8.self))
    }

    private static func isTimeStampByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x3A || c == 0x2E || c == 0x2B || c == 0x54 || c == 0x5A
    }

    static func firstPerson(_ meta: [String: String], keys: [String]) -> [String]? {
        for k in keys {
            guard let v = nonEmpty(meta[k]), !v.hasPrefix("http"), !v.hasPrefix("@") else { continue }
            if let people = people(fromByline: v) { return people }
        }
        return nil
    }

    /// Names from a byline-like string: the metadata parser's reading, else the text as one name.
    static func people(fromByline text: String) -> [String]? {
        if let parsed = Byline.parse(text[...]), !parsed.authors.isEmpty { return parsed.authors }
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, t.utf8.count <= 80 else { return nil }
        return [t]
    }

    /// `/2023/09/05/` or `/2023-09-05` in a URL path, or `/05-09-2023` ending a path segment.
    static func dateInURL(_ url: String) -> NewsDate? {
        let b = Array(url.utf8)
        var i = 0
        func digits(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= b.count else { return nil }
            var v = 0
            for k in at..<(at + n) {
                guard b[k] >= 0x30, b[k] <= 0x39 else { return nil }
                v = v * 10 + Int(b[k] - 0x30)
            }
            return v
        }
        while i + 11 <= b.count {
            if b[i] == 0x2F, let y = digits(i + 1, 4), (1995...2100).contains(y), i + 5 < b.count,
                b[i + 5] == 0x2F || b[i + 5] == 0x2D, let m = digits(i + 6, 2), (1...12).contains(m),
                i + 8 < b.count, b[i + 8] == b[i + 5], let d = digits(i + 9, 2)
            {
                let date = NewsDate(year: y, month: m, day: d)
                if date.isValid { return date }
            }
            // `/29-10-2021` or `-29-10-2021`: day first, the year closing the segment.
            if b[i] == 0x2F || b[i] == 0x2D, let d = digits(i + 1, 2), b[i + 3] == 0x2D, let m = digits(i + 4, 2),
                i + 6 < b.count, b[i + 6] == 0x2D, let y = digits(i + 7, 4), (1995...2100).contains(y),
                i + 11 == b.count || [0x2F, 0x2E, 0x3F, 0x23].contains(b[i + 11])
            {
                let date = NewsDate(year: y, month: m, day: d)
                if date.isValid { return date }
            }
            i += 1
        }
        return nil
    }

    /// Removes a site name joined to a headline (`Headline - Site`, `Site | Headline`).
    ///
    /// Linear in the title and the site name, on UTF-8 bytes: the title is split once per
    /// separator, each end part is compared with the site and domain keys by a byte search that
    /// is never quadratic (``firstIndex(of:in:from:)``), and the parts are matched against the
    /// headings through a set (a 200 KB title with a 4 KB site name costs milliseconds).
    static func stripSiteName(_ raw: String, site: String?, domain: String?, headings: [String]) -> String {
        let title = Array(raw.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        let siteKey = site.map { nameKey(Substring($0)) }
        let siteIsLong = siteKey.map { String(decoding: $0, as: UTF8.self).count > 3 } ?? false
        let domainKey = domain.map { nameKey($0.split(separator: ".").first ?? "") }
        let domainIsLong = domainKey.map { String(decoding: $0, as: UTF8.self).count > 2 } ?? false
        func text(_ r: Range<Int>) -> String { String(decoding: title[r], as: UTF8.self) }
        func isSite(_ part: Range<Int>) -> Bool {
            let k = nameKey(Substring(text(part)))
            guard !k.isEmpty else { return false }
            if let s = siteKey, s == k || (siteIsLong && contains(k, s)) { return true }
            if let d = domainKey, domainIsLong, contains(k.filter { $0 != 0x20 }, d) { return true }
            return false
        }
        // An <h1> that is a part of the title is the headline.
        for separator in [" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » ", " / "] {
            let parts = byteParts(title, separatedBy: Array(separator.utf8))
            guard parts.count >= 2, let first = parts.first, let last = parts.last else { continue }
            let beforeLast = 0..<parts[parts.count - 2].upperBound  // all but the last part, joined as written
            if isSite(last) {
                return text(beforeLast).trimmingCharacters(in: .whitespaces)
            }
            if isSite(first) {
                return text(parts[1].lowerBound..<title.count).trimmingCharacters(in: .whitespaces)
            }
            if !headings.isEmpty {
                let trimmedParts = Set(parts.map { text($0).trimmingCharacters(in: .whitespaces) })
                if let h = headings.first(where: trimmedParts.contains) { return h }
            }
            // A short trailing part after a longer headline is a site name.
            if spaceSeparatedWords(title[last], upTo: 4) <= 3, spaceSeparatedWords(title[beforeLast], upTo: 3) >= 3 {
                return text(beforeLast).trimmingCharacters(in: .whitespaces)
            }
        }
        return String(decoding: title, as: UTF8.self)
    }

    /// Characters trimmed off a name's ends before comparing it.
    private static let nameTrim = CharacterSet.whitespacesAndNewlines.union(.punctuationCharacters)

    /// A name lowercased, without white space and punctuation at its ends, as UTF-8. O(n).
    private static func nameKey(_ s: Substring) -> [UInt8] {
        let lower = s.lowercased()
        let scalars = lower.unicodeScalars
        var a = scalars.startIndex, b = scalars.endIndex
        while a < b, nameTrim.contains(scalars[a]) { a = scalars.index(after: a) }
        while a < b, nameTrim.contains(scalars[scalars.index(before: b)]) { b = scalars.index(before: b) }
        return Array(String(scalars[a..<b]).utf8)
    }

    /// The ranges of the parts of `bytes` between occurrences of `separator`. O(n).
    private static func byteParts(_ bytes: [UInt8], separatedBy separator: [UInt8]) -> [Range<Int>] {
        bytes.withUnsafeBufferPointer { hay in
            separator.withUnsafeBufferPointer { sep in
                var parts: [Range<Int>] = []
                var start = 0
                while let at = firstIndex(of: sep, in: hay, from: start) {
                    parts.append(start..<at)
                    start = at + sep.count
                }
                parts.append(start..<hay.count)
                return parts
            }
        }
    }

    /// The number of non-empty runs between spaces in `bytes`, counted up to `limit`.
    private static func spaceSeparatedWords(_ bytes: ArraySlice<UInt8>, upTo limit: Int) -> Int {
        var words = 0
        var inWord = false
        for b in bytes {
            if b == 0x20 {
                inWord = false
            } else if !inWord {
                inWord = true
                words += 1
                if words >= limit { return words }
            }
        }
        return words
    }
}

func nonEmpty(_ s: String?) -> String? {
    guard let s else { return nil }
    let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
    return t.isEmpty ? nil : t
}

/// The article fields of a page's JSON-LD blocks.
struct JSONLDArticle {
    var headline: String?
    var published: NewsDate?
    var modified: NewsDate?
    var authors: [String] = []
    var publisher: String?
    var language: String?
    var articleBody: String?

    /// A JSON-LD date: ISO 8601 (or any form ``DateParser`` reads), else the day of a time
    /// stamp whose time is malformed (``DateParser/parseISODayPrefix(_:)``).
    static func date(_ value: String) -> NewsDate? {
        DateParser.parse(value) ?? DateParser.parseISODayPrefix(value[...])
    }

    init(blobs: [[UInt8]]) {
        var articles: [JSONValue] = []
        var pages: [JSONValue] = []
        // Names of the nodes other nodes point to by `@id` (`"author": {"@id": ".../#/schema/person/1"}`,
        // as WordPress's SEO plugins write their `@graph`).
        var named: [String: String] = [:]
        for blob in blobs {
            // Raw control characters inside strings make a strict parser refuse the blob;
            // outside strings they are white space, so replacing them is safe.
            var bytes = JSONLDArticle.unwrapped(blob)
            for i in bytes.indices where bytes[i] < 0x20 { bytes[i] = 0x20 }
            guard let object = try? JSONValue.parse(bytes) else { continue }
            var stack: [JSONValue] = [object]
            var visited = 0
            while let item = stack.popLast(), visited < 500 {
                visited += 1
                switch item {
                case .array(let array):
                    stack.append(contentsOf: array.reversed())
                case .object:
                    if let graph = item["@graph"] { stack.append(graph) }
                    if named.count < 100, let id = item["@id"]?.string, let name = JSONLDArticle.string(item["name"]),
                        let n = nonEmpty(name), named[id] == nil
                    {
                        named[id] = n
                    }
                    let types = JSONLDArticle.types(item["@type"])
                    if types.contains(where: JSONLDArticle.isArticleType) {
                        articles.append(item)
                    } else if types.contains(where: { $0.hasSuffix("WebPage") }) {
                        pages.append(item)
                        if let main = item["mainEntity"] { stack.append(main) }
                    }
                default:
                    break
                }
            }
        }
        for dict in articles + pages {
            if headline == nil { headline = JSONLDArticle.string(dict["headline"]).flatMap(nonEmpty) }
            if published == nil { published = JSONLDArticle.string(dict["datePublished"]).flatMap(JSONLDArticle.date) }
            if modified == nil { modified = JSONLDArticle.string(dict["dateModified"]).flatMap(JSONLDArticle.date) }
            if authors.isEmpty, let a = dict["author"] ?? dict["creator"] { authors = JSONLDArticle.names(a, named: named) }
            // A publisher given only by `@id` is its legal name (`Utopia GmbH`), not the site's:
            // `og:site_name` says that better, so it is not looked up.
            if publisher == nil, let p = dict["publisher"] { publisher = JSONLDArticle.names(p).first }
            if language == nil { language = JSONLDArticle.string(dict["inLanguage"]).flatMap(nonEmpty) }
            if articleBody == nil { articleBody = JSONLDArticle.string(dict["articleBody"]).flatMap(nonEmpty) }
        }
        if headline == nil, let page = pages.first { headline = JSONLDArticle.string(page["name"]).flatMap(nonEmpty) }
    }

    /// The JSON inside a script's text: from the first `{`/`[` to the last `}`/`]`, which drops
    /// the wrappers pages put around it (`<![CDATA[ ... ]]>`, `//<![CDATA[`, `<!-- ... -->`,
    /// a trailing `;`). O(n).
    static func unwrapped(_ bytes: [UInt8]) -> [UInt8] {
        let n = bytes.count
        func isCDATABracket(_ i: Int) -> Bool {
            // `<![CDATA[` opens with two brackets, `]]>` closes with two.
            if bytes[i] == 0x5B {
                return (i >= 2 && bytes[i - 1] == 0x21 && bytes[i - 2] == 0x3C)
                    || (i >= 5 && bytes[(i - 5)..<i].elementsEqual("CDATA".utf8))
            }
            return (i + 1 < n && bytes[i + 1] == 0x3E) || (i + 2 < n && bytes[i + 1] == 0x5D && bytes[i + 2] == 0x3E)
        }
        var first = 0
        while first < n, !(bytes[first] == 0x7B || (bytes[first] == 0x5B && !isCDATABracket(first))) { first += 1 }
        var last = n - 1
        while last > first, !(bytes[last] == 0x7D || (bytes[last] == 0x5D && !isCDATABracket(last))) { last -= 1 }
        guard first < last else { return bytes }
        if first == 0 && last == n - 1 { return bytes }
        return Array(bytes[first...last])
    }

    static func isArticleType(_ t: String) -> Bool {
        t.hasSuffix("Article") || t.hasSuffix("Posting") || t == "Report" || t == "NewsArticle"
    }

    static func types(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let s): return [s]
        case .array(let a): return a.compactMap(\.string)
        default: return []
        }
    }

    static func string(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s): return s
        case .array(let a): return a.first?.string
        default: return nil
        }
    }

    /// Names from a person/organization value: a string, an object with `name`, an object that
    /// only points to another node by `@id` (its name in `named`), or an array of these.
    static func names(_ value: JSONValue, named: [String: String] = [:]) -> [String] {
        var out: [String] = []
        var stack: [JSONValue] = [value]
        while let item = stack.popLast(), out.count < 20 {
            switch item {
            case .string(let s):
                if let t = nonEmpty(s), !t.hasPrefix("http") { out.append(t) }
            case .object:
                if let n = item["name"] {
                    stack.append(n)
                } else if let id = item["@id"]?.string, let n = named[id] {
                    out.append(n)
                }
            case .array(let a):
                stack.append(contentsOf: a.reversed())
            default:
                break
            }
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }
}

/// Decodes character references left in metadata that a page escaped twice
/// (`content="Zerst&amp;ouml;ren"` reads as `Zerst&ouml;ren`): named ones through libxml2's
/// HTML entity table, numeric ones directly. O(n); strings without `&` are returned as is.
func decodingEntities(_ s: String) -> String {
    guard s.utf8.contains(0x26) else { return s }
    let b = Array(s.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(b.count)
    var i = 0
    while i < b.count {
        if b[i] == 0x26, let semi = b[(i + 1)..<min(b.count, i + 12)].firstIndex(of: 0x3B), semi > i + 1 {
            let name = Array(b[(i + 1)..<semi])
            var scalar: UInt32?
            if name[0] == 0x23 {
                let hex = name.count > 1 && (name[1] == 0x78 || name[1] == 0x58)
                let digits = String(decoding: name.dropFirst(hex ? 2 : 1), as: UTF8.self)
                scalar = UInt32(digits, radix: hex ? 16 : 10)
            } else {
                let entity: UnsafePointer<htmlEntityDesc>? = (name + [0]).withUnsafeBufferPointer {
                    htmlEntityLookup($0.baseAddress)
                }
                scalar = entity?.pointee.value
            }
            if let v = scalar, v > 0, let u = Unicode.Scalar(v) {
                out.append(contentsOf: Array(String(Character(u)).utf8))
                i = semi + 1
                continue
            }
        }
        out.append(b[i])
        i += 1
    }
    return String(decoding: out, as: UTF8.self)
}

extension NewsDate {
    /// The same instant written in another UTC offset (`01:30Z` in −04:00 is `21:30−04:00` the
    /// day before), to the second.
    func written(inOffsetMinutes minutes: Int) -> NewsDate {
        let shifted = instant + Int64(minutes) * 60
        var days = shifted / 86_400
        var rest = shifted % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = NewsDateWeekday.civil(fromDays: Int(days))
        return NewsDate(year: y, month: m, day: d, hour: Int(rest / 3600), minute: Int(rest % 3600 / 60),
                        second: Int(rest % 60), utcOffsetMinutes: minutes)
    }
}
