import Foundation
import NewsfoldCore
import NewsfoldExtract
import NewsfoldStore
import Testing

@Suite struct StoreTests {
    @Test func seedsRoundTripWithGroupsStoriesAndProvenance() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.sqlite").path
        let seeds = try Fixtures.seeds()
        let batch = try Fixtures.batch(seeds)
        do {
            let store = try SQLiteStore(path: path)
            var results: [String: IngestResult] = [:]
            for a in seeds { results[a.id] = try await store.ingest(a) }

            // The same copy groups and stories as the batch pipeline (same core).
            var stored: [String: StoredArticle] = [:]
            for a in seeds {
                let s: StoredArticle = try #require(try await store.article(id: a.id))
                stored[a.id] = s
            }
            #expect(stored.mapValues(\.group) == batch.groups)
            let stories = Dictionary(grouping: seeds.map(\.id), by: { stored[$0]!.story }).values.map(Set.init)
            #expect(Set(stories) == batch.stories)
            // The seeds' facts: 000 copies 002; one story; 003 alone in its group.
            let s000 = try #require(stored["000"]), s002 = try #require(stored["002"])
            #expect(s000.group == s002.group)
            #expect(Set(results.values.map(\.story)).count == 1)
            #expect(stored["003"]?.group == "003")
            // Round trip: the stored article is the extracted one.
            #expect(stored["001"]?.article == seeds.first { $0.id == "001" })
            // Provenance written on ingest: 002 the original, 000 flagged.
            #expect(s002.role == .original)
            #expect(s000.flagKinds.contains("injected-text"))
            #expect(s000.flagKinds.contains("date-anomaly"))
            #expect(results["000"]?.flags.contains { $0.text.contains("PredictIQ") } == true)
            let story = try #require(try await store.story(id: s000.story))
            #expect(story.summary.articles == 5)
            #expect(story.summary.sources == Set(batch.groups.values).count)
            #expect(story.summary.flags.contains("injected-text"))
            #expect(story.report.group(of: "000")?.original == "002")
            let counts = try await store.counts()
            #expect(counts == StoreCounts(articles: 5, stories: 1))
        }
        // Reopen: the engine is rebuilt by replay and the next article lands as before.
        let reopened = try SQLiteStore(path: path)
        var again = try #require(seeds.first { $0.id == "002" })
        again.id = "002-again"
        again.url = "https://elsewhere.example/kim-putin"
        again.site = "Elsewhere"
        let r = try await reopened.ingest(again)
        #expect(!r.alreadyStored)
        let original = try #require(try await reopened.article(id: "002"))
        #expect(r.group == original.group)
        #expect(r.story == original.story)
        #expect(try await reopened.counts() == StoreCounts(articles: 6, stories: 1))
    }

    @Test func reingestStoresOnceAndConflictsAreRefused() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.sqlite").path)
        let a = Fixtures.generated(count: 1, events: 1)[0]
        let first = try await store.ingest(a)
        #expect(!first.alreadyStored)
        let second = try await store.ingest(a)
        #expect(second.alreadyStored)
        #expect(second.id == first.id && second.story == first.story && second.group == first.group)
        // The same content under another id is the same page: stored once, under the first id.
        var renamed = a
        renamed.id = "other-id"
        let third = try await store.ingest(renamed)
        #expect(third.alreadyStored && third.id == a.id)
        // The same id with other content is refused, and names the id.
        var changed = a
        changed.paragraphs.append("A new paragraph.")
        await #expect(throws: StoreError.self) { try await store.ingest(changed) }
        #expect(try await store.counts().articles == 1)
        #expect(try await store.article(id: "other-id") == nil)
    }

    @Test func replayAfterReopenMatchesOneUninterruptedRun() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let articles = Fixtures.generated(count: 90, events: 7)
        let onePath = dir.appendingPathComponent("one.sqlite").path
        let splitPath = dir.appendingPathComponent("split.sqlite").path
        let one = try SQLiteStore(path: onePath)
        for a in articles { _ = try await one.ingest(a) }
        do {
            let first = try SQLiteStore(path: splitPath)
            for a in articles.prefix(40) { _ = try await first.ingest(a) }
        }
        let second = try SQLiteStore(path: splitPath)
        for a in articles { _ = try await second.ingest(a) }  // the first 40 are already stored
        let x = try await one.snapshot(), y = try await second.snapshot()
        #expect(x.inputs.map(\.id) == y.inputs.map(\.id))
        #expect(x.inputs.map(\.group) == y.inputs.map(\.group))
        #expect(x.stories.map(\.articles) == y.stories.map(\.articles))
        // The data has copies and several stories, so the comparison means something.
        #expect(x.stories.count >= 7)
        #expect(x.inputs.contains { $0.group != $0.id })
    }

    @Test func fullTextSearch() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.sqlite").path)
        for a in try Fixtures.seeds() { _ = try await store.ingest(a) }
        let hits = try await store.search("PredictIQ", limit: 10)
        #expect(hits.map(\.id) == ["000"])
        #expect(hits.first?.snippet.contains("[PredictIQ]") == true)
        let both = try await store.search("hwasong", limit: 10)  // case-insensitive
        #expect(both.map(\.id) == ["003"])
        let many = try await store.search("Kim Putin", limit: 10)
        #expect(many.count == 5)
        // Operators and quotes in the query are words, not syntax errors.
        #expect(try await store.search("\"Kim\" (Putin*) -", limit: 10).count == 5)
        #expect(try await store.search("Kim AND NEAR", limit: 10).isEmpty)
        #expect(try await store.search("?!", limit: 10).isEmpty)
        #expect(try await store.search("zebrafish", limit: 10).isEmpty)
    }

    @Test func storiesPageWithCursorAndSince() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.sqlite").path)
        for a in Fixtures.generated(count: 30, events: 6) { _ = try await store.ingest(a) }
        var seen: [Int] = []
        var cursor: String? = nil
        repeat {
            let page = try await store.stories(since: nil, limit: 2, cursor: cursor)
            #expect(page.stories.count <= 2)
            seen += page.stories.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        let all = try await store.counts().stories
        #expect(seen.count == all && Set(seen).count == all)
        let late = try await store.stories(since: NewsDate(year: 2024, month: 3, day: 5), limit: 100, cursor: nil)
        #expect(!late.stories.isEmpty && late.stories.count < all)
        #expect(late.stories.allSatisfy { ($0.lastSeen?.instant ?? 0) >= NewsDate(year: 2024, month: 3, day: 5).instant })
        await #expect(throws: StoreError.self) { try await store.stories(since: nil, limit: 2, cursor: "nonsense") }
    }

    @Test func aSecondWriterIsRefusedWithAClearMessage() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.sqlite").path
        let first = try SQLiteStore(path: path)
        #expect(throws: StoreError.self) { _ = try SQLiteStore(path: path) }
        // Readers are welcome.
        _ = try SQLiteStore(path: path, readOnly: true)
        _ = first
    }

    @Test func fingerprintCodecRoundTrips() throws {
        let fp = DocumentFingerprint(
            id: "x", published: -5, words: 12, shingles: 9, contentHash: 0xDEAD_BEEF_0123_4567,
            signature: (0..<8).map { UInt32($0) &* 0x9E37_79B9 })
        let bytes = FingerprintCodec.encode(fp)
        #expect(FingerprintCodec.decode(id: "x", bytes, permutations: 8) == fp)
        #expect(FingerprintCodec.decode(id: "x", bytes, permutations: 9) == nil)
        var none = fp
        none.published = nil
        #expect(FingerprintCodec.decode(id: "x", FingerprintCodec.encode(none), permutations: 8) == none)
    }
}
