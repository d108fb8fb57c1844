import Foundation
import GRDB
import Hummingbird
import NewsfoldStore
import Testing

@testable import NewsfoldServer

@Suite struct StoreErrorTests {
    /// Each kind of store error has one HTTP status, what a client can act on: its own
    /// mistake (400), a state it can wait out or work around (409, 503), or ours (500).
    @Test func eachKindHasItsStatus() {
        let cases: [(StoreError, HTTPResponse.Status)] = [
            (.invalid("bad cursor"), .badRequest),
            (.conflict("id taken"), .conflict),
            (.locked("another writer"), .conflict),
            (.unavailable("connection refused"), .serviceUnavailable),
            (.corrupt("missing row"), .internalServerError),
            (.incompatible("newer schema"), .internalServerError),
        ]
        for (error, status) in cases {
            let api = APIError.from(error)
            #expect(api.status == status, "\(error)")
            #expect(api.message == error.description)
        }
    }

    /// A database a newer Newsfold migrated (a migration this version does not know) is
    /// refused by writers and readers, as PostgreSQL stores are.
    @Test func aSQLiteStoreFromANewerVersionIsRefused() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("s.sqlite").path
        do { _ = try SQLiteStore(path: path) }
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99-from-the-future')") }
        try queue.close()
        for readOnly in [false, true] {
            #expect(throws: StoreError.incompatible("\(path) has schema version v99-from-the-future, unknown to this Newsfold")) {
                _ = try SQLiteStore(path: path, readOnly: readOnly)
            }
        }
    }

    /// A store a writer holds is `locked`, not a bad request.
    @Test func aSecondWriterIsToldTheStoreIsLocked() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("s.sqlite").path
        let first = try SQLiteStore(path: path)
        #expect {
            _ = try SQLiteStore(path: path)
        } throws: { error in
            guard case StoreError.locked(let why) = error else { return false }
            return why.contains("is being written by another process")
        }
        withExtendedLifetime(first) {}
    }

    /// A row that the schema says cannot be what it is (a value of another kind, written by
    /// something else than Newsfold) is reported as corruption naming the column, not read
    /// as `""` or `0`.
    @Test func aDriftedRowIsCorruptionNamingTheColumn() async throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("s.sqlite").path
        let seeds = try Fixtures.seeds()
        do {
            let store = try SQLiteStore(path: path)
            for a in seeds { _ = try await store.ingest(a) }
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "UPDATE article SET similarity = 'high' WHERE id = ?", arguments: [seeds[0].id])
        }
        try queue.close()
        let store = try SQLiteStore(path: path, readOnly: true)
        await #expect {
            _ = try await store.article(id: seeds[0].id)
        } throws: { error in
            guard case StoreError.corrupt(let why) = error else { return false }
            return why.contains("column similarity holds text")
        }
        // The other articles read as before.
        #expect(try await store.article(id: seeds[1].id)?.article.id == seeds[1].id)
    }

    /// A stored report that cannot be read is corruption naming the story (the other reads
    /// go on), and a report left without its story is one of `verify`'s problems.
    @Test func aDamagedStoredReportIsNamedAndAStrayOneIsFound() async throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("s.sqlite").path
        let seeds = try Fixtures.seeds()
        var story = 0
        do {
            let store = try SQLiteStore(path: path)
            for a in seeds { story = try await store.ingest(a).story }
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { [story] db in
            try db.execute(sql: "UPDATE story_report SET report = '{\"groups\": 3}' WHERE story = ?", arguments: [story])
            try db.execute(sql: "INSERT INTO story_report(story, report) VALUES (999999, '{}')")
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        await #expect {
            _ = try await store.story(id: story)
        } throws: { error in
            guard case StoreError.corrupt(let why) = error else { return false }
            return why.contains("stored provenance report of story \(story)")
        }
        #expect(try await store.article(id: seeds[0].id) != nil)
        #expect(try store.verify() == ["1 stored provenance reports belong to no story"])
    }

    /// A link to a story that is not there is a problem `verify` names; a writer opening the
    /// store rewrites the links to the engine's, and the problem is gone.
    @Test func aDanglingStoryLinkIsReportedThenRewrittenOnOpen() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.sqlite").path
        do {
            let store = try SQLiteStore(path: path)
            for a in try Fixtures.seeds() { _ = try store.ingestBlocking([store.prepare(a)])[0].get() }
        }
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO story_link(story, continues, similarity) VALUES (999998, 999999, 0.5)")
        }
        try queue.close()
        #expect(try SQLiteStore(path: path, readOnly: true).verify() == ["1 story links name a missing story or their own"])
        #expect(try SQLiteStore(path: path).verify() == [])
    }
}

