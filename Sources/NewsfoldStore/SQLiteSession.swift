import Foundation
import GRDB
import NewsfoldCore
import NewsfoldIO

/// GRDB's pool as an ``SQLDatabase``: WAL readers in parallel, one writer.
struct SQLiteDatabase: SQLDatabase {
    let pool: DatabasePool

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await pool.read { db in try body(SQLiteSession(db)) }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T {
        try await pool.write { db in try body(SQLiteSession(db)) }
    }

    func readBlocking<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try pool.read { db in try body(SQLiteSession(db)) }
    }

    func writeBlocking<T>(_ body: (any SQLSession) throws -> T) throws -> T {
        try pool.write { db in try body(SQLiteSession(db)) }
    }
}

/// GRDB's connection as an ``SQLSession``.
struct SQLiteSession: SQLSession {
    let db: Database

    init(_ db: Database) { self.db = db }

    @discardableResult
    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let args = StatementArguments(
            arguments.map { v -> DatabaseValue in
                switch v {
                case .null: return .null
                case .integer(let i): return i.databaseValue
                case .real(let d): return d.databaseValue
                case .text(let s): return s.databaseValue
                case .blob(let b): return Data(b).databaseValue
                }
            })
        let statement = try db.cachedStatement(sql: sql)
        // A cursor's rows are views of the statement: each value is copied once, into the SQLRow.
        let cursor = try Row.fetchCursor(statement, arguments: args)
        let columns = statement.columnNames
        var out: [SQLRow] = []
        while let row = try cursor.next() {
            var values: [SQLValue] = []
            values.reserveCapacity(row.count)
            for v in row.databaseValues {
                switch v.storage {
                case .null: values.append(.null)
                case .int64(let i): values.append(.integer(i))
                case .double(let d): values.append(.real(d))
                case .string(let s): values.append(.text(s))
                case .blob(let d): values.append(.blob([UInt8](d)))
                }
            }
            out.append(SQLRow(values: values, columns: columns))
        }
        return out
    }

    func indexForSearch(seq: Int64, title: String, body: String) throws {
        try db.cachedStatement(sql: "INSERT INTO article_fts(rowid, title, body) VALUES (?, ?, ?)")
            .execute(arguments: [seq, title, body])
    }
}

/// The current time as `2026-11-23T12:00:00Z` (C's `gmtime_r`: no formatter per call).
func nowISO8601() -> String {
    var t = time(nil)
    var parts = tm()
    gmtime_r(&t, &parts)
    func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
        + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
}
