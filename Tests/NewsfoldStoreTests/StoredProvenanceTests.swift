import Foundation
import Logging
import NewsfoldCore
import NewsfoldIO
@testable import NewsfoldServer
import NewsfoldStore
import Testing

/// Reads only read: a story's report is the one the store keeps, and the worker
/// (``StoryStore/analyseStoriesBehind(limit:)``) brings reports that are behind up to date.
@Suite struct StoredProvenanceTests {
    /// A story never analysed (a deferred batch not yet refreshed) reads with an empty report
    /// and every article awaiting analysis; the worker then stores the report a full analysis
    /// gives, and says when nothing is left.
    @Test(arguments: StoreKind.available)
    func aStoryBehindReadsAsAwaitingUntilTheWorkerStoresItsReport(_ kind: StoreKind) async throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        let seeds = try Fixtures.seeds()
        let store = try db.open()
        let results = try store.ingestBlocking(seeds.map { store.prepare($0, provenance: .deferred) }, provenance: .deferred)
        let storyID = try results[0].get().story

        let before = try #require(try await store.story(id: storyID))
        #expect(!before.reportIsCurrent)
        #expect(before.report.groups.isEmpty)
        #expect(before.awaitingAnalysis.map(\.article.id) == before.articles.map(\.article.id))
        // A read-only store reads the same and never writes.
        let reader = try db.open(readOnly: true)
        #expect(try await reader.analyseStoriesBehind(limit: 10) == 0)
        #expect(try await reader.story(id: storyID)?.reportIsCurrent == false)

        #expect(try await store.analyseStoriesBehind(limit: 10) >= 1)
        #expect(try await store.analyseStoriesBehind(limit: 10) == 0)
        let after = try #require(try await store.story(id: storyID))
        #expect(after.reportIsCurrent)
        #expect(after.awaitingAnalysis.isEmpty)
        let full = ProvenanceAnalyzer().analyze(
            story: after.articles.map { ProvenanceInput(article: $0.article, group: $0.group) })
        #expect(after.report == full)
        #expect(after.report.group(of: "000")?.original == "002")
        // The roles and flags the worker found are written with the report.
        #expect(try await store.article(id: "000")?.flagKinds.contains("injected-text") == true)
        #expect(try await reader.story(id: storyID)?.report == full)
    }

    /// A story that grew after its last analysis reads with that analysis and the new article
    /// awaiting; the story page says so and lists it.
    @Test(arguments: StoreKind.available)
    func aGrownStoryKeepsItsLastReportAndListsTheNewArticle(_ kind: StoreKind) async throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        let seeds = try Fixtures.seeds()
        let store = try db.open()
        for a in seeds { _ = try await store.ingest(a) }
        var late = try #require(seeds.first { $0.id == "002" })
        late.id = "002-late"
        late.url = "https://late.example/kim-putin"
        late.site = "Late Example"
        let r = try store.ingestBlocking([store.prepare(late, provenance: .deferred)], provenance: .deferred)
        let storyID = try r[0].get().story

        let grown = try #require(try await store.story(id: storyID))
        #expect(!grown.reportIsCurrent)
        #expect(grown.awaitingAnalysis.map(\.article.id) == ["002-late"])
        #expect(grown.report.group(of: "000")?.original == "002")
        let page = StoryPages.story(grown)
        #expect(page.contains("Awaiting analysis"))
        #expect(page.contains("id=\"a-002-late\""))
        #expect(page.contains("Provenance is being analysed: 1 of the 6 articles"))

        #expect(try await store.analyseStoriesBehind(limit: 10) == 1)
        let current = try #require(try await store.story(id: storyID))
        #expect(current.reportIsCurrent && current.awaitingAnalysis.isEmpty)
        #expect(current.report.member("002-late") != nil)
        #expect(!StoryPages.story(current).contains("Awaiting analysis"))
        #expect(StoryPages.story(current).contains(" · sites: seed"))
        // A story whose pages name no site lists none, rather than an empty "sites:".
        var siteless = current
        siteless.summary.sites = []
        #expect(!StoryPages.story(siteless).contains("sites:"))
    }

    /// A report round-trips through its stored form exactly (similarities, dates with a time
    /// and day-only, edits, flags, additions).
    @Test func aReportRoundTripsThroughJSON() throws {
        var seeds = try Fixtures.seeds()
        seeds[1].published = NewsDate(year: 2024, month: 3, day: 5, hour: 10, minute: 7, utcOffsetMinutes: 330)
        seeds[2].published = NewsDate(year: 2024, month: 3, day: 5)
        seeds[2].publishedSource = .url
        let report = ProvenanceAnalyzer().analyze(
            story: seeds.map { ProvenanceInput(article: $0, group: $0.id == "000" || $0.id == "001" ? "002" : $0.id) })
        #expect(report.members.contains { !$0.flags.isEmpty } && report.members.contains { !$0.changes.isEmpty })
        var w = JSONWriter()
        ProvenanceReportJSON.write(report, to: &w)
        #expect(try ProvenanceReportJSON.read(w.bytes) == report)
        #expect(report.articles[seeds[2].id]?.publishedSource == .url)
        // A report stored before dates kept their source reads back without one.
        let old = String(decoding: w.bytes, as: UTF8.self).replacingOccurrences(of: #""published_source":"url","#, with: "")
        #expect(old.utf8.count < w.bytes.count)
        #expect(try ProvenanceReportJSON.read(Array(old.utf8)).articles[seeds[2].id]?.publishedSource == nil)
        // The page says where each date was read.
        let facts = StoryPages.facts(seeds[2].id, report.articles[seeds[2].id], seeds[2])
        #expect(facts.contains(">5 Mar 2024</time> <span class=\"date-source\" title=\"where the page states this date\">(from the address)</span>"))
        // Not a report: a clear error, not a crash.
        #expect(throws: JSONError.self) { try ProvenanceReportJSON.read(Array(#"{"groups": 3}"#.utf8)) }
    }

    /// The running server's background worker brings a story that is behind up to date
    /// without any read asking for it (polled for at most 30 s, so a loaded machine does not
    /// fail the test; it fails when no worker runs).
    @Test func theServersWorkerAnalysesStoriesBehind() async throws {
        let db = try TestDatabase(.sqlite)
        defer { db.remove() }
        let store = try db.open()
        let seeds = try Fixtures.seeds()
        let results = try store.ingestBlocking(seeds.map { store.prepare($0, provenance: .deferred) }, provenance: .deferred)
        let storyID = try results[0].get().story
        #expect(try await store.story(id: storyID)?.reportIsCurrent == false)
        var quiet = Logger(label: "t")
        quiet.logLevel = .critical
        let app = NewsfoldService.application(store: store, options: ServiceOptions(port: 0), logger: quiet)
        let server = Task { try await app.run() }
        defer { server.cancel() }
        var current = false
        for _ in 0..<300 where !current {
            current = try await store.story(id: storyID)?.reportIsCurrent == true
            if !current { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(current)
    }
}
