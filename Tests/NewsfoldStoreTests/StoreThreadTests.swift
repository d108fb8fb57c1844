import Foundation
import NewsfoldCore
import NewsfoldServer
import NewsfoldStore
import Testing

/// A store keeps the links between stories (``StoryLink``) the batch finds: a story begun
/// after a week of silence continues the earlier one, in the store's rows, its API and its
/// pages; reopening keeps them, and a writer opened with other settings rewrites them.
@Suite struct StoreThreadTests {
    private static func march(_ day: Int) -> NewsDate {
        NewsDate(year: 2024, month: 3, day: day, hour: 12, minute: 0, second: 0, utcOffsetMinutes: 0)
    }

    private static func report(_ id: String, _ title: String, _ day: Int, _ paragraphs: [String]) -> Article {
        Article(
            id: id, url: "https://\(id).example/a", title: title, paragraphs: paragraphs, published: march(day),
            domain: "\(id).example")
    }

    /// A quake's two reports (days 4 and 5), eleven days later the charges over it, and a
    /// look-alike quake elsewhere on the same day: (id, headline, day, text).
    static let articles: [Article] = [
        ("q1", "Strong earthquake shakes central Chile", 4,
         "A magnitude 6.1 earthquake struck near Santiago, Chile, on Monday, killing 12 people. "
            + "President Gabriel Boric said rescue teams were searching collapsed buildings in Valparaiso."),
        ("q2", "Chile quake kills 12, Boric says", 5,
         "Rescuers in Valparaiso dug through rubble after the 6.1 quake near Santiago. "
            + "Boric told reporters that 12 people had died in Chile."),
        ("charges", "Builders charged over Valparaiso collapse", 16,
         "Prosecutors in Chile charged three builders over the Valparaiso apartment blocks that collapsed in the "
            + "Santiago earthquake, which killed 12. Boric promised a review of building rules."),
        ("padang", "Strong earthquake shakes western Indonesia", 16,
         "A magnitude 7.2 earthquake struck near Padang, Indonesia, on Thursday, killing 40 people. "
            + "Governor Mahyeldi said rescue teams were searching collapsed buildings in Bukittinggi."),
    ].map { report($0.0, $0.1, $0.2, [$0.3]) }

    /// The batch's links, as (later story's articles, earlier story's articles).
    private static func batchLinks(_ settings: StorySettings = StorySettings()) throws -> Set<[Set<String>]> {
        let groups = try Fixtures.batch(articles).groups
        let stories = StoryClusterer.cluster(articles.map { StoryInput($0, group: groups[$0.id]) }, settings: settings)
        let byID = Dictionary(uniqueKeysWithValues: stories.map { ($0.id, Set($0.articles)) })
        return Set(stories.compactMap { s in s.continues.flatMap { byID[$0] }.map { [Set(s.articles), $0] } })
    }

    private static func storeLinks(_ store: any StoryStore) throws -> Set<[Set<String>]> {
        let stories = try store.snapshotBlocking().stories
        let byID = Dictionary(uniqueKeysWithValues: stories.map { ($0.id, Set($0.articles)) })
        return Set(stories.compactMap { s in s.continues.flatMap { byID[$0] }.map { [Set(s.articles), $0] } })
    }

    @Test(arguments: StoreKind.available)
    func theStoreHoldsTheBatchLinksAndShowsThem(_ kind: StoreKind) async throws {
        let expected = try Self.batchLinks()
        #expect(expected == [[["charges"], ["q1", "q2"]]])
        let db = try TestDatabase(kind)
        defer { db.remove() }
        do {
            let store = try db.open()
            try StoreSettleTests.ingest(Self.articles, into: store, settle: true)
            #expect(try Self.storeLinks(store) == expected)
            #expect(try store.verify() == [])
            let stories = try store.snapshotBlocking().stories
            let quake = try #require(stories.first { $0.articles.contains("q1") }?.id)
            let charges = try #require(stories.first { $0.articles.contains("charges") }?.id)
            let detail = try #require(try await store.story(id: charges))
            #expect(detail.summary.continues == quake)
            var w = JSONWriter()
            APIJSON.write(StoriesPage(stories: [detail.summary], nextCursor: nil), to: &w)
            #expect(String(decoding: w.bytes, as: UTF8.self).contains("\"continues\":\(quake)"))
            #expect(detail.continuesStory?.id == quake && detail.continuedBy.isEmpty)
            #expect(StoryPages.story(detail).contains(
                "Continues an earlier story: <a href=\"/stories/\(quake)\">Strong earthquake shakes central Chile</a>"))
            // The earlier story's page names the later one.
            let earlier = try #require(try await store.story(id: quake))
            #expect(earlier.continuedBy.map(\.id) == [charges] && earlier.continuesStory == nil)
            var api = JSONWriter()
            APIJSON.write(earlier, to: &api)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(api.bytes)) as? [String: Any])
            #expect((json["continued_by"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [charges])
            #expect(StoryPages.story(earlier).contains(
                "Continued by: <a href=\"/stories/\(charges)\">Builders charged over Valparaiso collapse</a>"))
        }
        // Reopened, the replay decides the same links: nothing changes.
        #expect(try Self.storeLinks(db.open()) == expected)
        // A writer opened with links turned off rewrites them away.
        var off = StorySettings()
        off.threadGapDays = 0
        let rewritten = try openStore(db.address, stories: off)
        #expect(try Self.storeLinks(rewritten).isEmpty)
        #expect(try rewritten.verify() == [])
    }

    /// The thread's links show other stories' headlines: escaped like everything a page shows.
    @Test func threadLinksEscapeTheHeadlines() {
        func summary(_ id: Int, _ title: String) -> StorySummary {
            StorySummary(
                id: id, title: title, firstSeen: nil, lastSeen: nil, articles: 1, sources: 1, sites: [], flags: [],
                updated: 1)
        }
        var d = StoryDetail(
            summary: summary(2, "Later"), articles: [], report: ProvenanceReport(groups: [], articles: [:]))
        d.continuesStory = summary(1, "<script>alert(1)</script>")
        d.continuedBy = [summary(3, "\"><img src=x onerror=alert(2)>")]
        let html = StoryPages.story(d)
        #expect(!html.contains("<script>alert") && !html.contains("<img src=x"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }
}
