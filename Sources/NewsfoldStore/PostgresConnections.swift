import Foundation
import Logging
import NewsfoldCore
import PostgresNIO
import Synchronization

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
