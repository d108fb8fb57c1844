import Foundation
import GRDB
import NewsfoldCore
import NewsfoldIO
import NewsfoldStore
import Testing

/// A store settles its stories where `newsfold stories` does, at the end of its input: one
/// `ingest` run holds the batch's stories, reopening replays the settle, and rows that a former
/// model left are rewritten to the engine's stories.
@Suite struct StoreSettleTests {
    private static func march(_ day: Int, _ hour: Int) -> NewsDate {
        NewsDate(year: 2024, month: 3, day: day, hour: hour, minute: 0, second: 0, utcOffsetMinutes: 0)
    }

    /// A report on `site`.example with its two paragraphs.
    private static func report(_ id: String, site: String, _ title: String, _ published: NewsDate, _ paragraphs: [String])
        -> Article
    {
        Article(
            id: id, url: "https://\(site).example/\(id)", title: title, paragraphs: paragraphs, published: published,
            domain: "\(site).example")
    }

    /// Three reports of an earthquake and, five days on, a follow-up in other words that the
    /// single pass leaves alone and the settle repairs. In publication order.
    static let articles: [Article] = [
        report(
            "q1", site: "one", "Strong earthquake shakes central Chile", march(4, 9),
            [
                "A magnitude 6.1 earthquake struck near Santiago, Chile, on Monday, killing 12 people and cutting power to thousands of homes.",
                "Chilean President Gabriel Boric said rescue teams were searching collapsed buildings in Valparaiso.",
            ]),
        report(
            "q2", site: "two", "Chile quake kills 12, Boric says", march(4, 15),
            [
                "Rescuers in Valparaiso dug through rubble after the 6.1 quake that hit near Santiago.",
                "Boric told reporters that 12 people had died in Chile and that power was returning.",
            ]),
        report(
            "q3", site: "three", "Santiago counts the cost of Monday's quake", march(5, 10),
            [
                "Shops in Santiago reopened on Tuesday after the earthquake that killed 12 people in Chile.",
                "Engineers inspected bridges near Valparaiso, and Boric promised money for repairs.",
            ]),
        report(
            "inquiry", site: "four", "Inquiry into collapsed apartment blocks", march(10, 9),
            [
                "Prosecutors opened an inquiry into the builders of apartment blocks in Valparaiso that collapsed last week.",
                "Families would be rehoused before winter, the housing minister said.",
            ]),
    ]

    /// Ingests `articles` in two batches through an ``IngestWriter``, as `newsfold ingest` does:
    /// provenance deferred, then refreshed; the last batch settles when `settle`.
    static func ingest(_ articles: [Article], into store: any StoryStore, settle: Bool) throws {
        let prepared = articles.map { store.prepare($0, provenance: .deferred) }
        let writer = IngestWriter(store: store)
        let half = prepared.count / 2
        for done in [
            writer.submit(Array(prepared[..<half]), provenance: .deferred),
            writer.submit(Array(prepared[half...]), provenance: .deferred, settle: settle), writer.finish(),
        ] {
            if let done { for r in try done.outcome.get() { _ = try r.get() } }
        }
        _ = try store.refreshProvenanceBlocking([])
    }

    private static func partition(_ store: any StoryStore) throws -> Set<Set<String>> {
        Set(try store.snapshotBlocking().stories.map { Set($0.articles) })
    }

    /// Each story's id with its articles.
    private static func stories(_ store: any StoryStore) throws -> [Int: Set<String>] {
        Dictionary(uniqueKeysWithValues: try store.snapshotBlocking().stories.map { ($0.id, Set($0.articles)) })
    }

    @Test(arguments: StoreKind.available)
    func oneIngestRunHoldsTheBatchStoriesAndReopeningReplaysTheSettle(_ kind: StoreKind) throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        let batch = try Fixtures.batch(Self.articles)
        #expect(batch.stories.contains(["q1", "q2", "q3", "inquiry"]), "the batch settles the follow-up in")
        var settled: [Int: Set<String>] = [:]
        do {
            let store = try db.open()
            try Self.ingest(Self.articles, into: store, settle: true)
            settled = try Self.stories(store)
            #expect(Set(settled.values) == batch.stories)
            #expect(try store.verify() == [])
        }
        // Reopened: the replay settles where the run did, so nothing moves (the same stories
        // under the same ids). The same run again adds nothing and settles nothing more; the
        // next article lands in the story the settled engine gives.
        let reopened = try db.open()
        #expect(try Self.stories(reopened) == settled)
        try Self.ingest(Self.articles, into: reopened, settle: true)
        #expect(try Self.stories(reopened) == settled)
        var late = try #require(Self.articles.first { $0.id == "q2" })
        late.id = "q2-again"
        late.url = "https://five.example/q2"
        late.domain = "five.example"
        let r = try reopened.ingestBlocking([reopened.prepare(late)])[0].get()
        let inquiry = try #require(try reopened.snapshotBlocking().stories.first { $0.articles.contains("inquiry") })
        #expect(r.story == inquiry.id)
        #expect(try reopened.verify() == [])
    }

    /// A settling story larger than a fragment is repaired in a store as in the batch. Here
    /// the follow-up counts as larger (no story is a fragment: `repairMaxArticles` 0) and
    /// proposes at the story bar, lowered to the fragments' so that this small fixture reaches
    /// it; with the story bar at 0 nothing proposes. A store places with the settings it is
    /// opened with, and a writer opened with others rewrites the rows that differ.
    @Test(arguments: StoreKind.available)
    func aLargerStoryRepairedAtTheSettleIsRepairedInTheStoreToo(_ kind: StoreKind) throws {
        var apart = StorySettings()
        apart.repairMaxArticles = 0
        apart.repairStoryThreshold = 0
        var repairing = apart
        repairing.repairStoryThreshold = repairing.repairThreshold
        let batchApart = try Fixtures.batch(Self.articles, settings: apart).stories
        let batchRepaired = try Fixtures.batch(Self.articles, settings: repairing).stories
        #expect(batchApart == [["q1", "q2", "q3"], ["inquiry"]], "nothing proposes")
        #expect(batchRepaired == [["q1", "q2", "q3", "inquiry"]], "the larger-story repair joins the follow-up")
        for (settings, batch) in [(apart, batchApart), (repairing, batchRepaired)] {
            let db = try TestDatabase(kind)
            defer { db.remove() }
            var settled: [Int: Set<String>] = [:]
            do {
                let store = try openStore(db.address, stories: settings)
                try Self.ingest(Self.articles, into: store, settle: true)
                settled = try Self.stories(store)
                #expect(Set(settled.values) == batch)
                #expect(try store.verify() == [])
            }
            // Reopened with the same settings, the replay repairs the same way: nothing moves.
            #expect(try Self.stories(openStore(db.address, stories: settings)) == settled)
            if settings == repairing {
                let other = try openStore(db.address, stories: apart)
                #expect(try Self.partition(other) == batchApart, "reopened with other settings: rows rewritten")
                #expect(try other.verify() == [])
            }
        }
    }

    @Test(arguments: StoreKind.available)
    func withoutTheSettleTheFollowUpStaysApart(_ kind: StoreKind) throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        let store = try db.open()
        try Self.ingest(Self.articles, into: store, settle: false)
        let stories = try Self.partition(store)
        #expect(stories.contains(["q1", "q2", "q3"]) && stories.contains(["inquiry"]))
    }

    /// Rows a former version of the story model wrote (here: a settle the store no longer
    /// knows of, and an article moved to a story of its own) are rewritten when a writer opens,
    /// to the stories the engine gives, with their summaries analysed again.
    @Test func rowsFromAFormerModelAreRewrittenOnOpen() async throws {
        let db = try TestDatabase(.sqlite)
        defer { db.remove() }
        var settled: Set<Set<String>> = []
        do {
            let store = try db.open()
            try Self.ingest(Self.articles, into: store, settle: true)
            settled = try Self.partition(store)
        }
        let pool = try DatabasePool(path: db.address)
        try await pool.write { d in
            try d.execute(sql: "DELETE FROM story_settle")
            try d.execute(sql: "UPDATE article SET story = 999 WHERE id = 'q3'")
        }
        try pool.close()
        let store = try db.open()
        let stories = try Self.partition(store)
        // Replayed without the settle: the follow-up is alone again, and q3 back with its reports.
        #expect(stories.contains(["q1", "q2", "q3"]) && stories.contains(["inquiry"]))
        #expect(settled == [["q1", "q2", "q3", "inquiry"]])
        #expect(try store.verify() == [])
        let listed = try await store.stories(since: nil, limit: 500, cursor: nil).stories
        let alone = try #require(listed.first { $0.title == "Inquiry into collapsed apartment blocks" })
        #expect(alone.articles == 1)
        #expect(listed.first { $0.title == "Strong earthquake shakes central Chile" }?.articles == 3)
    }

    /// The commands: `newsfold ingest` (in batches smaller than the input) then `stories --db`
    /// give the stories `newsfold stories` gives on the same file, the settle included.
    @Test func theIngestCommandHoldsTheStoriesOfTheStoriesCommand() throws {
        let bin = try newsfoldBinary()
        let db = try TestDatabase(.sqlite)
        defer { db.remove() }
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("articles.jsonl")
        var w = JSONWriter()
        for a in Self.articles {
            ArticleJSON.write(a, to: &w)
            w.bytes.append(UInt8(ascii: "\n"))
        }
        try Data(w.bytes).write(to: input)
        func stories(_ arguments: [String]) throws -> Set<Set<String>> {
            let p = Process()
            p.executableURL = bin
            p.arguments = arguments
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "\(arguments)")
            var members: [Int: Set<String>] = [:]
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                let v = try JSONValue.parse(Array(line.utf8))
                guard let id = v["id"]?.string, let story = v["story"]?.stringOrNumber.flatMap({ Int($0) }) else { continue }
                members[story, default: []].insert(id)
            }
            return Set(members.values)
        }
        let batch = try stories(["stories", "--format", "jsonl", "--quiet", input.path])
        #expect(batch == [["q1", "q2", "q3", "inquiry"]])
        // Batches of 2: the input ends with a full batch, so the run settles in an empty one.
        _ = try stories(["ingest", "--db", db.address, "--batch-size", "2", "--workers", "1", "--quiet", input.path])
        #expect(try stories(["stories", "--db", db.address, "--format", "jsonl", "--quiet"]) == batch)
        // Run again (the documented resume): nothing stored, nothing moves.
        _ = try stories(["ingest", "--db", db.address, "--batch-size", "2", "--workers", "1", "--quiet", input.path])
        #expect(try stories(["stories", "--db", db.address, "--format", "jsonl", "--quiet"]) == batch)
    }
}
