import NewsfoldCore

/// One input document before extraction: raw bytes plus what the container said about them.
///
/// Readers (files, JSONL, WARC) make `Page`s; ``PageExtractor`` turns each into an ``Article``.
///
/// ```swift
/// let page = Page(id: "abc", source: "html/abc.html", bytes: Array(data))
/// let article = try PageExtractor().extract(page)
/// ```
public struct Page: Sendable {
    /// The record's id (see ``Article/id``).
    public var id: String
    /// The path as given, or `-` for standard input.
    public var source: String?
    /// The page's address, when the container knows it.
    public var url: String?
    /// When the crawler fetched it, when the container knows it.
    public var crawled: NewsDate?
    /// The raw bytes, in whatever encoding the page declares.
    public var bytes: [UInt8]
    /// What the container says the bytes are; `nil` lets the extractor look at the content.
    public var declaredKind: PageKind?
    /// A charset from outside the page (an HTTP `Content-Type` header), if any.
    public var declaredCharset: String?
    /// What the container found wrong with the record's bytes (a JSONL line that is not valid
    /// UTF-8), copied to the article's ``Article/warnings``.
    public var warnings: [String] = []

    /// A page from its bytes and what the container said about them; only `id` and `bytes` are
    /// required.
    public init(
        id: String, source: String? = nil, url: String? = nil, crawled: NewsDate? = nil,
        bytes: [UInt8], declaredKind: PageKind? = nil, declaredCharset: String? = nil
    ) {
        self.id = id
        self.source = source
        self.url = url
        self.crawled = crawled
        self.bytes = bytes
        self.declaredKind = declaredKind
        self.declaredCharset = declaredCharset
    }
}

/// The two shapes a page arrives in.
public enum PageKind: String, Sendable {
    /// Markup: parsed with libxml2's HTML parser.
    case html
    /// Crawled plain text: a page flattened to lines (as in `Samples/seeds`).
    case text
}

/// Why a page gave no article. Each case names what to do about it.
public enum ExtractionError: Error, Equatable, CustomStringConvertible {
    /// The page is empty or only white space.
    case empty
    /// The page is larger than ``PageExtractor/maxPageBytes``.
    case tooLarge(bytes: Int, limit: Int)
    /// The bytes are not valid in the encoding the page declares (or UTF-8) and could not be decoded.
    case undecodable(String)
    /// The page was read but holds no article text (an index page, a video page, an error page).
    case noArticle
    /// The page was read and no article text was found, but it states metadata: the article
    /// holds what it states (title, dates, site, authors, ...) with no paragraphs and the
    /// warning `no article text found on the page`, so that a caller can keep it.
    case noBody(Article)
    /// The HTML parser could not build a document.
    case unparsable(String)

    /// The message (and warning) of a page without article text.
    public static let noArticleText = "no article text found on the page"

    /// A one-line message saying what went wrong and, where something can be done, what.
    public var description: String {
        switch self {
        case .empty: return "empty page: nothing to extract"
        case .tooLarge(let b, let l):
            return "page is \(b) bytes, over the \(l)-byte limit (raise it with --max-page-bytes)"
        case .undecodable(let why): return "cannot decode text: \(why)"
        case .noArticle, .noBody: return ExtractionError.noArticleText
        case .unparsable(let why): return "HTML could not be parsed: \(why)"
        }
    }
}
