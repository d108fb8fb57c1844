/// A value bound to, or read from, a store's SQL: the few kinds the schema uses. Each database
/// converts it to and from its driver's type, so the store's logic (``StoreState``) is written
/// once for SQLite and PostgreSQL.
///
/// ```swift
/// try session.execute("UPDATE article SET role = ? WHERE id = ?", [SQLValue("original"), SQLValue("002")])
/// ```
enum SQLValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    init(_ v: String?) { self = v.map { .text($0) } ?? .null }
    init(_ v: Int64?) { self = v.map { .integer($0) } ?? .null }
    init(_ v: Int?) { self = v.map { .integer(Int64($0)) } ?? .null }
    init(_ v: Double?) { self = v.map { .real($0) } ?? .null }
}

/// One result row: its values by column position, read with the typed accessors (`nil` for
/// SQL NULL or a value of another kind).
struct SQLRow: Sendable {
    var values: [SQLValue]

    func string(_ i: Int) -> String? {
        if case .text(let s) = values[i] { return s }
        return nil
    }

    func int64(_ i: Int) -> Int64? {
        switch values[i] {
        case .integer(let v): return v
        case .real(let v): return Int64(exactly: v)
        default: return nil
        }
    }

    func int(_ i: Int) -> Int? { int64(i).map { Int($0) } }

    func double(_ i: Int) -> Double? {
        switch values[i] {
        case .real(let v): return v
        case .integer(let v): return Double(v)
        default: return nil
        }
    }

    func bytes(_ i: Int) -> [UInt8]? {
        if case .blob(let b) = values[i] { return b }
        return nil
    }
}

/// One database connection inside a transaction (or a read), as the store's shared logic sees
/// it: statements written with `?` placeholders in the SQL that SQLite and PostgreSQL share,
/// values bound in order. ``SQLiteStore`` and ``PostgresStore`` each provide one.
protocol SQLSession {
    /// Runs one statement, `?` placeholders bound to `arguments` in order; returns its rows.
    @discardableResult
    func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]

    /// Adds an article's title and body to the search index: SQLite's FTS5 table; nothing for
    /// PostgreSQL, whose index is a generated `tsvector` column.
    func indexForSearch(seq: Int64, title: String, body: String) throws
}

extension SQLSession {
    func execute(_ sql: String, _ arguments: [SQLValue] = []) throws {
        try rows(sql, arguments)
    }

    /// The first row, or `nil`.
    func row(_ sql: String, _ arguments: [SQLValue] = []) throws -> SQLRow? {
        try rows(sql, arguments).first
    }

    /// The first column of the first row as an integer, or `nil`.
    func int(_ sql: String, _ arguments: [SQLValue] = []) throws -> Int? {
        try row(sql, arguments)?.int(0)
    }
}

/// Numbers `?` placeholders `$1`, `$2`, ... (PostgreSQL's form), leaving quoted text alone.
func numberedPlaceholders(_ sql: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(sql.utf8.count + 16)
    var n = 0
    var quote: UInt8? = nil
    for b in sql.utf8 {
        if let q = quote {
            if b == q { quote = nil }
            out.append(b)
        } else if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") {
            quote = b
            out.append(b)
        } else if b == UInt8(ascii: "?") {
            n += 1
            out.append(UInt8(ascii: "$"))
            out.append(contentsOf: String(n).utf8)
        } else {
            out.append(b)
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// A database as the store's shared logic uses it: reads and write transactions, each handed
/// one ``SQLSession``, async or blocking. Writes are serial (one writer connection); a thrown
/// error rolls the transaction back.
protocol SQLDatabase: Sendable {
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLSession) throws -> T) async throws -> T
    func readBlocking<T>(_ body: (any SQLSession) throws -> T) throws -> T
    func writeBlocking<T>(_ body: (any SQLSession) throws -> T) throws -> T
}
