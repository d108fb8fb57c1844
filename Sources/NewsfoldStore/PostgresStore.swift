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
    /// a store (read-only) or one another process is writing to.
    public init(address: String, readOnly: Bool = false, parameters: DedupParameters? = nil) throws {
        let target = try PostgresAddress(address)
        self.address = target.display
        self.readOnly = readOnly
        database = try PostgresConnections(target, writer: !readOnly)
        state = StoreState(engine: StoreEngine(parameters: parameters))
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

    /// See ``StoryStore/planIngest(_:provenance:)``.
    public func planIngest(_ batch: [PreparedArticle], provenance: ProvenanceTiming) -> IngestPlan {
        state.plan(batch, provenance: provenance)
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

/// The store's connections as an ``SQLDatabase``: writes on one connection, one transaction
/// at a time on a serial queue (so the advisory lock it holds stays with it); reads on up to
/// ``maxReaders`` others, each serial, a read taking an idle one, or opening one more when all
/// are busy: a long read (a large story page) does not hold up the others (`/healthz`). The
/// blocking calls wait on postgres-nio's futures from these queues' threads, never from an
/// event loop or the async pool.
final class PostgresConnections: SQLDatabase {
    /// Reader connections at most: enough that a few slow reads leave one free; a store opens
    /// the second and later ones only when its reads overlap.
    static let maxReaders = 4

    private let address: PostgresAddress
    private let writer: PostgresConnection?
    private let writes = DispatchQueue(label: "newsfold.postgres.write")
    private let readers: Mutex<ReaderPool>
    private let logger: Logger

    /// A reader connection and the serial queue its reads run on.
    private struct Reader: Sendable {
        let connection: PostgresConnection
        let queue: DispatchQueue
    }

    /// The readers, which of them have no read under way, and where a read goes when every
    /// reader is busy and no more may be opened (it queues there).
    private struct ReaderPool {
        var readers: [Reader]
        var idle: [Int]
        var turn = 0
        /// Readers being opened (counted against ``maxReaders``).
        var opening = 0
    }

    /// Where one read runs.
    private enum ReaderChoice {
        /// An idle reader, taken until the read ends.
        case idle(Int)
        /// A busy reader (the read queues behind the one under way).
        case busy(Int)
        /// A new reader, to open on its own queue.
        case open
    }

    init(_ address: PostgresAddress, writer: Bool) throws {
        self.address = address
        let logger = Logger(label: "newsfold.postgres")
        self.logger = logger
        let writerConnection = writer ? try Self.connect(address, id: 1, logger: logger) : nil
        let reader: PostgresConnection
        do {
            reader = try Self.connect(address, id: 2, logger: logger)
        } catch {
            writerConnection.map(Self.close)
            throw error
        }
        self.writer = writerConnection
        readers = Mutex(
            ReaderPool(readers: [Reader(connection: reader, queue: DispatchQueue(label: "newsfold.postgres.read.0"))], idle: [0]))
    }

    private static func connect(_ address: PostgresAddress, id: Int, logger: Logger) throws -> PostgresConnection {
        do {
            return try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.next(), configuration: address.configuration, id: id,
                logger: logger
            ).wait()
        } catch {
            throw StoreError.unavailable("cannot connect to \(address.display): \(String(reflecting: error))")
        }
    }

    /// Closes a connection and waits for it (a writer's close releases the writer lock),
    /// except on an event loop.
    private static func close(_ connection: PostgresConnection) {
        let closed: EventLoopFuture<Void> = connection.close()
        if !connection.eventLoop.inEventLoop { try? closed.wait() }
    }

    deinit {
        writer.map(Self.close)
        for r in readers.withLock({ $0.readers }) { Self.close(r.connection) }
    }

    private func transaction<T>(_ connection: PostgresConnection, begin: String, _ body: (any SQLSession) throws -> T)
        throws -> T
    {
        let session = PostgresSession(connection: connection, logger: logger)
        try session.execute(begin)
        do {
            let value = try body(session)
            try session.execute("COMMIT")
            return value
        } catch {
            _ = try? session.execute("ROLLBACK")
            throw error
        }
    }

    private static let readOnly = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

    private func writerConnection() throws -> PostgresConnection {
        guard let writer else { throw StoreError.locked("the store was opened read-only") }
        return writer
    }

    /// An idle reader, else a new one when fewer than ``maxReaders`` are open, else the next
    /// busy one in turn.
    private func chooseReader() -> ReaderChoice {
        readers.withLock { pool in
            if let i = pool.idle.popLast() { return .idle(i) }
            if pool.readers.count + pool.opening < Self.maxReaders {
                pool.opening += 1
                return .open
            }
            pool.turn += 1
            return .busy(pool.turn % pool.readers.count)
        }
    }

    /// The reader a choice names, with its queue; a new one is opened here (on the caller's
    /// queue) and joins the pool, or, when it cannot be opened, the read goes to the first.
    private func reader(_ choice: ReaderChoice, queue: DispatchQueue) -> (index: Int, taken: Bool) {
        switch choice {
        case .idle(let i): return (i, true)
        case .busy(let i): return (i, false)
        case .open:
            let id = 3 + readers.withLock { $0.readers.count }
            let connection = try? Self.connect(address, id: id, logger: logger)
            return readers.withLock { pool in
                pool.opening -= 1
                guard let connection else { return (0, false) }
                pool.readers.append(Reader(connection: connection, queue: queue))
                return (pool.readers.count - 1, true)
            }
        }
    }

    /// The queue a read runs on: its reader's, or a new one for a reader to open.
    private func queue(for choice: ReaderChoice) -> DispatchQueue {
        switch choice {
        case .idle(let i), .busy(let i): return readers.withLock { $0.readers[i].queue }
        case .open: return DispatchQueue(label: "newsfold.postgres.read")
        }
    }

    /// One read transaction, on the queue of `choice` (the caller is on it).
    private func read<T>(_ choice: ReaderChoice, on queue: DispatchQueue, _ body: (any SQLSession) throws -> T) throws -> T {
        let r = reader(choice, queue: queue)
        defer { if r.taken { readers.withLock { $0.idle.append(r.index) } } }
        let connection = readers.withLock { $0.readers[r.index].connection }
        return try transaction(connection, begin: Self.readOnly, body)
    }

    func readBlocking<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        let choice = chooseReader()
        let queue = queue(for: choice)
        return try queue.sync { try read(choice, on: queue, body) }
    }

    func writeBlocking<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        let connection = try writerConnection()
        return try writes.sync { try transaction(connection, begin: "BEGIN", body) }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        let choice = chooseReader()
        let queue = queue(for: choice)
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try self.read(choice, on: queue, body) }) }
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        let connection = try writerConnection()
        return try await withCheckedThrowingContinuation { continuation in
            writes.async {
                continuation.resume(with: Result { try self.transaction(connection, begin: "BEGIN", body) })
            }
        }
    }
}

/// One postgres-nio connection as an ``SQLSession``: `?` placeholders become `$1`, `$2`, ...;
/// values travel as binds (never in the SQL text).
struct PostgresSession: SQLSession {
    let connection: PostgresConnection
    let logger: Logger

    @discardableResult
    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        var binds = PostgresBindings(capacity: arguments.count)
        for a in arguments {
            switch a {
            case .null: binds.appendNull()
            case .integer(let v): binds.append(v)
            case .real(let v): binds.append(v)
            case .text(let v): binds.append(v)
            case .blob(let v): binds.append(ByteBuffer(bytes: v))
            }
        }
        let query = PostgresQuery(unsafeSQL: numberedPlaceholders(sql), binds: binds)
        let result: PostgresQueryResult = try connection.query(query, logger: logger).wait()
        var columns: [String] = []
        return try result.map { row in
            if columns.isEmpty { columns = row.map(\.columnName) }
            return SQLRow(values: try row.map(Self.value), columns: columns)
        }
    }

    private static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .bytea:
            var buffer = try cell.decode(ByteBuffer.self)
            return .blob(buffer.readBytes(length: buffer.readableBytes) ?? [])
        default: return .text(try cell.decode(String.self))
        }
    }

    func indexForSearch(seq: Int64, title: String, body: String) throws {
        // The `search` column is generated by the database from title and body.
    }
}
