import Testing

@testable import NewsfoldCore

/// The repair of fragments (``StoryClusterer/settle()`` and the repair as stories retire): a
/// report left alone by the single pass joins its event's story once the story has grown,
/// while a look-alike event stays apart.
@Suite struct StoryRepairTests {
    /// A report published on `d` March 2024 at `hour` UTC.
    private static func report(_ id: String, _ title: String, _ text: String, _ d: Int, _ hour: Int) -> StoryInput {
        StoryInput(id: id, title: title, text: text, published: day(d, hour: hour))
    }

    /// Three reports of one earthquake, on its first two days.
    static let quake = [
        report(
            "q1", "Strong earthquake shakes central Chile",
            """
                A magnitude 6.1 earthquake struck near Santiago, Chile, on Monday, killing 12 people \
                and cutting power to thousands of homes. Chilean President Gabriel Boric said rescue \
                teams were searching collapsed buildings in Valparaiso.
                """, 4, 9),
        report(
            "q2", "Chile quake kills 12, Boric says",
            """
                Rescuers in Valparaiso dug through rubble after the 6.1 quake that hit near Santiago. \
                Boric told reporters that 12 people had died in Chile and that power was returning.
                """, 4, 15),
        report(
            "q3", "Santiago counts the cost of Monday's quake",
            """
                Shops in Santiago reopened on Tuesday after the earthquake that killed 12 people in \
                Chile. Engineers inspected bridges near Valparaiso, and Boric promised money for repairs.
                """, 5, 10),
    ]
    /// Five days on, in other words: an inquiry into the buildings that fell. Too far from the
    /// reports to join on arrival (a new story), close enough to the whole story to be repaired.
    static let inquiry = report(
            "inquiry", "Inquiry into collapsed apartment blocks",
            """
            Prosecutors opened an inquiry into the builders of apartment blocks in Valparaiso that \
            collapsed last week. Families would be rehoused before winter, the housing minister said.
            """, 10, 9)
    /// Another earthquake, days later, told in the same words with other names.
    static let lookAlike = report(
            "padang", "Strong earthquake shakes western Indonesia",
            """
            A magnitude 7.2 earthquake struck near Padang, Indonesia, on Thursday, killing 40 \
            people and cutting power to thousands of homes. Indonesian President Joko Widodo said \
            rescue teams were searching collapsed buildings in Sumatra.
            """, 7, 9)

    @Test func aFollowUpLeftAloneJoinsItsStoryWhenTheStreamSettles() {
        var clusterer = StoryClusterer()
        var membership = StoryMembership()
        let inputs = Self.quake + [Self.inquiry]
        let assignments = inputs.map { clusterer.add($0) }
        for (i, a) in assignments.enumerated() { membership.add(i, a) }
        guard case .newStory(let best) = assignments[3].reason else {
            Issue.record("the follow-up joined on arrival: \(assignments[3])")
            return
        }
        // Between the bars: a fragment the pass could not place, not a stranger.
        #expect(best >= clusterer.settings.repairThreshold && best < clusterer.settings.joinThreshold)
        #expect(membership.stories().count == 2)
        let settled = clusterer.settle()
        #expect(settled.merges == [StoryMerge(gone: assignments[3].story, into: assignments[0].story)])
        membership.settle(settled)
        #expect(membership.stories().map(\.articles) == [[0, 1, 2, 3]])
        #expect(clusterer.settle() == StorySettlement(), "settling again changes nothing here")
        #expect(clusterer.liveStoryCount == 1, "the stories stay live after settling")
    }

    @Test func theRepairCanBeTurnedOffAndClusterSettles() {
        var off = StorySettings()
        off.repairThreshold = 0
        #expect(StoryClusterer.cluster(Self.quake + [Self.inquiry], settings: off).count == 2)
        #expect(partition(StoryClusterer.cluster(Self.quake + [Self.inquiry])) == [["inquiry", "q1", "q2", "q3"]])
    }

    @Test func aLookAlikeEventIsNotRepairedIntoTheStory() {
        let stories = StoryClusterer.cluster(Self.quake + [Self.lookAlike])
        #expect(partition(stories) == [["padang"], ["q1", "q2", "q3"]])
    }

    @Test func aFollowUpTooFarFromItsStoryStaysAlone() {
        var late = Self.inquiry
        late.published = day(14, hour: 9)  // nine days after the story's last report
        var settings = StorySettings()
        settings.repairGapDays = 7
        #expect(StoryClusterer.cluster(Self.quake + [late], settings: settings).count == 2)
    }

    /// On a long stream the repair runs as stories retire, before the end: the merge comes back
    /// with the placement that retired them (``StoryAssignment/repaired``).
    @Test func fragmentsAreRepairedAsTheirStoriesRetire() {
        var clusterer = StoryClusterer()
        var membership = StoryMembership()
        var n = 0
        func add(_ input: StoryInput) -> StoryAssignment {
            let a = clusterer.add(input)
            membership.add(n, a)
            n += 1
            return a
        }
        let first = (Self.quake + [Self.inquiry]).map(add)
        // Unrelated one-article stories a month later move the stream's clock past the quake.
        var repaired: [StoryMerge] = []
        for i in 0..<1100 {
            let t = day(1).instant + Int64(35 + i / 40) * 86_400
            repaired += add(
                StoryInput(
                    id: "other\(i)", title: "Item \(i)", text: "Unique\(i) opened at Place\(i) with Person\(i).",
                    published: NewsDate(utcInstant: t))
            ).repaired
        }
        #expect(repaired.contains(StoryMerge(gone: first[3].story, into: first[0].story)))
        let quakeStory = membership.stories().first { $0.articles.contains(0) }
        #expect(quakeStory?.articles == [0, 1, 2, 3])
    }

    /// Three reports of another earthquake the same week, in the quake's words with its own
    /// names.
    static let otherQuake = [
        report(
            "o1", "Strong earthquake shakes western Indonesia",
            """
                A magnitude 6.3 earthquake struck near Padang, Indonesia, on Tuesday, killing 9 people \
                and cutting power to thousands of homes. President Joko Widodo said rescue teams were \
                searching collapsed buildings in Bukittinggi.
                """, 5, 3),
        report(
            "o2", "Indonesia quake kills 9, Widodo says",
            """
                Rescuers in Bukittinggi dug through rubble after the 6.3 quake that hit near Padang. \
                Widodo told reporters that 9 people had died in Indonesia and that power was returning.
                """, 5, 9),
        report(
            "o3", "Padang counts the cost of Tuesday's quake",
            """
                Shops in Padang reopened on Wednesday after the earthquake that killed 9 people in \
                Indonesia. Engineers inspected bridges near Bukittinggi, and Widodo promised money for repairs.
                """, 6, 10),
    ]
    /// A report that names neither quake: as near to one story as to the other.
    static let either = report(
            "either", "Earthquake rescue teams search collapsed buildings",
            """
            Rescue teams searched collapsed buildings after the earthquake, and engineers inspected \
            bridges; shops reopened and power was returning to thousands of homes.
            """, 7, 9)

    @Test func aFragmentAsNearToTwoStoriesIsLeftAlone() throws {
        let inputs = Self.quake + Self.otherQuake + [Self.either]
        var clusterer = StoryClusterer()
        let assignments = inputs.map { clusterer.add($0) }
        let fragment = assignments[6].story
        let choice = try #require(clusterer.repairChoice(of: fragment))
        // Similar enough to be repaired, but not more to one story than to the other.
        #expect(choice.score >= clusterer.settings.repairThreshold)
        #expect(choice.score < clusterer.settings.repairMargin * choice.runnerUp)
        #expect(clusterer.settle().merges.isEmpty)
        var noMargin = StorySettings()
        noMargin.repairMargin = 1
        #expect(StoryClusterer.cluster(inputs, settings: noMargin).count == 2, "without the margin it is repaired")
        #expect(partition(StoryClusterer.cluster(inputs)).contains(["either"]))
    }

    /// A settling story larger than a fragment proposes too, at its own bar
    /// (``StorySettings/repairStoryThreshold``), and only when both stories are dated. Here
    /// every story counts as larger (no fragments), and the inquiry's score lies between the
    /// fragment bar and the default story bar. The join bar is raised a little so that the
    /// undated inquiry (no time requirement) does not join on arrival either.
    @Test func aLargerStoryIsRepairedAtItsOwnBarOnlyWithDates() {
        var settings = StorySettings()
        settings.joinThreshold = 0.24
        settings.repairMaxArticles = 0
        settings.repairStoryThreshold = 0
        let inputs = Self.quake + [Self.inquiry]
        #expect(StoryClusterer.cluster(inputs, settings: settings).count == 2, "nothing proposes")
        settings.repairStoryThreshold = StorySettings().repairStoryThreshold
        #expect(StoryClusterer.cluster(inputs, settings: settings).count == 2, "below the story bar")
        settings.repairStoryThreshold = settings.repairThreshold
        #expect(partition(StoryClusterer.cluster(inputs, settings: settings)) == [["inquiry", "q1", "q2", "q3"]])
        // Without dates nothing says the two ran at once: the larger story does not propose.
        var undated = inputs
        for i in undated.indices { undated[i].published = nil }
        var c = StoryClusterer(settings: settings)
        for input in undated.dropLast() { _ = c.add(input) }
        let inquiry = c.add(undated[undated.count - 1])
        guard case .newStory = inquiry.reason else {
            Issue.record("the inquiry joined on arrival: \(inquiry)")
            return
        }
        #expect(c.settle().merges.isEmpty)
    }
}
