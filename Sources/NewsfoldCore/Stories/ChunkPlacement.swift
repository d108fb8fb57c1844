/// Placing a chunk of articles with the work spread over cores and the answer of one core.
///
/// Placement is sequential: each article sees the stories as the articles before it left
/// them, and the document frequencies they counted. Most of its cost need not be: weighing the
/// article (TF-IDF) and comparing it with up to ``StorySettings/maxCandidates`` stories. So a
/// chunk of articles, in publication order, is placed in three steps:
///
/// 1. ``StoryClusterer/planChunk(_:profiles:after:)`` (sequential, O(features)): the document
///    frequencies each article will see, assuming which articles are copies from the copy
///    groups placed so far and earlier in the chunk;
/// 2. ``StoryClusterer/score(_:of:profile:published:)`` (any thread, one call per article, the
///    clusterer unchanged meanwhile): the article's weighted profile, its candidate stories and
///    its similarity to each, as the stories stand before the chunk;
/// 3. ``StoryClusterer/beginChunk(nextScoredAhead:)``, then
///    ``StoryClusterer/add(_:profile:scored:)`` for each article in order, then
///    ``StoryClusterer/endChunk()``: the placement reuses the scores of the stories no earlier
///    article of the chunk changed (joined, merged, or dated by a copy) and recomputes the
///    others, and reads the candidates again when an index entry they came
///    from changed. A copy status other than planned (a copy group forgotten by
///    `GroupMemory`) drops what was done ahead for the rest of the chunk.
///
/// Pipelined (`StoryStages.cluster`), chunk n + 1 is planned after chunk n's plan
/// (`after:`) and scored on a ``StoryClusterer/scoringSnapshot`` while chunk n is placed; chunk
/// n is then placed with `beginChunk(nextScoredAhead: true)`, so that what it changes is also
/// redone under chunk n + 1's scores.
///
/// The stories are those of ``StoryClusterer/add(_:profile:)`` article by article, bit for bit,
/// whatever the chunk size or the number of threads, pipelined or not (tests compare them).
///
/// ```swift
/// let plan = clusterer.planChunk(inputs, profiles: profiles)
/// let snapshot = clusterer.scoringSnapshot
/// let scored = inputs.indices.map { snapshot.score($0, of: plan, profile: profiles[$0], published: inputs[$0].published) }  // on all cores
/// clusterer.beginChunk()
/// for i in inputs.indices { _ = clusterer.add(inputs[i], profile: profiles[i], scored: scored[i]) }
/// clusterer.endChunk()
/// ```
public struct ChunkPlan: Sendable {
    /// What one article will see of the document frequencies: per term and per entity of its
    /// profile, the number of articles with it, and the number of articles. `nil` for an
    /// article expected to be a copy (copies are not weighed).
    struct Counts: Sendable {
        var terms: [UInt32]
        var entities: [UInt32]
        var documents: Int
    }

    let counts: [Counts?]
    /// The document frequencies once the chunk is placed as planned, and the copy groups it
    /// places: where the next chunk's plan starts when it is made before this chunk is placed
    /// (``StoryClusterer/planChunk(_:profiles:after:)``).
    let frequenciesAfter: DocumentFrequencies
    let groupsPlaced: Set<UInt64>

    /// The number of articles planned.
    public var count: Int { counts.count }
}

/// One article's placement work done ahead (``StoryClusterer/score(_:of:profile:published:)``).
public struct ScoredArticle: Sendable {
    let weighted: StoryClusterer.WeightedProfile
    /// The article count the profile was weighed with.
    let documents: Int
    let lookupKeys: [UInt64]
    /// Candidate stories, ascending, and the article's similarity to each (`nil`: not live).
    let candidates: [Int]
    let scores: [Float?]
}

/// What placement changed since a chunk was scored.
struct ChunkTracking: Sendable {
    /// Whether the plan has held for every article placed so far in the chunk.
    var valid = true
    /// Stories whose profile or time changed: their scores are stale.
    var dirty: Set<Int> = []
    /// Index keys whose story lists changed: candidates read from them are stale.
    var touchedKeys: Set<UInt64> = []

    /// The score made ahead for story `id`, if the story has not changed since.
    func score(of id: Int, in scored: ScoredArticle) -> Float? {
        guard !dirty.contains(id) else { return nil }
        var lo = 0, hi = scored.candidates.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if scored.candidates[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        guard lo < scored.candidates.count, scored.candidates[lo] == id else { return nil }
        return scored.scores[lo]
    }
}

extension StoryClusterer {
    /// Step 1: the document frequencies each article of the chunk (in publication order) will
    /// see when placed. O(features of the chunk); copies the frequency table once.
    /// `profiles[i]` may be `nil` for an article of ``plannedCopies(_:after:)`` (copies are not
    /// weighed), and must be given for every other.
    ///
    /// `after`: the plan of the chunk before this one, when that chunk is not placed yet (a
    /// pipeline scores this chunk while placing that one): this plan starts where that one
    /// ends, and placing this chunk then needs `beginChunk(nextScoredAhead: true)` for that one.
    public func planChunk(_ inputs: [StoryInput], profiles: [EventProfile?], after previous: ChunkPlan? = nil) -> ChunkPlan {
        precondition(inputs.count == profiles.count, "one profile per input")
        var f = previous?.frequenciesAfter ?? frequencies
        var counts: [ChunkPlan.Counts?] = []
        counts.reserveCapacity(inputs.count)
        let (copies, groupsPlaced) = planCopies(inputs, after: previous)
        for (copy, p) in zip(copies, profiles) {
            guard !copy else {
                counts.append(nil)
                continue
            }
            guard let p else { preconditionFailure("a profile for every article planned as a report") }
            f.add(p.terms)
            f.add(p.entities)
            f.countDocument()
            counts.append(
                ChunkPlan.Counts(
                    terms: p.terms.keys.map { UInt32(f.frequency($0)) },
                    entities: p.entities.keys.map { UInt32(f.frequency($0)) }, documents: f.documents))
        }
        return ChunkPlan(counts: counts, frequenciesAfter: f, groupsPlaced: groupsPlaced)
    }

    /// Which articles of a chunk (in publication order) the plan takes for copies: those whose
    /// copy group is in a story already, or in the chunk `after` (placed before this one), or
    /// was placed earlier in the chunk. A caller can leave their profiles out
    /// (``planChunk(_:profiles:after:)``).
    public func plannedCopies(_ inputs: [StoryInput], after previous: ChunkPlan? = nil) -> [Bool] {
        planCopies(inputs, after: previous).copies
    }

    private func planCopies(_ inputs: [StoryInput], after previous: ChunkPlan?) -> (copies: [Bool], groups: Set<UInt64>) {
        var placed = Set<UInt64>()
        let copies = inputs.map { input in
            guard let g = input.group.map(Self.groupKey) else { return false }
            if groups.story(of: g) != nil || previous?.groupsPlaced.contains(g) == true || placed.contains(g) { return true }
            placed.insert(g)
            return false
        }
        return (copies, placed)
    }

    /// A copy of the clusterer with what ``score(_:of:profile:published:)`` reads (the live
    /// stories and their index) and without the tables it does not (document frequencies: the
    /// plan has them; the copy groups' stories): a pipeline scores the next chunk on such a copy
    /// while the clusterer places this one, and each table the copy shares is copied once by
    /// the placement. The copy-group memory holds up to 2^20 groups: copying it per chunk cost
    /// more than the placement saved.
    public var scoringSnapshot: StoryClusterer {
        var copy = self
        copy.frequencies = DocumentFrequencies(slotsLog2: 0)
        copy.groups = GroupMemory()
        return copy
    }

    /// Step 2, for article `i` of `plan`: its weighted profile, candidates and similarities, as
    /// the stories stand now. Pure: call from any thread while the clusterer does not change.
    /// `nil` for an article planned as a copy.
    public func score(_ i: Int, of plan: ChunkPlan, profile: EventProfile, published: NewsDate?) -> ScoredArticle? {
        guard let c = plan.counts[i] else { return nil }
        let n = c.documents
        let a = WeightedProfile(
            terms: Self.tfidf(profile.terms) { DocumentFrequencies.idf(frequency: c.terms[$0], documents: n) },
            entities: Self.tfidf(profile.entities) { DocumentFrequencies.idf(frequency: c.entities[$0], documents: n) })
        let ids = candidates(of: a)
        let time = published?.instant
        let probed = a.withProbes(candidates: ids.count)
        let scores = ids.map { id in live[id].map { similarity(probed, $0, time: time) } }
        return ScoredArticle(weighted: a, documents: n, lookupKeys: lookupKeys(a), candidates: ids, scores: scores)
    }

    /// `article` with ``WeightedProfile/probes`` when at least
    /// ``WeightedProfile/probeCandidates`` of its candidates need a similarity computed now
    /// (none made ahead, or made before its story changed). Same scores either way.
    func probedForPlacement(_ article: WeightedProfile, candidates ids: [Int], ahead: (ChunkTracking, ScoredArticle)?) -> WeightedProfile {
        guard ids.count >= WeightedProfile.probeCandidates else { return article }
        guard let (t, s) = ahead else { return article.withProbes(candidates: ids.count) }
        var fresh = 0
        for id in ids where t.score(of: id, in: s) == nil { fresh += 1 }
        return article.withProbes(candidates: fresh)
    }

    /// Step 3 begins: placement from now on tracks what it changes. `nextScoredAhead`: the
    /// next chunk was planned after this one and scored against the stories as they stand now
    /// (a pipeline), so what placing this chunk changes is tracked for the next one too.
    public mutating func beginChunk(nextScoredAhead: Bool = false) {
        tracking = carriedTracking ?? ChunkTracking()
        carriedTracking = nil
        nextTracking = nextScoredAhead ? ChunkTracking() : nil
    }

    /// Places one article of the chunk (in the plan's order) with the work done ahead.
    /// `profile` may be `nil` for an article planned as a copy (it is made from the text if the
    /// article turns out not to be one).
    public mutating func add(_ input: StoryInput, profile: EventProfile?, scored: ScoredArticle?) -> StoryAssignment {
        place(input, profile: profile, scored: scored, planned: tracking != nil)
    }

    /// Step 3 ends.
    public mutating func endChunk() {
        carriedTracking = nextTracking
        tracking = nil
        nextTracking = nil
    }

    /// Notes a change of placement in every tracker open: the chunk being placed's, the next
    /// chunk's when it was scored ahead, and that one's between two chunks (an article added on
    /// its own there changes the stories under the next chunk's scores too). A plan that fails
    /// fails the next one's too: it starts where this one ends.
    mutating func track(_ change: (inout ChunkTracking) -> Void) {
        if tracking != nil { change(&tracking!) }
        if nextTracking != nil { change(&nextTracking!) }
        if carriedTracking != nil { change(&carriedTracking!) }
    }
}

extension StoryClusterer.WeightedProfile {
    /// Candidates from which on building ``ProbeTable``s pays: below, the merging dot product
    /// is as fast.
    static let probeCandidates = 8

    /// The profile with ``probes`` built, when it will be compared with this many stories.
    func withProbes(candidates: Int) -> Self {
        guard candidates >= Self.probeCandidates else { return self }
        var p = self
        p.probes = (ProbeTable(terms), ProbeTable(entities))
        return p
    }

    /// `terms.dot(other)`, through the probe table when there is one (same bits).
    func termsDot(_ other: SparseVector) -> Float {
        probes.map { $0.terms.dot(other) } ?? terms.dot(other)
    }

    /// `entities.dot(other)`, through the probe table when there is one (same bits).
    func entitiesDot(_ other: SparseVector) -> Float {
        probes.map { $0.entities.dot(other) } ?? entities.dot(other)
    }
}
