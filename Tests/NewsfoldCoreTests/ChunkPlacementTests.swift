import Testing

@testable import NewsfoldCore

/// A seeded stream over weeks: events with their own place, person and toll, reported in
/// words drawn from a shared pool (so look-alike events compete), some reports copied under a
/// copy group, some undated; sorted into publication order. Enough articles (1,600) for
/// retirement to run.
private func stream(seed: UInt64, articles: Int = 1600) -> [StoryInput] {
    var rng = SplitMix(seed: seed)
    let kinds = ["flood", "fire", "earthquake", "strike", "election", "storm", "trial", "crash"]
    let pool = [
        "officials", "said", "police", "government", "residents", "city", "report", "people", "minister",
        "emergency", "hospital", "court", "vote", "damage", "rescue", "workers", "union", "judge", "weather",
        "roads", "schools", "closed", "opened", "warned", "announced", "investigation", "power", "water",
    ]
    var out: [StoryInput] = []
    var copies: [(group: String, input: StoryInput)] = []
    let base = NewsDate(year: 2024, month: 1, day: 1, hour: 0, minute: 0, utcOffsetMinutes: 0).instant
    for n in 0..<articles {
        if !copies.isEmpty, Int.random(in: 0..<5, using: &rng) == 0 {
            var (group, c) = copies[Int.random(in: 0..<copies.count, using: &rng)]
            c.id = "copy\(n)"
            c.group = group
            if let p = c.published {
                c.published = NewsDate(utcInstant: p.instant + Int64.random(in: 0..<200_000, using: &rng))
            }
            out.append(c)
            continue
        }
        let e = Int.random(in: 0..<60, using: &rng)
        let kind = kinds[e % kinds.count]
        let place = "Town\(e / 2)"  // two events per place: look-alikes
        let person = "Mayor\(e)"
        var words: [String] = []
        for _ in 0..<Int.random(in: 25..<60, using: &rng) { words.append(pool[Int.random(in: 0..<pool.count, using: &rng)]) }
        // Three angles on one event: the first two can start two stories, the third bridges them.
        let lead = [
            "A \(kind) hit \(place) on the coast of Region\(e).",
            "\(person) said \(e * 7) people were affected and Agency\(e) was called in.",
            "A \(kind) hit \(place) on the coast of Region\(e); \(person) said \(e * 7) people were affected and Agency\(e) was called in.",
        ][Int.random(in: 0..<3, using: &rng)]
        let text = lead + " " + words.joined(separator: " ") + "."
        let day = Int64(e * 5 + Int.random(in: 0..<20, using: &rng))
        let published = Int.random(in: 0..<10, using: &rng) == 0
            ? nil : NewsDate(utcInstant: base + day * 86_400 + Int64.random(in: 0..<86_400, using: &rng))
        let group = "g\(n)"
        let input = StoryInput(id: "a\(n)", title: nil, text: text, published: published, group: group)
        out.append(input)
        copies.append((group, input))
    }
    return out.sorted(by: StoryInput.publicationOrder)
}

/// Settings under which the stream's stories are repaired as they retire (lower bars, for
/// fragments and for larger dated stories), so that the tests see repairs between chunks' plans.
private let repairing: StorySettings = {
    var s = StorySettings()
    s.repairThreshold = 0.1
    s.repairStoryThreshold = 0.1
    s.repairMargin = 1.2
    s.repairMaxArticles = 1
    return s
}()

@Suite struct ChunkPlacementTests {
    /// Chunked placement (planned, scored ahead, placed) gives every article the assignment of
    /// placing them one by one: the same story, reason and score bit for bit, and merges.
    @Test(arguments: [1, 7, 64, 500])
    func chunksPlaceAsOneByOne(chunk: Int) {
        let inputs = stream(seed: 11)
        var single = StoryClusterer(settings: repairing)
        let expected = inputs.map { single.add($0) }
        var chunked = StoryClusterer(settings: repairing)
        var got: [StoryAssignment] = []
        var start = 0
        while start < inputs.count {
            let part = Array(inputs[start..<min(inputs.count, start + chunk)])
            let profiles = part.map { EventProfile(title: $0.title, text: $0.text) }
            let plan = chunked.planChunk(part, profiles: profiles)
            let snapshot = chunked
            let scored = part.indices.map { snapshot.score($0, of: plan, profile: profiles[$0], published: part[$0].published) }
            chunked.beginChunk()
            for j in part.indices { got.append(chunked.add(part[j], profile: profiles[j], scored: scored[j])) }
            chunked.endChunk()
            start += part.count
        }
        #expect(got == expected)
        // The stream exercises what the tracking must get right.
        #expect(expected.contains { !$0.merged.isEmpty }, "merges")
        #expect(expected.contains { !$0.repaired.isEmpty }, "fragments repaired as stories retire")
        #expect(expected.contains { $0.reason == .copy }, "copies")
        #expect(Set(expected.map(\.story)).count > 40, "many stories")
        #expect(single.liveStoryCount == chunked.liveStoryCount)
        // Larger stories are repaired too: without their bar the stream's repairs differ.
        if chunk == 1 {
            var fragmentsOnly = repairing
            fragmentsOnly.repairStoryThreshold = 0
            var other = StoryClusterer(settings: fragmentsOnly)
            #expect(inputs.map { other.add($0).repaired } != expected.map(\.repaired), "larger stories repaired")
        }
    }

    /// Pipelined placement (`StoryStages.cluster`): chunk n + 1 is planned to start where chunk
    /// n's plan ends and scored against the stories as they stand before chunk n is placed;
    /// placing chunk n tracks its changes for chunk n + 1 too. Every article gets the
    /// assignment of one-by-one placement, copies left unprofiled, scored on the
    /// `scoringSnapshot` (which lacks the tables scoring does not read).
    @Test(arguments: [1, 7, 64, 500])
    func pipelinedChunksPlaceAsOneByOne(chunk: Int) {
        let inputs = stream(seed: 23)
        var single = StoryClusterer(settings: repairing)
        let expected = inputs.map { single.add($0) }
        let parts = stride(from: 0, to: inputs.count, by: chunk).map { Array(inputs[$0..<min(inputs.count, $0 + chunk)]) }
        func prepare(_ part: [StoryInput], after previous: ChunkPlan?, planner: StoryClusterer)
            -> (profiles: [EventProfile?], plan: ChunkPlan, scored: [ScoredArticle?])
        {
            let copies = planner.plannedCopies(part, after: previous)
            let profiles = part.indices.map { copies[$0] ? nil : EventProfile(title: part[$0].title, text: part[$0].text) }
            let plan = planner.planChunk(part, profiles: profiles, after: previous)
            let scorer = planner.scoringSnapshot
            let scored = part.indices.map { j in
                profiles[j].flatMap { scorer.score(j, of: plan, profile: $0, published: part[j].published) }
            }
            return (profiles, plan, scored)
        }
        var chunked = StoryClusterer(settings: repairing)
        var got: [StoryAssignment] = []
        var current = prepare(parts[0], after: nil, planner: chunked)
        for n in parts.indices {
            let next = n + 1 < parts.count ? prepare(parts[n + 1], after: current.plan, planner: chunked) : nil
            chunked.beginChunk(nextScoredAhead: next != nil)
            for j in parts[n].indices {
                got.append(chunked.add(parts[n][j], profile: current.profiles[j], scored: current.scored[j]))
            }
            chunked.endChunk()
            if let next { current = next }
        }
        let firstDifference = zip(got, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(got.count == expected.count && firstDifference == nil, "first difference at article \(firstDifference ?? -1)")
        #expect(expected.contains { !$0.merged.isEmpty } && expected.contains { $0.reason == .copy })
        #expect(expected.contains { !$0.repaired.isEmpty }, "fragments repaired as stories retire")
    }

    /// Between two pipelined chunks (the next one scored before this one was placed), an
    /// article added on its own still changes the stories under the next chunk's scores: a
    /// copy dated later widens the span of a story the chunk left alone, and the next chunk's
    /// tracker has that story.
    @Test func anArticleAddedBetweenChunksIsTrackedForTheNext() throws {
        let inputs = stream(seed: 23)
        let (first, second) = (Array(inputs.prefix(100)), Array(inputs[100..<200]))
        var clusterer = StoryClusterer()
        var storyOf: [String: Int] = [:]
        for a in first { storyOf[a.id] = clusterer.add(a).story }
        let profiles = second.map { EventProfile(title: $0.title, text: $0.text) }
        let plan = clusterer.planChunk(second, profiles: profiles)
        let snapshot = clusterer.scoringSnapshot
        let scored = second.indices.map { snapshot.score($0, of: plan, profile: profiles[$0], published: second[$0].published) }
        clusterer.beginChunk(nextScoredAhead: true)
        for j in second.indices { _ = clusterer.add(second[j], profile: profiles[j], scored: scored[j]) }
        clusterer.endChunk()
        let untouched = clusterer.carriedTracking?.dirty ?? []
        var copy = try #require(first.last { a in
            a.published != nil && a.group != nil && !untouched.contains(storyOf[a.id]!) && clusterer.live[storyOf[a.id]!] != nil
        })
        copy.id = "late copy"
        copy.published = NewsDate(utcInstant: copy.published!.instant + 86_400)
        let placed = clusterer.add(copy)
        #expect(placed.reason == .copy)
        #expect(clusterer.carriedTracking?.dirty.contains(placed.story) == true)
    }

    /// The articles the plan takes for copies need no profile: left out, the chunks place as
    /// one by one all the same. Without one, an article the plan weighs stops the plan.
    @Test(arguments: [7, 500])
    func copiesNeedNoProfile(chunk: Int) {
        let inputs = stream(seed: 5)
        var single = StoryClusterer()
        let expected = inputs.map { single.add($0) }
        var chunked = StoryClusterer()
        var got: [StoryAssignment] = []
        var omitted = 0
        var start = 0
        while start < inputs.count {
            let part = Array(inputs[start..<min(inputs.count, start + chunk)])
            let copies = chunked.plannedCopies(part)
            let profiles: [EventProfile?] = part.indices.map { copies[$0] ? nil : EventProfile(title: part[$0].title, text: part[$0].text) }
            omitted += copies.filter { $0 }.count
            let plan = chunked.planChunk(part, profiles: profiles)
            let snapshot = chunked
            let scored = part.indices.map { j in
                profiles[j].flatMap { snapshot.score(j, of: plan, profile: $0, published: part[j].published) }
            }
            chunked.beginChunk()
            for j in part.indices { got.append(chunked.add(part[j], profile: profiles[j], scored: scored[j])) }
            chunked.endChunk()
            start += part.count
        }
        #expect(got == expected)
        #expect(omitted == expected.filter { $0.reason == .copy }.count, "every copy, and only copies, planned as one")
    }

    /// Scores made ahead are reused only for stories no article of the chunk changed: a story
    /// joined in the chunk is compared again (its score differs from the one made ahead).
    @Test func aStoryJoinedInTheChunkIsScoredAgain() {
        let a = StoryInput(id: "a", title: "Flood in Riverton", text: "A flood hit Riverton and Mayor Ruiz said 40 people fled their homes.",
                           published: NewsDate(year: 2024, month: 3, day: 1, hour: 8, minute: 0, utcOffsetMinutes: 0))
        var b = a
        b.id = "b"
        b.text = "Mayor Ruiz said the flood in Riverton forced 40 people from their homes overnight."
        b.published = NewsDate(year: 2024, month: 3, day: 1, hour: 9, minute: 0, utcOffsetMinutes: 0)
        var c = a
        c.id = "c"
        c.text = "Riverton flood: 40 people left their homes, Mayor Ruiz said, as the river rose."
        c.published = NewsDate(year: 2024, month: 3, day: 1, hour: 10, minute: 0, utcOffsetMinutes: 0)
        var one = StoryClusterer()
        _ = one.add(a)
        var many = one
        let expected = [one.add(b), one.add(c)]
        let profiles = [b, c].map { EventProfile(title: $0.title, text: $0.text) }
        let plan = many.planChunk([b, c], profiles: profiles)
        let snapshot = many
        let scored = [0, 1].map { snapshot.score($0, of: plan, profile: profiles[$0], published: [b, c][$0].published) }
        many.beginChunk()
        let got = [many.add(b, profile: profiles[0], scored: scored[0]), many.add(c, profile: profiles[1], scored: scored[1])]
        many.endChunk()
        #expect(got == expected)
        guard case .similar(let late) = expected[1].reason, let early = scored[1]?.scores.first ?? nil else {
            Issue.record("c should join a's story: \(expected)")
            return
        }
        #expect(late != early, "the score made before b joined is stale")
    }
}
