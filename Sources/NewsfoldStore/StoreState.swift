import NewsfoldCore
import NewsfoldIO
import Synchronization

/// What SQLite and PostgreSQL stores share: the in-memory state of a store (its engine, the
/// memo of tokenised articles and reports, the cache of read stories) and the operations that
/// combine it with a database. A store adds only its connection handling, its schema and its
/// search query. The work itself lives in parts that hold no state:
///
/// - ``StoreEngine/plan(_:provenance:generation:)``: where each article of a batch goes (pure).
/// - ``PlanWriter``: the rows a plan changes, in the caller's transaction.
/// - ``ProvenanceRefresh`` and ``StoryRefresh``: each touched or stale story analysed once and
///   its roles, flags and summary written; ``ProvenanceJob`` runs the analyses on all cores.
/// - ``StoreReads``, ``StoreSchema`` and ``StoreSearch``: reading, opening and checking, search.
///
/// Ingest of a batch (one transaction): for each article, the idempotency check, its
/// placement by the ``StoreEngine`` and the rows it changes (merged stories, earlier articles
/// whose copy group moved, the article itself); then, once per story the batch touched, the
/// provenance analysis and the story's summary row.
///
/// Provenance may also be left for later (``ProvenanceTiming/deferred``, the bulk `ingest`
/// command): the batch then only marks the stories it touched *stale* (`story.analysed <
/// story.updated`, persisted with the batch; a stale story's summary row is the one of its last
/// analysis, empty for a new story) until ``refresh(_:in:)`` analyses every stale story once
/// and writes its summary. A writer refreshes what a crash left stale when it opens.
///
/// Locks: `engine` orders writers (held across a write transaction, which is serial anyway:
/// one writer connection); `memo` is taken after `engine`; `cache` alone. Readers take only
/// `cache`, never a lock held across I/O.
final class StoreState: Sendable {
    /// Stories with more articles than this are not analysed on ingest (role and flags come
    /// back `nil`); reading the story analyses it. Bounds the cost of one ingest for stories of
    /// thousands of articles, where provenance analysis is O(story words).
    static let maxArticlesAnalysedOnIngest = 200

    let engine: Mutex<StoreEngine>
    /// How many times the engine was rebuilt (taken under `engine`'s lock): a plan made
    /// before a rebuild is stale.
    private let generation = Atomic<Int>(0)
    /// Tokenised articles and the last report of each story, for ingest (taken after `engine`).
    private let memo = Mutex(ProvenanceMemo())
    /// Analysed stories by id, valid while the story's `updated` is unchanged.
    private let cache = Mutex<[Int: StoryDetail]>([:])
    /// Cold story reads under way: concurrent readers of one story version share one read.
    private let coldReads = SharedComputation<StoryVersion, StoryDetail?>()
    /// Made once, used from any thread (no lock).
    let fingerprinter: Fingerprinter

    /// The story settings the engine places with, and every rebuilt engine too.
    let settings: StorySettings

    init(engine: StoreEngine) {
        fingerprinter = engine.fingerprinter
        settings = engine.settings
        self.engine = Mutex(engine)
    }

    var parameters: DedupParameters { fingerprinter.parameters }

    // MARK: - Opening

    /// Opens a writer's side: records or checks the copy-group settings, then replays the stored
    /// articles into the engine.
    func open(writer db: some SQLDatabase) throws {
        let p = parameters
        try db.writeBlocking { s in try StoreSchema.checkSettings(s, p) }
        let stored = try db.readBlocking { s in try StoreSchema.replayInput(s, permutations: p.permutations) }
        let moved = replay(stored)
        if !moved.isEmpty {
            try db.writeBlocking { s in try StoreSchema.moveArticles(moved, stored: stored, s) }
        }
        // Links a former model left (or none, in a store made before links): the engine's.
        let links = engine.withLock { $0.links }
        try db.writeBlocking { s in
            for story in try StoreSchema.syncLinks(links, s) { try StoreSchema.markStale(story, at: Int64(stored.count), s) }
        }
        // Stories a crashed deferred ingest left stale, and those just moved.
        _ = try refresh([], in: db)
    }

    /// Rebuilds the engine from what is stored (on open, and after a failed write, whose
    /// transaction was rolled back while the engine had moved on). Returns the articles whose
    /// story the engine gives otherwise than their rows (``StoreEngine/replay(_:)``).
    @discardableResult
    func replay(_ stored: [StoreEngine.Replayed]) -> [(position: Int, story: Int)] {
        var fresh = StoreEngine(parameters: parameters, settings: settings)
        let moved = fresh.replay(stored)
        engine.withLock { engine in
            engine = fresh
            generation.add(1, ordering: .sequentiallyConsistent)
        }
        return moved
    }

    /// After a failed write the transaction is rolled back but the engine may have moved on:
    /// rebuild it from what is stored, and forget what the memo learnt from the lost batch.
    private func recover(_ db: some SQLDatabase) {
        memo.withLock { $0.removeAll() }
        let permutations = parameters.permutations
        guard let stored = try? db.readBlocking({ s in try StoreSchema.replayInput(s, permutations: permutations) })
        else { return }
        replay(stored)
    }

    /// Runs a write and, when it throws, rebuilds the engine before passing the error on.
    private func recovering<T>(_ db: some SQLDatabase, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            recover(db)
            throw error
        }
    }

    // MARK: - Writing

    func ingest(_ batch: [PreparedArticle], into db: some SQLDatabase) async throws -> [Result<IngestResult, StoreError>] {
        do {
            return try await db.write { s in try self.ingest(batch, s) }
        } catch {
            recover(db)
            throw error
        }
    }

    func ingestBlocking(
        _ batch: [PreparedArticle], provenance: ProvenanceTiming = .now, into db: some SQLDatabase
    ) throws -> [Result<IngestResult, StoreError>] {
        try recovering(db) { try db.writeBlocking { s in try self.ingest(batch, provenance: provenance, s) } }
    }

    /// Analyses every stale story once (one transaction) and returns `results` as they are
    /// now: each article's current story and copy group, with its role and flags.
    func refresh(_ results: [IngestResult], in db: some SQLDatabase) throws -> [IngestResult] {
        try recovering(db) {
            try db.writeBlocking { s in
                try self.engine.withLock { _ in
                    try self.memo.withLock { memo in try ProvenanceRefresh.refreshStale(results, s, memo: &memo) }
                }
            }
        }
    }

    /// Ingests a batch in the caller's transaction (see the type's description): planned and
    /// written under the engine's lock, so that concurrent callers are ordered. Articles are
    /// refused one by one (a conflicting id); any thrown error means the transaction must be
    /// rolled back and the engine rebuilt with ``replay(_:)``.
    func ingest(
        _ batch: [PreparedArticle], provenance: ProvenanceTiming = .now, _ db: some SQLSession
    ) throws -> [Result<IngestResult, StoreError>] {
        try engine.withLock { engine in
            let current = generation.load(ordering: .sequentiallyConsistent)
            return try write(engine.plan(batch, provenance: provenance, generation: current), db)
        }
    }

    /// Places a batch in the engine (``StoryStore/planIngest(_:provenance:settle:)``); no I/O.
    func plan(_ batch: [PreparedArticle], provenance: ProvenanceTiming, settle: Bool) -> IngestPlan {
        engine.withLock { engine in
            engine.plan(
                batch, provenance: provenance, generation: generation.load(ordering: .sequentiallyConsistent),
                settle: settle)
        }
    }

    /// Writes a plan in one transaction (``StoryStore/writeBlocking(_:)``); after any error
    /// the engine is rebuilt from the database.
    func writeBlocking(_ plan: IngestPlan, into db: some SQLDatabase) throws -> [Result<IngestResult, StoreError>] {
        try recovering(db) { try db.writeBlocking { s in try self.write(plan, s) } }
    }

    /// Writes a plan in the caller's transaction: the rows each step changes, then, once per
    /// touched story, its provenance and summary row when the plan says now (else the story is
    /// only marked stale).
    private func write(_ plan: IngestPlan, _ db: some SQLSession) throws -> [Result<IngestResult, StoreError>] {
        let writer = try PlanWriter(plan, db, generation: generation.load(ordering: .sequentiallyConsistent))
        let written = try writer.writeRows(db)
        guard plan.provenance == .now else { return try writer.markStale(written, db) }
        return try memo.withLock { memo in try writer.analyse(written, db, memo: &memo) }
    }

    // MARK: - Reading

    func article(id: String, in db: some SQLDatabase) async throws -> StoredArticle? {
        try await db.read { s in try StoreReads.article(id: id, s) }
    }

    func stories(since: NewsDate?, limit: Int, cursor: String?, in db: some SQLDatabase) async throws -> StoriesPage {
        try await db.read { s in try StoreReads.stories(since: since, limit: limit, cursor: cursor, s) }
    }

    /// A story with its stored provenance: from the cache while its summary is unchanged,
    /// else read in one transaction (summary, articles and report agree). Only details whose
    /// report is current are cached (the worker stores a newer report without changing the
    /// summary).
    func story(id: Int, in db: some SQLDatabase) async throws -> StoryDetail? {
        guard let summary = try await db.read({ s in try StoreReads.storySummary(id: id, s) }) else { return nil }
        if let hit = cachedStory(summary) { return hit }
        let detail = try await coldReads.value(for: StoryVersion(summary)) {
            try await db.read { s in try StoreReads.storyDetail(id: id, s) }
        }
        if let detail, detail.reportIsCurrent { remember(detail) }
        return detail
    }

    /// ``StoryStore/analyseStoriesBehind(limit:)``: each story behind read, analysed in this
    /// task (no transaction or lock held), and its report written unless it changed meanwhile.
    func analyseBehind(limit: Int, in db: some SQLDatabase) async throws -> Int {
        let behind = try await db.read { s in try ProvenanceWorker.behind(limit: limit, s) }
        var done = 0
        for story in behind {
            try Task.checkCancellation()
            guard let read = try await db.read({ s in try ProvenanceWorker.inputs(story: story, s) }) else { continue }
            let report = ProvenanceAnalyzer().analyze(story: read.articles)
            if try await db.write({ s in try ProvenanceWorker.store(report, story: story, updated: read.updated, s) }) {
                done += 1
            }
            await Task.yield()
        }
        return done
    }

    /// Every story behind brought up to date (a bulk ingest's last step), on the caller's
    /// thread; returns how many.
    func analyseBehindBlocking(in db: some SQLDatabase) throws -> Int {
        var done = 0
        while true {
            let behind = try db.readBlocking { s in try ProvenanceWorker.behind(limit: 64, s) }
            if behind.isEmpty { return done }
            for story in behind {
                guard let read = try db.readBlocking({ s in try ProvenanceWorker.inputs(story: story, s) }) else {
                    continue
                }
                let report = ProvenanceAnalyzer().analyze(story: read.articles)
                if try db.writeBlocking({ s in try ProvenanceWorker.store(report, story: story, updated: read.updated, s) }) {
                    done += 1
                }
            }
        }
    }

    /// A story as of one change (its summary's `updated`): the key cold readers share.
    /// One state of a story: its last change, and its size (a settle merges a fragment into a
    /// story at the ingest position of its last change: the size tells the two apart).
    struct StoryVersion: Hashable, Sendable {
        var id: Int
        var updated: Int64
        var articles: Int

        init(_ summary: StorySummary) {
            id = summary.id
            updated = summary.updated
            articles = summary.articles
        }
    }

    func counts(in db: some SQLDatabase) async throws -> StoreCounts {
        try await db.read { s in try StoreReads.counts(s) }
    }

    func snapshot(in db: some SQLDatabase) throws -> StoreSnapshot {
        try db.readBlocking { s in try StoreReads.snapshot(s) }
    }

    func snapshot(in db: some SQLDatabase) async throws -> StoreSnapshot {
        try await db.read { s in try StoreReads.snapshot(s) }
    }

    /// The cached analysis of a story, when its summary has not changed since.
    private func cachedStory(_ summary: StorySummary) -> StoryDetail? {
        cache.withLock { c in c[summary.id].flatMap { StoryVersion($0.summary) == StoryVersion(summary) ? $0 : nil } }
    }

    private func remember(_ detail: StoryDetail) {
        cache.withLock { c in
            if c.count >= 1024 { c.removeAll(keepingCapacity: true) }  // bounded: simple and enough
            c[detail.summary.id] = detail
        }
    }
}
