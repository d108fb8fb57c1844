/// A story that continues an earlier one: the later chapter of one event, begun after a week
/// of silence (the verdict weeks after the crime, the inquiry after the crash). Stories stay
/// time-local; following ``continues`` from story to story gives the event's *thread*.
///
/// ``StoryClusterer`` decides a story's link once, when the story retires or the stream
/// settles (``StorySettings/threadGapDays`` says how).
///
/// ```swift
/// let settlement = clusterer.settle()
/// for link in settlement.links {
///     print("story \(link.story) continues story \(link.continues) (similarity \(link.similarity))")
/// }
/// ```
public struct StoryLink: Sendable, Equatable, Hashable {
    /// The later story.
    public var story: Int
    /// The earlier story it continues.
    public var continues: Int
    /// The average similarity between the two stories' members (the evidence for the link).
    public var similarity: Float

    /// `story` continues `continues`, at `similarity`.
    public init(story: Int, continues: Int, similarity: Float) {
        self.story = story
        self.continues = continues
        self.similarity = similarity
    }
}

extension Story {
    /// The thread of each story: the first story of its chain of ``Story/continues`` links
    /// (itself when it continues none). A link to a story not in `stories` ends the chain there.
    /// O(stories × chain length).
    ///
    /// ```swift
    /// let thread = Story.threads(stories.map { ($0.id, $0.continues) })
    /// print(thread[12] ?? 12)   // 7: story 12 continues a story that continues story 7
    /// ```
    public static func threads(_ stories: some Collection<(id: Int, continues: Int?)>) -> [Int: Int] {
        var parent: [Int: Int] = [:]
        for s in stories { parent[s.id] = s.continues ?? s.id }
        var root: [Int: Int] = [:]
        for s in stories {
            var r = s.id, steps = 0
            // A link always points to an earlier story, so chains end; the bound guards bad input.
            while let p = parent[r], p != r, steps < stories.count {
                r = p
                steps += 1
            }
            root[s.id] = r
        }
        return root
    }
}

/// The links decided so far, followed through the merges made since: which story each
/// surviving story continues. The one rule for every caller (``StoryMembership``, a store's
/// engine): a story continues the earlier story of the *first* link decided for any story
/// merged into it that points outside it.
///
/// ```swift
/// var book = StoryLinkBook()
/// book.record([StoryLink(story: 5, continues: 2, similarity: 0.3)])
/// book.merge([StoryMerge(gone: 5, into: 4)])
/// book.resolved()[4]?.continues   // 2
/// ```
///
/// Memory: 4 bytes per story id plus one entry per link; ``resolved()`` O(links × α).
public struct StoryLinkBook: Sendable, Equatable {
    /// `merged[s]`: the story `s` was merged into (itself when it was not).
    private var merged: [Int32] = [0]
    /// Links in the order they were decided.
    private var links: [StoryLink] = []

    /// No merges, no links.
    public init() {}

    /// The number of links recorded.
    public var count: Int { links.count }
    /// Changes every time a merge or a link is recorded: while it stays the same,
    /// ``resolved()`` does too.
    public private(set) var version = 0

    /// Records that `gone` was merged into `into`.
    public mutating func merge(_ gone: Int, into: Int) {
        grow(to: max(gone, into))
        let x = root(gone), y = root(into)
        if x != y {
            merged[max(x, y)] = Int32(min(x, y))
            version += 1
        }
    }

    /// Records merges, in order.
    public mutating func merge(_ merges: [StoryMerge]) {
        for m in merges { merge(m.gone, into: m.into) }
    }

    /// Records links, in the order they were decided.
    public mutating func record(_ new: [StoryLink]) {
        for l in new { grow(to: max(l.story, l.continues)) }
        links += new
        if !new.isEmpty { version += 1 }
    }

    /// The story `s` is part of now.
    public func root(_ s: Int) -> Int {
        guard s < merged.count else { return s }
        var r = s
        while Int(merged[r]) != r { r = Int(merged[r]) }
        return r
    }

    /// Each surviving story that continues another, by id: its link with both ends followed
    /// through the merges.
    public func resolved() -> [Int: StoryLink] {
        Self.resolve(links, root: root)
    }

    /// `links` (in decision order) followed through `root`: the first that points outside its
    /// story wins.
    static func resolve(_ links: [StoryLink], root: (Int) -> Int) -> [Int: StoryLink] {
        var out: [Int: StoryLink] = [:]
        for l in links {
            let later = root(l.story), earlier = root(l.continues)
            if later != earlier, out[later] == nil {
                out[later] = StoryLink(story: later, continues: earlier, similarity: l.similarity)
            }
        }
        return out
    }

    private mutating func grow(to story: Int) {
        while merged.count <= story { merged.append(Int32(merged.count)) }
    }
}

/// What settling a stream decided (``StoryClusterer/settle()``): the stories repaired into
/// others, and the links of the stories that continue earlier ones.
public struct StorySettlement: Sendable, Equatable {
    /// Merges, in the order they were made (give them to ``StoryMembership/settle(_:)``).
    public var merges: [StoryMerge] = []
    /// Links decided at the settle, for the live stories (after the merges).
    public var links: [StoryLink] = []

    /// A settlement of `merges` and `links`.
    public init(merges: [StoryMerge] = [], links: [StoryLink] = []) {
        self.merges = merges
        self.links = links
    }
}

/// The retired stories a later story may continue: each one's heaviest words and names, its
/// member count and its latest date, indexed by its lookup features, for the
/// ``StorySettings/maxThreadStories`` most recently retired (first in, first out) that ended
/// within ``StorySettings/threadGapDays`` of the stream.
///
/// Memory: at most `capacity × (2 × features × 12 bytes + lookup keys)`; ``remember(_:keys:capacity:)``
/// and ``forget(endedBefore:)`` O(1) amortised plus the index postings touched.
struct ThreadMemory: Sendable {
    /// A retired story, as a later one is compared with it: its heaviest features, member
    /// count and spans (nothing of the index), and the keys it is indexed under here.
    struct Summary: Sendable {
        let story: LiveStory
        let keys: [UInt64]
        /// The latest date of its main span.
        var last: Int64 { story.spans.main?.hi ?? .min }
    }

    /// Words and names kept of each retired story: its heaviest 64 of each (on the dated ECB+
    /// tune halves, labelled F1 within 0.006 of whole profiles).
    static let features = 64

    private(set) var stories: [Int: Summary] = [:]
    private var index: [UInt64: [Int]] = [:]
    private var order: [Int] = []
    private var head = 0

    /// The number of retired stories kept.
    var count: Int { stories.count }

    /// Story ids indexed under `key`.
    func postings(_ key: UInt64) -> [Int] { index[key] ?? [] }

    /// Keeps a retired story (dated) under `keys`, its heaviest ``features`` words and names
    /// only, forgetting the oldest beyond `capacity`.
    mutating func remember(_ retired: LiveStory, keys: [UInt64], capacity: Int) {
        guard capacity > 0 else { return }
        var kept = LiveStory(id: retired.id, touched: retired.touched)
        kept.terms = retired.terms.keepingTop(Self.features)
        kept.entities = retired.entities.keepingTop(Self.features)
        kept.members = retired.members
        kept.spans = retired.spans
        stories[kept.id] = Summary(story: kept, keys: keys)
        order.append(kept.id)
        for key in keys { index[key, default: []].append(kept.id) }
        while stories.count > capacity, head < order.count { drop(order[head]) }
        compact()
    }

    /// Forgets the stories, oldest retired first, that ended before `limit`: nothing that
    /// begins after the stream's clock can continue them. Stops at the first that ended later
    /// (retirement order follows the dates closely; the capacity bounds the rest).
    mutating func forget(endedBefore limit: Int64) {
        while head < order.count {
            let id = order[head]
            guard let s = stories[id] else {
                head += 1
                continue
            }
            guard s.last < limit else { break }
            drop(id)
        }
        compact()
    }

    private mutating func drop(_ id: Int) {
        head += 1
        guard let s = stories.removeValue(forKey: id) else { return }
        for key in s.keys {
            index[key]?.removeAll { $0 == id }
            if index[key]?.isEmpty == true { index[key] = nil }
        }
    }

    private mutating func compact() {
        if head > 1024, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}

extension StoryClusterer {
    /// Decides the links of stories `ids` (live, not yet decided), earliest first, so that one
    /// may continue another of the same call: each is compared with the retired stories kept
    /// and, when `withLive`, the live ones (at a settle both may hold its earlier chapter).
    mutating func decideThreads(_ ids: [Int], withLive: Bool) -> [StoryLink] {
        earliestFirst(ids).compactMap { decideThread($0, withLive: withLive) }
    }

    /// Decides the link of live story `id` unless it was decided before (then `nil`).
    mutating func decideThread(_ id: Int, withLive: Bool) -> StoryLink? {
        guard settings.threadGapDays > 0, let slot = live.index(forKey: id), !live.values[slot].threadDecided else {
            return nil
        }
        live.values[slot].threadDecided = true
        return threadChoice(of: live.values[slot], withLive: withLive)
    }

    /// Live stories `ids` by the start of their main span (undated last), then id.
    func earliestFirst(_ ids: [Int]) -> [Int] {
        ids.map { ($0, live[$0]?.spans.main?.lo ?? .max) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
    }

    /// The earlier stories a story is compared with for its link: those sharing the most of its
    /// heaviest words and names. Its own earlier chapter shares many (on the dated ECB+ streams
    /// 16 and 64 give the same links); the bound keeps the decision cheaper than a placement.
    static let threadCandidates = 16

    /// The earlier story `s` continues, if any: among the stories of two members or more that
    /// ended before it began, at most ``StorySettings/threadGapDays`` before, sharing the most of
    /// its heaviest features, the most similar, when it reaches the join bar and stands
    /// ``StorySettings/threadMargin`` times above the runner-up. Undated stories continue none.
    func threadChoice(of s: LiveStory, withLive: Bool) -> StoryLink? {
        guard let first = s.spans.main?.lo, s.members > 0 else { return nil }
        let keys = lookupKeys(terms: s.terms, entities: s.entities)
        var counts = CandidateCounts()
        for key in keys {
            for id in threads.postings(key) { counts.add(id) }
            if withLive { for id in index[key] ?? [] where id != s.id { counts.add(id) } }
        }
        let earliest = first - Int64(settings.threadGapDays * 86_400)
        func earlier(_ id: Int) -> LiveStory? { threads.stories[id]?.story ?? (withLive ? live[id] : nil) }
        let ids = counts.top(Self.threadCandidates) { id in
            guard let e = earlier(id), let last = e.spans.main?.hi else { return false }
            return e.members >= 2 && last < first && last >= earliest
        }
        var best: (id: Int, score: Float)? = nil
        var runnerUp: Float = 0
        for id in ids {
            guard let e = earlier(id), let last = e.spans.main?.hi else { continue }
            let gap = max(0, Double(first - last) / 86_400 - settings.sameCycleDays)
            let score = memberSimilarity(s, e, gap: gap)
            if let b = best, score <= b.score {
                runnerUp = max(runnerUp, score)
            } else {
                runnerUp = best?.score ?? 0
                best = (id, score)
            }
        }
        guard let b = best, b.score >= settings.joinThreshold, b.score >= settings.threadMargin * runnerUp else {
            return nil
        }
        return StoryLink(story: s.id, continues: b.id, similarity: b.score)
    }

    /// Keeps a retiring story for later ones to continue (a dated story of two members or
    /// more), and forgets those too old to be continued.
    mutating func rememberForThreads(_ s: LiveStory) {
        guard settings.threadGapDays > 0 else { return }
        if s.members >= 2, s.spans.main != nil {
            threads.remember(
                s, keys: lookupKeys(terms: s.terms, entities: s.entities), capacity: settings.maxThreadStories)
        }
    }

    /// Forgets the retired stories that no story could continue any more: none beginning after
    /// the stream's clock `now`, nor any live story whose link is still to be decided (a story
    /// that has run for weeks continues what ended before it began). O(live stories).
    mutating func forgetThreads(before now: Int64) {
        var earliest = now - Int64(settings.retireAfterDays * 86_400)
        for s in live.values where !s.threadDecided {
            if let lo = s.spans.main?.lo, lo < earliest { earliest = lo }
        }
        threads.forget(endedBefore: earliest - Int64(settings.threadGapDays * 86_400))
    }
}
