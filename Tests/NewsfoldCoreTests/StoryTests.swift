import Testing
@testable import NewsfoldCore

/// A day of March 2024 at `hour` UTC (shared by the story tests).
func day(_ d: Int, hour: Int = 12) -> NewsDate {
    NewsDate(year: 2024, month: 3, day: d, hour: hour, minute: 0, utcOffsetMinutes: 0)
}

/// Small articles about a few events, written for these tests.
private enum Texts {
    static let chileA = StoryInput(
        id: "chile-a", title: "Strong earthquake shakes central Chile",
        text: """
            A magnitude 6.1 earthquake struck near Santiago, Chile, on Monday, killing 12 people \
            and cutting power to thousands of homes. Chilean President Gabriel Boric said rescue \
            teams were searching collapsed buildings in Valparaiso.
            """, published: day(4, hour: 9), site: "Daily One")
    static let chileB = StoryInput(
        id: "chile-b", title: "Chile quake kills 12, Boric says",
        text: """
            Rescuers in Valparaiso dug through rubble after the 6.1 quake that hit near Santiago. \
            Boric told reporters that 12 people had died in Chile and that power was returning.
            """, published: day(4, hour: 15), site: "Wire Two")
    static let padang = StoryInput(
        id: "padang", title: "Strong earthquake shakes western Indonesia",
        text: """
            A magnitude 7.2 earthquake struck near Padang, Indonesia, on Thursday, killing 40 \
            people and cutting power to thousands of homes. Indonesian President Joko Widodo said \
            rescue teams were searching collapsed buildings in Sumatra.
            """, published: day(14, hour: 9), site: "Daily One")
    static let budget = StoryInput(
        id: "budget", title: "Parliament passes the budget after a long night",
        text: """
            Lawmakers in Ottawa approved the federal budget early on Tuesday. Finance Minister \
            Chrystia Freeland said the plan would cut the deficit by 2026.
            """, published: day(5), site: "Wire Two")
    static let budget2 = StoryInput(
        id: "budget-2", title: "Freeland budget approved in Ottawa",
        text: """
            The budget of Finance Minister Chrystia Freeland cleared Parliament in Ottawa on \
            Tuesday; lawmakers voted after a long night, and the deficit is to fall by 2026.
            """, published: day(5, hour: 18), site: "Daily One")
}

@Suite struct EventProfileTests {
    @Test func namesRunsAndNumbersAreEntities() {
        let p = EventProfile(
            title: nil, text: "The talks went on. Officials said North Korean leader Kim Jong Un met Putin in 2023 after 6.1 hours.")
        for name in ["kim jong un", "kim", "putin", "north korean", "2023", "6.1"] {
            #expect(p.entities.weight(of: EventProfile.entityKey(name)) > 0, "\(name)")
        }
        // A lone capitalised word at a sentence start is not a name; function words are not terms.
        #expect(p.entities.weight(of: EventProfile.entityKey("officials")) == 0)
        #expect(p.entities.weight(of: EventProfile.entityKey("the")) == 0)
        #expect(p.terms.weight(of: EventProfile.termKey("the")) == 0)
        #expect(p.terms.weight(of: EventProfile.termKey("talks")) == 1)
    }

    @Test func pluralsFoldAndTitleWordsCountMore() {
        let p = EventProfile(title: "Earthquakes", text: "An earthquake hit two cities; one city was spared.")
        #expect(p.terms.weight(of: EventProfile.termKey("earthquake")) == 1 + EventProfile.titleWeight)
        #expect(p.terms.weight(of: EventProfile.termKey("cities")) == 2)
        #expect(EventProfile.termKey("cities") == EventProfile.termKey("city"))
        #expect(EventProfile.termKey("press") != EventProfile.termKey("pres"))  // -ss kept
    }

    @Test func unicodePunctuationSeparatesWords() {
        let p = EventProfile(title: nil, text: "Then “Korea’s leader” met in Pyongyang—quietly.")
        #expect(p.terms.weight(of: EventProfile.termKey("korea")) == 1)
        #expect(p.terms.weight(of: EventProfile.termKey("pyongyang")) == 1)
        #expect(p.terms.weight(of: EventProfile.termKey("quietly")) == 1)
    }

    @Test func writtenDatesAreEntities() {
        let p = EventProfile(
            title: nil, text: "The fight was on March 14 in Berlin. A rematch is set for Jan. 5, and a third bout in June 2026.")
        #expect(p.entities.weight(of: EventProfile.entityKey("march 14")) == EventProfile.dateWeight)
        #expect(p.entities.weight(of: EventProfile.entityKey("jan 5")) == EventProfile.dateWeight)
        #expect(p.entities.weight(of: EventProfile.entityKey("june 2026")) == EventProfile.dateWeight)
        #expect(p.entities.weight(of: EventProfile.entityKey("14")) == 1)  // the parts still count
        // A full month name, then a sentence end: no date (only abbreviations take a period).
        let q = EventProfile(title: nil, text: "It ended in March. 40 people left.")
        #expect(q.entities.weight(of: EventProfile.entityKey("march 40")) == 0)
        #expect(q.entities.weight(of: EventProfile.entityKey("40")) == 1)
    }

    @Test func emptyAndOddInputGiveEmptyProfiles() {
        #expect(EventProfile(title: nil, text: "").terms.isEmpty)
        let odd = EventProfile(title: "\u{FEFF}", text: "\u{0}\u{1} ... —— 12")
        #expect(odd.terms.isEmpty)
        #expect(odd.entities.count == 1)
    }
}

@Suite struct SparseVectorTests {
    @Test func dotCosineAndSum() {
        let a = SparseVector(pairs: [(7, 1), (3, 2), (3, 1)])
        #expect(a.keys == [3, 7])
        #expect(a.values == [3, 1])
        let b = SparseVector(pairs: [(3, 1), (9, 5)])
        #expect(a.dot(b) == 3)
        #expect(abs(a.cosine(a) - 1) < 1e-6)
        #expect(a.cosine(SparseVector()) == 0)
        let s = a.adding(b, scale: 2)
        #expect(s.keys == [3, 7, 9])
        #expect(s.values == [5, 1, 10])
        #expect(s.keepingTop(2).keys == [3, 9])
        #expect(s.topKeys(1) == [9])
    }

    /// Galloping (one side much smaller) must give the very bits of walking both lists.
    @Test func gallopingDotEqualsTheMergeBitForBit() {
        var rng = SplitMix(seed: 11)
        func vector(_ n: Int, keys: UInt64) -> SparseVector {
            SparseVector(pairs: (0..<n).map { _ in (UInt64.random(in: 0..<keys, using: &rng), Float.random(in: 0.01...3, using: &rng)) })
        }
        for (n, m) in [(0, 50), (1, 1), (3, 200), (20, 5000), (150, 2000), (40, 41), (7, 9000), (600, 600)] {
            for keys: UInt64 in [64, 4096, 1 << 40] {
                let a = vector(n, keys: keys), b = vector(m, keys: keys)
                #expect(a.dot(b).bitPattern == a.mergingDot(b).bitPattern, "n \(n) m \(m) keys \(keys)")
                #expect(b.dot(a).bitPattern == a.mergingDot(b).bitPattern)
            }
        }
        // Keys at the very ends of the larger list.
        let big = SparseVector(pairs: (0..<1000).map { (UInt64($0) * 3, 1) })
        let ends = SparseVector(pairs: [(0, 2), (2997, 5), (2998, 7)])
        #expect(ends.dot(big) == 7)
        #expect(SparseVector.gallopingDot(small: ends, large: big) == 7)
    }
}

@Suite struct StoryClustererTests {
    @Test func reportsOfOneEventJoinAndOtherEventsStartStories() {
        var c = StoryClusterer()
        let first = c.add(Texts.chileA)
        #expect(first.isNewStory)
        let second = c.add(Texts.chileB)
        #expect(second.story == first.story)
        if case .similar(let s) = second.reason { #expect(s >= c.settings.joinThreshold) } else {
            Issue.record("expected a join, got \(second.reason)")
        }
        let other = c.add(Texts.budget)
        #expect(other.isNewStory)
        #expect(c.add(Texts.budget2).story == other.story)
    }

    @Test func candidatesAreTheStoriesSharingTheMostLookupFeatures() {
        var settings = StorySettings()
        settings.maxCandidates = 1
        var c = StoryClusterer(settings: settings)
        func input(_ id: String, _ text: String) -> StoryInput { StoryInput(id: id, text: text) }
        let a = c.add(input("a", "glacier glacier glacier volcano volcano volcano harbour harbour harbour tunnel tunnel tunnel")).story
        // A newer story sharing one word with the query: it would win a tie on recency.
        let b = c.add(input("b", "glacier orchard orchard orchard meadow meadow meadow canyon canyon canyon")).story
        #expect(a != b)
        let q = c.add(input("q", "glacier glacier volcano volcano harbour harbour tunnel tunnel orchard"))
        #expect(q.story == a, "the one candidate compared is the story sharing most of the article's features")
    }

    @Test func lookAlikeEventsStayApart() {
        // Same kind of event, mostly the same words; different place, toll, people and date.
        let stories = StoryClusterer.cluster([Texts.chileA, Texts.chileB, Texts.padang])
        #expect(partition(stories) == [["chile-a", "chile-b"], ["padang"]])
    }

    @Test func followUpsJoinWhileCoverageLastsThenAWeekOfSilenceClosesTheStory() {
        var c = StoryClusterer()
        let a = c.add(Texts.chileA)  // day 4
        // Undated: no time evidence, so content decides.
        var undated = Texts.chileB
        undated.published = nil
        #expect(c.add(undated).story == a.story)
        // Follow-ups six days apart, same names: the story lasts as long as its coverage, here
        // twelve days (a decay of the former model, halving every 3 days, split them off).
        for (n, d) in [10, 16].enumerated() {
            var followUp = Texts.chileB
            followUp.id = "follow-up-\(n)"
            followUp.published = day(d)
            #expect(c.add(followUp).story == a.story)
        }
        // The same words nine days after the story's latest article: a week of silence closed it.
        var later = Texts.chileB
        later.id = "later"
        later.published = day(16 + 9)
        #expect(c.add(later).story != a.story)
    }

    @Test func theRequirementIsFlatWithinTheCycleThenGrowsGently() {
        let c = StoryClusterer()
        let first = day(10).instant, last = day(11).instant
        #expect(c.gapDays(day(10, hour: 20).instant, first: first, last: last) == 0)
        #expect(c.gapDays(day(12, hour: 11).instant, first: first, last: last) == 0)  // within a day of the span
        #expect(c.gapDays(nil, first: first, last: last) == 0)
        let week = c.gapDays(day(19).instant, first: first, last: last)
        #expect(abs(week - 7) < 1e-9)
        #expect(c.requirement(0) == 1)
        #expect(abs(c.requirement(week) - Float(1 + c.settings.gapSlope * _log(2))) < 1e-6)
        #expect(c.requirement(14) > c.requirement(7) && c.requirement(14) < 2)
        // Names count more as the gap grows: with equal cosines the mix is unchanged, with names
        // ahead of words it rises.
        #expect(c.content(words: 0.5, names: 0.5, gap: 10) == 0.5)
        #expect(c.content(words: 0.2, names: 0.6, gap: 10) > c.content(words: 0.2, names: 0.6, gap: 0))
    }

    @Test func aBridgingArticleMergesTwoHalvesOfOneEvent() {
        // Two first reports of one flood, worded apart enough to start two stories; a later
        // report holding both halves joins one and shows the two to be one event.
        var c = StoryClusterer()
        let one = StoryInput(
            id: "one", title: "Flood waters rise",
            text: "Floodwater surged through Tarnow overnight. Mayor Anna Wolska ordered sandbags and pumps.",
            published: day(6, hour: 6))
        let two = StoryInput(
            id: "two", title: "Evacuations ordered",
            text: "Residents of Tarnow were evacuated by boat. Governor Piotr Zalewski asked for army helicopters.",
            published: day(6, hour: 7))
        let bridge = StoryInput(
            id: "bridge", title: "Tarnow flood: evacuations as waters surge",
            text: """
                Floodwater surged through Tarnow overnight and residents were evacuated by boat. Mayor                 Anna Wolska ordered sandbags and pumps; Governor Piotr Zalewski asked for army helicopters.
                """, published: day(6, hour: 9))
        let a = c.add(one), b = c.add(two)
        #expect(a.story != b.story, "the two first reports start two stories")
        let m = c.add(bridge)
        #expect(m.merged == [max(a.story, b.story)])
        #expect(m.story == min(a.story, b.story))
        #expect(c.liveStoryCount == 1)
    }

    @Test func copyGroupsAreAtomic() {
        var c = StoryClusterer()
        var a = Texts.chileA
        a.group = "g1"
        var copy = Texts.budget  // different words: only the group ties it
        copy.group = "g1"
        let first = c.add(a)
        let second = c.add(copy)
        #expect(second.story == first.story)
        #expect(second.reason == .copy)
    }

    @Test func shuffledInputGivesTheSamePartition() {
        var inputs = [Texts.chileA, Texts.chileB, Texts.padang, Texts.budget, Texts.budget2]
        var undated = Texts.chileB
        undated.id = "chile-undated"
        undated.published = nil
        inputs.append(undated)
        let expected = partition(StoryClusterer.cluster(inputs))
        var rng = SplitMix(seed: 42)
        for _ in 0..<10 {
            inputs.shuffle(using: &rng)
            #expect(partition(StoryClusterer.cluster(inputs)) == expected)
        }
        #expect(expected.count == 3)
    }

    @Test func idleStoriesRetireSoMemoryFollowsLiveStories() {
        var c = StoryClusterer()
        // 1500 distinct one-article stories, one a day: only the last ~retireAfterDays stay live
        // (retirement runs every 1024 articles, so up to 1024 more in between).
        for i in 0..<1500 {
            let t = day(1).instant + Int64(i) * 86_400
            _ = c.add(StoryInput(
                id: "s\(i)", title: "Event \(i)", text: "Unique\(i) happened at Place\(i) with Person\(i).",
                published: NewsDate(iso8601: isoDay(t))))
        }
        // The stream's clock trails the newest date by the articles it ignores as outliers.
        let lag = StoryClusterer.clockWindow - 1 - StoryClusterer.clockRank(StoryClusterer.clockWindow)
        #expect(c.liveStoryCount <= 1500 - 1024 + Int(c.settings.retireAfterDays) + lag + 1)
    }

    @Test func aReDatedCopyNeitherMovesItsStoryNorOpensItToAnotherYear() {
        var c = StoryClusterer()
        var farm = Texts.chileA
        farm.id = "farm"
        farm.group = "wire"
        farm.published = NewsDate(year: 2026, month: 5, day: 1, hour: 9, minute: 0, utcOffsetMinutes: 0)
        var a = Texts.chileA
        a.group = "wire"
        var a2 = a
        a2.id = "chile-a-2"
        // The farm's copy is met first; the wire's copies show the story's real days.
        let story = c.add(farm).story
        #expect(c.add(a).story == story && c.add(a2).story == story)
        #expect(c.add(Texts.chileB).story == story, "a report of the real days joins")
        // A look-alike report dated in the farm's year finds no open story there.
        var lookAlike = Texts.chileB
        lookAlike.id = "2026"
        lookAlike.published = NewsDate(year: 2026, month: 5, day: 2, hour: 9, minute: 0, utcOffsetMinutes: 0)
        #expect(c.add(lookAlike).story != story)
    }

    @Test func spansChainDatesAndTheLargestChainIsTheStorysTime() {
        let day: Int64 = 86_400, gap = 15 * day
        var s = StorySpans()
        s.add(1000 * day, gap: gap)
        s.add(10 * day, gap: gap)
        s.add(12 * day, gap: gap)
        #expect(s.main == StorySpans.Span(lo: 10 * day, hi: 12 * day, count: 2))
        s.add(26 * day, gap: gap)  // within the gap of 12: the chain grows
        #expect(s.main == StorySpans.Span(lo: 10 * day, hi: 26 * day, count: 3))
        var other = StorySpans()
        other.add(500 * day, gap: gap)
        other.add(45 * day, gap: gap)  // 19 days after 26: a chain of its own...
        s.merge(other, gap: gap)
        #expect(s.spans.count == 4)
        s.add(33 * day, gap: gap)  // ...until 33 links 26 and 45
        #expect(s.main == StorySpans.Span(lo: 10 * day, hi: 45 * day, count: 5))
        for k in 0..<20 { s.add(Int64(2000 + 100 * k) * day, gap: gap) }
        #expect(s.spans.count == StorySpans.capacity)
        #expect(s.main?.count == 5, "dropping far singles keeps the main chain")
    }

    @Test func aPageReDatedYearsAheadDoesNotRetireTheLiveStories() {
        var c = StoryClusterer()
        let a = c.add(Texts.chileA)
        for i in 0..<1030 {  // retirement runs every 1024 articles
            let forged = i == 3 ? NewsDate(year: 2031, month: 1, day: 1) : day(4, hour: 10)
            _ = c.add(StoryInput(id: "x\(i)", title: "Item \(i)", text: "Unique\(i) met Person\(i).", published: forged))
        }
        #expect(c.add(Texts.chileB).story == a.story)
    }

    @Test func storiesAreReportedLargestFirstWithGroups() {
        var a = Texts.chileA
        a.group = "ap-1"
        var b = Texts.chileB
        b.group = "ap-1"
        let stories = StoryClusterer.cluster([Texts.budget, a, b, Texts.padang])
        #expect(stories.first?.articles == ["chile-a", "chile-b"])
        #expect(stories.first?.groups == [Story.Group(id: "ap-1", members: ["chile-a", "chile-b"])])
        #expect(stories.first?.firstSeen == Texts.chileA.published)
        #expect(stories.first?.lastSeen == Texts.chileB.published)
        #expect(stories.first?.title == Texts.chileA.title)
        #expect(stories.first?.sites == ["Daily One", "Wire Two"])
        // Then single-article stories, most recent first.
        #expect(stories.dropFirst().map(\.articles) == [["padang"], ["budget"]])
    }

    @Test func articlesWithoutTextDoNotCrash() {
        let stories = StoryClusterer.cluster([
            StoryInput(id: "empty"), StoryInput(id: "title-only", title: "Chile earthquake"),
            Texts.chileA,
        ])
        #expect(Set(stories.flatMap(\.articles)) == ["empty", "title-only", "chile-a"])
    }
}

/// The stories as sets of article ids, sorted: order-free comparison of clusterings.
func partition(_ stories: [Story]) -> [[String]] {
    stories.map { $0.articles.sorted() }.sorted { $0.lexicographicallyPrecedes($1) }
}

private func isoDay(_ t: Int64) -> String {
    // Days since epoch -> civil date (Howard Hinnant).
    let z = t / 86_400 + 719_468
    let era = z / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    func p(_ v: Int64, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
    return "\(p(y, 4))-\(p(m, 2))-\(p(d, 2))"
}

/// A seeded generator, so shuffles are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct StoryMembershipTests {
    @Test func mergesAreFollowedToTheLowestStory() {
        var m = StoryMembership()
        m.add(10, StoryAssignment(story: 1, reason: .newStory(best: 0)))
        m.add(11, StoryAssignment(story: 2, reason: .newStory(best: 0)))
        m.add(12, StoryAssignment(story: 3, reason: .newStory(best: 0)))
        m.add(13, StoryAssignment(story: 4, reason: .newStory(best: 0)))
        // Article 14 bridges 2 and 3 (3 goes into 2), then 15 bridges 1 and 2 (2 goes into 1).
        m.add(14, StoryAssignment(story: 2, reason: .similar(0.5), merged: [3]))
        m.add(15, StoryAssignment(story: 1, reason: .similar(0.5), merged: [2]))
        m.add(16, StoryAssignment(story: 3, reason: .copy))  // a copy of a group placed in 3 before
        let stories = m.stories()
        #expect(stories == [
            StoryMembership.Members(id: 1, articles: [10, 11, 12, 14, 15, 16]),
            StoryMembership.Members(id: 4, articles: [13]),
        ])
        #expect(m.count == 7)
    }

    @Test func aStoryIsBuiltFromItsMembersInArrivalOrder() {
        let members = [
            StoryInput(id: "a", title: nil, published: NewsDate(year: 2024, month: 3, day: 2), site: "x.com", group: "g1"),
            StoryInput(id: "b", title: "Quake", published: NewsDate(year: 2024, month: 3, day: 1), site: "y.com", group: "g2"),
            StoryInput(id: "c", title: "Later", published: NewsDate(year: 2024, month: 3, day: 5), site: "x.com", group: "g1"),
            StoryInput(id: "d", title: "", published: nil, site: nil, group: nil),
        ]
        let s = Story(id: 7, members: members)
        #expect(s.title == "Quake")
        #expect(s.firstSeen == NewsDate(year: 2024, month: 3, day: 1))
        #expect(s.lastSeen == NewsDate(year: 2024, month: 3, day: 5))
        #expect(s.articles == ["a", "b", "c", "d"])
        #expect(s.groups == [Story.Group(id: "g1", members: ["a", "c"]), Story.Group(id: "g2", members: ["b"]), Story.Group(id: "d", members: ["d"])])
        #expect(s.sites == ["x.com", "y.com"])
    }

    @Test func collectionAndClusterAgreeWithMembership() {
        var clusterer = StoryClusterer(), collection = StoryCollection()
        let inputs = [Texts.chileA, Texts.budget, Texts.chileB, Texts.budget2, Texts.padang]
        for i in inputs.sorted(by: StoryInput.publicationOrder) { collection.add(i, clusterer.add(i)) }
        #expect(collection.stories == StoryClusterer.cluster(inputs))
        #expect(partition(collection.stories).count == 3)
    }
}
