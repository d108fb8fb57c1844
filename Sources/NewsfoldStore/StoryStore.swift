import NewsfoldCore
import NewsfoldIO

/// A place that keeps articles with their copy groups, stories and provenance, fed as pages
/// are crawled: the seam between the service (HTTP, CLI) and a database.
///
/// Every implementation runs the same core as the batch commands (``StoreEngine``: the
/// `CopyGroupIndex`, the `StoryClusterer` and the `ProvenanceAnalyzer`) through the same
/// store logic; only the database differs. ``SQLiteStore`` is the embedded default,
/// ``PostgresStore`` the shared one; ``openStore(_:readOnly:)`` picks by address.
///
/// ```swift
/// let store = try SQLiteStore(path: "news.sqlite")
/// let result = try await store.ingest(article)
/// print(result.id, result.group, result.story, result.role?.rawValue ?? "-")
/// if let story = try await store.story(id: result.story) { print(story.report.title ?? "") }
/// // Many at once, one transaction (the costly part prepared on any thread first):
/// let results = try await store.ingest(articles.map(store.prepare))
/// ```
public protocol StoryStore: Sendable {
    /// Makes an article ready to ingest: the costly part (its fingerprint, its stored form,
    /// and for provenance analysed ``ProvenanceTiming/now`` its tokenised text), done on any
    /// thread without a lock. See ``PreparedArticle``.
    func prepare(_ article: Article, provenance: ProvenanceTiming) -> PreparedArticle
    /// Adds articles in one transaction, updating copy groups, stories and provenance (each
    /// touched story analysed once, after the whole batch). One result per article, in order:
    /// what was done, or ``StoreError/conflict(_:)`` when its id is taken by different content.
    /// An article already stored (same id and content, or same content under another id) is
    /// not stored again: its record comes back with ``IngestResult/alreadyStored`` set. Any
    /// thrown error means nothing of the batch was written.
    func ingest(_ batch: [PreparedArticle]) async throws -> [Result<IngestResult, StoreError>]
    /// ``ingest(_:)`` (a batch) for code that is not async (a command-line batch): blocks until
    /// the batch is committed. With ``ProvenanceTiming/deferred`` the batch is committed
    /// without its provenance analysis: the results carry no role or flags, and the stories it
    /// touched stay stale until ``refreshProvenanceBlocking(_:)``, which analyses each stale
    /// story once however many batches touched it (a bulk load analyses far less).
    func ingestBlocking(
        _ batch: [PreparedArticle], provenance: ProvenanceTiming
    ) throws -> [Result<IngestResult, StoreError>]
    /// Analyses every stale story once, in one transaction, and returns `results` (of
    /// deferred ingests) as they are now: each article's current story and copy group, with
    /// its role and flags. Then brings every story's stored report up to date
    /// (``analyseStoriesBehind(limit:)``, to the end). A writer also refreshes, when it opens,
    /// what a crash left stale.
    ///
    /// ```swift
    /// var pending: [IngestResult] = []
    /// for batch in batches {
    ///     pending += try store.ingestBlocking(batch.map(store.prepare), provenance: .deferred)
    ///         .compactMap { try? $0.get() }
    /// }
    /// for r in try store.refreshProvenanceBlocking(pending) { print(r.id, r.role?.rawValue ?? "-") }
    /// ```
    func refreshProvenanceBlocking(_ results: [IngestResult]) throws -> [IngestResult]
    /// The first half of ``ingestBlocking(_:provenance:)``, for a caller that writes one batch
    /// while it places the next: places the batch in the store's in-memory engine (copy groups,
    /// stories, what is stored already) without touching the database. O(batch), no I/O.
    ///
    /// Every plan must be written with ``writeBlocking(_:)``, in the order the plans were made,
    /// and not beside other ingests. When a write fails, the store rebuilds its engine from
    /// the database, and a plan made before that is refused with ``IngestPlan/Stale``: plan
    /// its articles (``IngestPlan/articles``) again.
    ///
    /// ```swift
    /// let plan = store.planIngest(batch.map(store.prepare), provenance: .deferred)
    /// // On a writer thread, while this one plans the next batch:
    /// let results = try store.writeBlocking(plan)
    /// ```
    func planIngest(_ batch: [PreparedArticle], provenance: ProvenanceTiming) -> IngestPlan
    /// The second half of ``ingestBlocking(_:provenance:)``: writes a plan of
    /// ``planIngest(_:provenance:)`` in one transaction, with its provenance now or deferred
    /// as planned. Throws ``IngestPlan/Stale`` (nothing written) for a plan made before an
    /// earlier write failed, or out of order; any thrown error means nothing of it was written.
    func writeBlocking(_ plan: IngestPlan) throws -> [Result<IngestResult, StoreError>]
    /// The stored article with this id, or `nil`.
    func article(id: String) async throws -> StoredArticle?
    /// Stories, most recent first (by their latest credible publication date, undated last,
    /// then id), `limit` at a time; pass the previous page's
    /// ``StoriesPage/nextCursor`` to go on. `since` keeps stories whose latest article was
    /// published at or after it.
    func stories(since: NewsDate?, limit: Int, cursor: String?) async throws -> StoriesPage
    /// One story with its articles and stored provenance report, or `nil`. Only reads: see
    /// ``StoryDetail/reportIsCurrent``.
    func story(id: Int) async throws -> StoryDetail?
    /// Analyses up to `limit` stories whose stored report is behind their latest change
    /// (stories too large to analyse on ingest, stores made before reports were stored) and
    /// stores their reports; returns how many it brought up to date (0 when none is behind,
    /// and always for a read-only store). Holds no lock across an analysis: the server calls it
    /// from a background service, off the request path.
    ///
    /// ```swift
    /// while try await store.analyseStoriesBehind(limit: 8) > 0 {}
    /// ```
    func analyseStoriesBehind(limit: Int) async throws -> Int
    /// Articles matching every word of `query` in the title or body, best first.
    func search(_ query: String, limit: Int) async throws -> [SearchHit]
    /// Numbers of stored articles and stories.
    func counts() async throws -> StoreCounts
    /// Every story with its members, and every article as the clusterer saw it (what the
    /// batch `stories` command prints), read in one transaction; blocks.
    func snapshotBlocking() throws -> StoreSnapshot
    /// ``snapshotBlocking()`` for async callers: read on the database's own threads, never
    /// blocking the caller's.
    func snapshot() async throws -> StoreSnapshot
    /// Checks the database and the store's invariants (ingest positions without a gap, a
    /// story for every article and an article for every story); one line per problem found.
    func verify() throws -> [String]
}

/// When ingest analyses the provenance of the stories a batch touches.
public enum ProvenanceTiming: Sendable, Equatable {
    /// In the batch's transaction: every result carries its role and flags.
    case now
    /// Later, once per stale story, by ``StoryStore/refreshProvenanceBlocking(_:)``.
    case deferred
}

extension StoryStore {
    /// ``prepare(_:provenance:)`` for an ingest that analyses provenance now.
    public func prepare(_ article: Article) -> PreparedArticle { prepare(article, provenance: .now) }

    /// ``ingestBlocking(_:provenance:)`` with the provenance analysed now.
    public func ingestBlocking(_ batch: [PreparedArticle]) throws -> [Result<IngestResult, StoreError>] {
        try ingestBlocking(batch, provenance: .now)
    }

    /// Adds one article in its own transaction: ``ingest(_:)`` (a batch) of one. Throws
    /// ``StoreError/conflict(_:)`` when the id is taken by different content.
    public func ingest(_ article: Article) async throws -> IngestResult {
        try await ingest([prepare(article)])[0].get()
    }


}

/// A batch placed in a store's engine and not yet written: see
/// ``StoryStore/planIngest(_:provenance:)``. Holds the batch and, for each article, what the
/// engine decided (stored already; or its ingest position, copy group and story, the stories it
/// merged and the earlier articles whose copy group moved), in the order they must be written.
public struct IngestPlan: Sendable {
    /// One change to write, in order.
    enum Step: Sendable {
        /// The article at this batch index was stored before (or is a repeat in the batch):
        /// its stored row is looked up when written (or it is a conflict).
        case existing(Int)
        /// A story found to be the same event as another: its articles move there.
        case merge(gone: Int, into: Int)
        /// An earlier article whose copy group moved, changed by the article at position `by`.
        case regroup(Assignment, by: Int64)
        /// The new article at this batch index.
        case insert(Int, Insert)
    }

    /// Where a new article goes.
    struct Insert: Sendable {
        var seq: Int64
        var storyGroup: String
        var assignment: Assignment
        var story: Int
    }

    /// The articles, as given.
    public let articles: [PreparedArticle]
    /// When their provenance is analysed.
    public let provenance: ProvenanceTiming
    /// The ingest position the first new article takes (the store holds `firstSeq - 1`).
    let firstSeq: Int64
    /// The engine it was placed in (a store rebuilds its engine after a failed write).
    let generation: Int
    var steps: [Step] = []
    /// Each new article's copy group once the whole batch is placed, by batch index.
    var groups: [Int: (group: String, duplicateOf: String?)] = [:]

    /// A plan made before a failed write (or written out of order): nothing of it was written.
    public struct Stale: Error, CustomStringConvertible {
        /// Why the plan is stale, ending with what to do: plan the batch again.
        public let description: String
    }
}

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
    /// Number of copy groups: independent reports.
    public var sources: Int
    /// Articles that are copies: ``articles`` − ``sources``.
    public var copies: Int { articles - sources }
    /// Distinct sites, in order of first appearance.
    public var sites: [String]
    /// Kinds of provenance flags carried by its articles, sorted.
    public var flags: [String]
    /// Ingest sequence of the last change: the order of "recently updated".
    public var updated: Int64

    /// A summary from its parts (as a store reads its row).
    public init(
        id: Int, title: String?, firstSeen: NewsDate?, lastSeen: NewsDate?, articles: Int, sources: Int,
        sites: [String], flags: [String], updated: Int64
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

/// What can go wrong with a store, by what the caller can do about it. The server maps each
/// kind to one HTTP status in one place (`APIError.from`): ``invalid(_:)`` 400,
/// ``conflict(_:)`` and ``locked(_:)`` 409, ``unavailable(_:)`` 503, ``corrupt(_:)`` and
/// ``incompatible(_:)`` 500.
///
/// ```swift
/// do { _ = try openStore("news.sqlite") } catch StoreError.locked(let why) { print(why) }
/// ```
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// What was asked cannot be understood: a bad cursor, a database address that does not
    /// parse, a store that does not exist. Fix the request.
    case invalid(String)
    /// The id is already stored with different content.
    case conflict(String)
    /// Another process writes the store, or this one opened it read-only. Wait, or write
    /// through the process that holds it.
    case locked(String)
    /// The database cannot be reached (connection refused, network down). Try again later.
    case unavailable(String)
    /// The stored data breaks an invariant the store keeps (a row that must exist is missing).
    /// Not the caller's fault; restore from a copy or re-ingest.
    case corrupt(String)
    /// The database was made with other copy-group settings or by a newer Newsfold.
    case incompatible(String)

    /// The message; for a conflict, an incompatible or a damaged store, followed by what to do.
    public var description: String {
        switch self {
        case .conflict(let m): return "\(m): give the article another id, or leave the id out to derive one from the content"
        case .incompatible(let m): return "\(m): use a new database file, or the Newsfold version that made it"
        case .corrupt(let m): return "\(m): the store is damaged; restore it from a copy or ingest again into a new one"
        case .invalid(let m), .locked(let m), .unavailable(let m): return m
        }
    }
}

/// Opens the store at `address`: a `postgres://` (or `postgresql://`) address opens a
/// ``PostgresStore``, anything else is an SQLite file path (``SQLiteStore``). A read-only
/// store skips the replay that a writer does on open.
///
/// ```swift
/// let store = try openStore("news.sqlite")
/// let shared = try openStore("postgres://newsfold@localhost/news", readOnly: true)
/// ```
public func openStore(_ address: String, readOnly: Bool = false) throws -> any StoryStore {
    if address.hasPrefix("postgres://") || address.hasPrefix("postgresql://") {
        return try PostgresStore(address: address, readOnly: readOnly)
    }
    return try SQLiteStore(path: address, readOnly: readOnly)
}
