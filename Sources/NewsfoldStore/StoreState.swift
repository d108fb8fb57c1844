import Dispatch
import NewsfoldCore
import NewsfoldIO
import Synchronization

/// What SQLite and PostgreSQL stores share: the in-memory engine, the cache of analysed
/// stories, and every step of ingesting and reading, written once over an ``SQLSession`` in
/// the SQL both databases speak. A store adds only its connection handling, its schema and
/// its search query.
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
    /// Cold story reads under way: concurrent readers of one story version share one analysis.
    private let coldReads = SharedComputation<StoryVersion, StoryDetail?>()
    /// Made once, used from any thread (no lock).
    let fingerprinter: Fingerprinter

    init(engine: StoreEngine) {
        fingerprinter = engine.fingerprinter
        self.engine = Mutex(engine)
    }

    var parameters: DedupParameters { fingerprinter.parameters }

    // MARK: - The store's operations over a database

    /// Opens a writer's side: records or checks the copy-group settings, then replays the stored
    /// articles into the engine.
    func open(writer db: some SQLDatabase) throws {
        let p = parameters
        try db.writeBlocking { s in try Self.checkSettings(s, p) }
        replay(try db.readBlocking { s in try Self.replayInput(s, permutations: p.permutations) })
        // Stories a crashed deferred ingest left stale.
        _ = try refresh([], in: db)
    }

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
        do {
            return try db.writeBlocking { s in try self.ingest(batch, provenance: provenance, s) }
        } catch {
            recover(db)
            throw error
        }
    }

    /// Analyses every stale story once (one transaction) and returns `results` as they are
    /// now: each article's current story and copy group, with its role and flags.
    func refresh(_ results: [IngestResult], in db: some SQLDatabase) throws -> [IngestResult] {
        do {
            return try db.writeBlocking { s in
                try self.engine.withLock { _ in try self.memo.withLock { memo in try Self.refresh(results, s, memo: &memo) } }
            }
        } catch {
            recover(db)
            throw error
        }
    }

    /// After a failed write the transaction is rolled back but the engine may have moved on:
    /// rebuild it from what is stored, and forget what the memo learnt from the lost batch.
    private func recover(_ db: some SQLDatabase) {
        memo.withLock { $0.removeAll() }
        let permutations = parameters.permutations
        guard let stored = try? db.readBlocking({ s in try Self.replayInput(s, permutations: permutations) }) else {
            return
        }
        replay(stored)
    }

    func article(id: String, in db: some SQLDatabase) async throws -> StoredArticle? {
        try await db.read { s in try Self.article(id: id, s) }
    }

    func stories(since: NewsDate?, limit: Int, cursor: String?, in db: some SQLDatabase) async throws -> StoriesPage {
        try await db.read { s in try Self.stories(since: since, limit: limit, cursor: cursor, s) }
    }

    /// A story with its provenance: from the cache while its summary is unchanged, else read
    /// in one transaction (summary, articles and report agree) and analysed.
    func story(id: Int, in db: some SQLDatabase) async throws -> StoryDetail? {
        guard let summary = try await db.read({ s in try Self.storySummary(id: id, s) }) else { return nil }
        if let hit = cachedStory(summary) { return hit }
        let detail = try await coldReads.value(for: StoryVersion(id: id, updated: summary.updated)) {
            try await db.read { s in try Self.storyDetail(id: id, s) }
        }
        if let detail { remember(detail) }
        return detail
    }

    /// A story as of one change (its summary's `updated`): the key cold readers share.
    struct StoryVersion: Hashable, Sendable {
        var id: Int
        var updated: Int64
    }

    func counts(in db: some SQLDatabase) async throws -> StoreCounts {
        try await db.read { s in try Self.counts(s) }
    }

    func snapshot(in db: some SQLDatabase) throws -> StoreSnapshot {
        try db.readBlocking { s in try Self.snapshot(s) }
    }

    // MARK: - Opening

    private static func settingsKey(_ p: DedupParameters) -> String {
        "threshold=\(p.threshold) ngram=\(p.ngram) permutations=\(p.permutations) bands=\(p.bands) "
            + "keep=\(p.keep.rawValue) scheme=\(p.scheme) containment=\(p.containment.map { "\($0)" } ?? "-")"
    }

    /// Records the copy-group settings in a new store; refuses a store made with others.
    static func checkSettings(_ db: some SQLSession, _ p: DedupParameters) throws {
        let key = settingsKey(p)
        if let stored = try db.row("SELECT value FROM meta WHERE key = 'dedup'")?.string(0) {
            guard stored == key else {
                throw StoreError.incompatible("the store was made with copy-group settings \(stored), not \(key)")
            }
        } else {
            try db.execute("INSERT INTO meta(key, value) VALUES ('dedup', ?)", [SQLValue(key)])
        }
    }

    /// The stored articles as ``StoreEngine/replay(_:)`` takes them, in ingest order.
    static func replayInput(_ db: some SQLSession, permutations: Int) throws -> [StoreEngine.Replayed] {
        let rows = try db.rows(
            "SELECT id, title, body, published, site, domain, story_group, fingerprint, content_hash FROM article ORDER BY seq",
            [])
        var out: [StoreEngine.Replayed] = []
        out.reserveCapacity(rows.count)
        for row in rows {
            let id = row.string(0) ?? ""
            guard let fp = FingerprintCodec.decode(id: id, row.bytes(7) ?? [], permutations: permutations) else {
                throw StoreError.incompatible("article \(id) has a fingerprint of another size")
            }
            out.append(
                StoreEngine.Replayed(
                    fingerprint: fp,
                    input: StoryInput(
                        id: id, title: row.string(1), text: row.string(2) ?? "",
                        published: row.string(3).flatMap { NewsDate(iso8601: $0) },
                        site: row.string(4) ?? row.string(5), group: row.string(6)),
                    content: row.string(8).flatMap { ContentKey(hex: $0) }))
        }
        return out
    }

    /// Rebuilds the engine from what is stored (on open, and after a failed write, whose
    /// transaction was rolled back while the engine had moved on).
    func replay(_ stored: [StoreEngine.Replayed]) {
        var fresh = StoreEngine(parameters: parameters)
        fresh.replay(stored)
        engine.withLock { engine in
            engine = fresh
            generation.add(1, ordering: .sequentiallyConsistent)
        }
    }

    // MARK: - Writing

    /// Ingests a batch in the caller's transaction (see the type's description): planned and
    /// written under the engine's lock, so that concurrent callers are ordered. Articles are
    /// refused one by one (a conflicting id); any thrown error means the transaction must be
    /// rolled back and the engine rebuilt with ``replay(_:)``.
    func ingest(
        _ batch: [PreparedArticle], provenance: ProvenanceTiming = .now, _ db: some SQLSession
    ) throws -> [Result<IngestResult, StoreError>] {
        try engine.withLock { engine in
            let current = generation.load(ordering: .sequentiallyConsistent)
            return try write(Self.plan(batch, provenance: provenance, engine: &engine, generation: current), db)
        }
    }

    /// Places a batch in the engine (``StoryStore/planIngest(_:provenance:)``); no I/O.
    func plan(_ batch: [PreparedArticle], provenance: ProvenanceTiming) -> IngestPlan {
        engine.withLock { engine in
            Self.plan(
                batch, provenance: provenance, engine: &engine,
                generation: generation.load(ordering: .sequentiallyConsistent))
        }
    }

    /// Writes a plan in one transaction (``StoryStore/writeBlocking(_:)``); after any error
    /// the engine is rebuilt from the database.
    func writeBlocking(_ plan: IngestPlan, into db: some SQLDatabase) throws -> [Result<IngestResult, StoreError>] {
        do {
            return try db.writeBlocking { s in try self.write(plan, s) }
        } catch {
            recover(db)
            throw error
        }
    }

    private static let existingColumns = "id, content_hash, group_id, duplicate_of, story, role"

    /// What the engine decides for each article of a batch, in batch order: stored already
    /// (same id, or same content: looked up when written), or placed (its copy group and
    /// story, the stories merged, the earlier articles whose copy group moved).
    private static func plan(
        _ batch: [PreparedArticle], provenance: ProvenanceTiming, engine: inout StoreEngine, generation: Int
    ) -> IngestPlan {
        var plan = IngestPlan(
            articles: batch, provenance: provenance, firstSeq: Int64(engine.count + 1), generation: generation)
        var placed: [(index: Int, position: Int)] = []
        for (i, p) in batch.enumerated() {
            if engine.holds(id: p.article.id) || engine.holds(content: p.content) {
                plan.steps.append(.existing(i))
                continue
            }
            let seq = Int64(engine.count + 1)
            let placement = engine.place(p.article, fingerprint: p.fingerprint, content: p.content, profile: p.profile)
            let storyID = placement.story.story
            for gone in placement.story.merged where gone != storyID {
                plan.steps.append(.merge(gone: gone, into: storyID))
            }
            for a in placement.changed { plan.steps.append(.regroup(a, by: seq)) }
            plan.steps.append(
                .insert(
                    i,
                    IngestPlan.Insert(
                        seq: seq, storyGroup: placement.storyGroup, assignment: placement.assignment, story: storyID)))
            placed.append((i, Int(seq - 1)))
        }
        // Each new article's copy group as it is after the whole batch (later articles of the
        // batch may have moved it).
        let assignments = engine.assignments
        for (i, position) in placed {
            plan.groups[i] = (assignments[position].group, assignments[position].duplicateOf)
        }
        return plan
    }

    /// Writes a plan in the caller's transaction: the rows each step changes, then, once per
    /// touched story, its provenance and summary row when the plan says now (else the story is
    /// only marked stale).
    private func write(_ plan: IngestPlan, _ db: some SQLSession) throws -> [Result<IngestResult, StoreError>] {
        let stored = try db.int("SELECT coalesce(max(seq), 0) FROM article") ?? 0
        guard Int64(stored) + 1 == plan.firstSeq, plan.generation == generation.load(ordering: .sequentiallyConsistent)
        else {
            throw IngestPlan.Stale(
                description: "the batch was planned for ingest position \(plan.firstSeq) before the store's engine was "
                    + "rebuilt, or out of order (the store holds \(stored) articles): plan it again")
        }
        let batch = plan.articles
        // One per article, in batch order (the plan's steps name each article once, in order).
        var results: [Result<IngestResult, StoreError>] = []
        results.reserveCapacity(batch.count)
        // Stories this batch changed, with the ingest position of the last change.
        var touched: [Int: Int64] = [:]
        var mergedInto: [Int: Int] = [:]
        var inserted: [Int] = []
        let now = nowISO8601()
        for step in plan.steps {
            switch step {
            case .existing(let i):
                // The same id with the same content, or the same content under any id (one
                // statement: at most two rows, the one with this id first).
                let p = batch[i]
                let found = try db.rows(
                    "SELECT \(Self.existingColumns) FROM article WHERE id = ? OR content_hash = ? ORDER BY id = ? DESC",
                    [SQLValue(p.article.id), SQLValue(p.contentKey), SQLValue(p.article.id)])
                guard let row = found.first else {
                    throw StoreError.corrupt(
                        "article \(p.article.id) was planned as stored, but no row has its id or content")
                }
                if row.string(0) != p.article.id || row.string(1) == p.contentKey {
                    results.append(.success(Self.existing(row)))
                } else {
                    results.append(.failure(.conflict("article id \(p.article.id) is already stored with other content")))
                }
            case .merge(let gone, let storyID):
                try db.execute("UPDATE article SET story = ? WHERE story = ?", [SQLValue(storyID), SQLValue(gone)])
                try db.execute("DELETE FROM story WHERE id = ?", [SQLValue(gone)])
                touched[gone] = nil
                mergedInto[gone] = storyID
            case .regroup(let a, let seq):
                try db.execute(
                    "UPDATE article SET group_id = ?, duplicate_of = ?, similarity = ? WHERE seq = ?",
                    [SQLValue(a.group), SQLValue(a.duplicateOf), SQLValue(a.similarity), SQLValue(a.index + 1)])
                if let s = try db.int("SELECT story FROM article WHERE seq = ?", [SQLValue(a.index + 1)]) {
                    touched[s] = seq
                }
            case .insert(let i, let ins):
                let p = batch[i]
                let article = p.article
                touched[ins.story] = ins.seq
                let mine = ins.assignment
                try db.execute(
                    """
                    INSERT INTO article(seq, id, content_hash, title, body, url, site, domain, published,
                        published_instant, doc, fingerprint, story_group, group_id, duplicate_of, similarity, story,
                        ingested_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    [
                        SQLValue(ins.seq), SQLValue(article.id), SQLValue(p.contentKey), SQLValue(article.title),
                        SQLValue(article.text), SQLValue(article.url), SQLValue(article.site), SQLValue(article.domain),
                        SQLValue(article.published?.iso8601), SQLValue(article.published?.instant), SQLValue(p.doc),
                        .blob(FingerprintCodec.encode(p.fingerprint)), SQLValue(ins.storyGroup),
                        SQLValue(mine.group), SQLValue(mine.duplicateOf), SQLValue(mine.similarity), SQLValue(ins.story),
                        SQLValue(now),
                    ])
                try db.indexForSearch(seq: ins.seq, title: article.title ?? "", body: article.text)
                inserted.append(i)
                let settledGroup = plan.groups[i] ?? (mine.group, mine.duplicateOf)
                results.append(
                    .success(
                        IngestResult(
                            id: article.id, group: settledGroup.group, duplicateOf: settledGroup.duplicateOf,
                            story: ins.story)))
            }
        }
        let stories = touched.sorted { $0.key < $1.key }

        guard plan.provenance == .now else {
            // Deferred: the touched stories are only marked stale (a new one gets its row, with
            // an empty summary); refresh(_:_:memo:) writes their summaries and provenance, and
            // completes the results' roles and flags. Until then a story's row keeps the
            // summary of its last analysis: reading every touched story's articles here, as
            // the analysis does again, would cost the writer a sixth of its time.
            for (story, seq) in stories {
                try db.execute(
                    """
                    INSERT INTO story(id, articles, sources, sites, flags, updated, analysed)
                    VALUES (?, 0, 0, '', '', ?, 0)
                    ON CONFLICT (id) DO UPDATE SET updated = excluded.updated
                    """, [SQLValue(story), SQLValue(seq)])
            }
            return results.map { $0.map { r in Self.following(r, mergedInto) } }
        }
        return try memo.withLock { memo in
            for i in inserted { if let t = batch[i].provenance { memo.remember(t) } }
            // Provenance and summary once per touched story, after the whole batch.
            let reports = try Self.refreshStories(stories, db, memo: &memo)
            // Each result names its story as it is now, with the role and flags found for it.
            var out = results
            for i in out.indices {
                guard case .success(let found) = out[i] else { continue }
                var r = Self.following(found, mergedInto)
                if !r.alreadyStored {
                    if let m = reports[r.story]?.member(r.id) {
                        r.role = m.role
                        r.flags = m.flags
                    }
                } else if let report = try reports[r.story] ?? Self.analyseIfSmall(story: r.story, db, memo: &memo),
                    let m = report.member(r.id)
                {
                    r.role = m.role
                    r.flags = m.flags
                }
                out[i] = .success(r)
            }
            return out
        }
    }

    /// `r` with its story followed through the merges of its batch.
    private static func following(_ r: IngestResult, _ mergedInto: [Int: Int]) -> IngestResult {
        var r = r
        while let next = mergedInto[r.story] { r.story = next }
        return r
    }

    /// Refreshes stories (id, ingest position of the last change): each story's rows read and
    /// its report found in the memo or its articles made ready, then the analyses left run on
    /// all cores (each is pure), then each story's rows written: roles, flags and the summary,
    /// marked analysed. Returns the reports made or found.
    private static func refreshStories(
        _ stories: [(key: Int, value: Int64)], _ db: some SQLSession, memo: inout ProvenanceMemo
    ) throws -> [Int: ProvenanceReport] {
        var chunk = try RefreshChunk(stories, db, memo: &memo)
        return try chunk.finish(Self.runAnalyses(chunk.work), db, memo: &memo, rememberTexts: true)
    }

    /// Stories refreshed together (``refreshStories(_:_:memo:)`` in two halves, so that
    /// a bulk refresh reads and writes one chunk while the next is analysed): their rows read
    /// and what to analyse made ready (``init(_:_:memo:)``), then, once the analyses
    /// are made, their rows written (``finish(_:_:memo:rememberTexts:)``).
    private struct RefreshChunk {
        var refreshes: [StoryRefresh] = []
        /// Indices of ``refreshes`` whose report is to be made, in ``work`` order.
        let pending: [Int]
        /// The analyses to run (pure: any thread).
        let work: [Analysis]

        init(_ stories: [(key: Int, value: Int64)], _ db: some SQLSession, memo: inout ProvenanceMemo) throws {
            for (story, seq) in stories {
                if let r = try StoryRefresh(story: story, updated: seq, db, memo: &memo) {
                    refreshes.append(r)
                }
            }
            let refreshes = refreshes
            pending = refreshes.indices.filter { refreshes[$0].report == nil && !refreshes[$0].members.isEmpty }
            work = pending.map { refreshes[$0].analysis }
        }

        /// Remembers what ``work`` gave (the reports; the tokenised articles too when
        /// `rememberTexts`: a bulk refresh would only churn the memo with them) and writes each
        /// story's rows; returns the reports.
        mutating func finish(
            _ made: [Analysed], _ db: some SQLSession, memo: inout ProvenanceMemo, rememberTexts: Bool
        ) throws -> [Int: ProvenanceReport] {
            for (i, report) in zip(pending, try StoreState.collect(work, made, memo: &memo, rememberTexts: rememberTexts)) {
                refreshes[i].report = report
            }
            var reports: [Int: ProvenanceReport] = [:]
            for r in refreshes { reports[r.story] = try r.write(db) }
            return reports
        }
    }

    /// Analyses every stale story once, then completes `results` (of deferred ingests): each
    /// article's current story and copy group (later batches may have moved them), with its
    /// role and flags.
    static func refresh(
        _ results: [IngestResult], _ db: some SQLSession, memo: inout ProvenanceMemo
    ) throws -> [IngestResult] {
        var out = results
        // Each result's current story and copy group.
        var byStory: [Int: [Int]] = [:]
        // By id: the same article may come back more than once (stored, then already stored).
        var index: [String: [Int]] = [:]
        for (i, r) in results.enumerated() { index[r.id, default: []].append(i) }
        for chunk in stride(from: 0, to: results.count, by: 500).map({ results[$0..<min($0 + 500, results.count)] }) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            for row in try db.rows(
                "SELECT id, story, group_id, duplicate_of FROM article WHERE id IN (\(marks))", chunk.map { SQLValue($0.id) })
            {
                guard let id = row.string(0), let at = index[id] else { continue }
                for i in at {
                    out[i].story = row.int(1) ?? out[i].story
                    out[i].group = row.string(2) ?? out[i].group
                    out[i].duplicateOf = row.string(3)
                }
            }
        }
        for i in out.indices { byStory[out[i].story, default: []].append(i) }
        func complete(_ story: Int, _ report: ProvenanceReport?) {
            for i in byStory.removeValue(forKey: story) ?? [] {
                guard let m = report?.member(out[i].id) else { continue }
                out[i].role = m.role
                out[i].flags = m.flags
            }
        }
        // Stale stories a bounded number at a time (their tokenised articles and reports are
        // held only while their chunk is in flight). While one chunk is analysed on threads of
        // its own, the one before is written and the one after is read: the database work,
        // serial, overlaps the analyses. At most two chunks are in flight.
        let stale = try db.rows("SELECT id, updated FROM story WHERE analysed < updated ORDER BY id", [])
        var running: (chunk: RefreshChunk, analyses: BackgroundMap<Analysis, Analysed>)? = nil
        func finishRunning() throws {
            guard var r = running else { return }
            running = nil
            for (story, report) in try r.chunk.finish(r.analyses.wait(), db, memo: &memo, rememberTexts: false) {
                complete(story, report)
            }
        }
        for start in stride(from: 0, to: stale.count, by: refreshChunk) {
            let stories = stale[start..<min(start + refreshChunk, stale.count)]
            let chunk = try RefreshChunk(
                stories.map { (key: $0.int(0) ?? 0, value: $0.int64(1) ?? 0) }, db, memo: &memo)
            let analyses = BackgroundMap(chunk.work, workers: PipelineLimits.defaultWorkers, Self.analysed)
            try finishRunning()
            running = (chunk, analyses)
        }
        try finishRunning()
        // Results in stories that were not stale (already stored, and analysed since).
        for story in byStory.keys.sorted() { complete(story, try analyseIfSmall(story: story, db, memo: &memo)) }
        return out
    }

    /// Stale stories analysed together by ``refresh(_:_:memo:)``: enough to keep both cores
    /// busy, few enough to bound the memory of their articles and reports.
    static let refreshChunk = 256

    private static func existing(_ row: SQLRow) -> IngestResult {
        IngestResult(
            id: row.string(0) ?? "", group: row.string(2) ?? "", duplicateOf: row.string(3), story: row.int(4) ?? 0,
            role: row.string(5).flatMap { ProvenanceRole(rawValue: $0) }, alreadyStored: true)
    }

    /// The provenance of a story small enough to analyse on ingest, else `nil`.
    private static func analyseIfSmall(story: Int, _ db: some SQLSession, memo: inout ProvenanceMemo) throws
        -> ProvenanceReport?
    {
        let rows = try db.rows("SELECT id, group_id FROM article WHERE story = ? ORDER BY seq", [SQLValue(story)])
        guard rows.count <= maxArticlesAnalysedOnIngest else { return nil }
        let members = Self.members(rows, group: 1)
        if let report = memo.report(story: story, members: members) { return report }
        let work = [try analysis(story: story, members: members, db, memo: &memo)]
        return try collect(work, runAnalyses(work), memo: &memo, rememberTexts: true)[0]
    }

    /// A story's members with their copy groups (`id` in column 0, the group in column `group`),
    /// sorted by id: what its provenance depends on.
    private static func members(_ rows: [SQLRow], group: Int) -> [ProvenanceMemo.Member] {
        rows.map { ProvenanceMemo.Member(id: $0.string(0) ?? "", group: $0.string(group) ?? "") }.sorted { $0.id < $1.id }
    }

    /// One story to analyse: its members, and their tokenised articles with those groups, or
    /// (where the memo lacks one) its stored form, parsed and tokenised with the analysis.
    private struct Analysis: Sendable {
        var story: Int
        var members: [ProvenanceMemo.Member]
        /// In member order.
        var texts: [Text] = []

        enum Text: Sendable {
            /// Tokenised, with the member's group.
            case tokenised(PreparedProvenanceInput)
            /// The stored article (``ArticleJSON``), to tokenise.
            case stored(String)
        }
    }

    /// Makes a story's analysis ready from the memo's tokenised articles; those it lacks (after
    /// a restart, or past its budget) are read from the database, to be tokenised on all cores
    /// by ``runAnalyses(_:)``.
    private static func analysis(
        story: Int, members: [ProvenanceMemo.Member], _ db: some SQLSession, memo: inout ProvenanceMemo
    ) throws -> Analysis {
        var work = Analysis(story: story, members: members)
        work.texts.reserveCapacity(members.count)
        var docs: [String: String]? = nil
        for m in members {
            if var known = memo.text(m.id) {
                known.group = m.group
                work.texts.append(.tokenised(known))
            } else {
                if docs == nil {
                    docs = [:]
                    for row in try db.rows("SELECT id, doc FROM article WHERE story = ?", [SQLValue(story)]) {
                        if let id = row.string(0) { docs?[id] = row.string(1) }
                    }
                }
                work.texts.append(.stored(docs?[m.id] ?? ""))
            }
        }
        return work
    }

    /// What one analysis gave: its report and the articles it tokenised.
    private typealias Analysed = Result<(report: ProvenanceReport, tokenised: [PreparedProvenanceInput]), any Error>

    /// Runs analyses on all cores (each is pure: the reports are what ``ProvenanceAnalyzer``
    /// gives, in order), tokenising there the articles the memo lacked.
    private static func runAnalyses(_ work: [Analysis]) -> [Analysed] {
        OrderedParallelMap<Analysis, Analysed>.map(work, workers: PipelineLimits.defaultWorkers, analysed)
    }

    /// One analysis, tokenising the articles the memo lacked (pure: any thread).
    @Sendable private static func analysed(_ a: Analysis) -> Analysed {
        Result {
            var tokenised: [PreparedProvenanceInput] = []
            var texts: [PreparedProvenanceInput] = []
            texts.reserveCapacity(a.members.count)
            for (m, text) in zip(a.members, a.texts) {
                switch text {
                case .tokenised(let t): texts.append(t)
                case .stored(let doc):
                    let t = PreparedProvenanceInput(try readDoc(doc), group: m.group)
                    tokenised.append(t)
                    texts.append(t)
                }
            }
            return (ProvenanceAnalyzer().analyze(prepared: texts), tokenised)
        }
    }

    /// The reports of ``runAnalyses(_:)``, with what they made remembered (tokenised articles
    /// and reports); throws the first analysis's error.
    private static func collect(
        _ work: [Analysis], _ made: [Analysed], memo: inout ProvenanceMemo, rememberTexts: Bool
    ) throws -> [ProvenanceReport] {
        var reports: [ProvenanceReport] = []
        reports.reserveCapacity(work.count)
        for (w, result) in zip(work, made) {
            let (report, tokenised) = try result.get()
            if rememberTexts { for t in tokenised { memo.remember(t) } }
            memo.remember(report, story: w.story, members: w.members)
            reports.append(report)
        }
        return reports
    }

    /// One story a batch touched, refreshed in three steps: ``init(story:updated:_:memo:)``
    /// reads its rows and finds its report in the memo or makes its ``analysis`` ready; the
    /// batch runs the analyses left (``report``); ``write(_:)`` writes each member's
    /// role and flag kinds where they changed and its summary row (O(story)).
    private struct StoryRefresh {
        let story: Int
        let updated: Int64
        /// Columns: 0 id, 1 title, 2 published, 3 site, 4 domain, 5 group_id, 6 role, 7 flags.
        let rows: [SQLRow]
        /// Sorted by id; empty when the story is too large to analyse on ingest.
        let members: [ProvenanceMemo.Member]
        var report: ProvenanceReport?
        /// What to analyse when ``report`` is `nil` (and ``members`` is not empty).
        var analysis: Analysis

        /// `nil` when the story has no article left (merged away): its row is deleted.
        init?(story: Int, updated: Int64, _ db: some SQLSession, memo: inout ProvenanceMemo) throws {
            rows = try db.rows(
                "SELECT id, title, published, site, domain, group_id, role, flags FROM article WHERE story = ? ORDER BY seq",
                [SQLValue(story)])
            guard !rows.isEmpty else {
                try db.execute("DELETE FROM story WHERE id = ?", [SQLValue(story)])
                return nil
            }
            self.story = story
            self.updated = updated
            members = rows.count <= maxArticlesAnalysedOnIngest ? StoreState.members(rows, group: 5) : []
            report = members.isEmpty ? nil : memo.report(story: story, members: members)
            analysis =
                report == nil && !members.isEmpty
                ? try StoreState.analysis(story: story, members: members, db, memo: &memo)
                : Analysis(story: story, members: [])
        }

        /// Writes roles, flags and the summary row, marked analysed at ``updated``; returns
        /// the report (`nil` for a story too large to analyse on ingest).
        func write(_ db: some SQLSession) throws -> ProvenanceReport? {
            var flagsByMember = rows.map { $0.string(7) ?? "" }
            if let r = report {
                for (i, row) in rows.enumerated() {
                    guard let id = row.string(0), let m = r.member(id) else { continue }
                    let kinds = Set(m.flags.map(\.kind.rawValue)).sorted().joined(separator: " ")
                    if row.string(6) != m.role.rawValue || flagsByMember[i] != kinds {
                        try db.execute(
                            "UPDATE article SET role = ?, flags = ? WHERE id = ?",
                            [SQLValue(m.role.rawValue), SQLValue(kinds), SQLValue(id)])
                        flagsByMember[i] = kinds
                    }
                }
            }
            var title: String? = nil
            var first: NewsDate? = nil, last: NewsDate? = nil
            var sites: [String] = []
            var groups = Set<String>()
            var flags = Set<String>()
            for (i, row) in rows.enumerated() {
                if title == nil, let t = row.string(1), !t.isEmpty { title = t }
                if let d = row.string(2).flatMap({ NewsDate(iso8601: $0) }) {
                    if first.map({ d < $0 }) ?? true { first = d }
                    if last.map({ $0 < d }) ?? true { last = d }
                }
                if let s = row.string(3) ?? row.string(4), !s.isEmpty, !sites.contains(s) { sites.append(s) }
                groups.insert(row.string(5) ?? "")
                for k in flagsByMember[i].split(separator: " ") { flags.insert(String(k)) }
            }
            // The title and span every output shows (Story.described(by:)): the original's
            // headline and the credible dates, once the story is analysed.
            if let r = report {
                title = r.title ?? title
                if let span = r.span { (first, last) = (span.first, span.last) }
            }
            try db.execute(
                """
                INSERT INTO story(id, title, first_seen, last_seen, last_instant, articles, sources, sites, flags, updated,
                    analysed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET title = excluded.title, first_seen = excluded.first_seen,
                    last_seen = excluded.last_seen, last_instant = excluded.last_instant, articles = excluded.articles,
                    sources = excluded.sources, sites = excluded.sites, flags = excluded.flags, updated = excluded.updated,
                    analysed = excluded.analysed
                """,
                [
                    SQLValue(story), SQLValue(title), SQLValue(first?.iso8601), SQLValue(last?.iso8601),
                    SQLValue(last?.instant), SQLValue(rows.count), SQLValue(groups.count),
                    SQLValue(sites.joined(separator: "\u{1F}")), SQLValue(flags.sorted().joined(separator: " ")),
                    SQLValue(updated), SQLValue(updated),
                ])
            return report
        }
    }

    private static func readDoc(_ doc: String?) throws -> Article {
        try ArticleJSON.read(line: Array((doc ?? "").utf8), locator: "store")
    }

    // MARK: - Reading

    private static let articleColumns = "doc, seq, group_id, duplicate_of, similarity, story, role, flags, content_hash"

    private static func storedArticle(_ row: SQLRow) throws -> StoredArticle {
        StoredArticle(
            article: try readDoc(row.string(0)), sequence: row.int64(1) ?? 0, group: row.string(2) ?? "",
            duplicateOf: row.string(3), similarity: row.double(4), story: row.int(5) ?? 0,
            role: row.string(6).flatMap { ProvenanceRole(rawValue: $0) },
            flagKinds: (row.string(7) ?? "").split(separator: " ").map(String.init), contentHash: row.string(8) ?? "")
    }

    private static let storyColumns = "id, title, first_seen, last_seen, articles, sources, sites, flags, updated"

    private static func summary(_ row: SQLRow) -> StorySummary {
        StorySummary(
            id: row.int(0) ?? 0, title: row.string(1), firstSeen: row.string(2).flatMap { NewsDate(iso8601: $0) },
            lastSeen: row.string(3).flatMap { NewsDate(iso8601: $0) }, articles: row.int(4) ?? 0,
            sources: row.int(5) ?? 0, sites: (row.string(6) ?? "").split(separator: "\u{1F}").map(String.init),
            flags: (row.string(7) ?? "").split(separator: " ").map(String.init), updated: row.int64(8) ?? 0)
    }

    static func article(id: String, _ db: some SQLSession) throws -> StoredArticle? {
        try db.row("SELECT \(articleColumns) FROM article WHERE id = ?", [SQLValue(id)]).map(storedArticle)
    }

    /// A page of stories; see ``StoryStore/stories(since:limit:cursor:)``: by the latest
    /// credible date (`last_instant`, undated stories last), then id, both descending. The
    /// cursor is `INSTANT-ID` (`n-ID` past the dated ones).
    static func stories(since: NewsDate?, limit: Int, cursor: String?, _ db: some SQLSession) throws -> StoriesPage {
        let limit = max(1, min(limit, 500))
        var sql = "SELECT \(storyColumns), last_instant FROM story WHERE TRUE"
        var args: [SQLValue] = []
        if let cursor {
            let bad = StoreError.invalid("cursor \"\(cursor)\" is not one this server gave: pass next_cursor as returned")
            guard let dash = cursor.lastIndex(of: "-"), let i = Int(cursor[cursor.index(after: dash)...]) else { throw bad }
            let head = cursor[..<dash]
            if head == "n" {
                sql += " AND last_instant IS NULL AND id < ?"
                args.append(SQLValue(i))
            } else {
                guard let t = Int64(head) else { throw bad }
                sql += " AND (last_instant < ? OR (last_instant = ? AND id < ?) OR last_instant IS NULL)"
                args += [SQLValue(t), SQLValue(t), SQLValue(i)]
            }
        }
        if let since {
            sql += " AND last_instant >= ?"
            args.append(SQLValue(since.instant))
        }
        sql += " ORDER BY last_instant DESC NULLS LAST, id DESC LIMIT ?"
        args.append(SQLValue(limit + 1))
        let rows = try db.rows(sql, args)
        var list = rows.map(summary)
        var next: String? = nil
        if list.count > limit {
            list.removeLast()
            if let l = list.last { next = "\(rows[list.count - 1].int64(9).map(String.init) ?? "n")-\(l.id)" }
        }
        return StoriesPage(stories: list, nextCursor: next)
    }

    /// A story's summary row alone (cheap: decides whether the cached analysis is current).
    static func storySummary(id: Int, _ db: some SQLSession) throws -> StorySummary? {
        try db.row("SELECT \(storyColumns) FROM story WHERE id = ?", [SQLValue(id)]).map(summary)
    }

    /// A story with its articles and provenance; call in one read transaction, so that the
    /// summary, the articles and the report agree.
    static func storyDetail(id: Int, _ db: some SQLSession) throws -> StoryDetail? {
        guard let s = try storySummary(id: id, db) else { return nil }
        let articles = try db.rows(
            "SELECT \(articleColumns) FROM article WHERE story = ? ORDER BY seq", [SQLValue(id)]
        ).map(storedArticle)
        let report = ProvenanceAnalyzer().analyze(
            story: articles.map { ProvenanceInput(article: $0.article, group: $0.group) })
        return StoryDetail(summary: s, articles: articles, report: report)
    }

    /// The cached analysis of a story, when its summary has not changed since.
    private func cachedStory(_ summary: StorySummary) -> StoryDetail? {
        cache.withLock { c in c[summary.id].flatMap { $0.summary.updated == summary.updated ? $0 : nil } }
    }

    private func remember(_ detail: StoryDetail) {
        cache.withLock { c in
            if c.count >= 1024 { c.removeAll(keepingCapacity: true) }  // bounded: simple and enough
            c[detail.summary.id] = detail
        }
    }

    static func counts(_ db: some SQLSession) throws -> StoreCounts {
        StoreCounts(
            articles: try db.int("SELECT count(*) FROM article") ?? 0,
            stories: try db.int("SELECT count(*) FROM story") ?? 0)
    }

    /// The store's own invariants: ingest positions 1...n without a gap, and a story row for
    /// every article's story and an article for every story. One line per problem.
    static func invariantProblems(_ db: some SQLSession) throws -> [String] {
        var problems: [String] = []
        let n = try db.int("SELECT count(*) FROM article") ?? 0
        let maxSeq = try db.int("SELECT coalesce(max(seq), 0) FROM article") ?? 0
        if n != maxSeq { problems.append("ingest positions have gaps: \(n) articles, last position \(maxSeq)") }
        let orphans =
            try db.int("SELECT count(*) FROM article a LEFT JOIN story s ON s.id = a.story WHERE s.id IS NULL") ?? 0
        if orphans > 0 { problems.append("\(orphans) articles point to a missing story") }
        let empty =
            try db.int("SELECT count(*) FROM story s WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.story = s.id)")
            ?? 0
        if empty > 0 { problems.append("\(empty) stories have no article") }
        let miscounted =
            try db.int(
                """
                SELECT count(*) FROM story s WHERE s.analysed >= s.updated
                    AND s.articles != (SELECT count(*) FROM article a WHERE a.story = s.id)
                """) ?? 0
        if miscounted > 0 { problems.append("\(miscounted) analysed stories have a summary that miscounts their articles") }
        return problems
    }

    /// Every story with its members, and every article as the clusterer saw it: what the
    /// batch `stories` command prints, read from the store.
    static func snapshot(_ db: some SQLSession) throws -> StoreSnapshot {
        var inputs: [StoryInput] = []
        var byStory: [Int: Story] = [:]
        var groupSlot: [Int: [String: Int]] = [:]
        let rows = try db.rows(
            "SELECT id, title, published, site, domain, group_id, story FROM article ORDER BY seq", [])
        for row in rows {
            let id = row.string(0) ?? ""
            let title = row.string(1)
            let published = row.string(2).flatMap { NewsDate(iso8601: $0) }
            let site = row.string(3) ?? row.string(4)
            let group = row.string(5) ?? id
            let storyID = row.int(6) ?? 0
            inputs.append(StoryInput(id: id, title: title, published: published, site: site, group: group))
            var s = byStory[storyID] ?? Story(id: storyID)
            if s.title == nil, let t = title, !t.isEmpty { s.title = t }
            if let d = published {
                if s.firstSeen.map({ d < $0 }) ?? true { s.firstSeen = d }
                if s.lastSeen.map({ $0 < d }) ?? true { s.lastSeen = d }
            }
            s.articles.append(id)
            if let g = groupSlot[storyID]?[group] {
                s.groups[g].members.append(id)
            } else {
                groupSlot[storyID, default: [:]][group] = s.groups.count
                s.groups.append(Story.Group(id: group, members: [id]))
            }
            if let site, !site.isEmpty, !s.sites.contains(site) { s.sites.append(site) }
            byStory[storyID] = s
        }
        return StoreSnapshot(stories: byStory.values.sorted(by: Story.reportOrder), inputs: inputs)
    }

    /// The words of a search query, as the SQLite index (`unicode61`, default categories
    /// `L* N* Co`) cuts text: runs of letters, digits and private-use characters; everything
    /// else separates (`Korea’s` is `Korea`, `s`). At most 32. Queries are short: this walks
    /// their scalars.
    static func searchWords(_ query: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        for scalar in query.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .decimalNumber, .letterNumber, .otherNumber, .privateUse:
                current.append(scalar)
            default:
                flush()
            }
            if words.count == 32 { return words }
        }
        flush()
        return Array(words.prefix(32))
    }

    /// Search results from rows of `id, story, group_id, title, site, published, snippet`.
    static func hits(_ rows: [SQLRow]) -> [SearchHit] {
        rows.map { row in
            SearchHit(
                id: row.string(0) ?? "", story: row.int(1) ?? 0, group: row.string(2) ?? "", title: row.string(3),
                site: row.string(4), published: row.string(5).flatMap { NewsDate(iso8601: $0) },
                snippet: row.string(6) ?? "")
        }
    }
}

/// Everything a store holds, in the batch commands' terms (see ``StoryStore/snapshot()``).
public struct StoreSnapshot: Sendable {
    /// Stories in ``Story/reportOrder(_:_:)``.
    public var stories: [Story]
    /// Each article (without its text) in ingest order, with its current copy group.
    public var inputs: [StoryInput]
}
