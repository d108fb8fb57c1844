import Foundation
import GRDB
import NewsfoldCore
import NewsfoldIO

/// The embedded store: one SQLite file (WAL mode, FTS5 search), made on first use and kept
/// up to date by versioned migrations (GRDB's `DatabaseMigrator`). All SQL is parameterised.
///
/// Each ingest (one article, or a batch) is one transaction that writes the articles, their
/// fingerprints, copy groups and stories, the rows of earlier articles whose group changed,
/// merged stories and the touched stories' provenance: a crash (even `kill -9`) leaves either
/// all of it or none, and a committed batch survives (WAL with `synchronous=NORMAL` is durable
/// against a process crash; against a power cut the last transactions may be lost, never half
/// of one). The logic is ``StoreState``'s, shared with ``PostgresStore``.
///
/// One process writes a database at a time (a lock file next to it says so); any number read.
/// A writer rebuilds the copy-group index and the story clusterer on open by replaying the
/// stored articles (see ``StoreEngine``): about what `newsfold stories` costs on the same
/// articles without extraction. Readers (``init(path:readOnly:parameters:)`` with
/// `readOnly: true`) skip it.
///
/// ```swift
/// let store = try SQLiteStore(path: "news.sqlite")
/// let r = try await store.ingest(article)
/// let page = try await store.stories(since: nil, limit: 20, cursor: nil)
/// let hits = try await store.search("Kim Putin", limit: 10)
/// ```
public final class SQLiteStore: StoryStore {
    /// See ``StoreState/maxArticlesAnalysedOnIngest``.
    public static var maxArticlesAnalysedOnIngest: Int { StoreState.maxArticlesAnalysedOnIngest }

    /// The database file.
    public let path: String
    /// `true` when opened read-only: opening skipped the migrations and the replay, every write
    /// throws ``StoreError/locked(_:)``, and ``analyseStoriesBehind(limit:)`` returns 0.
    public let readOnly: Bool
    private let pool: DatabasePool
    private let database: SQLiteDatabase
    private let state: StoreState
    private let lockFD: Int32

    /// Opens (or creates) the store at `path`. Throws ``StoreError/incompatible(_:)`` when
    /// the file was made with other copy-group settings or by a newer version, and an error
    /// naming the lock file when another process is writing to it.
    ///
    /// `stories` are the story settings articles are placed with (`newsfold stories`'s
    /// defaults unless given). They are not stored: a writer opened with other settings
    /// replays the articles with them and rewrites the rows whose story changed, as after a
    /// change of the story model.
    public init(
        path: String, readOnly: Bool = false, parameters: DedupParameters? = nil,
        stories: StorySettings = StorySettings()
    ) throws {
        self.path = path
        self.readOnly = readOnly
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            if !db.configuration.readonly {
                // The writer's page cache holds the indexes a batch updates (ids and content
                // hashes land on random pages): 64 MB, not SQLite's 2 MB, which re-read most of
                // them from the file at every batch. Checkpoints every 16 MB of WAL, not 4 MB.
                try db.execute(sql: "PRAGMA cache_size = -65536")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 4096")
            }
        }
        if readOnly {
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreError.invalid("no store at \(path): create it with `newsfold ingest --db \(path) PAGES...`")
            }
            lockFD = -1
        } else {
            lockFD = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard lockFD >= 0, flock(lockFD, LOCK_EX | LOCK_NB) == 0 else {
                if lockFD >= 0 { close(lockFD) }
                throw StoreError.locked(
                    "\(path) is being written by another process (\(path).lock is held): stop it, or read with a read-only command")
            }
        }
        pool = try DatabasePool(path: path, configuration: config)
        database = SQLiteDatabase(pool: pool)
        state = StoreState(engine: StoreEngine(parameters: parameters, settings: stories))
        // A file a newer Newsfold migrated is refused, by readers and writers alike: its rows
        // may mean what this version does not know.
        let unknown = try pool.read { db in
            try Self.migrator.appliedIdentifiers(db).subtracting(Self.migrator.migrations).sorted()
        }
        if !unknown.isEmpty {
            throw StoreError.incompatible(
                "\(path) has schema version \(unknown.joined(separator: ", ")), unknown to this Newsfold")
        }
        if !readOnly {
            try Self.migrator.migrate(pool)
            try state.open(writer: database)
        }
    }

    deinit {
        if lockFD >= 0 { close(lockFD) }
    }

    // MARK: - Schema

    /// ``StoreMigration/all`` as GRDB applies it (table `grdb_migrations`).
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        for migration in StoreMigration.all {
            m.registerMigration(migration.name) { db in
                for statement in migration.sqlite { try db.execute(sql: statement) }
            }
        }
        return m
    }

    // MARK: - Writing

    /// See ``StoryStore/prepare(_:provenance:)``: fingerprinted with this store's copy-group
    /// settings, tokenised for provenance only for ``ProvenanceTiming/now``.
    public func prepare(_ article: Article, provenance: ProvenanceTiming) -> PreparedArticle {
        PreparedArticle(article, fingerprinter: state.fingerprinter, tokenised: provenance == .now)
    }

    /// On SQLite: one transaction on the pool's writer connection. Throws ``StoreError/locked(_:)``
    /// when opened read-only.
    public func ingest(_ batch: [PreparedArticle]) async throws -> [Result<IngestResult, StoreError>] {
        try checkWritable()
        return try await state.ingest(batch, into: database)
    }

    /// On SQLite: one transaction on the pool's writer connection; the caller's thread waits.
    /// Throws ``StoreError/locked(_:)`` when opened read-only.
    public func ingestBlocking(
        _ batch: [PreparedArticle], provenance: ProvenanceTiming
    ) throws -> [Result<IngestResult, StoreError>] {
        try checkWritable()
        return try state.ingestBlocking(batch, provenance: provenance, into: database)
    }

    /// See ``StoryStore/refreshProvenanceBlocking(_:)``. Throws ``StoreError/locked(_:)`` when
    /// opened read-only.
    public func refreshProvenanceBlocking(_ results: [IngestResult]) throws -> [IngestResult] {
        try checkWritable()
        let refreshed = try state.refresh(results, in: database)
        _ = try state.analyseBehindBlocking(in: database)
        return refreshed
    }

    /// See ``StoryStore/planIngest(_:provenance:settle:)``.
    public func planIngest(_ batch: [PreparedArticle], provenance: ProvenanceTiming, settle: Bool) -> IngestPlan {
        state.plan(batch, provenance: provenance, settle: settle)
    }

    /// See ``StoryStore/writeBlocking(_:)``. Throws ``StoreError/locked(_:)`` when opened
    /// read-only.
    public func writeBlocking(_ plan: IngestPlan) throws -> [Result<IngestResult, StoreError>] {
        try checkWritable()
        return try state.writeBlocking(plan, into: database)
    }

    private func checkWritable() throws {
        guard !readOnly else { throw StoreError.locked("\(path) was opened read-only") }
    }

    // MARK: - Reading

    /// On SQLite: one WAL read transaction, beside any write.
    public func article(id: String) async throws -> StoredArticle? {
        try await state.article(id: id, in: database)
    }

    /// On SQLite: one WAL read transaction; `limit` is held to 1 ... 500. Throws
    /// ``StoreError/invalid(_:)`` for a malformed cursor.
    public func stories(since: NewsDate?, limit: Int, cursor: String?) async throws -> StoriesPage {
        try await state.stories(since: since, limit: limit, cursor: cursor, in: database)
    }

    /// On SQLite: the summary is read first; the detail comes from the store's cache while the
    /// summary is unchanged, else from one WAL read transaction shared by concurrent readers.
    public func story(id: Int) async throws -> StoryDetail? {
        try await state.story(id: id, in: database)
    }

    /// See ``StoryStore/analyseStoriesBehind(limit:)``; 0 at once when opened read-only.
    public func analyseStoriesBehind(limit: Int) async throws -> Int {
        guard !readOnly else { return 0 }
        return try await state.analyseBehind(limit: limit, in: database)
    }

    /// On SQLite: an FTS5 query with every word quoted and required, best first by FTS5's `rank`;
    /// the snippet is FTS5's `snippet`, matches in `[` `]`. `limit` is held to 1 ... 200; a query
    /// without words gives no hits.
    public func search(_ query: String, limit: Int) async throws -> [SearchHit] {
        guard let match = Self.ftsQuery(query) else { return [] }
        let limit = max(1, min(limit, 200))
        return try await pool.read { db in
            try StoreSearch.hits(
                try SQLiteSession(db).rows(
                    """
                    SELECT a.id, a.story, a.group_id, a.title, coalesce(a.site, a.domain), a.published,
                        snippet(article_fts, 1, '[', ']', '…', 16)
                    FROM article_fts JOIN article a ON a.seq = article_fts.rowid
                    WHERE article_fts MATCH ? ORDER BY rank LIMIT ?
                    """, [SQLValue(match), SQLValue(limit)]))
        }
    }

    /// The user's words as an FTS5 query: each word quoted (so no word is read as an
    /// operator), all required. ``StoreSearch/words(_:)`` cuts words as the index's
    /// tokenizer does, so each quoted word is one token: the index keeps no positions
    /// (`detail=column`) and would refuse a phrase. `nil` when there is no word.
    static func ftsQuery(_ query: String) -> String? {
        let words = StoreSearch.words(query)
        return words.isEmpty ? nil : words.map { "\"" + $0 + "\"" }.joined(separator: " ")
    }

    /// Checks the file and the store's own invariants: SQLite's integrity check, the search
    /// index, and ``StoreSchema/invariantProblems(_:)``. Returns the problems found, one line
    /// each (empty when sound).
    public func verify() throws -> [String] {
        // The search index's check is written as an INSERT: run it on the writer connection.
        try pool.write { db in
            var problems: [String] = []
            for line in try String.fetchAll(db, sql: "PRAGMA integrity_check") where line != "ok" {
                problems.append("sqlite: \(line)")
            }
            do {
                try db.execute(sql: "INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)")
            } catch {
                problems.append("search index: \(error)")
            }
            return problems + (try StoreSchema.invariantProblems(SQLiteSession(db)))
        }
    }

    /// On SQLite: one WAL read transaction.
    public func counts() async throws -> StoreCounts {
        try await state.counts(in: database)
    }

    /// On SQLite: one WAL read transaction; the caller's thread waits.
    public func snapshotBlocking() throws -> StoreSnapshot {
        try state.snapshot(in: database)
    }

    /// On SQLite: one WAL read transaction, on one of GRDB's reader connections.
    public func snapshot() async throws -> StoreSnapshot {
        try await state.snapshot(in: database)
    }
}
