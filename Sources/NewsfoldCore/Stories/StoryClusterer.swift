/// The settings of ``StoryClusterer``. The defaults are general choices, each explained; change
/// them only for a stream that is known to differ (say, a weekly magazine: a longer half-life).
///
/// ```swift
/// var settings = StorySettings()
/// settings.halfLifeDays = 7
/// let clusterer = StoryClusterer(settings: settings)
/// ```
public struct StorySettings: Sendable, Equatable {
    /// An article joins the best story when its similarity (see ``StoryClusterer/similarity``)
    /// is at least this, and starts a new story otherwise. Cosines of TF-IDF vectors of two
    /// reports of one event typically lie well above it, of two events of one kind below.
    public var joinThreshold: Float = 0.30
    /// Two stories that an article could join both merge when the stories' own similarity is at
    /// least this: halfway between ``joinThreshold`` and identity, because whole-story profiles
    /// are smoother than one article's and two look-alike events must not fuse.
    public var mergeThreshold: Float = 0.65
    /// The share of names and numbers in the similarity (the rest is words): who, where and how
    /// many tell an event, words tell its kind. Half and half weighs them equally.
    public var entityShare: Float = 0.5
    /// Dates this close count as the same news cycle: day-only dates and time zones blur a day.
    public var sameCycleDays: Double = 1
    /// Beyond the news cycle, similarity halves every this many days from the story's latest
    /// article: an article ten days later about "an earthquake" is rarely the same event.
    public var halfLifeDays: Double = 3
    /// Stories without an article for this long (in stream time) are retired: by then the decay
    /// has cut similarity below 1/1000, so they could not win anyway.
    public var retireAfterDays: Double = 32
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
    /// the article cannot reach ``joinThreshold`` when hundreds share more; the bound keeps the
    /// cost per article flat when a stream holds ~10⁵ live stories over a narrow vocabulary.
    public var maxCandidates: Int = 256

    public init() {}
}

/// How an article was placed by ``StoryClusterer/add(_:)``.
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
    public var reason: Reason
    /// Stories this article showed to be the same event as ``story``, merged into it: their
    /// articles now belong to ``story`` (``StoryMembership`` follows the merges).
    public var merged: [Int] = []

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
/// The same code serves a batch (``cluster(_:settings:)``) and a live feed (``add(_:)``). An
/// article is represented by an ``EventProfile`` weighted by TF-IDF with document frequencies
/// learned as the stream goes; a story by the sum of its articles' unit vectors. Similarity is
/// the cosine over words and the cosine over names and numbers, mixed by
/// ``StorySettings/entityShare``, times a time decay. This follows Miranda et al. 2018
/// ("Multilingual Clustering of Streaming News", EMNLP) with hand-set weights instead of learned
/// ones, and adds retirement of idle stories so memory is bounded by live stories, not by the
/// stream.
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
    public let settings: StorySettings
    private var frequencies = DocumentFrequencies()
    private var live: [Int: LiveStory] = [:]
    private var index: [UInt64: [Int]] = [:]
    private var groups = GroupMemory()
    private var nextStory = 1
    private var sequence = 0
    private var streamTime: Int64? = nil

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
        sequence += 1
        let time = input.published?.instant
        let groupKey = input.group.map { EventProfile.fnv(Array($0.utf8), seed: 0x9e37_79b9_7f4a_7c15) }
        if let g = groupKey, let story = groups.story(of: g) {
            live[story]?.touched = sequence
            return StoryAssignment(story: story, reason: .copy)
        }
        let article = weigh(profile ?? EventProfile(title: input.title, text: input.text))

        var best: (story: Int, score: Float)? = nil
        var alsoClose: [Int] = []  // other stories the article is similar enough to join
        for id in candidates(of: article) {
            guard let story = live[id] else { continue }
            let s = similarity(article, story, time: time)
            if s >= settings.joinThreshold { alsoClose.append(id) }
            if s > (best?.score ?? -1) { best = (id, s) }  // candidates ascend: ties keep the older
        }
        var assignment: StoryAssignment
        if let b = best, b.score >= settings.joinThreshold {
            join(article, story: b.story, time: time)
            assignment = StoryAssignment(story: b.story, reason: .similar(b.score))
        } else {
            let id = nextStory
            nextStory += 1
            live[id] = LiveStory(id: id, time: time, touched: sequence)
            join(article, story: id, time: time)
            assignment = StoryAssignment(story: id, reason: .newStory(best: best?.score ?? 0))
        }
        // The article may bridge two stories that turn out to be one event (a single pass splits
        // an event when its first reports differ): merge them when the stories themselves are
        // clearly similar (profiles of whole stories are smoother than one article's).
        for other in alsoClose where other != assignment.story {
            guard let a = live[assignment.story], let b = live[other],
                storySimilarity(a, b) >= settings.mergeThreshold
            else { continue }
            let (keep, gone) = other < assignment.story ? (other, assignment.story) : (assignment.story, other)
            merge(gone, into: keep)
            assignment.merged.append(gone)
            assignment.story = keep
        }
        if let g = groupKey {
            groups.remember(g, story: assignment.story)
            live[assignment.story]?.groupKeys.append(g)
        }
        if let t = time, t > (streamTime ?? .min) { streamTime = t }
        if sequence % 1024 == 0 || live.count > settings.maxLiveStories { retireIdle() }
        return assignment
    }

    /// Clusters a batch: sorts it into publication order (``StoryInput/publicationOrder(_:_:)``),
    /// so the same articles in any order give the same stories, runs ``add(_:)`` on each, and
    /// returns the stories, largest first.
    public static func cluster(_ inputs: [StoryInput], settings: StorySettings = StorySettings()) -> [Story] {
        var clusterer = StoryClusterer(settings: settings)
        var membership = StoryMembership()
        let order = inputs.indices.sorted { StoryInput.publicationOrder(inputs[$0], inputs[$1]) }
        for i in order { membership.add(i, clusterer.add(inputs[i])) }
        return membership.stories().map { m in Story(id: m.id, members: m.articles.map { inputs[$0] }) }
            .sorted(by: Story.reportOrder)
    }

    // MARK: - Representation and similarity

    /// An article's profile weighted by TF-IDF and scaled to unit length.
    struct WeightedProfile {
        var terms: SparseVector
        var entities: SparseVector
    }

    /// Counts the profile in the document frequencies, then weighs each feature
    /// `(1 + ln tf) · idf` and normalises each vector.
    mutating func weigh(_ profile: EventProfile) -> WeightedProfile {
        frequencies.add(profile.terms)
        frequencies.add(profile.entities)
        frequencies.countDocument()
        return WeightedProfile(terms: tfidf(profile.terms), entities: tfidf(profile.entities))
    }

    private func tfidf(_ counts: SparseVector) -> SparseVector {
        var pairs: [(UInt64, Float)] = []
        pairs.reserveCapacity(counts.count)
        for (k, tf) in zip(counts.keys, counts.values) {
            pairs.append((k, (1 + Float(_log(Double(tf)))) * frequencies.idf(k)))
        }
        return SparseVector(pairs: pairs).normalized()
    }

    /// Content similarity times time decay, in [0, 1].
    func similarity(_ a: WeightedProfile, _ s: LiveStory, time: Int64?) -> Float {
        let words = s.termsNorm > 0 ? a.terms.dot(s.terms) / s.termsNorm : 0
        var content = words
        if !a.entities.isEmpty, s.entitiesNorm > 0 {
            let names = a.entities.dot(s.entities) / s.entitiesNorm
            content = (1 - settings.entityShare) * words + settings.entityShare * names
        }
        return content * Float(decay(time, s))
    }

    /// 1 within the news cycle of the story's dated articles (or when either side has no date),
    /// then halving every ``StorySettings/halfLifeDays``.
    func decay(_ time: Int64?, _ s: LiveStory) -> Double {
        guard let t = time, let first = s.first, let last = s.last else { return 1 }
        let gap = t < first ? first - t : t > last ? t - last : 0
        let days = max(0, Double(gap) / 86_400 - settings.sameCycleDays)
        return days == 0 ? 1 : _exp(-0.693_147_180_559_945_3 * days / settings.halfLifeDays)
    }

    /// Similarity of two stories: the article formula on their normalised profiles, with the
    /// time decay over the gap between their spans.
    func storySimilarity(_ a: LiveStory, _ b: LiveStory) -> Float {
        guard a.termsNorm > 0, b.termsNorm > 0 else { return 0 }
        let words = a.terms.dot(b.terms) / (a.termsNorm * b.termsNorm)
        var content = words
        if a.entitiesNorm > 0, b.entitiesNorm > 0 {
            let names = a.entities.dot(b.entities) / (a.entitiesNorm * b.entitiesNorm)
            content = (1 - settings.entityShare) * words + settings.entityShare * names
        }
        var d = 1.0
        if let af = a.first, let al = a.last, let bf = b.first, let bl = b.last {
            let gap = max(0, max(af, bf) - min(al, bl))
            let days = max(0, Double(gap) / 86_400 - settings.sameCycleDays)
            d = _exp(-0.693_147_180_559_945_3 * days / settings.halfLifeDays)
        }
        return content * Float(d)
    }

    /// Moves story `gone` into `keep`: profiles add up, the index points to `keep`.
    private mutating func merge(_ gone: Int, into keep: Int) {
        guard let g = live.removeValue(forKey: gone), var k = live.removeValue(forKey: keep) else { return }
        k.terms = k.terms.adding(g.terms).keepingTop(settings.maxStoryFeatures * 3 / 2)
        k.entities = k.entities.adding(g.entities).keepingTop(settings.maxStoryFeatures * 3 / 2)
        k.termsNorm = k.terms.norm
        k.entitiesNorm = k.entities.norm
        if let f = g.first { k.first = min(k.first ?? f, f) }
        if let l = g.last { k.last = max(k.last ?? l, l) }
        k.touched = max(k.touched, g.touched)
        for key in g.indexed {
            index[key]?.removeAll { $0 == gone }
            if k.indexed.insert(key).inserted { index[key, default: []].append(keep) }
            if index[key]?.isEmpty == true { index[key] = nil }
        }
        for gk in g.groupKeys { groups.remember(gk, story: keep) }
        k.groupKeys += g.groupKeys
        live[keep] = k
    }

    /// Live stories sharing one of the article's heaviest features, ascending by id.
    private mutating func candidates(of a: WeightedProfile) -> [Int] {
        var ids: [Int] = []
        for key in lookupKeys(a) {
            guard let posting = index[key] else { continue }
            ids.append(contentsOf: posting)
        }
        ids.sort()
        var unique: [Int] = []
        var shared: [Int32] = []  // how many lookup features each candidate shares
        unique.reserveCapacity(ids.count)
        for id in ids {
            if unique.last == id {
                shared[shared.count - 1] += 1
            } else {
                unique.append(id)
                shared.append(1)
            }
        }
        guard unique.count > settings.maxCandidates else { return unique }
        let kept = unique.indices.sorted { a, b in
            shared[a] != shared[b] ? shared[a] > shared[b] : unique[a] > unique[b]
        }.prefix(settings.maxCandidates)
        return kept.map { unique[$0] }.sorted()
    }

    private func lookupKeys(_ a: WeightedProfile) -> [UInt64] {
        a.terms.topKeys(settings.lookupFeatures) + a.entities.topKeys(settings.lookupFeatures)
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
        s.termsNorm = s.terms.norm
        s.entitiesNorm = s.entities.norm
        s.touched = sequence
        if let t = time {
            s.first = min(s.first ?? t, t)
            s.last = max(s.last ?? t, t)
        }
        for key in lookupKeys(a) where s.indexed.count < 2 * settings.maxStoryFeatures {
            if s.indexed.insert(key).inserted { index[key, default: []].append(id) }
        }
        live[id] = s
    }

    /// Retires stories idle for ``StorySettings/retireAfterDays`` of stream time, then the
    /// least recently touched beyond ``StorySettings/maxLiveStories``. O(live stories).
    private mutating func retireIdle() {
        var retire: [Int] = []
        if let now = streamTime {
            let limit = now - Int64(settings.retireAfterDays * 86_400)
            for (id, s) in live where (s.last ?? .max) < limit { retire.append(id) }
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
        for id in retire {
            guard let s = live.removeValue(forKey: id) else { continue }
            for key in s.indexed {
                index[key]?.removeAll { $0 == id }
                if index[key]?.isEmpty == true { index[key] = nil }
            }
        }
    }
}

/// A story that can still gain articles: its profile, time span and index entries.
struct LiveStory: Sendable {
    let id: Int
    /// Sum of the members' unit word vectors, and its length.
    var terms = SparseVector()
    var termsNorm: Float = 0
    /// Sum of the members' unit name-and-number vectors, and its length.
    var entities = SparseVector()
    var entitiesNorm: Float = 0
    /// Earliest and latest publication instants of its compared (not copied) articles.
    var first: Int64?
    var last: Int64?
    /// The clusterer's sequence number when it last gained an article.
    var touched: Int
    /// Keys under which the index lists it.
    var indexed: Set<UInt64> = []
    var groupKeys: [UInt64] = []

    init(id: Int, time: Int64?, touched: Int) {
        self.id = id
        self.first = time
        self.last = time
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
