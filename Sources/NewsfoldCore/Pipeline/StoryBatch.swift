/// The stages of a story analysis for a batch of any size: copy groups as the articles stream
/// in, then stories in publication order, then the provenance of one story at a time, holding
/// about a hundred bytes per article (its id, date, group and story) besides the copy-group index,
/// never the articles themselves. Each stage reads the articles it needs back through a loader the
/// caller gives (an array in memory, a spill file on disk), so the same code reports the five seed
/// pages and a million-page crawl. ``StoryAnalysis`` is this with the articles in memory.
///
/// ```swift
/// var batch = StoryBatch(parameters: .storyView)
/// for a in articles { batch.add(id: a.id, published: a.published, fingerprint: fingerprinter.fingerprint(...)) }
/// batch.settleGroups()
/// for i in batch.publicationOrder() { batch.place(i, batch.input(articles[i])) }
/// batch.finish()
/// for members in batch.stories {
///     let inputs = members.articles.map { batch.input(articles[$0]) }
///     let story = Story(id: members.id, members: inputs)
///     let report = batch.provenance(of: members.articles.map { articles[$0] })
/// }
/// ```
///
/// Cost: ``add(id:published:fingerprint:)`` as ``CopyGroupIndex``; ``place(_:_:profile:)`` as
/// ``StoryClusterer/add(_:profile:)``; ``finish()`` O(articles log articles) (report order).
public struct StoryBatch: Sendable {
    /// The copy-group parameters (``DedupParameters/storyView`` for the story view).
    public let parameters: DedupParameters
    /// The story clusterer's settings.
    public let settings: StorySettings
    /// The analyser ``provenance(of:)`` uses.
    public let analyzer: ProvenanceAnalyzer

    private var copies: CopyGroupIndex
    private var ids: [String] = []
    /// Publication instants (`Int64.min` when undated), by input ordinal.
    private var instants: [Int64] = []
    /// Each article's copy group (the representative's id), by input ordinal, once settled.
    private var groups: [String] = []
    private var clusterer: StoryClusterer
    private var membership = StoryMembership()
    private var storyOf: [Int32] = []

    /// Warnings from the copy-group stage (duplicate ids, texts too short to fingerprint).
    public private(set) var warnings: [String] = []
    /// Articles that are not their group's representative, once groups are settled.
    public private(set) var duplicates = 0
    /// Stories in report order (largest first, then most recent), after ``finish()``.
    public private(set) var stories: [StoryMembership.Members] = []

    /// An empty batch that finds copy groups with `parameters`, stories with `settings` and
    /// provenance with `analyzer`.
    public init(
        parameters: DedupParameters, settings: StorySettings = StorySettings(),
        analyzer: ProvenanceAnalyzer = ProvenanceAnalyzer()
    ) {
        self.parameters = parameters
        self.settings = settings
        self.analyzer = analyzer
        copies = CopyGroupIndex(parameters: parameters)
        clusterer = StoryClusterer(settings: settings)
    }

    /// The number of articles added.
    public var count: Int { ids.count }

    /// Stage 1, in input order: the article's id, date and fingerprint (its input ordinal is
    /// ``count`` before the call).
    public mutating func add(id: String, published: NewsDate?, fingerprint: DocumentFingerprint) {
        add(id: id, published: published)
        copies.insert([fingerprint])
    }

    /// Stage 1 for a caller that builds the copy-group index itself (on a thread of its own,
    /// say): the article's id and date only. Its fingerprint goes, in the same order, to the
    /// index handed to ``settleGroups(copies:)``.
    public mutating func add(id: String, published: NewsDate?) {
        ids.append(id)
        instants.append(published?.instant ?? .min)
    }

    /// Ends stage 1 with the copy-group index of every article added by ``add(id:published:)``
    /// (its fingerprints inserted in the same order): the groups ``settleGroups()`` would find.
    public mutating func settleGroups(copies index: CopyGroupIndex) {
        precondition(copies.count == 0, "articles were added with their fingerprints")
        precondition(index.count == ids.count, "one fingerprint per article")
        copies = index
        settleGroups()
    }

    /// Ends stage 1: every article's copy group is known from here on.
    public mutating func settleGroups() {
        warnings += copies.takeWarnings()
        groups.reserveCapacity(ids.count)
        let chunk = 1 << 16
        var start = 0
        while start < ids.count {
            let end = min(ids.count, start + chunk)
            for a in copies.assignments(start..<end) {
                groups.append(a.group)
                if !a.isRepresentative { duplicates += 1 }
            }
            start = end
        }
        precondition(groups.count == ids.count, "one assignment per article")
    }

    /// The copy group of article `i` (its representative's id); valid after ``settleGroups()``.
    public func group(of i: Int) -> String { groups[i] }

    /// Every article's copy group by input ordinal (after ``settleGroups()``): a value to hand
    /// to workers that read articles back while the batch goes on placing them.
    public var copyGroups: [String] { groups }

    /// The clusterer's input for `article`, the `i`-th added, with its copy group.
    public func input(_ article: Article, at i: Int) -> StoryInput {
        StoryInput(article, group: groups[i])
    }

    /// The input ordinals in publication order (``StoryInput/publicationOrder(_:_:)``: dated by
    /// date, then undated; ties by id), the order in which to ``place(_:_:profile:)`` them.
    public func publicationOrder() -> [Int] {
        Array(ids.indices).sorted { a, b in
            let x = instants[a], y = instants[b]
            if x != y {
                if x == .min { return false }
                if y == .min { return true }
                return x < y
            }
            return ids[a] < ids[b]
        }
    }

    /// Stage 2: places article `i` (given as ``input(_:at:)``) in a story. Call for every
    /// article in ``publicationOrder()``. `profile`, when given, must be
    /// `EventProfile(title: input.title, text: input.text)` (computed ahead on other cores).
    public mutating func place(_ i: Int, _ input: StoryInput, profile: EventProfile? = nil) {
        membership.add(i, clusterer.add(input, profile: profile))
    }

    /// Stage 2 a chunk at a time, with the costly part on other threads (``ChunkPlan``): the
    /// plan of the next articles in ``publicationOrder()``. Score it with ``scorer``, then
    /// ``place(_:scored:nextScoredAhead:)`` them.
    /// `profiles[i]` may be `nil` for an article of ``plannedCopies(_:after:)``.
    /// `after`: the plan of the chunk before, not placed yet (``StoryClusterer/planChunk(_:profiles:after:)``).
    public func planChunk(_ inputs: [StoryInput], profiles: [EventProfile?], after previous: ChunkPlan? = nil) -> ChunkPlan {
        clusterer.planChunk(inputs, profiles: profiles, after: previous)
    }

    /// The articles of the next chunk that ``planChunk(_:profiles:after:)`` will take for copies: the
    /// ones whose profiles it can do without (``StoryClusterer/plannedCopies(_:after:)``).
    public func plannedCopies(_ inputs: [StoryInput], after previous: ChunkPlan? = nil) -> [Bool] {
        clusterer.plannedCopies(inputs, after: previous)
    }

    /// For each ordinal of `order` (``publicationOrder()``), whether it is the first article of
    /// its copy group there: the articles placed as reports, bar the copies of a group the
    /// clusterer has forgotten (``plannedCopies(_:after:)`` tells those). O(articles).
    public func firstOfGroup(in order: [Int]) -> [Bool] {
        var seen = Set<String>(minimumCapacity: order.count / 2)
        return order.map { seen.insert(groups[$0]).inserted }
    }

    /// The clusterer as it stands, for ``StoryClusterer/score(_:of:profile:published:)`` on other
    /// threads between ``planChunk(_:profiles:after:)`` and ``place(_:scored:nextScoredAhead:)``
    /// (``StoryClusterer/scoringSnapshot``). Kept while placing, it makes the placement copy
    /// the live stories and their index once.
    public var scorer: StoryClusterer { clusterer.scoringSnapshot }

    /// Places a planned chunk (ordinals, inputs and profiles in plan order) with its scores:
    /// the same stories as ``place(_:_:profile:)`` one by one.
    /// A profile may be `nil` for an article planned as a copy.
    /// `nextScoredAhead`: the next chunk was planned after this one and scored before this
    /// one is placed (``StoryClusterer/beginChunk(nextScoredAhead:)``).
    public mutating func place(
        _ chunk: [(ordinal: Int, input: StoryInput, profile: EventProfile?)], scored: [ScoredArticle?], nextScoredAhead: Bool = false
    ) {
        precondition(chunk.count == scored.count, "one score per article")
        clusterer.beginChunk(nextScoredAhead: nextScoredAhead)
        for (a, s) in zip(chunk, scored) {
            membership.add(a.ordinal, clusterer.add(a.input, profile: a.profile, scored: s))
        }
        clusterer.endChunk()
    }

    /// Ends stage 2: settles the stream (``StoryClusterer/settle()``: its fragments repaired),
    /// resolves merges and orders ``stories`` for the report.
    public mutating func finish() {
        membership.settle(clusterer.settle())
        var all = membership.stories()
        storyOf = [Int32](repeating: -1, count: ids.count)
        var keyed: [(count: Int, last: Int64, id: Int, slot: Int)] = []
        keyed.reserveCapacity(all.count)
        for (slot, m) in all.enumerated() {
            var last = Int64.min
            for a in m.articles {
                storyOf[a] = Int32(m.id)
                last = max(last, instants[a])
            }
            keyed.append((m.articles.count, last, m.id, slot))
        }
        // Story.reportOrder on what it reads: size, latest date (undated last), id.
        keyed.sort { a, b in
            if a.count != b.count { return a.count > b.count }
            if a.last != b.last {
                if a.last == .min { return false }
                if b.last == .min { return true }
                return a.last > b.last
            }
            return a.id < b.id
        }
        stories = keyed.map { all[$0.slot] }
        all.removeAll()
    }

    /// The story of article `i`, after ``finish()`` (`nil` if it was never placed).
    public func story(of i: Int) -> Int? {
        guard i < storyOf.count, storyOf[i] >= 0 else { return nil }
        return Int(storyOf[i])
    }

    /// Stage 3: the provenance report of one story, from its articles in ``stories`` order with
    /// their input ordinals.
    public func provenance(of members: [(ordinal: Int, article: Article)]) -> ProvenanceReport {
        analyzer.analyze(story: members.map { ProvenanceInput(article: $0.article, group: groups[$0.ordinal]) })
    }
}
