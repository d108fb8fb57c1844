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

/// One result row: its values by column position, decoded with typed accessors that fail
/// loudly. A column the schema declares `NOT NULL` is read with ``text(_:)``,
/// ``integer(_:)`` or ``blob(_:)``; a nullable one with ``optionalText(_:)``,
/// ``optionalInteger(_:)`` or ``optionalReal(_:)``. A NULL where the schema forbids one, or a
/// value of another kind (a schema drift, a file edited by hand), throws
/// ``StoreError/corrupt(_:)`` naming the column, instead of becoming `""` or `0`.
///
/// ```swift
/// let row = try session.row("SELECT id, published FROM article WHERE seq = ?", [SQLValue(1)])!
/// let id = try row.text(0)                   // NOT NULL: throws on NULL
/// let published = try row.optionalText(1)    // nullable
/// ```
struct SQLRow: Sendable {
    var values: [SQLValue]
    /// The statement's column names (shared by its rows), for error messages.
    var columns: [String] = []

    /// Column `i`, which may not be NULL, as text.
    func text(_ i: Int) throws -> String {
        guard let v = try optionalText(i) else { throw missing(i, "text") }
        return v
    }

    /// Column `i` as text, `nil` for NULL.
    func optionalText(_ i: Int) throws -> String? {
        switch values[i] {
        case .null: return nil
        case .text(let s): return s
        default: throw mistyped(i, "text")
        }
    }

    /// Column `i`, which may not be NULL, as an integer.
    func integer(_ i: Int) throws -> Int64 {
        guard let v = try optionalInteger(i) else { throw missing(i, "an integer") }
        return v
    }

    /// Column `i` as an integer, `nil` for NULL (a whole real, as PostgreSQL's `count` over
    /// some drivers gives, is accepted).
    func optionalInteger(_ i: Int) throws -> Int64? {
        switch values[i] {
        case .null: return nil
        case .integer(let v): return v
        case .real(let v):
            guard let whole = Int64(exactly: v) else { throw mistyped(i, "an integer") }
            return whole
        default: throw mistyped(i, "an integer")
        }
    }

    /// Column `i`, which may not be NULL, as an `Int`.
    func int(_ i: Int) throws -> Int { Int(try integer(i)) }

    /// Column `i` as an `Int`, `nil` for NULL.
    func optionalInt(_ i: Int) throws -> Int? { try optionalInteger(i).map { Int($0) } }

    /// Column `i` as a real number, `nil` for NULL.
    func optionalReal(_ i: Int) throws -> Double? {
        switch values[i] {
        case .null: return nil
        case .real(let v): return v
        case .integer(let v): return Double(v)
        default: throw mistyped(i, "a number")
        }
    }

    /// Column `i`, which may not be NULL, as bytes.
    func blob(_ i: Int) throws -> [UInt8] {
        switch values[i] {
        case .blob(let b): return b
        case .null: throw missing(i, "bytes")
        default: throw mistyped(i, "bytes")
        }
    }

    private func name(_ i: Int) -> String { i < columns.count ? "column \(columns[i])" : "column \(i + 1)" }

    private func missing(_ i: Int, _ kind: String) -> StoreError {
        .corrupt(
            "\(name(i)) is NULL where the store always writes \(kind): the store is damaged; rebuild it from the "
                + "pages with `newsfold ingest`")
    }

    private func mistyped(_ i: Int, _ kind: String) -> StoreError {
        .corrupt("\(name(i)) holds \(values[i].kind) where the store writes \(kind): the database was changed by "
            + "something else than Newsfold, or by another version of it")
    }
}

extension SQLValue {
    /// The kind of value, for messages.
    var kind: String {
        switch self {
        case .null: return "NULL"
        case .integer: return "an integer"
        case .real: return "a real number"
        case .text: return "text"
        case .blob: return "bytes"
        }
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

    /// The first column of the first row as an integer, `nil` when there is no row or it is
    /// NULL.
    func int(_ sql: String, _ arguments: [SQLValue] = []) throws -> Int? {
        try row(sql, arguments)?.optionalInt(0)
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
