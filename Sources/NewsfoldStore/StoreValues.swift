import NewsfoldCore
import NewsfoldIO

/// An article made ready for ``StoryStore/ingest(_:)`` (a batch): the article, the key the store
/// deduplicates on, its stored JSON line, its fingerprint and its tokenised text for provenance.
/// Making one is the costly part of an ingest (O(article)), so callers make them in parallel,
/// outside the store's write lock.
///
/// ```swift
/// let prepared = articles.map(store.prepare)   // or on worker threads
/// let results = try store.ingestBlocking(prepared)
/// ```
public struct PreparedArticle: Sendable {
    /// The article, as given.
    public var article: Article
    /// The key the store deduplicates on.
    public var content: ContentKey
    /// ``ContentKey`` as hex.
    public var contentKey: String
    /// The article as one ``ArticleJSON`` line (without the newline), without its `text`
    /// field (the paragraphs say the same).
    public var doc: String
    /// Its fingerprint, made with the store's copy-group settings.
    public var fingerprint: DocumentFingerprint
    /// What the story clusterer compares (``EventProfile``), made here rather than under the
    /// store's lock.
    public var profile: EventProfile
    /// The article tokenised for provenance analysis (its group set when analysed); `nil`
    /// when prepared without (the store then tokenises it from its stored form when needed).
    public var provenance: PreparedProvenanceInput?

    /// Prepares `article` with the store's fingerprinter (the same settings as its index),
    /// tokenised for provenance unless `tokenised` is false (an ingest that defers provenance).
    public init(_ article: Article, fingerprinter: Fingerprinter, tokenised: Bool = true) {
        var w = JSONWriter(reservingCapacity: 4096)
        ArticleJSON.write(article, to: &w, text: false)  // the body is stored once more, in its own column
        self.article = article
        content = ContentKey(article)
        contentKey = content.hex
        doc = String(decoding: w.bytes.dropLast(), as: UTF8.self)
        fingerprint = fingerprinter.fingerprint(id: article.id, text: article.text, published: article.published)
        profile = EventProfile(title: article.title, text: article.text)
        provenance = tokenised ? PreparedProvenanceInput(article, group: article.id) : nil
    }
}

/// What ``StoryStore/ingest(_:)`` (a batch) did with an article.
public struct IngestResult: Sendable, Equatable {
    /// The article's id (given, or made from its content when it had none).
    public var id: String
    /// Its copy group: the id of the group's representative (its own id when alone).
    public var group: String
    /// The member it is most similar to, `nil` for a representative.
    public var duplicateOf: String?
    /// Its story's id.
    public var story: Int
    /// Its role in the story's provenance (`nil` when the story was too large to analyse on
    /// ingest; ``StoryStore/story(id:)`` always analyses).
    public var role: ProvenanceRole?
    /// Its provenance flags, with evidence.
    public var flags: [ProvenanceFlag]
    /// `true` when the article was already in the store and nothing was written.
    public var alreadyStored: Bool

    /// A result; whatever is left out is `nil`, empty or `false`.
    public init(
        id: String, group: String, duplicateOf: String? = nil, story: Int, role: ProvenanceRole? = nil,
        flags: [ProvenanceFlag] = [], alreadyStored: Bool = false
    ) {
        self.id = id
        self.group = group
        self.duplicateOf = duplicateOf
        self.story = story
        self.role = role
        self.flags = flags
        self.alreadyStored = alreadyStored
    }
}

/// An article as the store keeps it: the article and where it stands.
public struct StoredArticle: Sendable, Equatable {
    /// The article, read back from its stored form.
    public var article: Article
    /// Position in ingest order (1, 2, 3, ...).
    public var sequence: Int64
    /// See ``IngestResult/group``.
    public var group: String
    /// See ``IngestResult/duplicateOf``.
    public var duplicateOf: String?
    /// Estimated Jaccard similarity to ``duplicateOf``.
    public var similarity: Double?
    /// Its story's id.
    public var story: Int
    /// The role found when its story was last analysed on ingest.
    public var role: ProvenanceRole?
    /// Kinds of the flags found then (`injected-text`, `date-anomaly`, ...).
    public var flagKinds: [String]
    /// Hex digest of the content the store deduplicates on (see ``ContentKey``).
    public var contentHash: String

    /// A stored article from its parts (as a store reads its row).
    public init(
        article: Article, sequence: Int64, group: String, duplicateOf: String?, similarity: Double?,
        story: Int, role: ProvenanceRole?, flagKinds: [String], contentHash: String
    ) {
        self.article = article
        self.sequence = sequence
        self.group = group
        self.duplicateOf = duplicateOf
        self.similarity = similarity
        self.story = story
        self.role = role
        self.flagKinds = flagKinds
        self.contentHash = contentHash
    }
}

/// One line of a story list: what a reader needs to pick a story.
public struct StorySummary: Sendable, Equatable {
    /// The story's id.
    public var id: Int
    /// The story's headline: the report's (``ProvenanceReport/title``) once analysed, else the
    /// first headline among its articles.
    public var title: String?
    /// Earliest and latest publication dates of its articles.
    public var firstSeen: NewsDate?
    /// The latest (credible, once analysed) publication date: the order of the story list.
    public var lastSeen: NewsDate?
    /// Number of articles.
    public var articles: Int
    /// Number of distinct reports: each copied text once and each report with no copy once.
    /// These are the copy groups of the story's provenance report once analysed (the groups its
    /// page draws), the stored copy groups before.
    public var sources: Int
    /// Articles that are copies: ``articles`` − ``sources``.
    public var copies: Int { articles - sources }
    /// Distinct sites, in order of first appearance.
    public var sites: [String]
    /// Kinds of provenance flags carried by its articles, sorted.
    public var flags: [String]
    /// Ingest sequence of the last change: the order of "recently updated".
    public var updated: Int64
    /// The earlier story this one continues (``StoryLink``), if any.
    public var continues: Int?

    /// A summary from its parts (as a store reads its row).
    public init(
        id: Int, title: String?, firstSeen: NewsDate?, lastSeen: NewsDate?, articles: Int, sources: Int,
        sites: [String], flags: [String], updated: Int64, continues: Int? = nil
    ) {
        self.id = id
        self.title = title
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.articles = articles
        self.sources = sources
        self.sites = sites
        self.flags = flags
        self.updated = updated
        self.continues = continues
    }
}

/// One page of ``StoryStore/stories(since:limit:cursor:)``.
public struct StoriesPage: Sendable, Equatable {
    /// The stories of this page, most recent first.
    public var stories: [StorySummary]
    /// Pass it back to get the next page; `nil` on the last page.
    public var nextCursor: String?

    /// A page of `stories`; `nextCursor` is `nil` on the last page.
    public init(stories: [StorySummary], nextCursor: String?) {
        self.stories = stories
        self.nextCursor = nextCursor
    }
}

/// A story in full: its summary, its articles (ingest order) and its stored provenance
/// report. Reading a story never analyses it: the report is the one the store keeps, made
/// when the story last changed, or, while the store's worker has not yet caught up with the
/// latest change (a story too large to analyse on ingest), an earlier one, or none.
/// ``awaitingAnalysis`` lists the articles the report does not cover yet.
///
/// ```swift
/// if let d = try await store.story(id: 7) {
///     for g in d.report.groups { print(g.original, g.members.map(\.role.rawValue)) }
///     if !d.reportIsCurrent { print(d.awaitingAnalysis.count, "articles not analysed yet") }
/// }
/// ```
public struct StoryDetail: Sendable {
    /// The story's summary row.
    public var summary: StorySummary
    /// Its articles, in ingest order.
    public var articles: [StoredArticle]
    /// The stored report (empty when the story was never analysed).
    public var report: ProvenanceReport
    /// Whether ``report`` is of the story as it is now (its latest change).
    public var reportIsCurrent: Bool
    /// The earlier story this one continues (``StorySummary/continues``), if any.
    public var continuesStory: StorySummary? = nil
    /// The later stories that continue this one, by id.
    public var continuedBy: [StorySummary] = []

    /// A story in full; `reportIsCurrent` is `true` unless given.
    public init(summary: StorySummary, articles: [StoredArticle], report: ProvenanceReport, reportIsCurrent: Bool = true) {
        self.summary = summary
        self.articles = articles
        self.report = report
        self.reportIsCurrent = reportIsCurrent
    }

    /// The story's articles that ``report`` does not cover (added since it was made), in
    /// ingest order; empty when the report is current.
    public var awaitingAnalysis: [StoredArticle] {
        guard !reportIsCurrent else { return [] }
        let covered = Set(report.members.map(\.id))
        return articles.filter { !covered.contains($0.article.id) }
    }
}

/// One search result.
public struct SearchHit: Sendable, Equatable {
    /// The matching article's id.
    public var id: String
    /// Its story's id.
    public var story: Int
    /// Its copy group (see ``IngestResult/group``).
    public var group: String
    /// Its headline.
    public var title: String?
    /// Its site, else its domain.
    public var site: String?
    /// Its publication date.
    public var published: NewsDate?
    /// A short extract around the matched words, matches in `[` `]`.
    public var snippet: String

    /// A hit from its parts (as a store reads its row).
    public init(
        id: String, story: Int, group: String, title: String?, site: String?, published: NewsDate?,
        snippet: String
    ) {
        self.id = id
        self.story = story
        self.group = group
        self.title = title
        self.site = site
        self.published = published
        self.snippet = snippet
    }
}

/// How much a store holds.
public struct StoreCounts: Sendable, Equatable {
    /// Articles stored.
    public var articles: Int
    /// Stories, merged ones not counted.
    public var stories: Int

    /// Counts from their values.
    public init(articles: Int, stories: Int) {
        self.articles = articles
        self.stories = stories
    }
}
