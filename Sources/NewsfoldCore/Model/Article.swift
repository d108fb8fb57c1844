/// The article of one page: what a reader would call the story, without the page around it.
///
/// Every later stage (copy groups, stories, provenance) works on `Article`s. Values the page
/// does not state are `nil` (or empty), never invented; anything doubtful goes into
/// ``warnings`` so that a person can see why.
///
/// ```swift
/// let article = try PageExtractor().extract(page)
/// print(article.title ?? "(untitled)", article.wire ?? "-", article.published?.iso8601 ?? "-")
/// for paragraph in article.paragraphs { print(paragraph) }
/// ```
public struct Article: Sendable, Equatable {
    /// The record's own id (a JSONL `id`, a WARC record id) or the file name without extensions.
    public var id: String
    /// Where the page came from: the path as given, or `-` for standard input.
    public var source: String?
    /// The page's address, from the input record or the page's canonical link.
    public var url: String?
    /// The headline.
    public var title: String?
    /// The body, paragraph by paragraph, without navigation, captions, link lists or ads.
    public var paragraphs: [String]
    /// People credited with the text, cleaned of "By", roles and agency names.
    public var authors: [String]
    /// The byline as the page wrote it.
    public var byline: String?
    /// When the page says it was published.
    public var published: NewsDate?
    /// Where on the page ``published`` was read (JSON-LD, a `<meta>` tag, the URL, ...).
    public var publishedSource: DateSource?
    /// Every date the page states for its publication, most trusted source first, those
    /// refused included: the evidence ``published`` was chosen from (``warnings`` says why a
    /// date was refused or where sources disagree). Empty when the reader gave none.
    public var dateEvidence: [DateCandidate] = []
    /// When the page says it was last updated.
    public var updated: NewsDate?
    /// When the crawler fetched the page (a crawl-added `date` line, `WARC-Date`, `fetched_at`).
    public var crawled: NewsDate?
    /// The publication's name, when the page states it.
    public var site: String?
    /// The host of ``url`` without a leading `www.`.
    public var domain: String?
    /// The news agency the text is credited to: `AP`, `Reuters`, `AFP`, `UPI`, ...
    public var wire: String?
    /// The place of the dateline (`SEOUL` in `SEOUL, Sept. 5 (UPI) --`).
    public var dateline: String?
    /// BCP 47 language tag, when declared by the page or recognised.
    public var language: String?
    /// Doubts found on the way: a guessed or contradictory date, a missing body, ...
    public var warnings: [String]

    /// An article from its parts; whatever is not given is `nil` or empty.
    public init(
        id: String, source: String? = nil, url: String? = nil, title: String? = nil,
        paragraphs: [String] = [], authors: [String] = [], byline: String? = nil,
        published: NewsDate? = nil, updated: NewsDate? = nil, crawled: NewsDate? = nil,
        site: String? = nil, domain: String? = nil, wire: String? = nil, dateline: String? = nil,
        language: String? = nil, warnings: [String] = []
    ) {
        self.id = id
        self.source = source
        self.url = url
        self.title = title
        self.paragraphs = paragraphs
        self.authors = authors
        self.byline = byline
        self.published = published
        self.updated = updated
        self.crawled = crawled
        self.site = site
        self.domain = domain
        self.wire = wire
        self.dateline = dateline
        self.language = language
        self.warnings = warnings
    }

    /// The body as one text: paragraphs separated by a blank line.
    public var text: String { paragraphs.joined(separator: "\n\n") }

    /// Whether the article has a body: a record without one (a page whose body was not found,
    /// kept for its metadata) is written by `extract` but skipped by the stages that read text.
    public var hasText: Bool { paragraphs.contains { Article.hasText($0.utf8) } }

    /// Whether `bytes` hold anything but white space. O(n), stops at the first such byte.
    public static func hasText<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        bytes.contains { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0x0C) }
    }
}
