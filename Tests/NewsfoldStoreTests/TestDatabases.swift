import Foundation
import NewsfoldStore
import PostgresNIO
import Testing

/// The databases the store tests run against: SQLite always; PostgreSQL too when
/// `NEWSFOLD_TEST_POSTGRES_URL` names a server and a role that may create databases
/// (`.ci/run` starts one and sets it). Pass ``available`` to `@Test(arguments:)`.
enum StoreKind: String, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// `[.sqlite, .postgres]`, or `[.sqlite]` with a loud note on standard error.
    static let available: [StoreKind] = {
        if TestDatabase.postgresURL != nil { return [.sqlite, .postgres] }
        FileHandle.standardError.write(
            Data(
                """
                ************************************************************************
                NOTE: PostgreSQL store tests SKIPPED: NEWSFOLD_TEST_POSTGRES_URL is not set.
                Set it to postgres://user:password@host/db (a role with CREATEDB) to run them.
                ************************************************************************

                """.utf8))
        return [.sqlite]
    }()
}

/// A fresh, empty store location for one test: a file in a temporary directory, or a new
/// PostgreSQL database; ``remove()`` deletes it.
struct TestDatabase: Sendable {
    static let postgresURL: String? = {
        let url = ProcessInfo.processInfo.environment["NEWSFOLD_TEST_POSTGRES_URL"] ?? ""
        return url.isEmpty ? nil : url
    }()

    let kind: StoreKind
    /// What `openStore` and `--db` take.
    let address: String
    private let directory: URL?
    private let name: String?

    init(_ kind: StoreKind) throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let dir = try Fixtures.temporaryDirectory()
            directory = dir
            name = nil
            address = dir.appendingPathComponent("s.sqlite").path
        case .postgres:
            let base = try #require(Self.postgresURL)
            let db = "newsfold_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try Self.admin(base, "CREATE DATABASE \(db)")
            var url = try #require(URLComponents(string: base))
            url.path = "/" + db
            directory = nil
            name = db
            address = try #require(url.string)
        }
    }

    /// Opens the store (a writer unless `readOnly`).
    func open(readOnly: Bool = false) throws -> any StoryStore {
        try openStore(address, readOnly: readOnly)
    }

    /// A second location of the same kind beside this one (for comparing two runs).
    func sibling() throws -> TestDatabase {
        switch kind {
        case .sqlite:
            let path = try #require(directory).appendingPathComponent("other-\(UUID().uuidString).sqlite").path
            return TestDatabase(kind: kind, address: path, directory: nil, name: nil)
        case .postgres: return try TestDatabase(.postgres)
        }
    }

    private init(kind: StoreKind, address: String, directory: URL?, name: String?) {
        self.kind = kind
        self.address = address
        self.directory = directory
        self.name = name
    }

    func remove() {
        if let directory { try? FileManager.default.removeItem(at: directory) }
        if let name, let base = Self.postgresURL { try? Self.admin(base, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    /// Runs one statement on the server's database named in `base`.
    private static func admin(_ base: String, _ sql: String) throws {
        let url = try #require(URLComponents(string: base))
        let config = PostgresConnection.Configuration(
            host: url.host ?? "127.0.0.1", port: url.port ?? 5432, username: url.user ?? "postgres",
            password: url.password, database: String(url.path.dropFirst()), tls: .disable)
        let logger = Logger(label: "newsfold-test-postgres")
        let connection = try PostgresConnection.connect(
            on: PostgresConnection.defaultEventLoopGroup.next(), configuration: config, id: 1, logger: logger
        ).wait()
        defer { try? connection.close().wait() }
        _ = try connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).wait()
    }
}
