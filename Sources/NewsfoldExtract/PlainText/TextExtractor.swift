import NewsfoldCore

/// Extracts the article from crawled plain text: a page flattened to lines, with navigation,
/// captions, link lists and ads still in (see `Samples/seeds`).
///
/// There is no markup, so every line is classified by its shape (``LineShape``): long prose
/// that ends a sentence is *good*, short sentence-like lines are *neutral*, long prose that
/// does not end one (a paragraph cut short) is *prose*, and titles, menus, bullets, dates,
/// captions repeated elsewhere, teasers cut with "…" are *bad*; a page's last line that holds
/// whole sentences and ends cut is good (the crawl stopped there). Good lines with the neutral and
/// prose lines between them form runs, a run ending at ``maxBadGap`` consecutive bad lines
/// (a link list, a "Related" block, a footer). The body is the chain of consecutive runs worth
/// the most once the bad lines between them are paid for (``gapLineCost``), so an article
/// broken by a subheading block or a photo gallery is kept whole while a list of teasers is
/// not taken in. The title is the short line above the body that shares most words with the
/// body's opening.
///
/// A first line `date YYYY-MM-DD` (added by some crawlers) is the crawl date, not the page's:
/// it goes to ``Article/crawled``.
///
/// ```swift
/// let article = try TextExtractor().extract(Page(id: "p", bytes: Array(crawledText.utf8)))
/// ```
public struct TextExtractor: Sendable {
    /// Consecutive non-body lines that end the body. Two lines ("Advertisement", a one-line
    /// "Read more" link) often interrupt an article; three or more are a block of their own
    /// (related stories, a footer).
    public static let maxBadGap = 3

    /// An extractor; it holds no state.
    public init() {}

    /// The article of a crawled plain-text page: decodes the bytes (``TextDecoding``, whose
    /// warning, if any, comes first in ``Article/warnings``), then extracts as
    /// ``extract(text:id:)`` and sets the source and address from `page`. Throws
    /// ``ExtractionError/undecodable(_:)`` for binary bytes, ``ExtractionError/empty`` for a blank
    /// page, ``ExtractionError/noBody(_:)`` with the title and dates the page states when no
    /// run of body lines is found.
    public func extract(_ page: Page) throws -> Article {
        let (text, decodeWarning) = try TextDecoding.decode(page.bytes)
        func completed(_ extracted: Article) -> Article {
            var article = extracted
            article.source = page.source
            article.url = page.url
            if let w = decodeWarning { article.warnings.insert(w, at: 0) }
            return article
        }
        do {
            return completed(try extract(text: text, id: page.id))
        } catch ExtractionError.noBody(let metadata) {
            throw ExtractionError.noBody(completed(metadata))
        }
    }

    /// Extracts from already-decoded text.
    public func extract(text: String, id: String) throws -> Article {
        var article = Article(id: id)
        var rawLines = splitLines(text).map { trimSpaces($0) }
        while let first = rawLines.first, first.isEmpty { rawLines.removeFirst() }
        guard !rawLines.isEmpty else { throw ExtractionError.empty }

        // A crawler's own `date YYYY-MM-DD` prefix.
        if let (date, rest) = TextExtractor.crawlDatePrefix(rawLines[0]) {
            article.crawled = date
            rawLines[0] = trimSpaces(rest)
        }

        let lines = rawLines.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw ExtractionError.empty }
        var shapes = LineShape.classify(lines)
        // The page ends inside a paragraph that holds whole sentences: the text was cut there
        // (a crawl or a dataset that keeps the first N characters), and the paragraph is body.
        // A last line without a whole sentence in it may as well be a footer: it is not.
        if let last = shapes.indices.last, shapes[last].kind == .prose, LineShape.holdsSentenceEnd(lines[last]) {
            shapes[last].kind = .good
        }

        guard let body = TextExtractor.bestRun(shapes) else {
            // No body: the headline and dates the page states are still the record's.
            article.title = TextExtractor.headlineWithoutBody(lines: lines, shapes: shapes)
            TextExtractor.findDates(lines: lines, shapes: shapes, header: lines.indices, into: &article)
            article.warnings.append(ExtractionError.noArticleText)
            throw ExtractionError.noBody(article)
        }
        article.paragraphs = body.lines.map { String(lines[$0]) }

        // Above the body: title, byline, dates.
        let header = 0..<body.start
        article.title = TextExtractor.title(lines: lines, shapes: shapes, header: header, body: body.lines)
        for i in header.reversed() where shapes[i].kind != .good {
            if let b = Byline.parse(lines[i]) {
                if article.byline == nil {
                    article.byline = String(lines[i])
                    article.authors = b.authors
                }
                if article.wire == nil { article.wire = b.wire }
            }
        }
        if let first = article.paragraphs.first, let d = Dateline.parse(first) {
            article.dateline = d.place
            if let w = d.wire { article.wire = w }
        }

        // Dates: labelled lines anywhere, else a line that is only a date above the body.
        TextExtractor.findDates(lines: lines, shapes: shapes, header: header, into: &article)
        return article
    }

    /// `date 2023-09-05 rest...` → (2023-09-05, "rest...").
    static func crawlDatePrefix(_ line: Substring) -> (NewsDate, Substring)? {
        guard line.hasPrefix("date ") else { return nil }
        let afterLabel = line.dropFirst(5)
        let token = afterLabel.prefix(while: { $0 != " " })
        guard token.utf8.count == 10, let d = NewsDate(iso8601: String(token)) else { return nil }
        return (d, afterLabel.dropFirst(token.count))
    }

    /// A body, or a run of one: its first line, the lines kept, and what they are worth
    /// (``value(of:)``).
    struct Run {
        var start: Int
        var lines: [Int]
        var value: Int
    }

    /// A neutral or prose line is worth this share of its characters; a good line all of them.
    static let minorShare = 0.3
    /// What each bad line between two runs costs a body that takes both (a long bad line costs
    /// its characters): a subheading or a caption between two halves of an article is cheap
    /// beside them, a list of teasers (a headline, a section line and the headline again per
    /// teaser) costs more than each teaser brings.
    static let gapLineCost = 100

    /// What a line brings to a body.
    static func value(of s: LineShape) -> Int {
        s.kind == .good ? s.chars : Int(Double(s.chars) * minorShare)
    }

    /// The body: the chain of consecutive runs (``runs(_:)``) worth the most once the bad lines
    /// between them are paid for (``gapLineCost``), found in one pass over the runs as the
    /// largest sum of a stretch (Kadane). O(lines).
    static func bestRun(_ shapes: [LineShape]) -> Run? {
        let runs = runs(shapes)
        var best: (sum: Int, range: Range<Int>)? = nil
        var sum = 0, first = 0
        for (k, run) in runs.enumerated() {
            if k > 0 {
                let between = (runs[k - 1].lines.last! + 1)..<run.start
                sum -= between.reduce(0) { $0 + (shapes[$1].kind == .bad ? max(gapLineCost, shapes[$1].chars) : 0) }
            }
            if sum <= 0 { (sum, first) = (0, k) }
            sum += run.value
            if sum > (best?.sum ?? 0) { best = (sum, first..<(k + 1)) }
        }
        guard let chosen = best?.range else { return nil }
        var body = runs[chosen.lowerBound]
        for run in runs[chosen].dropFirst() {
            body.lines += run.lines
            body.value += run.value
        }
        return body
    }

    /// The runs of body-like lines in page order: good lines with the neutral and prose lines
    /// between them, neutral lines right above a good line opening it, each run ended by
    /// ``maxBadGap`` consecutive bad lines and stripped of the neutral and prose lines after
    /// its last good line (they belong to whatever follows). O(lines).
    static func runs(_ shapes: [LineShape]) -> [Run] {
        var runs: [Run] = []
        var current: Run? = nil
        var pendingNeutral: [Int] = []
        var gap = 0
        func close() {
            guard var run = current else { return }
            while let last = run.lines.last, shapes[last].kind != .good {
                run.value -= value(of: shapes[last])
                run.lines.removeLast()
            }
            runs.append(run)
            current = nil
        }
        for (i, s) in shapes.enumerated() {
            switch s.kind {
            case .good:
                if current == nil {
                    let lead = pendingNeutral
                    current = Run(start: lead.first ?? i, lines: lead, value: lead.reduce(0) { $0 + value(of: shapes[$1]) })
                }
                current!.lines.append(i)
                current!.value += s.chars
                gap = 0
                pendingNeutral = []
            case .neutral, .prose:
                if current != nil {
                    current!.lines.append(i)
                    current!.value += value(of: s)
                } else if s.kind == .neutral {
                    pendingNeutral.append(i)
                } else {
                    pendingNeutral = []
                }
            case .bad:
                pendingNeutral = []
                guard current != nil else { continue }
                gap += 1
                if gap >= maxBadGap {
                    close()
                    gap = 0
                }
            }
        }
        close()
        return runs
    }

    /// The line above the body that reads most like its headline.
    static func title(lines: [Substring], shapes: [LineShape], header: Range<Int>, body: [Int]) -> String? {
        let bodyWords = Set(body.prefix(3).flatMap { contentWords(lines[$0]) })
        var best: (score: Double, line: Int)? = nil
        let lowest = max(header.lowerBound, header.upperBound - 40)
        for i in (lowest..<header.upperBound).reversed() {
            let s = shapes[i]
            let line = lines[i]
            guard mayBeHeadline(line, s) else { continue }
            let words = contentWords(line)
            guard !words.isEmpty else { continue }
            let shared = Double(words.filter { bodyWords.contains($0) }.count) / Double(words.count)
            var score = shared
            if s.echoed { score += 0.3 }  // headlines recur (breadcrumbs, page title, share text)
            if s.endsSentence { score -= 0.3 }  // headlines rarely end with a full stop
            if line.contains(">") || line.contains("|") { score -= 0.3 }  // breadcrumbs, site suffixes
            score -= 0.01 * Double(header.upperBound - i)
            if score > (best?.score ?? 0.15) { best = (score, i) }
        }
        return best.map { String(lines[$0.line]) }
    }

    /// Whether a line has a headline's shape: 3–30 words, and not a date, teaser, bullet,
    /// aside or byline. ``title(lines:shapes:header:body:)`` scores such lines against the body.
    static func mayBeHeadline(_ line: Substring, _ s: LineShape) -> Bool {
        guard s.words >= 3, s.words <= 30, !s.isDate, !s.isTeaser, !s.isBullet else { return false }
        return line.first != TextExtractor.asideOpening && Byline.parse(line) == nil
    }

    /// The headline of a page without body: the first of its first 40 lines that may be a
    /// headline (``mayBeHeadline(_:_:)``) and is neither a sentence nor a breadcrumb or site
    /// suffix (`>`, `|`), the penalties ``title(lines:shapes:header:body:)`` gives. With no body
    /// to compare with, position is the only evidence left.
    static func headlineWithoutBody(lines: [Substring], shapes: [LineShape]) -> String? {
        for i in lines.indices.prefix(40) where mayBeHeadline(lines[i], shapes[i]) && !shapes[i].endsSentence {
            if lines[i].contains(">") || lines[i].contains("|") { continue }
            return String(lines[i])
        }
        return nil
    }

    /// A line that opens with this is an aside (a credit, a caption note), not a headline.
    /// Named here because a parenthesis in a string inside the function unbalances the
    /// bracket count of `long-functions`, which then reads the function to the end of the file.
    private static let asideOpening: Character = "("

    /// Publication and update dates: lines labelled "Published"/"Updated" anywhere; otherwise
    /// a line above the body that holds little but a date.
    static func findDates(lines: [Substring], shapes: [LineShape], header: Range<Int>, into article: inout Article) {
        var published: NewsDate? = nil
        var updated: NewsDate? = nil
        var unlabelled: NewsDate? = nil
        for (i, line) in lines.enumerated() where shapes[i].kind != .good && shapes[i].hasDigit {
            guard let found = DateParser.find(in: line) else { continue }
            let before = line[..<found.range.lowerBound].lowercased()
            if before.contains("updated") || before.contains("modified") {
                if updated == nil { updated = found.date }
            } else if before.contains("published") || before.contains("posted") || before.hasSuffix("date:")
                || before.hasSuffix("date :")
            {
                if published == nil { published = found.date }
            } else if header.contains(i), unlabelled == nil {
                // Mostly a date: the rest of the line is short.
                let rest = line.utf8.count - line[found.range].utf8.count
                if rest <= 24 { unlabelled = found.date }
            }
        }
        article.published = published ?? unlabelled
        article.publishedSource = article.published == nil ? nil : .textLine
        article.updated = updated
        article.dateEvidence = [article.published.map { DateCandidate(date: $0, source: .textLine) },
                                updated.map { DateCandidate(date: $0, source: .updateLine) }].compactMap { $0 }
        if article.published == nil, let u = updated {
            article.published = u
            article.publishedSource = .updateLine
            article.warnings.append("no publication date on the page: the last-updated date is used")
        }
        if let p = article.published {
            if p.hasTime && !p.hasOffset {
                article.warnings.append("published time \(p.iso8601) has no time zone on the page: kept as local time")
            }
        } else {
            article.warnings.append("no publication date on the page")
        }
        if let p = article.published, let u = article.updated, u.instant < p.instant - 60 {
            article.warnings.append("updated \(u.iso8601) is before published \(p.iso8601)")
        }
    }
}

/// Lowercased words of four letters or more (ASCII letters and digits; other UTF-8 bytes kept),
/// for comparing a headline with the body. Chinese and Japanese, written without spaces, give
/// each pair of neighbouring Han or kana characters instead.
func contentWords(_ line: Substring) -> [String] {
    var out: [String] = []
    var word: [UInt8] = []
    var previousIdeograph: ArraySlice<UInt8>? = nil
    func flush() {
        if word.count >= 4 { out.append(String(decoding: word, as: UTF8.self)) }
        word.removeAll(keepingCapacity: true)
    }
    var line = line
    line.withUTF8 { bytes in
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if i + 2 < bytes.count, isIdeograph(b, bytes[i + 1]) {
                flush()
                let character = ArraySlice(bytes[i..<(i + 3)])
                if let p = previousIdeograph { out.append(String(decoding: p + character, as: UTF8.self)) }
                previousIdeograph = character
                i += 3
                continue
            }
            previousIdeograph = nil
            if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b >= 0x80 {
                word.append(b)
            } else if b >= 0x41 && b <= 0x5A {
                word.append(b | 0x20)
            } else {
                flush()
            }
            i += 1
        }
    }
    flush()
    return out
}

/// Whether a UTF-8 sequence starting `lead, next` is a Han character (U+4000–U+9FFF) or kana
/// (U+3040–U+30FF), the scripts ``LineShape`` counts as half a word each.
@inline(__always)
func isIdeograph(_ lead: UInt8, _ next: UInt8) -> Bool {
    (lead >= 0xE4 && lead <= 0xE9) || (lead == 0xE3 && next >= 0x81 && next <= 0x83)
}

/// Splits on `\n` bytes (not Characters: a `\r\n` pair is one Character, and Character
/// iteration is slow); the `\r` is left for ``trimSpaces(_:)``.
func splitLines(_ text: String) -> [Substring] {
    var out: [Substring] = []
    let u = text.utf8
    var start = u.startIndex
    var i = u.startIndex
    while i != u.endIndex {
        if u[i] == 0x0A {
            out.append(Substring(text.utf8[start..<i]))
            start = u.index(after: i)
        }
        i = u.index(after: i)
    }
    out.append(Substring(text.utf8[start..<u.endIndex]))
    return out
}

/// Trims ASCII white space and no-break spaces from both ends.
func trimSpaces(_ s: Substring) -> Substring {
    var start = s.startIndex
    var end = s.endIndex
    while start < end, isSpace(s[start]) { start = s.index(after: start) }
    while end > start, isSpace(s[s.index(before: end)]) { end = s.index(before: end) }
    return s[start..<end]
}

@inline(__always)
private func isSpace(_ c: Character) -> Bool {
    c == " " || c == "\t" || c == "\r" || c == "\u{A0}" || c == "\u{FEFF}" || c == "\u{200B}"
}
