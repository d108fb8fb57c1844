import Foundation
import Logging
import NewsfoldCore
import PostgresNIO
import Synchronization

/// The shared store: the same schema (translated), behaviour and logic as ``SQLiteStore``
/// (``StoreState``), kept in a PostgreSQL database through postgres-nio, so a team can feed
/// one store from a crawler and read it from several servers. All SQL is parameterised.
///
/// Address: `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`;
/// no host (`postgres:///database`) uses the local socket in `/var/run/postgresql`. The schema
/// is made on first use by versioned migrations (table `newsfold_migration`); search is a
/// generated `tsvector` column (configuration `simple`: case-folded, no stemming, like the
/// SQLite store's FTS5 words, but accents are kept) with a GIN index.
///
/// One process writes a database at a time (a PostgreSQL advisory lock, held by the writer
/// connection, says so); any number read. The writer replays the stored articles on open,
/// as ``SQLiteStore`` does. Writes run one transaction at a time on the writer connection;
/// reads run on up to four reader connections (an idle one when there is one; more are opened
/// only when reads overlap), each read in a repeatable-read transaction.
///
/// ```swift
/// let store = try PostgresStore(address: "postgres://newsfold:secret@127.0.0.1/news")
/// let r = try await store.ingest(article)
/// let hits = try await store.search("Kim Putin", limit: 10)
/// ```
public final class PostgresStore: StoryStore {
    /// The address without its password (for messages).
    public let address: String
    /// `true` when opened read-only: no writer connection or lock, no migrations or replay;
    /// every write throws ``StoreError/locked(_:)`` and ``analyseStoriesBehind(limit:)`` returns 0.
    public let readOnly: Bool
    private let database: PostgresConnections
    private let state: StoreState

    /// Connects to the database at `address` (see the type's description). Throws
    /// ``StoreError/incompatible(_:)`` when it was made with other copy-group settings or by a
    /// newer version, and ``StoreError/invalid(_:)`` for a bad address, a database without
    /// a store (read-only) or one another process is writing to. `stories`: as
    /// ``SQLiteStore/init(path:readOnly:parameters:stories:)``.
    public init(
        address: String, readOnly: Bool = false, parameters: DedupParameters? = nil,
        stories: StorySettings = StorySettings()
    ) throws {
        let target = try PostgresAddress(address)
        self.address = target.display
        self.readOnly = readOnly
        database = try PostgresConnections(target, writer: !readOnly)
        state = StoreState(engine: StoreEngine(parameters: parameters, settings: stories))
        if readOnly {
            let made = try database.readBlocking { s in
                try s.row("SELECT to_regclass('newsfold_migration') IS NOT NULL")?.optionalInt(0) ?? 0
            }
            guard made == 1 else {
                throw StoreError.invalid(
                    "no store in \(self.address): create it with `newsfold ingest --db \(self.address) PAGES...`")
            }
        } else {
            // A writer that just closed may still hold the lock for a moment: try for a second.
            var locked = 0
            for attempt in 0..<10 {
                if attempt > 0 { usleep(100_000) }
                locked = try database.writeBlocking { s in
                    try s.row("SELECT pg_try_advisory_lock(?)", [.integer(Self.writerLock)])?.optionalInt(0) ?? 0
                }
                if locked == 1 { break }
            }
            guard locked == 1 else {
                throw StoreError.locked(
                    "\(self.address) is being written by another process (it holds the Newsfold writer lock): "
                        + "stop it, or read with a read-only command")
            }
            try migrate()
            try state.open(writer: database)
        }
    }

    /// The advisory-lock key the writer holds (any fixed number; "NEWSFOLD" in ASCII).
    private static let writerLock: Int64 = 0x4E45_5753_464F_4C44

    // MARK: - Schema

    /// Applies the migrations not yet applied, in order; refuses a database with migrations
    /// this version does not know (made by a newer Newsfold). Runs under the writer lock.
    private func migrate() throws {
        try database.writeBlocking { s in
            try s.execute(
                "CREATE TABLE IF NOT EXISTS newsfold_migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        }
        let applied = try database.readBlocking { s in
            try s.rows("SELECT name FROM newsfold_migration", []).map { try $0.text(0) }
        }
        let known = Set(StoreMigration.all.map(\.name))
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw StoreError.incompatible("\(address) has schema version \(unknown), unknown to this Newsfold")
        }
        for m in StoreMigration.all where !applied.contains(m.name) {
            try database.writeBlocking { s in
                for statement in m.postgres { try s.execute(statement) }
                try s.execute(
                    "INSERT INTO newsfold_migration(name, applied_at) VALUES (?, ?)", [.text(m.name), .text(nowISO8601())])
            }
        }
    }

    // MARK: - Writing

    /// See ``StoryStore/prepare(_:provenance:)``: fingerprinted with this store's copy-group
    /// settings, tokenised for provenance only for ``ProvenanceTiming/now``.
    public func prepare(_ article: Article, provenance: ProvenanceTiming) -> PreparedArticle {
        PreparedArticle(article, fingerprinter: state.fingerprinter, tokenised: provenance == .now)
    }

    /// On PostgreSQL: one transaction on the writer connection. Throws ``StoreError/locked(_:)``
    /// when opened read-only.
    public func ingest(_ batch: [PreparedArticle]) async throws -> [Result<IngestResult, StoreError>] {
        try checkWritable()
        return try await state.ingest(batch, into: database)
    }

    /// On PostgreSQL: one transaction on the writer connection; the caller's thread waits. Throws
    /// ``StoreError/locked(_:)`` when opened read-only.
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
        guard !readOnly else { throw StoreError.locked("\(address) was opened read-only") }
    }

    // MARK: - Reading

    /// On PostgreSQL: one repeatable-read transaction on a reader connection.
    public func article(id: String) async throws -> StoredArticle? {
        try await state.article(id: id, in: database)
    }

    /// On PostgreSQL: one repeatable-read transaction on a reader connection; `limit` is held to
    /// 1 ... 500. Throws ``StoreError/invalid(_:)`` for a malformed cursor.
    public func stories(since: NewsDate?, limit: Int, cursor: String?) async throws -> StoriesPage {
        try await state.stories(since: since, limit: limit, cursor: cursor, in: database)
    }

    /// On PostgreSQL: the summary is read first; the detail comes from the store's cache while
    /// the summary is unchanged, else from one repeatable-read transaction that concurrent
    /// readers share.
    public func story(id: Int) async throws -> StoryDetail? {
        try await state.story(id: id, in: database)
    }

    /// See ``StoryStore/analyseStoriesBehind(limit:)``; 0 at once when opened read-only.
    public func analyseStoriesBehind(limit: Int) async throws -> Int {
        guard !readOnly else { return 0 }
        return try await state.analyseBehind(limit: limit, in: database)
    }

    /// Every word required (`plainto_tsquery`: plain text, where nothing is an operator, cut
    /// into words by the same parser as the index, so that `U.S.` finds `U.S.`), best first by
    /// `ts_rank`; the snippet is `ts_headline` with matches in `[` `]`.
    public func search(_ query: String, limit: Int) async throws -> [SearchHit] {
        guard !StoreSearch.words(query).isEmpty else { return [] }
        let text = String(query.unicodeScalars.prefix(1024))
        let limit = max(1, min(limit, 200))
        return try await database.read { s in
            try StoreSearch.hits(
                try s.rows(
                    """
                    SELECT a.id, a.story, a.group_id, a.title, coalesce(a.site, a.domain), a.published,
                        ts_headline('simple', a.body, q,
                            'StartSel=[, StopSel=], MaxWords=16, MinWords=8, ShortWord=0, MaxFragments=1, FragmentDelimiter=…')
                    FROM article a, plainto_tsquery('simple', ?) q
                    WHERE a.search @@ q ORDER BY ts_rank(a.search, q) DESC, a.seq LIMIT ?
                    """, [.text(text), .integer(Int64(limit))]))
        }
    }

    /// On PostgreSQL: the store's own invariants, in one read transaction; unlike
    /// ``SQLiteStore/verify()``, no check of the database files or the search index.
    public func verify() throws -> [String] {
        try database.readBlocking { s in try StoreSchema.invariantProblems(s) }
    }

    /// On PostgreSQL: one repeatable-read transaction on a reader connection.
    public func counts() async throws -> StoreCounts {
        try await state.counts(in: database)
    }

    /// On PostgreSQL: one repeatable-read transaction on a reader connection; the caller's thread
    /// waits.
    public func snapshotBlocking() throws -> StoreSnapshot {
        try state.snapshot(in: database)
    }

    /// On PostgreSQL: one repeatable-read transaction on a reader connection.
    public func snapshot() async throws -> StoreSnapshot {
        try await state.snapshot(in: database)
    }
}

/// A parsed `postgres://` address.
struct PostgresAddress {
    var configuration: PostgresConnection.Configuration
    /// The address without the password.
    var display: String

    init(_ address: String) throws {
        func bad(_ why: String) -> StoreError {
            StoreError.invalid(
                "\(why) in the database address: write postgres://user[:password]@host[:port]/database")
        }
        guard let url = URLComponents(string: address), url.scheme == "postgres" || url.scheme == "postgresql" else {
            throw bad("not a postgres:// address")
        }
        let database = String(url.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw bad("no database name") }
        let user = url.user.map { $0.removingPercentEncoding ?? $0 } ?? ProcessInfo.processInfo.environment["USER"] ?? "postgres"
        let password = url.password.map { $0.removingPercentEncoding ?? $0 }
        let port = url.port ?? 5432
        var tls = PostgresConnection.Configuration.TLS.disable
        switch url.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "disable" {
        case "disable": break
        case "prefer": tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case "require": tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case let other: throw bad("sslmode \(other) is not one of disable, prefer, require")
        }
        if let host = url.host, !host.isEmpty {
            configuration = PostgresConnection.Configuration(
                host: host, port: port, username: user, password: password, database: database, tls: tls)
            display = "postgres://\(user)@\(host):\(port)/\(database)"
        } else {
            configuration = PostgresConnection.Configuration(
                unixSocketPath: "/var/run/postgresql/.s.PGSQL.\(port)", username: user, password: password,
                database: database)
            display = "postgres://\(user)@/\(database)"
        }
    }
}
