import Testing

@testable import NewsfoldCore

/// Threads: a story begun after a week of silence continues the earlier story of its event
/// (``StoryLink``), decided once, when the later story retires or the stream settles.
@Suite struct StoryThreadTests {
    /// Noon of day `d` counted from March 1st, 2024 (any `d`, past the month's end too).
    static func at(_ d: Int, hour: Int = 12) -> NewsDate {
        NewsDate(utcInstant: day(1).instant + Int64(d - 1) * 86_400 + Int64(hour - 12) * 3_600)
    }

    private static func report(_ id: String, _ title: String, _ text: String, day d: Int) -> StoryInput {
        StoryInput(id: id, title: title, text: text, published: at(d))
    }

    /// Two reports of a quake on days 4 and 5.
    static let quake = [
        report(
            "q1", "Strong earthquake shakes central Chile",
            "A magnitude 6.1 earthquake struck near Santiago, Chile, on Monday, killing 12 people. "
                + "President Gabriel Boric said rescue teams were searching collapsed buildings in Valparaiso.",
            day: 4),
        report(
            "q2", "Chile quake kills 12, Boric says",
            "Rescuers in Valparaiso dug through rubble after the 6.1 quake near Santiago. "
                + "Boric told reporters that 12 people had died in Chile.",
            day: 5),
    ]

    /// Eleven days after the quake's last report: the next chapter, in other words, same names.
    static func charges(day d: Int = 16) -> StoryInput {
        report(
            "charges", "Builders charged over Valparaiso collapse",
            "Prosecutors in Chile charged three builders over the Valparaiso apartment blocks that collapsed "
                + "in the Santiago earthquake, which killed 12. Boric promised a review of building rules.",
            day: d)
    }

    /// A look-alike event in another country, the same day as the charges.
    static let padang = report(
        "padang", "Strong earthquake shakes western Indonesia",
        "A magnitude 7.2 earthquake struck near Padang, Indonesia, on Thursday, killing 40 people. "
            + "Governor Mahyeldi said rescue teams were searching collapsed buildings in Bukittinggi.",
        day: 16)

    private static func story(of id: String, in stories: [Story]) -> Story? {
        stories.first { $0.articles.contains(id) }
    }

    @Test func theNextChapterContinuesTheEarlierStoryAndALookAlikeDoesNot() throws {
        let stories = StoryClusterer.cluster(Self.quake + [Self.charges(), Self.padang])
        let quake = try #require(Self.story(of: "q1", in: stories))
        let charges = try #require(Self.story(of: "charges", in: stories))
        let padang = try #require(Self.story(of: "padang", in: stories))
        #expect(quake.articles.sorted() == ["q1", "q2"])
        #expect(charges.articles == ["charges"], "a week of silence closed the quake's story")
        #expect(charges.continues == quake.id)
        #expect(padang.continues == nil)
        #expect(quake.continues == nil)
    }

    @Test func nothingIsContinuedBeyondTheGapFromASingleReportOrWhenOff() throws {
        // 31 days after the quake's last report: beyond threadGapDays (28).
        let late = StoryClusterer.cluster(Self.quake + [Self.charges(day: 5 + 31)])
        #expect(late.allSatisfy { $0.continues == nil })
        // An earlier story of one report is not continued.
        let single = StoryClusterer.cluster([Self.quake[0], Self.charges()])
        #expect(single.allSatisfy { $0.continues == nil })
        var off = StorySettings()
        off.threadGapDays = 0
        #expect(StoryClusterer.cluster(Self.quake + [Self.charges()], settings: off).allSatisfy { $0.continues == nil })
        // Undated, nothing says which came first.
        let undated = (Self.quake + [Self.charges()]).map { input -> StoryInput in
            var u = input
            u.published = nil
            return u
        }
        #expect(StoryClusterer.cluster(undated).allSatisfy { $0.continues == nil })
    }

    @Test func aStoryNearTwoEarlierOnesContinuesNeither() throws {
        // The same quake reported twice as two stories (no article brought them together: one
        // set of reports ran a week apart from the other) is near the charges equally.
        var twin = Self.quake
        for i in twin.indices {
            twin[i].id += "-again"
            twin[i].published = Self.at(-4 + i)  // 8 and 7 days before the quake
        }
        var settings = StorySettings()
        settings.windowDays = 2
        let stories = StoryClusterer.cluster(twin + Self.quake + [Self.charges()], settings: settings)
        let charges = try #require(Self.story(of: "charges", in: stories))
        #expect(Self.story(of: "q1", in: stories)?.id != Self.story(of: "q1-again", in: stories)?.id)
        #expect(charges.continues == nil)
        settings.threadMargin = 1
        let unchecked = StoryClusterer.cluster(twin + Self.quake + [Self.charges()], settings: settings)
        #expect(Self.story(of: "charges", in: unchecked)?.continues != nil, "the margin is what kept it apart")
    }

    @Test func aRetiredStoryIsContinuedFromMemoryAndTheLinkComesWithThePlacement() throws {
        // One live story at a time: each article retires the stories before it, which are
        // remembered; the charges retire as the padang report is placed.
        var settings = StorySettings()
        settings.maxLiveStories = 1
        var c = StoryClusterer(settings: settings)
        var membership = StoryMembership()
        var links: [StoryLink] = []
        let inputs = Self.quake + [Self.charges(), Self.padang]
        for (i, input) in inputs.enumerated() {
            let a = c.add(input)
            links += a.continued
            membership.add(i, a)
        }
        membership.settle(c.settle())
        #expect(c.threads.count >= 1, "the quake's story was remembered when it retired")
        let stories = membership.stories()
        let quake = try #require(stories.first { $0.articles.contains(0) })
        let charges = try #require(stories.first { $0.articles.contains(2) })
        #expect(charges.continues == quake.id)
        #expect(links.map(\.continues) == [quake.id], "decided as the charges' story retired")
        #expect(links.first.map { $0.similarity >= settings.joinThreshold } == true)
    }

    /// A story that runs for weeks continues what ended before it began, however long ago the
    /// stream's clock has moved on: what it may continue is remembered while it is undecided.
    @Test func aLongStoryContinuesWhatEndedBeforeItBegan() throws {
        // Twenty other reports a day keep the stream going; idle stories retire (and the
        // quake's is remembered) once, at the 1024th article, on day 57.
        var stream = Self.quake + [Self.charges()]
        for d in 6...61 {
            for k in 0..<20 {
                stream.append(StoryInput(
                    id: "other-\(d)-\(k)", title: "Event \(d) \(k)",
                    text: "Unique\(d)x\(k) happened at Place\(d)x\(k) with Person\(d)x\(k).", published: Self.at(d, hour: k)))
            }
        }
        for (n, d) in stride(from: 21, through: 61, by: 5).enumerated() {
            var followUp = Self.charges(day: d)
            followUp.id = "charges-\(n)"
            stream.append(followUp)
        }
        stream.sort(by: StoryInput.publicationOrder)
        let settings = StorySettings()
        var c = StoryClusterer(settings: settings)
        var membership = StoryMembership()
        for (i, input) in stream.enumerated() { membership.add(i, c.add(input)) }
        membership.settle(c.settle())
        let stories = membership.stories()
        let quake = try #require(stories.first { $0.articles.contains(0) })
        let charges = try #require(stories.first { $0.articles.contains(stream.firstIndex { $0.id == "charges" }!) })
        #expect(c.threads.count == 1, "the quake's story, remembered when it retired")
        #expect(charges.articles.count == 10, "the charges ran from day 16 to day 61")
        #expect(charges.continues == quake.id, "the quake ended 11 days before the charges began, 56 days before the end")
    }

    @Test func membershipFollowsMergesForBothEndsOfALink() {
        var m = StoryMembership()
        for story in 1...4 { m.add(story - 1, StoryAssignment(story: story, reason: .newStory(best: 0))) }
        m.settle(
            StorySettlement(
                merges: [StoryMerge(gone: 3, into: 2), StoryMerge(gone: 4, into: 1)],
                links: [
                    StoryLink(story: 3, continues: 4, similarity: 0.3),  // 2 continues 1, through the merges
                    StoryLink(story: 4, continues: 1, similarity: 0.3),  // within one story after merges: dropped
                ]))
        let stories = m.stories()
        #expect(stories.map(\.id) == [1, 2])
        #expect(stories.map(\.continues) == [nil, 1])
    }

    @Test func theMemoryIsBoundedByCountAndByAge() {
        var memory = ThreadMemory()
        func retired(_ id: Int, last: Int64) -> LiveStory {
            var s = LiveStory(id: id, touched: id)
            s.terms = SparseVector(pairs: [(UInt64(id), 1)])
            s.members = 2
            s.spans.add(last, gap: 0)
            return s
        }
        for id in 1...5 { memory.remember(retired(id, last: Int64(id) * 86_400), keys: [UInt64(id), 99], capacity: 3) }
        #expect(memory.count == 3)
        #expect(memory.stories.keys.sorted() == [3, 4, 5], "the oldest retired are forgotten")
        #expect(memory.postings(99) == [3, 4, 5] && memory.postings(1).isEmpty)
        memory.forget(endedBefore: 5 * 86_400)
        #expect(memory.stories.keys.sorted() == [5])
        #expect(memory.postings(99) == [5] && memory.postings(3).isEmpty)
    }
}
