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
    ///
    /// `settle`: after the batch, the stories are settled (``StoreEngine/settle()``: fragments
    /// repaired, as `newsfold stories` does at the end of its input) in the batch's
    /// transaction; `newsfold ingest` settles with its last batch (empty if need be), so that a
    /// store fed one run holds the stories of `newsfold stories` on the same input. Replaying
    /// the store settles at the same points.
    func planIngest(_ batch: [PreparedArticle], provenance: ProvenanceTiming, settle: Bool) -> IngestPlan
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

    /// ``planIngest(_:provenance:settle:)`` without settling.
    public func planIngest(_ batch: [PreparedArticle], provenance: ProvenanceTiming) -> IngestPlan {
        planIngest(batch, provenance: provenance, settle: false)
    }

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

/// Opens the store at `address`: a `postgres://` (or `postgresql://`) address opens a
/// ``PostgresStore``, anything else is an SQLite file path (``SQLiteStore``). A read-only
/// store skips the replay that a writer does on open. `stories` are the story settings a
/// writer places articles with (see ``SQLiteStore/init(path:readOnly:parameters:stories:)``).
///
/// ```swift
/// let store = try openStore("news.sqlite")
/// let shared = try openStore("postgres://newsfold@localhost/news", readOnly: true)
/// ```
public func openStore(_ address: String, readOnly: Bool = false, stories: StorySettings = StorySettings()) throws
    -> any StoryStore
{
    if address.hasPrefix("postgres://") || address.hasPrefix("postgresql://") {
        return try PostgresStore(address: address, readOnly: readOnly, stories: stories)
    }
    return try SQLiteStore(path: address, readOnly: readOnly, stories: stories)
}
