import NewsfoldCore

/// The JSONL form of an ``Article``: what `newsfold extract` writes and what `dedup`,
/// `stories` and the store read back.
///
/// Fields, in this order: `id, source, url, title, text, paragraphs, authors, byline,
/// published, published_source, published_evidence, updated, crawled, site, domain, wire, dateline,
/// language, warnings`. Missing values are `null` (lists `[]`); dates are ISO 8601 as precise as
/// the page stated them. `published_evidence` lists every date the page states for its
/// publication as `{"source": "json-ld", "date": "2020-03-11T21:30:00-04:00"}`, most trusted first.
///
/// ```swift
/// var writer = JSONWriter()
/// ArticleJSON.write(article, to: &writer)          // one line, with its newline
/// let back = try ArticleJSON.read(line: writer.bytes.dropLast(), locator: "out.jsonl:1")
/// ```
public enum ArticleJSON {
    /// Appends one article as a JSON line (with the trailing newline). Without `text`, the
    /// line leaves out the `text` field, which repeats the paragraphs (``read(line:fallbackID:locator:)``
    /// reads the article back the same): the store's compact form. An article without
    /// paragraphs keeps it.
    public static func write(_ a: Article, to w: inout JSONWriter, text: Bool = true) {
        w.beginObject()
        w.key("id"); w.string(a.id)
        w.key("source"); w.string(a.source)
        w.key("url"); w.string(a.url)
        w.key("title"); w.string(a.title)
        if text || a.paragraphs.isEmpty {
            w.key("text"); w.string(a.text)
        }
        w.key("paragraphs"); w.strings(a.paragraphs)
        w.key("authors"); w.strings(a.authors)
        w.key("byline"); w.string(a.byline)
        w.key("published"); w.string(a.published?.iso8601)
        w.key("published_source"); w.string(a.publishedSource?.rawValue)
        w.key("published_evidence")
        w.beginArray()
        for c in a.dateEvidence {
            w.beginObject()
            w.key("source"); w.string(c.source.rawValue)
            w.key("date"); w.string(c.date.iso8601)
            w.endObject()
        }
        w.endArray()
        w.key("updated"); w.string(a.updated?.iso8601)
        w.key("crawled"); w.string(a.crawled?.iso8601)
        w.key("site"); w.string(a.site)
        w.key("domain"); w.string(a.domain)
        w.key("wire"); w.string(a.wire)
        w.key("dateline"); w.string(a.dateline)
        w.key("language"); w.string(a.language)
        w.key("warnings"); w.strings(a.warnings)
        w.endObject()
        w.newline()
    }

    /// Reads an article from one JSON line. Only `text` is required (and `id`, else
    /// `fallbackID` is used); `paragraphs` wins over `text` when present. `published`,
    /// `updated` and `crawled` may be written in any form ``JSONDate`` reads (another tool's
    /// JSONL); one that cannot be read is left `nil` and the article's `warnings` say so.
    public static func read<C: Collection<UInt8>>(line: C, fallbackID: String? = nil, locator: String) throws(RecordError)
        -> Article
    {
        try readReportingDates(line: line, fallbackID: fallbackID, locator: locator).article
    }

    /// ``read(line:fallbackID:locator:)``, also giving apart what ``JSONDate`` said of this
    /// line's dates: the warnings a command prints (the article's `warnings` also hold those
    /// the input carried, which are not to be printed as new).
    public static func readReportingDates<C: Collection<UInt8>>(
        line: C, fallbackID: String? = nil, locator: String
    ) throws(RecordError) -> (article: Article, dateWarnings: [String]) {
        let bytes = Array(line)
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw RecordError(locator: locator, message: "\(error)")
        }
        guard case .object = value else {
            throw RecordError(locator: locator, message: "a JSON object is expected on each line")
        }
        guard let id = value["id"]?.stringOrNumber ?? fallbackID else {
            throw RecordError(locator: locator, message: "record has no \"id\"")
        }
        var a = Article(id: id)
        if case .array(let ps)? = value["paragraphs"] {
            a.paragraphs = ps.compactMap(\.string)
        }
        if a.paragraphs.isEmpty {
            guard let text = value["text"]?.string else {
                throw RecordError(locator: locator, message: "record \(id) has no \"text\"")
            }
            a.paragraphs = splitParagraphs(text)
        }
        a.source = value["source"]?.string
        a.url = value["url"]?.string
        a.title = value["title"]?.string
        if case .array(let xs)? = value["authors"] { a.authors = xs.compactMap(\.string) }
        a.byline = value["byline"]?.string
        var dateWarnings: [String] = []
        func date(_ field: String) -> NewsDate? {
            let d = JSONDate(value[field], field: field)
            if let w = d.warning { dateWarnings.append(w) }
            return d.date
        }
        a.published = date("published")
        a.publishedSource = value["published_source"]?.string.flatMap { DateSource(rawValue: $0) }
        if case .array(let xs)? = value["published_evidence"] {
            a.dateEvidence = xs.compactMap { x in
                guard let source = x["source"]?.string.flatMap({ DateSource(rawValue: $0) }),
                    let date = x["date"]?.string.flatMap({ NewsDate(iso8601: $0) })
                else { return nil }
                return DateCandidate(date: date, source: source)
            }
        }
        a.updated = date("updated")
        a.crawled = date("crawled")
        a.site = value["site"]?.string
        a.domain = value["domain"]?.string
        a.wire = value["wire"]?.string
        a.dateline = value["dateline"]?.string
        a.language = value["language"]?.string
        if case .array(let xs)? = value["warnings"] { a.warnings = xs.compactMap(\.string) }
        a.warnings += dateWarnings
        return (a, dateWarnings)
    }

    /// Splits a body on blank lines (lines of nothing but spaces, tabs and `\r`); single
    /// newlines stay inside a paragraph, and `\r\n` ends a line as `\n` does.
    ///
    /// Works on the UTF-8 bytes (it runs for every article read back from JSONL): splitting the
    /// `String` by `Character` cost 8% of `ingest`, and never split at `\r\n`, which is one
    /// grapheme. A paragraph is the text from its first line's start to its last line's end,
    /// so its inner newlines are kept as written. O(n) in the bytes of `text`.
    public static func splitParagraphs(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var out: [String] = []
            var first = -1, last = 0  // byte range of the paragraph being gathered
            var lineStart = 0
            let n = bytes.count
            while lineStart <= n {
                var i = lineStart, blank = true
                while i < n, bytes[i] != 0x0A {
                    let b = bytes[i]
                    if b != 0x20 && b != 0x09 && b != 0x0D { blank = false }
                    i += 1
                }
                if blank {
                    if first >= 0 { out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<last]), as: UTF8.self)) }
                    first = -1
                } else {
                    if first < 0 { first = lineStart }
                    // The line ends before its `\n`, and before a `\r` that precedes it.
                    last = i > lineStart && bytes[i - 1] == 0x0D && i < n ? i - 1 : i
                }
                lineStart = i + 1
            }
            if first >= 0 { out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[first..<last]), as: UTF8.self)) }
            return out
        }
    }
}
