import Foundation
import GRDB
import NewsfoldCore
import NewsfoldExtract
import NewsfoldStore
import Testing

/// The store's behaviour, on every database in ``StoreKind/available``.
@Suite struct StoreTests {
    @Test(arguments: StoreKind.available)
    func seedsRoundTripWithGroupsStoriesAndProvenance(_ kind: StoreKind) async throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        let seeds = try Fixtures.seeds()
        let batch = try Fixtures.batch(seeds)
        do {
            let store = try db.open()
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
        let reopened = try db.open()
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

    @Test(arguments: StoreKind.available)
    func reingestStoresOnceAndConflictsAreRefused(_ kind: StoreKind) async throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        let store = try db.open()
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

    /// The seeds ingested as `newsfold ingest Samples/seeds other.jsonl` reads them (file order:
    /// the content farm's re-dated copy first) among other dated news: the store gives the
    /// stories, roles, flags and title of the batch pipeline on the same input in the same
    /// order, and those of the seeds' README.
    @Test(arguments: StoreKind.available)
    func seedsAmongOtherNewsGetTheBatchProvenance(_ kind: StoreKind) async throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        let articles = try Fixtures.seedsInFileOrder() + Fixtures.otherNews(events: 12)
        let store = try db.open()
        for a in articles { _ = try await store.ingest(a) }

        let fingerprinter = Fingerprinter(parameters: .storyView)
        let batch = StoryAnalysis(
            articles: articles, fingerprints: articles.map { fingerprinter.fingerprint(id: $0.id, text: $0.text, published: $0.published) },
            parameters: .storyView)
        // The same stories.
        let stored = try await store.snapshot()
        #expect(Set(stored.stories.map { Set($0.articles) }) == Set(batch.stories.map { Set($0.articles) }))
        #expect(batch.stories.count >= 13, "the other news are stories of their own")

        let seedStory = try #require(batch.stories.first { $0.articles.contains("000") })
        #expect(Set(seedStory.articles) == ["000", "001", "002", "003", "004"])
        let report = try #require(batch.provenance[seedStory.id])
        let s000 = try #require(try await store.article(id: "000"))
        let detail = try #require(try await store.story(id: s000.story))
        // The same roles and flags, and those a careful reader gives.
        for id in ["000", "001", "002", "003", "004"] {
            let b = try #require(report.member(id)), s = try #require(detail.report.member(id))
            #expect(b.role == s.role, "\(id)")
            #expect(b.flags.map(\.kind) == s.flags.map(\.kind), "\(id)")
        }
        func kinds(_ id: String) -> Set<ProvenanceFlag.Kind> { Set(report.member(id)!.flags.map(\.kind)) }
        #expect(report.member("002")?.role == .original)
        #expect(report.member("001")?.role == .editedCopy)
        #expect(report.member("000")?.role == .copy)
        #expect(kinds("000").isSuperset(of: [.dateAnomaly, .injectedText]))
        #expect(!kinds("001").contains(.dateAnomaly) && !kinds("002").contains(.dateAnomaly))
        // One title everywhere, the original's, never the spliced headline.
        let title = try #require(seeds002Title(articles))
        #expect(report.title == title && seedStory.title == title)
        #expect(detail.summary.title == title)
        let listed = try await store.stories(since: nil, limit: 500, cursor: nil).stories
        #expect(listed.first { $0.id == detail.summary.id }?.title == title)
        #expect(!(detail.summary.title ?? "").contains("PredictIQ"))
        // Its span is its credible dates: 2023, not the farm's 2025.
        #expect(detail.summary.lastSeen?.year == 2023 && seedStory.lastSeen?.year == 2023)
        // Recent stories: by the latest credible date, newest first.
        let instants = listed.map { $0.lastSeen?.instant ?? .min }
        #expect(instants == instants.sorted(by: >))
    }

    private func seeds002Title(_ articles: [Article]) -> String? {
        articles.first { $0.id == "002" }?.title
    }

    @Test(arguments: StoreKind.available)
    func replayAfterReopenMatchesOneUninterruptedRun(_ kind: StoreKind) async throws {
        let oneDB = try TestDatabase(kind), splitDB = try oneDB.sibling()
        defer { oneDB.remove(); splitDB.remove() }
        let articles = Fixtures.generated(count: 90, events: 7)
        let one = try oneDB.open()
        for a in articles { _ = try await one.ingest(a) }
        do {
            let first = try splitDB.open()
            for a in articles.prefix(40) { _ = try await first.ingest(a) }
        }
        let second = try splitDB.open()
        for a in articles { _ = try await second.ingest(a) }  // the first 40 are already stored
        let x = try await one.snapshot(), y = try await second.snapshot()
        #expect(x.inputs.map(\.id) == y.inputs.map(\.id))
        #expect(x.inputs.map(\.group) == y.inputs.map(\.group))
        #expect(x.stories.map(\.articles) == y.stories.map(\.articles))
        // The data has copies and several stories, so the comparison means something.
        #expect(x.stories.count >= 7)
        #expect(x.inputs.contains { $0.group != $0.id })
    }

    @Test(arguments: StoreKind.available)
    func fullTextSearch(_ kind: StoreKind) async throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        let store = try db.open()
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
        // Words with punctuation inside (a curly apostrophe, dots) are several index tokens:
        // all required, never a phrase (the SQLite index keeps no positions).
        #expect(try await store.search("North Korea’s", limit: 10).map(\.id).contains("000"))
        #expect(try await store.search("U.S. Putin", limit: 10).count >= 3)
    }

    /// A store made before migration v3 (search index with positions) is migrated when a
    /// writer opens it: the index is rebuilt from the articles, without positions, and finds
    /// what it found before.
    @Test func theSearchIndexIsRebuiltWithoutPositionsByMigrationV3() async throws {
        let db = try TestDatabase(.sqlite)
        defer { db.remove() }
        do {
            let store = try db.open()
            for a in try Fixtures.seeds() { _ = try await store.ingest(a) }
        }
        // Back to the v2 index: with positions, and v3 not yet applied.
        let pool = try DatabasePool(path: db.address)
        try await pool.write { d in
            try d.execute(
                sql: """
                    DROP TABLE article_fts;
                    CREATE VIRTUAL TABLE article_fts USING fts5(
                        title, body, content='article', content_rowid='seq', tokenize='unicode61 remove_diacritics 2');
                    INSERT INTO article_fts(article_fts) VALUES ('rebuild');
                    DELETE FROM grdb_migrations WHERE identifier = 'v3';
                    """)
        }
        try pool.close()
        let store = try db.open()
        #expect(try await store.search("PredictIQ", limit: 10).map(\.id) == ["000"])
        #expect(try await store.search("Kim Putin", limit: 10).count == 5)
        #expect(try store.verify() == [])
        let reader = try DatabasePool(path: db.address)
        let sql = try await reader.read { d in
            try String.fetchOne(d, sql: "SELECT sql FROM sqlite_master WHERE name = 'article_fts'")
        }
        #expect(sql?.contains("detail=column") == true)
        try reader.close()
    }

    @Test(arguments: StoreKind.available)
    func storiesPageWithCursorAndSince(_ kind: StoreKind) async throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        let store = try db.open()
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

    @Test(arguments: StoreKind.available)
    func aSecondWriterIsRefusedWithAClearMessage(_ kind: StoreKind) throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        let first = try db.open()
        #expect(throws: StoreError.self) { _ = try db.open() }
        // Readers are welcome.
        _ = try db.open(readOnly: true)
        _ = first
    }

    /// Ingesting in batches (one transaction each, provenance once per touched story) gives
    /// what ingesting one article at a time gives, and the batch pipeline's copy groups.
    @Test(arguments: StoreKind.available)
    func batchesMatchOneAtATimeAndTheBatchPipeline(_ kind: StoreKind) async throws {
        let singleDB = try TestDatabase(kind), batchedDB = try singleDB.sibling()
        defer { singleDB.remove(); batchedDB.remove() }
        let articles = Fixtures.generated(count: 240, events: 23)
        let single = try singleDB.open(), batched = try batchedDB.open()
        var singleResults: [String: IngestResult] = [:]
        for a in articles { singleResults[a.id] = try await single.ingest(a) }
        var batchedResults: [String: IngestResult] = [:]
        var at = 0
        for size in [1, 7, 50, 182] {  // uneven sizes: batches end mid-event
            let chunk = Array(articles[at..<(at + size)])
            at += size
            for r in try await batched.ingest(chunk.map { batched.prepare($0) }) {
                let ok = try r.get()
                batchedResults[ok.id] = ok
            }
        }
        #expect(at == articles.count)
        let x = try await single.snapshot(), y = try await batched.snapshot()
        #expect(x.inputs.map(\.id) == y.inputs.map(\.id))
        #expect(x.inputs.map(\.group) == y.inputs.map(\.group))
        #expect(x.stories.map(\.articles) == y.stories.map(\.articles))
        // Stored roles and flags agree, and so do the story summaries.
        for a in articles {
            let s = try #require(try await single.article(id: a.id)), b = try #require(try await batched.article(id: a.id))
            #expect(s.role == b.role && s.flagKinds == b.flagKinds && s.group == b.group, "\(a.id)")
        }
        for story in x.stories {
            let s = try #require(try await single.story(id: story.id)), b = try #require(try await batched.story(id: story.id))
            #expect(s.summary.articles == b.summary.articles && s.summary.sources == b.summary.sources)
            #expect(s.summary.flags == b.summary.flags && s.summary.sites == b.summary.sites)
        }
        // The last result of each article agrees on group and story (stories may merge later).
        for a in articles.suffix(20) {
            #expect(singleResults[a.id]?.group == batchedResults[a.id]?.group)
        }
        // The copy groups are the batch pipeline's.
        let pipeline = try Fixtures.batch(articles)
        #expect(Dictionary(uniqueKeysWithValues: y.inputs.map { ($0.id, $0.group ?? $0.id) }) == pipeline.groups)
        // The data has copies, exact twins and several stories, so the comparison means something.
        #expect(x.stories.count >= 10)
        #expect(Set(pipeline.groups.values).count < articles.count / 2 + articles.count / 3)
        #expect(try single.verify() == [] && batched.verify() == [])
    }

    /// Ingest re-analyses a touched story from remembered tokenised articles, or reuses its last
    /// report when its members and their groups did not change: what it writes must equal a
    /// full analysis of the stored articles (what reading a story does), over a stream of
    /// uneven batches, across a reopen (nothing remembered), and for articles ingested again.
    @Test(arguments: StoreKind.available)
    func provenanceOnIngestEqualsAFullAnalysis(_ kind: StoreKind) async throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        var articles = Fixtures.generated(count: 180, events: 17)
        // Late copies of an event's first article with a name of their own spliced into a
        // sentence (injected text), so that flags and several roles are in play.
        for (n, i) in stride(from: 40, to: 180, by: 29).enumerated() {
            var copy = articles[i % 17]
            copy.id = "inj\(n)"
            copy.url = "https://spliced\(n).example/\(i)"
            copy.domain = "spliced\(n).example"
            copy.paragraphs[1].removeLast()  // the sentence's full stop
            copy.paragraphs[1] += ", according to Quorvex\(n) Blantic Zephyrine Media."
            articles.insert(copy, at: i)
        }
        // The seeds (flags with evidence), their story split over batches.
        let seeds = try Fixtures.seeds()
        articles.insert(contentsOf: seeds.prefix(2), at: 60)
        articles.insert(contentsOf: seeds.dropFirst(2), at: 150)

        /// Every stored role and flag set equals a full analysis of the story's stored articles.
        func expectFullAnalysis(_ store: any StoryStore) async throws -> Int {
            var flagged = 0
            for story in try await store.snapshot().stories {
                let detail = try #require(try await store.story(id: story.id))
                for stored in detail.articles {
                    let member = try #require(detail.report.member(stored.article.id))
                    #expect(stored.role == member.role, "\(stored.article.id) in story \(story.id)")
                    #expect(stored.flagKinds == Set(member.flags.map(\.kind.rawValue)).sorted(), "\(stored.article.id)")
                    if !stored.flagKinds.isEmpty { flagged += 1 }
                }
                // The prepared form gives the same report, groups set after tokenising.
                var prepared = detail.articles.map { PreparedProvenanceInput($0.article, group: "?") }
                for i in prepared.indices { prepared[i].group = detail.articles[i].group }
                #expect(ProvenanceAnalyzer().analyze(prepared: prepared) == detail.report)
            }
            return flagged
        }

        var at = 0
        var sizes = [13, 40, 7, 61, 1, 29].makeIterator()
        do {
            let store = try db.open()
            while at < articles.count / 2, let size = sizes.next() {
                let chunk = articles[at..<min(at + size, articles.count)]
                at += chunk.count
                for r in try await store.ingest(chunk.map { store.prepare($0) }) { _ = try r.get() }
            }
            _ = try await expectFullAnalysis(store)
        }
        // Reopened: nothing remembered, stories grow from what is read back.
        let store = try db.open()
        while at < articles.count {
            let chunk = articles[at..<min(at + 37, articles.count)]
            at += chunk.count
            for r in try await store.ingest(chunk.map { store.prepare($0) }) { _ = try r.get() }
        }
        let flagged = try await expectFullAnalysis(store)
        #expect(flagged >= 5, "the data should carry flags")

        // Ingested again (one batch): every result is already stored, with the full analysis's
        // role and flags (evidence included).
        let again = try await store.ingest(articles.map { store.prepare($0) })
        for r in again {
            let result = try r.get()
            #expect(result.alreadyStored)
            let detail = try #require(try await store.story(id: result.story))
            let member = try #require(detail.report.member(result.id))
            #expect(result.role == member.role && result.flags == member.flags, "\(result.id)")
        }
        #expect(try store.verify() == [])
    }

    /// The bulk `ingest`'s overlap (``IngestWriter``: a batch placed while the one before is
    /// written, untokenised when provenance is deferred) gives, batch for batch, what
    /// ingesting the batches one after the other gives, with provenance now and deferred.
    @Test(arguments: StoreKind.available)
    func overlappedWritesEqualOneBatchAfterTheOther(_ kind: StoreKind) async throws {
        let serialDB = try TestDatabase(kind), overlappedDB = try serialDB.sibling(), laterDB = try serialDB.sibling()
        defer { serialDB.remove(); overlappedDB.remove(); laterDB.remove() }
        var articles = Fixtures.generated(count: 120, events: 11)
        articles.insert(contentsOf: try Fixtures.seeds(), at: 30)
        articles.append(contentsOf: articles.prefix(7))  // stored already, in a later batch
        let sizes = [9, 30, 1, 40, 27, 25]
        #expect(sizes.reduce(0, +) == articles.count)
        var chunks: [[Article]] = []
        var at = 0
        for size in sizes {
            chunks.append(Array(articles[at..<(at + size)]))
            at += size
        }

        let serial = try serialDB.open()
        let expected = try chunks.flatMap { try serial.ingestBlocking($0.map(serial.prepare)).map { try $0.get() } }

        func overlapped(_ store: any StoryStore, _ timing: ProvenanceTiming) throws -> [IngestResult] {
            let writer = IngestWriter(store: store)
            var out: [IngestResult] = []
            func take(_ done: IngestWriter.Written?) throws {
                guard let done else { return }
                out += try done.outcome.get().map { try $0.get() }
            }
            for chunk in chunks { try take(writer.submit(chunk.map { store.prepare($0, provenance: timing) }, provenance: timing)) }
            try take(writer.finish())
            #expect(writer.finish() == nil, "nothing left in flight")
            return out
        }
        let now = try overlappedDB.open()
        #expect(try overlapped(now, .now) == expected)
        let later = try laterDB.open()
        let deferred = try overlapped(later, .deferred)
        #expect(deferred.allSatisfy { $0.role == nil || $0.alreadyStored })
        let refreshed = try later.refreshProvenanceBlocking(deferred)
        // Refreshed results are as the store is at the end; the serial results were as it was
        // after each batch: compare with the stored state instead.
        for r in refreshed {
            let stored = try #require(try await serial.article(id: r.id))
            #expect(r.role == stored.role && r.group == stored.group && r.story == stored.story, "\(r.id) \(r) \(stored.role as Any) \(stored.group) \(stored.story)")
        }
        let x = try serial.snapshotBlocking()
        for other in [now, later] as [any StoryStore] {
            let y = try other.snapshotBlocking()
            #expect(x.inputs.map(\.id) == y.inputs.map(\.id))
            #expect(x.inputs.map(\.group) == y.inputs.map(\.group))
            #expect(x.stories.map(\.articles) == y.stories.map(\.articles))
            let xs = try await serial.stories(since: nil, limit: 500, cursor: nil).stories
            #expect(xs == (try await other.stories(since: nil, limit: 500, cursor: nil).stories))
        }
        #expect(try later.verify() == [])
    }

    /// A batch whose write fails (here: two articles the engine tells apart under one stored
    /// content key, which the database refuses) is refused whole; the batch planned while it
    /// was being written is planned again and stored, and nothing else is lost.
    @Test(arguments: StoreKind.available)
    func aFailedBatchLosesOnlyItself(_ kind: StoreKind) async throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        let store = try db.open()
        let articles = Fixtures.generated(count: 30, events: 5)
        func bad(_ chunk: ArraySlice<Article>) -> [PreparedArticle] {
            var prepared = chunk.map { store.prepare($0, provenance: .deferred) }
            prepared[1].contentKey = prepared[0].contentKey
            return prepared
        }
        // Store level: a plan made before the failed write is stale, and planning it again works.
        let failing = store.planIngest(bad(articles[0..<5]), provenance: .deferred)
        let next = store.planIngest(articles[5..<10].map { store.prepare($0, provenance: .deferred) }, provenance: .deferred)
        #expect(throws: (any Error).self) { try store.writeBlocking(failing) }
        #expect(throws: IngestPlan.Stale.self) { try store.writeBlocking(next) }
        #expect(try store.writeBlocking(store.planIngest(next.articles, provenance: .deferred)).count == 5)

        // Through the writer, with the next batch planned while the failing one is written.
        let writer = IngestWriter(store: store)
        var outcomes: [IngestWriter.Written] = []
        for chunk in [articles[10..<15], articles[15..<20], articles[20..<30]] {
            let prepared = chunk.startIndex == 15 ? bad(chunk) : chunk.map { store.prepare($0, provenance: .deferred) }
            if let done = writer.submit(prepared, provenance: .deferred) { outcomes.append(done) }
        }
        if let done = writer.finish() { outcomes.append(done) }
        #expect(outcomes.map(\.articles.count) == [5, 5, 10])
        #expect((try? outcomes[0].outcome.get()) != nil)
        #expect((try? outcomes[1].outcome.get()) == nil, "the failing batch is refused whole")
        #expect(try outcomes[2].outcome.get().allSatisfy { (try? $0.get()) != nil })
        _ = try store.refreshProvenanceBlocking([])
        #expect(try await store.counts().articles == 20)
        for a in articles[0..<5] + articles[15..<20] { #expect(try await store.article(id: a.id) == nil, "\(a.id)") }
        for a in articles[5..<15] + articles[20..<30] { #expect(try await store.article(id: a.id) != nil, "\(a.id)") }
        #expect(try store.verify() == [])
    }

    /// Idempotency after a restart: the engine's store keys are rebuilt by replay, so the same
    /// content under another id is still recognised as stored.
    @Test(arguments: StoreKind.available)
    func theSameContentUnderAnotherIdIsKnownAfterReopening(_ kind: StoreKind) async throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        let a = Fixtures.generated(count: 1, events: 1)[0]
        do {
            let store = try db.open()
            _ = try await store.ingest(a)
        }
        let reopened = try db.open()
        var renamed = a
        renamed.id = "other-id"
        let r = try await reopened.ingest(renamed)
        #expect(r.alreadyStored && r.id == a.id)
        #expect(try await reopened.counts().articles == 1)
    }

    @Test func contentKeysReadBackFromHex() {
        let key = ContentKey(Fixtures.generated(count: 1, events: 1)[0])
        #expect(ContentKey(hex: key.hex) == key)
        #expect(ContentKey(hex: key.hex.uppercased()) == key)
        #expect(ContentKey(hex: String(key.hex.dropLast())) == nil)
        #expect(ContentKey(hex: key.hex + "0") == nil)
        #expect(ContentKey(hex: "g" + key.hex.dropFirst()) == nil)
        #expect(ContentKey(hex: "") == nil)
    }

    /// A plan is written in the order plans were made, and not after the store rebuilt its
    /// engine: else it is refused whole (``IngestPlan/Stale``), and planning it again works.
    @Test(arguments: StoreKind.available)
    func aPlanOutOfOrderOrAfterARebuildIsRefusedWhole(_ kind: StoreKind) async throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        let store = try db.open()
        let articles = Fixtures.generated(count: 20, events: 4)
        let first = store.planIngest(articles.prefix(10).map(store.prepare), provenance: .now)
        let second = store.planIngest(articles.dropFirst(10).map(store.prepare), provenance: .now)
        #expect(throws: IngestPlan.Stale.self) { try store.writeBlocking(second) }
        #expect(try await store.counts().articles == 0)
        // The refusal rebuilt the engine: the first plan was made in the old one.
        #expect(throws: IngestPlan.Stale.self) { try store.writeBlocking(first) }
        #expect(try await store.counts().articles == 0)
        let again = store.planIngest(first.articles, provenance: .now)
        #expect(try store.writeBlocking(again).allSatisfy { (try? $0.get()) != nil })
        let rest = store.planIngest(second.articles, provenance: .now)
        #expect(try store.writeBlocking(rest).count == 10)
        #expect(try await store.counts().articles == 20)
        #expect(try store.verify() == [])
    }

    /// Deferred provenance (the bulk `ingest`): batches committed without analysis, then one
    /// refresh, give what ingesting everything in one analysed batch gives (results, stored
    /// roles and flags, story summaries); stories a "crash" left stale (no refresh) are
    /// analysed when a writer opens the store again.
    @Test(arguments: StoreKind.available)
    func deferredProvenanceEqualsOneAnalysedBatch(_ kind: StoreKind) async throws {
        let nowDB = try TestDatabase(kind), laterDB = try nowDB.sibling(), crashDB = try TestDatabase(kind)
        defer { nowDB.remove(); laterDB.remove(); crashDB.remove() }
        var articles = Fixtures.generated(count: 150, events: 13)
        let seeds = try Fixtures.seeds()
        articles.insert(contentsOf: seeds.prefix(3), at: 20)
        articles.insert(contentsOf: seeds.dropFirst(3), at: 120)
        let sizes = [9, 30, 1, 64, 27, 24]
        #expect(sizes.reduce(0, +) == articles.count)

        let now = try nowDB.open()
        let expected = try now.ingestBlocking(articles.map(now.prepare)).map { try $0.get() }

        let later = try laterDB.open()
        var pending: [IngestResult] = []
        var at = 0
        for size in sizes {
            let chunk = articles[at..<(at + size)]
            at += size
            for r in try later.ingestBlocking(chunk.map(later.prepare), provenance: .deferred) {
                let ok = try r.get()
                #expect(ok.role == nil && ok.flags.isEmpty, "deferred: no analysis yet")
                pending.append(ok)
            }
        }
        let refreshed = try later.refreshProvenanceBlocking(pending)
        #expect(refreshed == expected)
        #expect(refreshed.contains { !$0.flags.isEmpty }, "the seeds carry flags")

        func expectSameStore(_ a: any StoryStore, _ b: any StoryStore) async throws {
            for x in articles {
                let s = try #require(try await a.article(id: x.id)), t = try #require(try await b.article(id: x.id))
                #expect(s.role != nil && s.role == t.role && s.flagKinds == t.flagKinds && s.group == t.group, "\(x.id)")
            }
            let xs = try await a.stories(since: nil, limit: 500, cursor: nil).stories
            let ys = try await b.stories(since: nil, limit: 500, cursor: nil).stories
            #expect(xs == ys)
        }
        try await expectSameStore(now, later)
        // Again, nothing new: already stored, completed from the stored analysis.
        let again = try later.ingestBlocking(articles.prefix(40).map(later.prepare), provenance: .deferred)
        let completed = try later.refreshProvenanceBlocking(again.map { try $0.get() })
        #expect(completed.allSatisfy { $0.alreadyStored })
        #expect(completed.map(\.role) == expected.prefix(40).map(\.role))

        // Committed, never refreshed (as a kill -9 between the two leaves it), then reopened.
        do {
            let crashed = try crashDB.open()
            at = 0
            for size in sizes {
                let chunk = articles[at..<(at + size)]
                at += size
                for r in try crashed.ingestBlocking(chunk.map(crashed.prepare), provenance: .deferred) { _ = try r.get() }
            }
            #expect(try await crashed.article(id: articles[0].id)?.role == nil, "stale until refreshed")
            // Stale stories keep the summary of their last analysis (none yet): still sound.
            #expect(try crashed.verify() == [])
        }
        let reopened = try crashDB.open()
        try await expectSameStore(now, reopened)
        #expect(try reopened.verify() == [] && later.verify() == [])
    }

    /// The engine finds the earlier articles whose copy group changed by looking at the new
    /// article's group only; after every article, its mirror equals a full recomputation.
    @Test func engineMirrorMatchesAFullRecomputeAfterEveryArticle() {
        var articles = Fixtures.generated(count: 150, events: 11)
        // Exact twins under ids that sort before the first copy's (the canonical twin moves),
        // and a late near-copy that bridges into an existing group.
        for i in stride(from: 10, to: 150, by: 37) {
            var twin = articles[i]
            twin.id = "a\(i)"
            twin.url = "https://twins.example/\(i)"
            articles.append(twin)
        }
        var engine = StoreEngine()
        var full = CopyGroupIndex(parameters: engine.parameters)
        for a in articles {
            let fp = engine.fingerprinter.fingerprint(id: a.id, text: a.text, published: a.published)
            _ = engine.place(a, fingerprint: fp)
            full.insert([fp])
            #expect(engine.assignments == full.assignments(), "after \(a.id)")
        }
        #expect(Set(engine.assignments.map(\.group)).count < articles.count * 3 / 4)
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
