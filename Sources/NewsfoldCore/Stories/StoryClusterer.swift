/// The settings of ``StoryClusterer``. The defaults are general choices, each explained; change
/// them only for a stream that is known to differ (say, a weekly magazine: a longer window).
///
/// ```swift
/// var settings = StorySettings()
/// settings.windowDays = 28
/// let clusterer = StoryClusterer(settings: settings)
/// ```
public struct StorySettings: Sendable, Equatable {
    /// An article joins the best story when its similarity (see `StoryClusterer.similarity`:
    /// its average similarity to the story's members, with the time requirement) is at least
    /// this, and starts a new story otherwise. Chosen on one half of the dated ECB+ stream
    /// (`Benchmarks/stories/`) and reported on the other; it is an average over members, so it
    /// means the same for a story of one article and of a hundred.
    public var joinThreshold: Float = 0.22
    /// Two stories that an article could join merge when their own similarity (the average
    /// similarity between their members) is at least this. Whole stories are steadier than one
    /// article, so the bar can sit near ``joinThreshold``: an event split by its first reports
    /// is repaired as soon as an article shows the two halves to be one.
    public var mergeThreshold: Float = 0.25
    /// The share of names and numbers in the similarity (the rest is words) within the news
    /// cycle: who, where and how many tell an event, words tell its kind.
    public var entityShare: Float = 0.6
    /// Beyond the news cycle the names' share grows towards 1, reaching halfway at this many
    /// days of gap: a follow-up days later has new words (a trial, an inquiry) but the same
    /// people and places, while a look-alike event has the same words and other names.
    public var entityGrowthDays: Double = 14
    /// Dates this close count as the same news cycle: day-only dates and time zones blur a day.
    public var sameCycleDays: Double = 1
    /// A story takes no article dated more than this many days after its latest article (or
    /// before its earliest), beyond the news cycle: two consecutive reports of one story are at
    /// most a week apart. A story lasts as long as its coverage does, so weeks of follow-ups
    /// stay one story while no week passes without a report; after a week of silence, what
    /// comes next (a verdict months later, an anniversary) starts a new story. This is the
    /// time-local event that issue 19's held-out figure is scored against; a longer window keeps
    /// more late follow-ups but merges look-alike events (`Benchmarks/stories/README.md`).
    public var windowDays: Double = 6
    /// Within the window the similarity needed grows gently with the gap:
    /// `joinThreshold × (1 + gapSlope × ln(1 + gap / 7 days))`: 1.16× after three days, 1.31×
    /// after six. An exponential decay (the former model) lost the follow-ups of every event.
    public var gapSlope: Double = 0.5
    /// Stories whose latest article is this far behind the stream are retired: past the
    /// window (and the cycle on either side) they cannot gain articles.
    public var retireAfterDays: Double { windowDays + 2 * sameCycleDays }
    /// At most this many live stories (the oldest-touched are retired first): bounds memory on
    /// streams without dates.
    public var maxLiveStories: Int = 100_000
    /// A story's profile keeps its heaviest this many words and names: bounds memory and time per
    /// comparison for stories of thousands of articles.
    public var maxStoryFeatures: Int = 400
    /// Each article is looked up (and indexed) by its heaviest this many words and this many
    /// names: a story that shares none of them is not a candidate.
    public var lookupFeatures: Int = 12
    /// At most this many candidate stories are compared with an article: those sharing the most
    /// of its lookup features (then the most recent). A story that shares one common word with
    /// the article cannot reach ``joinThreshold`` when dozens share more; the bound keeps the
    /// cost per article flat when a stream holds ~10⁴ live stories over a narrow vocabulary.
    /// On the ECB+ sets (dated and undated) any bound from 32 up gives the same stories; on the
    /// pipeline benchmark's dense stream 64 instead of 256 cut the clustering work by ~4× and
    /// moved 3% of articles (`Benchmarks/stories/README.md`, "The candidate bound").
    public var maxCandidates: Int = 64
    /// A story of at most ``repairMaxArticles`` articles (a fragment) merges with another
    /// story when it settles (it retires, or the stream ends: ``StoryClusterer/settle()``)
    /// and the two are at least this similar (the average similarity between their members,
    /// with the time requirement, as ``mergeThreshold``), the most similar pairs first. An event
    /// a single pass split keeps one or two reports apart, worded differently or published a
    /// week on; compared with the whole story once it has grown, they clear a bar a new
    /// article could not. Chosen with ``repairMargin`` on one half of the dated ECB+ stream and
    /// reported on the other (`Benchmarks/stories/README.md`, "Issue 19, fourth pass"); 0 turns
    /// the repair off.
    public var repairThreshold: Float = 0.18
    /// The largest story the repair folds into another (its compared articles; a copy group
    /// counts once): larger stories stand on their own.
    public var repairMaxArticles: Int = 2
    /// A settling story larger than a fragment is repaired too, into its most similar story,
    /// when the two are at least this similar (the join bar: a whole story must look to the
    /// other as an article must to join), ``repairMargin`` holds, and both are dated: without
    /// dates nothing says the two ran at once, and look-alike events of different years would
    /// merge (undated ECB+ fell from 0.894 to 0.887 F1 without that condition). Same-day
    /// halves of one event that the single pass kept apart (merges need
    /// ``mergeThreshold``, and only when an article shows the two near) are joined this way.
    /// 0: only fragments are repaired (and nothing is when ``repairThreshold`` is 0). Chosen on
    /// one half of the dated ECB+ streams (same README, "Issue 19, fifth pass").
    public var repairStoryThreshold: Float = 0.22
    /// A fragment is repaired into its most similar story only when that similarity is at
    /// least this many times the runner-up's: in a dense stream a fragment is near many
    /// stories, and then none of them is its own. 1 turns the test off. Without it (and at
    /// 0.14) the repair gained more on ECB+ but merged unrelated stories on a dense stream
    /// (precision 0.93 → 0.58, same README).
    public var repairMargin: Float = 1.7
    /// The repair joins stories whose spans are at most this many days apart: a fragment weeks
    /// from a look-alike story is more likely another event.
    public var repairGapDays: Double = 7
    /// A story that begins at most this many days after an earlier story ended *continues* it
    /// (``StoryLink``) when the two are at least ``joinThreshold`` similar (the average
    /// similarity between their members, names weighing more with the gap, no time
    /// requirement) and that similarity is ``threadMargin`` times the runner-up's. Stories stay
    /// time-local (a week of silence ends one); a link keeps an event's later stories (the
    /// verdict weeks after the crime) in one thread. Only a story of two or more reports can be
    /// continued. Decided once, when the later story retires or the stream settles. 0: no
    /// links. Chosen on one half of the dated ECB+ streams (`Benchmarks/stories/README.md`,
    /// "Issue 19, sixth pass").
    public var threadGapDays: Double = 28
    /// How many times the runner-up's similarity the continued story's must be
    /// (``threadGapDays``): a story near several earlier ones continues none.
    public var threadMargin: Float = 1.3
    /// How many earlier stories can be continued: those that retired most recently (each
    /// kept as its heaviest 64 words and 64 names). Bounds memory: about 2 KB each, 100 MB at the bound.
    public var maxThreadStories: Int = 50_000
    /// The stories checked for a merge when an article joins are those it is at least this
    /// share of ``joinThreshold`` similar to: a story the article is far from has little in
    /// common with the one it joined, and checking every candidate (up to ``maxCandidates``
    /// whole-story comparisons per article) would cost more than the placement itself.
    public static let mergeProbe: Float = 0.5

    /// The default settings (the values above).
    public init() {}
}

/// How an article was placed by ``StoryClusterer/add(_:profile:)``.
public struct StoryAssignment: Sendable, Equatable {
    /// Why it went where it went.
    public enum Reason: Sendable, Equatable {
        /// No live story was similar enough; `best` is the highest similarity found (0 if none).
        case newStory(best: Float)
        /// It joined the most similar live story with this similarity.
        case similar(Float)
        /// Its copy group was already in this story.
        case copy
    }

    /// The story's id: 1, 2, 3, ... in order of creation.
    public var story: Int
    /// Why it went there: a new story, a similar story, or its copy group's story.
    public var reason: Reason
    /// Stories this article showed to be the same event as ``story``, merged into it: their
    /// articles now belong to ``story`` (``StoryMembership`` follows the merges).
    public var merged: [Int] = []
    /// Merges of other stories made while this article was placed, after it: the fragments
    /// repaired as stories retired (``StoryClusterer/settle()`` says how), in order. One may
    /// move ``story`` itself into another.
    public var repaired: [StoryMerge] = []
    /// Links decided while this article was placed, after it: stories that retired and
    /// continue earlier ones (``StoryLink``).
    public var continued: [StoryLink] = []

    /// An assignment to `story`, with the stories merged into it.
    public init(story: Int, reason: Reason, merged: [Int] = []) {
        self.story = story
        self.reason = reason
        self.merged = merged
    }

    /// Whether the article started the story.
    public var isNewStory: Bool {
        if case .newStory = reason { return true }
        return false
    }
}

/// Groups articles about one event into stories, online: one pass in publication order, each
/// article joining the most similar live story or starting a new one.
///
/// The same code serves a batch (``cluster(_:settings:)``) and a live feed (``add(_:profile:)``). An
/// article is represented by an ``EventProfile`` weighted by TF-IDF with document frequencies
/// learned as the stream goes; a story by the sum of its articles' unit vectors. Similarity is
/// the article's average similarity to the story's members (words and names, mixed by
/// ``StorySettings/entityShare``), and a story takes articles for
/// ``StorySettings/windowDays`` after its latest one, needing a little more similarity as the
/// gap grows (``StorySettings/gapSlope``). When an article joins, the story is merged with the
/// other stories it was compared with that turn out to be the same event
/// (``StorySettings/mergeThreshold``), so an event split by its first reports is repaired. This
/// follows Miranda et al. 2018 ("Multilingual Clustering of Streaming News", EMNLP) with
/// hand-set weights instead of learned ones, and retires idle stories so memory is bounded by
/// live stories, not by the stream. `Benchmarks/stories/README.md` has the figures behind the
/// choices.
///
/// Copy groups are atomic: an article whose ``StoryInput/group`` was already seen joins that
/// group's story without comparison, and does not count again in document frequencies.
///
/// Cost per article: O(length) to profile, plus O(candidates × story features) to compare; the
/// candidates come from an inverted index over each story's heaviest features.
///
/// ```swift
/// var clusterer = StoryClusterer()
/// for input in feed {                       // in publication order
///     let a = clusterer.add(input)
///     print(input.id, "->", a.story, a.isNewStory ? "(new)" : "")
/// }
/// ```
public struct StoryClusterer: Sendable {
    /// The settings the clusterer was made with.
    public let settings: StorySettings
    var frequencies = DocumentFrequencies()
    var live: [Int: LiveStory] = [:]
    var index: [UInt64: [Int]] = [:]
    var groups = GroupMemory()
    /// Retired stories that later ones may continue (``StorySettings/threadGapDays``).
    var threads = ThreadMemory()
    private var nextStory = 1
    private var sequence = 0
    /// What placement changed since a chunk was scored (``ChunkPlacement``); `nil` outside one.
    var tracking: ChunkTracking?
    /// The same for the next chunk, when it was scored before this one was placed.
    var nextTracking: ChunkTracking?
    /// ``nextTracking`` between the end of a chunk and the beginning of the next.
    var carriedTracking: ChunkTracking?
    /// The latest publication instants seen (a ring): a high quantile of them is the stream's
    /// clock, so one page re-dated years ahead does not retire every live story.
    private var recentTimes: [Int64] = []

    /// An empty clusterer: no stories yet; document frequencies are learned from what is added.
    public init(settings: StorySettings = StorySettings()) {
        self.settings = settings
    }

    /// The number of stories that can still gain articles.
    public var liveStoryCount: Int { live.count }

    /// Places one article: returns its story. Call in publication order.
    ///
    /// `profile`, when given, must be `EventProfile(title: input.title, text: input.text)`:
    /// callers that place many articles compute profiles on all cores ahead of the (sequential)
    /// placement.
    public mutating func add(_ input: StoryInput, profile: EventProfile? = nil) -> StoryAssignment {
        place(input, profile: profile, scored: nil, planned: false)
    }

    /// The key under which a copy group is remembered.
    static func groupKey(_ group: String) -> UInt64 {
        EventProfile.fnv(Array(group.utf8), seed: 0x9e37_79b9_7f4a_7c15)
    }

    /// ``add(_:profile:)``, with the work ``score(_:of:profile:published:)`` did ahead when
    /// `planned` (see ``ChunkPlacement``): the same result either way.
    mutating func place(_ input: StoryInput, profile: EventProfile?, scored: ScoredArticle?, planned: Bool)
        -> StoryAssignment
    {
        sequence += 1
        let time = input.published?.instant
        let groupKey = input.group.map(Self.groupKey)
        if let g = groupKey, let story = groups.story(of: g) {
            if planned, scored != nil { track { $0.valid = false } }  // planned as a report, is a copy
            live[story]?.touched = sequence
            // A copy's date is the story's too: a story begun by a late (or re-dated) copy
            // still takes the reports of its real days.
            if let t = time, let slot = live.index(forKey: story) {
                live.values[slot].spans.add(t, gap: chainGap)
                track { $0.dirty.insert(story) }
            }
            noteTime(time)
            return StoryAssignment(story: story, reason: .copy)
        }
        if planned, scored == nil { track { $0.valid = false } }  // planned as a copy, is a report
        let p = profile ?? EventProfile(title: input.title, text: input.text)
        let article = weigh(p, scored: scored)
        // Work done ahead counts only while the chunk's plan holds.
        let ahead = tracking.flatMap { t in t.valid ? scored.map { (t, $0) } : nil }
        var best: (story: Int, score: Float)? = nil
        var near: [Int] = []  // stories the article is at least half as similar to as a join needs
        let ids = candidates(of: article, scored: ahead?.1)
        let probed = probedForPlacement(article, candidates: ids, ahead: ahead)
        for id in ids {
            guard let slot = live.index(forKey: id) else { continue }  // not live: no copy of the story read
            let s = ahead.flatMap { $0.score(of: id, in: $1) } ?? similarity(probed, live.values[slot], time: time)
            if s >= settings.joinThreshold * StorySettings.mergeProbe { near.append(id) }
            if s > (best?.score ?? -1) { best = (id, s) }  // candidates ascend: ties keep the older
        }
        var assignment: StoryAssignment
        if let b = best, b.score >= settings.joinThreshold {
            join(article, story: b.story, time: time)
            assignment = StoryAssignment(story: b.story, reason: .similar(b.score))
        } else {
            let id = nextStory
            nextStory += 1
            live[id] = LiveStory(id: id, touched: sequence)
            join(article, story: id, time: time)
            assignment = StoryAssignment(story: id, reason: .newStory(best: best?.score ?? 0))
        }
        // A single pass splits an event when its first reports differ: the story that grew is
        // compared with the other stories the article came near, and merged with those whose
        // members are, on average, as similar as an article that joins.
        var probes: (terms: ProbeTable, entities: ProbeTable)? = nil  // the grown story's, while it stays as is
        for other in near where other != assignment.story {
            guard let a = live[assignment.story], let b = live[other] else { continue }
            if probes == nil, near.count >= Self.mergeProbeChecks { probes = (ProbeTable(a.terms), ProbeTable(a.entities)) }
            guard storySimilarity(a, b, probes: probes) >= settings.mergeThreshold else { continue }
            let (keep, gone) = other < assignment.story ? (other, assignment.story) : (assignment.story, other)
            merge(gone, into: keep)
            assignment.merged.append(gone)
            assignment.story = keep
            probes = nil
        }
        if let g = groupKey {
            groups.remember(g, story: assignment.story)
            live[assignment.story]?.groupKeys.append(g)
        }
        noteTime(time)
        if sequence % 1024 == 0 || live.count > settings.maxLiveStories {
            (assignment.repaired, assignment.continued) = retireIdle()
        }
        return assignment
    }

    /// Clusters a batch: sorts it into publication order (``StoryInput/publicationOrder(_:_:)``),
    /// so the same articles in any order give the same stories, runs ``add(_:profile:)`` on each,
    /// settles the stream (``settle()``) and returns the stories, largest first.
    public static func cluster(_ inputs: [StoryInput], settings: StorySettings = StorySettings()) -> [Story] {
        var clusterer = StoryClusterer(settings: settings)
        var membership = StoryMembership()
        let order = inputs.indices.sorted { StoryInput.publicationOrder(inputs[$0], inputs[$1]) }
        for i in order { membership.add(i, clusterer.add(inputs[i])) }
        membership.settle(clusterer.settle())
        return membership.stories().map { Story(id: $0.id, members: $0.articles.map { inputs[$0] }, continues: $0.continues) }
            .sorted(by: Story.reportOrder)
    }

    // MARK: - Representation and similarity

    /// An article's profile weighted by TF-IDF and scaled to unit length.
    struct WeightedProfile: Sendable {
        var terms: SparseVector
        var entities: SparseVector
        /// Both vectors laid out for many dot products (``ProbeTable``), while an article is
        /// compared with its candidates ahead of placement; `nil` otherwise. Same bits either way.
        var probes: (terms: ProbeTable, entities: ProbeTable)? = nil
    }

    /// Counts the profile in the document frequencies, then weighs each feature
    /// `(1 + ln tf) · idf` and normalises each vector.
    /// `scored`: the profile weighed ahead; used when the frequencies are those it was weighed
    /// with (the same article count, in a chunk whose plan held so far).
    mutating func weigh(_ profile: EventProfile, scored: ScoredArticle? = nil) -> WeightedProfile {
        frequencies.add(profile.terms)
        frequencies.add(profile.entities)
        frequencies.countDocument()
        if let s = scored, tracking?.valid == true {
            if s.documents == frequencies.documents { return s.weighted }
            track { $0.valid = false }
        }
        return WeightedProfile(
            terms: Self.tfidf(profile.terms) { frequencies.idf(profile.terms.keys[$0]) },
            entities: Self.tfidf(profile.entities) { frequencies.idf(profile.entities.keys[$0]) })
    }

    /// Each feature weighed `(1 + ln tf) · idf(its position)`, then the vector normalised.
    static func tfidf(_ counts: SparseVector, idf: (Int) -> Float) -> SparseVector {
        var pairs: [(UInt64, Float)] = []
        pairs.reserveCapacity(counts.count)
        for j in counts.keys.indices {
            pairs.append((counts.keys[j], (1 + Float(_log(Double(counts.values[j])))) * idf(j)))
        }
        return SparseVector(pairs: pairs).normalized()
    }

    /// How similar an article is to a story: the average over the story's members of the mix
    /// of word and name cosines (the story's profile is the sum of its members' unit vectors,
    /// so a dot product divided by the member count is that average, whatever the story's
    /// size), then divided by the time requirement. 0 outside the window.
    func similarity(_ a: WeightedProfile, _ s: LiveStory, time: Int64?) -> Float {
        let main = s.spans.main
        let gap = gapDays(time, first: main?.lo, last: main?.hi)
        guard gap <= settings.windowDays, s.members > 0 else { return 0 }
        let words = a.termsDot(s.terms) / s.members
        let names: Float? = a.entities.isEmpty || s.entities.isEmpty ? nil : a.entitiesDot(s.entities) / s.members
        return content(words: words, names: names, gap: gap) / requirement(gap)
    }

    /// Days between an instant and a span, less the news cycle; 0 inside it or undated.
    func gapDays(_ time: Int64?, first: Int64?, last: Int64?) -> Double {
        guard let t = time, let first, let last else { return 0 }
        let gap = t < first ? first - t : t > last ? t - last : 0
        return max(0, Double(gap) / 86_400 - settings.sameCycleDays)
    }

    /// Words and names mixed: names count ``StorySettings/entityShare`` within the news cycle
    /// and more as the gap grows (``StorySettings/entityGrowthDays``). Words alone when either
    /// side has no names.
    func content(words: Float, names: Float?, gap: Double) -> Float {
        guard let names else { return words }
        var share = Double(settings.entityShare)
        share += (1 - share) * gap / (gap + settings.entityGrowthDays)
        return Float(1 - share) * words + Float(share) * names
    }

    /// How much more similarity a gap of `gap` days (beyond the cycle) needs: 1 within the
    /// cycle, `1 + gapSlope × ln(1 + gap / 7)` beyond.
    func requirement(_ gap: Double) -> Float {
        gap == 0 ? 1 : Float(1 + settings.gapSlope * _log(1 + gap / 7))
    }

    /// Merge checks from which on the grown story's vectors are laid out as ``ProbeTable``s:
    /// below, the merging dot products cost less than building the tables.
    static let mergeProbeChecks = 4

    /// Similarity of two stories: the average similarity between their members, with the
    /// time requirement over the gap between their spans. `probes`: `a`'s vectors as
    /// ``ProbeTable``s, for many checks of one story (the same bits).
    func storySimilarity(_ a: LiveStory, _ b: LiveStory, probes: (terms: ProbeTable, entities: ProbeTable)? = nil) -> Float {
        guard a.members > 0, b.members > 0 else { return 0 }
        let gap = max(0, StorySpans.daysApart(a.spans.main, b.spans.main) - settings.sameCycleDays)
        guard gap <= settings.windowDays else { return 0 }
        return memberSimilarity(a, b, gap: gap, probes: probes) / requirement(gap)
    }

    /// The average similarity between two stories' members (each story is the sum of its
    /// members' unit vectors), words and names mixed for a gap of `gap` days; no time
    /// requirement. Both stories must have members.
    func memberSimilarity(
        _ a: LiveStory, _ b: LiveStory, gap: Double, probes: (terms: ProbeTable, entities: ProbeTable)? = nil
    ) -> Float {
        let pairs = a.members * b.members
        let words = (probes?.terms.dot(b.terms) ?? a.terms.dot(b.terms)) / pairs
        let names: Float? =
            a.entities.isEmpty || b.entities.isEmpty
            ? nil : (probes?.entities.dot(b.entities) ?? a.entities.dot(b.entities)) / pairs
        return content(words: words, names: names, gap: gap)
    }

    /// Moves story `gone` into `keep`: profiles add up, the index points to `keep`.
    mutating func merge(_ gone: Int, into keep: Int) {
        guard let g = live.removeValue(forKey: gone), var k = live.removeValue(forKey: keep) else { return }
        track {
            $0.dirty.insert(keep)
            $0.touchedKeys.formUnion(g.indexed)
        }
        k.terms = k.terms.adding(g.terms).keepingTop(settings.maxStoryFeatures * 3 / 2)
        k.entities = k.entities.adding(g.entities).keepingTop(settings.maxStoryFeatures * 3 / 2)
        k.members += g.members
        k.spans.merge(g.spans, gap: chainGap)
        k.touched = max(k.touched, g.touched)
        for key in g.indexed {
            index[key]?.removeAll { $0 == gone }
            if k.indexed.insert(key).inserted { index[key, default: []].append(keep) }
            if index[key]?.isEmpty == true { index[key] = nil }
        }
        for gk in g.groupKeys { groups.remember(gk, story: keep) }
        k.groupKeys += g.groupKeys
        k.threadDecided = k.threadDecided || g.threadDecided
        live[keep] = k
    }

    /// ``candidates(of:)``, taken from `scored` when no index entry they were read from has
    /// changed since.
    private func candidates(of a: WeightedProfile, scored: ScoredArticle?) -> [Int] {
        if let s = scored, let t = tracking, !s.lookupKeys.contains(where: t.touchedKeys.contains) {
            return s.candidates
        }
        return candidates(of: a)
    }

    /// Live stories sharing one of the article's heaviest features, ascending by id: all of
    /// them, or the ``StorySettings/maxCandidates`` sharing the most features (ties: the newer).
    /// O(postings read), plus a sort of the kept ones.
    func candidates(of a: WeightedProfile) -> [Int] {
        sharingCounts(lookupKeys(terms: a.terms, entities: a.entities)).top(settings.maxCandidates)
    }

    /// How many of `keys` each live story is indexed under, read from the index's postings.
    func sharingCounts(_ keys: [UInt64]) -> CandidateCounts {
        let postings = keys.compactMap { index[$0] }
        var counts = CandidateCounts(postings: postings.reduce(0) { $0 + $1.count })
        for posting in postings {
            for id in posting { counts.add(id) }
        }
        return counts
    }

    func lookupKeys(_ a: WeightedProfile) -> [UInt64] { lookupKeys(terms: a.terms, entities: a.entities) }

    /// The heaviest ``StorySettings/lookupFeatures`` words and as many names of a profile (an
    /// article's or a story's): what the index is searched by.
    func lookupKeys(terms: SparseVector, entities: SparseVector) -> [UInt64] {
        terms.topKeys(settings.lookupFeatures) + entities.topKeys(settings.lookupFeatures)
    }

    private mutating func join(_ a: WeightedProfile, story id: Int, time: Int64?) {
        guard var s = live.removeValue(forKey: id) else { return }
        s.terms = s.terms.adding(a.terms)
        s.entities = s.entities.adding(a.entities)
        if s.terms.count > settings.maxStoryFeatures * 3 / 2 {
            s.terms = s.terms.keepingTop(settings.maxStoryFeatures)
        }
        if s.entities.count > settings.maxStoryFeatures * 3 / 2 {
            s.entities = s.entities.keepingTop(settings.maxStoryFeatures)
        }
        s.members += 1
        s.touched = sequence
        if let t = time { s.spans.add(t, gap: chainGap) }
        track { $0.dirty.insert(id) }
        for key in lookupKeys(a) where s.indexed.count < 2 * settings.maxStoryFeatures {
            if s.indexed.insert(key).inserted {
                index[key, default: []].append(id)
                track { $0.touchedKeys.insert(key) }
            }
        }
        live[id] = s
    }

    /// How many recent instants the stream clock keeps.
    static let clockWindow = 63

    private mutating func noteTime(_ time: Int64?) {
        guard let t = time else { return }
        if recentTimes.count < Self.clockWindow {
            recentTimes.append(t)
        } else {
            recentTimes[sequence % Self.clockWindow] = t
        }
    }

    /// Dates closer than this (the window and the news cycle) chain into one span of a story.
    private var chainGap: Int64 { Int64((settings.windowDays + settings.sameCycleDays) * 86_400) }

    /// Where the stream is: the latest publication instants at their seven-eighths quantile,
    /// which ignores up to 1 in 8 dates far ahead of the rest (re-dated pages) and lags the
    /// newest by that many articles. `nil` before any dated article.
    private var streamClock: Int64? {
        guard !recentTimes.isEmpty else { return nil }
        return recentTimes.sorted()[Self.clockRank(recentTimes.count)]
    }

    /// The rank of the clock among `n` recent instants (ascending).
    static func clockRank(_ n: Int) -> Int { n * 7 / 8 }

    /// Retires stories idle for ``StorySettings/retireAfterDays`` of stream time, then the
    /// least recently touched beyond ``StorySettings/maxLiveStories``, once they are repaired
    /// (``repair(settling:)``) and their links decided, earliest first (``decideThreads(_:withLive:)``);
    /// returns the repairs and the links. O(live stories), plus one lookup per retiring story.
    private mutating func retireIdle() -> ([StoryMerge], [StoryLink]) {
        var retire: [Int] = []
        let clock = streamClock
        if let now = clock {
            let limit = now - Int64(settings.retireAfterDays * 86_400)
            for (id, s) in live where (s.spans.main?.hi ?? .max) < limit { retire.append(id) }
        }
        let excess = live.count - retire.count - settings.maxLiveStories
        if excess > 0 {
            let retiring = Set(retire)
            let keep = settings.maxLiveStories * 9 / 10
            let drop = live.count - retire.count - keep
            let oldest = live.values.filter { !retiring.contains($0.id) }
                .sorted { ($0.touched, $0.id) < ($1.touched, $1.id) }.prefix(drop)
            retire.append(contentsOf: oldest.map(\.id))
        }
        var settling = Set(retire)
        let repaired = repair(settling: &settling)
        var links: [StoryLink] = []
        // Earliest first, each remembered before the next decides: one may continue another.
        for id in earliestFirst(retire.filter(settling.contains)) {
            if let link = decideThread(id, withLive: false) { links.append(link) }
            guard let s = live.removeValue(forKey: id) else { continue }
            track { $0.touchedKeys.formUnion(s.indexed) }
            for key in s.indexed {
                index[key]?.removeAll { $0 == id }
                if index[key]?.isEmpty == true { index[key] = nil }
            }
            rememberForThreads(s)
        }
        if let now = clock { forgetThreads(before: now) }
        return (repaired, links)
    }
}

/// A story that can still gain articles: its profile, time span and index entries.
struct LiveStory: Sendable {
    let id: Int
    /// Sum of the members' unit word vectors (its heaviest features).
    var terms = SparseVector()
    /// Sum of the members' unit name-and-number vectors (its heaviest features).
    var entities = SparseVector()
    /// The number of compared (not copied) articles summed in the profile.
    var members: Float = 0
    /// When it happened: its articles' dates (copies included) in chains.
    var spans = StorySpans()
    /// The clusterer's sequence number when it last gained an article.
    var touched: Int
    /// Keys under which the index lists it.
    var indexed: Set<UInt64> = []
    var groupKeys: [UInt64] = []
    /// Whether its link to an earlier story was decided (at a settle): it is not decided again.
    var threadDecided = false

    init(id: Int, touched: Int) {
        self.id = id
        self.touched = touched
    }
}

/// Which story each copy group went to, for the most recent 2^20 groups (FIFO): copies of a
/// retired story still join it, and memory stays bounded (about 40 MB at most).
struct GroupMemory: Sendable {
    private var storyOf: [UInt64: Int] = [:]
    private var order: [UInt64] = []
    private var head = 0
    static let capacity = 1 << 20

    func story(of group: UInt64) -> Int? { storyOf[group] }

    mutating func remember(_ group: UInt64, story: Int) {
        guard storyOf.updateValue(story, forKey: group) == nil else { return }
        if order.count < GroupMemory.capacity {
            order.append(group)
        } else {
            storyOf[order[head]] = nil
            order[head] = group
            head = (head + 1) % GroupMemory.capacity
        }
    }
}

extension StoryInput {
    /// Publication order for batches: dated articles by date, then undated ones; ties by id.
    /// A total order on distinct ids, so sorting makes a batch independent of its input order.
    public static func publicationOrder(_ a: StoryInput, _ b: StoryInput) -> Bool {
        switch (a.published?.instant, b.published?.instant) {
        case let (x?, y?) where x != y: return x < y
        case (.some, .none): return true
        case (.none, .some): return false
        default: return a.id < b.id
        }
    }
}
