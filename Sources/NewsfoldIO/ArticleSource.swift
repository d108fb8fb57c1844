import NewsfoldCore
import NewsfoldExtract

/// Pages in, articles out: reads inputs with ``InputReader``, extracts pages on all cores
/// with ``PageExtractor``, and hands each result to a consumer in input order.
///
/// JSONL lines are treated according to ``jsonLines``: as pages to extract
/// (`{id?, url?, html | text}`, what `newsfold extract` reads) or as articles already
/// extracted (`{id, text, ...}`, what `dedup` and `stories` read).
///
/// ```swift
/// let source = ArticleSource(paths: ["pages/"], jsonLines: .pages)
/// let stats = try source.run { result in
///     switch result {
///     case .success(let article): write(article)
///     case .failure(let error): report(error)      // names the record; the batch goes on
///     }
/// }
/// ```
public struct ArticleSource {
    /// How a JSONL line is read.
    public enum JSONLines: Sendable {
        /// A raw page to extract: `{id?, url?, html | text}`.
        case pages
        /// An extracted article: `{id, text, title?, published?, ...}` (see ``ArticleJSON``).
        case articles
        /// An extracted article when the line has `text`, else a page to extract (`{html}`):
        /// what `dedup`, `stories` and `ingest` accept.
        case articlesOrPages
    }

    /// The inputs, as ``InputReader`` takes them: files, folders (read recursively), `-` for
    /// standard input.
    public var paths: [String]
    /// How JSONL lines are read: as pages, as articles, or either.
    public var jsonLines: JSONLines
    /// The extractor of pages; its ``PageExtractor/maxPageBytes`` also bounds what is read.
    public var extractor: PageExtractor
    /// Threads extracting pages.
    public var workers: Int

    /// A source of `paths` extracting on `workers` threads (all active processors by default).
    public init(
        paths: [String], jsonLines: JSONLines, extractor: PageExtractor = PageExtractor(),
        workers: Int = PipelineLimits.defaultWorkers
    ) {
        self.paths = paths
        self.jsonLines = jsonLines
        self.extractor = extractor
        self.workers = workers
    }

    /// Counts of one run.
    public struct Stats: Sendable {
        /// Records read: pages, JSONL lines, and records that could not be read.
        public var records = 0
        /// Records that gave an article.
        public var articles = 0
        /// Records that gave an error.
        public var errors = 0
    }

    /// Reads everything, calling `consume` once per record, in input order (through a
    /// ``RecordPipeline``: reading, extraction on `workers` threads and `consume` overlap).
    @discardableResult
    public func run(_ consume: (Result<Article, RecordError>) throws -> Void) throws -> Stats {
        var stats = Stats()
        try pipeline().run(consume: { result in
            stats.records += 1
            switch result {
            case .success: stats.articles += 1
            case .failure: stats.errors += 1
            }
            try consume(result)
        })
        return stats
    }

    /// The pipeline that ``run(_:)`` runs, for callers that want its progress, positions or
    /// checkpoints (`newsfold extract`).
    public func pipeline(limits: PipelineLimits? = nil) -> RecordPipeline<Result<Article, RecordError>> {
        let extractor = self.extractor
        let mode = jsonLines
        return RecordPipeline(
            reader: InputReader(paths: paths, maxPageBytes: extractor.maxPageBytes),
            limits: limits ?? PipelineLimits(workers: workers)
        ) { ArticleSource.article(from: $0, extractor: extractor, jsonLines: mode) }
    }

    /// One record → an article or an error naming it.
    public static func article(from record: InputRecord, extractor: PageExtractor, jsonLines: JSONLines)
        -> Result<Article, RecordError>
    {
        reading(from: record, extractor: extractor, jsonLines: jsonLines).map(\.article)
    }

    /// ``article(from:extractor:jsonLines:)``, also giving apart what ``JSONDate`` said of the
    /// record's own date fields: the warnings `stories` and `ingest` print with the record
    /// (never strings the input's `warnings` carried).
    public static func reading(from record: InputRecord, extractor: PageExtractor, jsonLines: JSONLines)
        -> Result<(article: Article, dateWarnings: [String]), RecordError>
    {
        do {
            switch record.content {
            case .failure(let message):
                return .failure(RecordError(locator: record.locator, message: stripLocator(message, record.locator)))
            case .page(let page):
                return .success((try extract(page, extractor, record.locator), []))
            case .jsonLine(let line, let fallbackID):
                switch jsonLines {
                case .pages:
                    let page = try InputRecord.page(
                        fromJSONLine: line, fallbackID: fallbackID, source: record.source, locator: record.locator)
                    return .success(try extractReportingDates(page, extractor, record.locator))
                case .articles, .articlesOrPages:
                    do {
                        var (a, dateWarnings) = try ArticleJSON.readReportingDates(
                            line: line, fallbackID: fallbackID, locator: record.locator)
                        if a.source == nil { a.source = record.source }
                        if let w = TextDecoding.replacedBytesWarning(line, in: "the JSON line") { a.warnings.append(w) }
                        return .success((a, dateWarnings))
                    } catch {
                        guard jsonLines == .articlesOrPages else { throw error }
                        // Not an article: a raw page (`html`), or the article's error stands.
                        guard
                            let page = try? InputRecord.page(
                                fromJSONLine: line, fallbackID: fallbackID, source: record.source,
                                locator: record.locator)
                        else { throw error }
                        return .success(try extractReportingDates(page, extractor, record.locator))
                    }
                }
            }
        } catch let e as RecordError {
            return .failure(e)
        } catch {
            return .failure(RecordError(locator: record.locator, message: "\(error)"))
        }
    }

    /// What copy-group detection reads of a record: its id, its text as UTF-8 bytes and its
    /// publication date. `dedup`, `sign` and the exact check's second reading all take it from
    /// ``text(of:extractor:)``, so a text read twice is the same bytes.
    public struct DocumentText: Sendable {
        /// The record's id (``Article/id``; for a JSONL line without one, `file-stem:line`).
        public var id: String
        /// The text as UTF-8: a JSONL line's `text` unescaped, or an extracted article's paragraphs
        /// joined by blank lines (``Article/text``).
        public var text: [UInt8]
        /// The publication date, if known (a JSONL `published` as ``JSONDate`` reads it).
        public var published: NewsDate?
        /// What ``JSONDate`` said of the record's date fields (unreadable, or read with a guess).
        public var warnings: [String] = []

        /// A document text from its parts.
        public init(id: String, text: [UInt8], published: NewsDate?) {
            self.id = id
            self.text = text
            self.published = published
        }

        /// Whether there is any text to fingerprint (see ``Article/hasText``).
        public var hasText: Bool { Article.hasText(text) }
    }

    /// The text to fingerprint of a record: a JSONL line's `text` (with `id` and `published`)
    /// taken as its unescaped bytes, without building the article or a `String` (the hot path
    /// of `dedup` over extracted JSONL); a line with only `html`, and any page, is extracted.
    ///
    /// ```swift
    /// let doc = try ArticleSource.text(of: record, extractor: PageExtractor()).get()
    /// let fp = fingerprinter.fingerprint(id: doc.id, utf8: doc.text, published: doc.published)
    /// ```
    public static func text(of record: InputRecord, extractor: PageExtractor) -> Result<DocumentText, RecordError> {
        if case .jsonLine(let line, let fallbackID) = record.content {
            let fields: (values: [JSONValue?], bytes: [UInt8]?)
            do {
                fields = try line.withUnsafeBufferPointer { p throws(JSONError) in
                    try JSONScanner.fields(["id", "text", "published", "html"], in: p, bytesOf: 1)
                }
            } catch {
                return .failure(RecordError(locator: record.locator, message: "\(error)"))
            }
            let id = fields.values[0]?.stringOrNumber ?? fallbackID
            if let text = fields.bytes {
                let published = JSONDate(fields.values[2], field: "published")
                var doc = DocumentText(id: id, text: text, published: published.date)
                if let w = published.warning { doc.warnings = [w] }
                return .success(doc)
            }
            guard fields.values[3] != nil else {
                return .failure(
                    RecordError(locator: record.locator, message: "\(id): no \"text\" field (each line needs id and text)"))
            }
        }
        // A raw page: extract it.
        return reading(from: record, extractor: extractor, jsonLines: .pages).map {
            var doc = DocumentText(id: $0.article.id, text: Array($0.article.text.utf8), published: $0.article.published)
            doc.warnings = $0.dateWarnings
            return doc
        }
    }

    /// A page of a JSON line, extracted, with what ``JSONDate`` said of its crawl date (the
    /// page's own warnings: Newsfold wrote them all).
    private static func extractReportingDates(_ page: Page, _ extractor: PageExtractor, _ locator: String) throws
        -> (article: Article, dateWarnings: [String])
    {
        (try extract(page, extractor, locator), page.warnings.filter(JSONDate.wrote))
    }

    private static func extract(_ page: Page, _ extractor: PageExtractor, _ locator: String) throws -> Article {
        do {
            return try extractor.extract(page)
        } catch ExtractionError.noBody(let metadata) {
            throw RecordError(locator: locator, message: ExtractionError.noArticleText, article: metadata)
        } catch {
            throw RecordError(locator: locator, message: "\(error)")
        }
    }

    /// Messages from the reader already start with the path; avoid saying it twice.
    private static func stripLocator(_ message: String, _ locator: String) -> String {
        message.hasPrefix(locator + ": ") ? String(message.dropFirst(locator.count + 2)) : message
    }
}
