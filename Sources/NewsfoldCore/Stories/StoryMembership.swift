/// Which story each article ended in, once merges are followed: the clusterer's assignments
/// kept in 12 bytes per article, so a batch of millions of articles can be reported story by
/// story without holding the articles.
///
/// ``StoryClusterer`` keeps only live stories and reports, per article, the story it joined and
/// the stories that article merged into it. This records those answers by the caller's own key
/// for the article (an index into its array, an ordinal in a file) and resolves merges at the end
/// with a union-find over story ids (the lower id survives, as in the clusterer).
///
/// ```swift
/// var clusterer = StoryClusterer(), membership = StoryMembership()
/// for (i, input) in inputs.enumerated() { membership.add(i, clusterer.add(input)) }  // publication order
/// membership.settle(clusterer.settle())
/// for m in membership.stories() {
///     let story = Story(id: m.id, members: m.articles.map { inputs[$0] })
/// }
/// ```
///
/// Cost: ``add(_:_:)`` O(1) amortised; ``stories()`` O(articles × α).
public struct StoryMembership: Sendable {
    /// The caller's key of each article, in arrival (publication) order.
    private var keys: [Int32] = []
    /// The story each article joined when it arrived, before later merges.
    private var joined: [Int32] = []
    /// `merged[s]`: the story that story `s` was merged into (itself when it was not), by id.
    private var merged: [Int32] = [0]
    /// Links in the order they were decided.
    private var links: [StoryLink] = []

    /// An empty record: no articles, no stories.
    public init() {}

    /// The number of articles recorded.
    public var count: Int { keys.count }

    /// Records that the article known to the caller as `key` went to `assignment.story`. Call in
    /// the order the articles were given to the clusterer.
    public mutating func add(_ key: Int, _ assignment: StoryAssignment) {
        precondition(key >= 0 && key <= Int(Int32.max), "article keys are non-negative Int32 values")
        grow(to: assignment.story)
        for gone in assignment.merged { union(gone, assignment.story) }
        keys.append(Int32(key))
        joined.append(Int32(assignment.story))
        merge(assignment.repaired)
        record(assignment.continued)
    }

    /// Records merges made outside a placement: those of ``StoryClusterer/settle()`` at the end
    /// of a stream (an assignment's ``StoryAssignment/repaired`` ones are recorded by
    /// ``add(_:_:)``).
    public mutating func merge(_ merges: [StoryMerge]) {
        for m in merges { union(m.gone, m.into) }
    }

    /// Records what ``StoryClusterer/settle()`` decided: its merges, then its links.
    public mutating func settle(_ settlement: StorySettlement) {
        merge(settlement.merges)
        record(settlement.links)
    }

    private mutating func record(_ new: [StoryLink]) {
        for l in new { grow(to: max(l.story, l.continues)) }
        links += new
    }

    /// Records that stories `a` and `b` are one: the higher root points to the lower.
    private mutating func union(_ a: Int, _ b: Int) {
        grow(to: max(a, b))
        let x = root(a), y = root(b)
        if x != y { merged[Int(max(x, y))] = min(x, y) }
    }

    /// One story's members: its id and the caller's keys of its articles in arrival order.
    public struct Members: Sendable, Equatable {
        /// The story's id after merges: the lowest id among the stories merged into it.
        public var id: Int
        /// The caller's keys of its articles, in arrival order.
        public var articles: [Int]
        /// The story it continues (after merges), if any: the first link decided for any story
        /// merged into it that points outside it (``StoryLinkBook``'s rule).
        public var continues: Int? = nil
    }

    /// Every story after merges, by ascending id, each with its articles in arrival order.
    public func stories() -> [Members] {
        var roots = merged
        func find(_ s: Int32) -> Int32 {
            var r = s
            while roots[Int(r)] != r { r = roots[Int(r)] }
            var x = s
            while roots[Int(x)] != r {
                let next = roots[Int(x)]
                roots[Int(x)] = r
                x = next
            }
            return r
        }
        var slot = [Int32](repeating: -1, count: roots.count)
        var result: [Members] = []
        for id in 1..<roots.count where find(Int32(id)) == Int32(id) {
            slot[id] = Int32(result.count)
            result.append(Members(id: id, articles: []))
        }
        for (key, story) in zip(keys, joined) {
            let s = Int(slot[Int(find(story))])
            result[s].articles.append(Int(key))
        }
        for (later, link) in StoryLinkBook.resolve(links, root: { Int(find(Int32($0))) }) {
            result[Int(slot[later])].continues = link.continues
        }
        return result.filter { !$0.articles.isEmpty }
    }

    private mutating func grow(to story: Int) {
        while merged.count <= story { merged.append(Int32(merged.count)) }
    }

    private func root(_ s: Int) -> Int32 {
        var r = Int32(s)
        while merged[Int(r)] != r { r = merged[Int(r)] }
        return r
    }
}

extension Story {
    /// The story made of `members`, given in arrival (publication) order: its title is the first
    /// headline, its span the earliest and latest dates, its groups and sites in order of first
    /// appearance. The same members always give the same story, however the clusterer merged
    /// them on the way. `continues` is its link (``StoryMembership/Members/continues``).
    public init(id: Int, members: [StoryInput], continues: Int? = nil) {
        self.init(id: id, continues: continues)
        var groupSlot: [String: Int] = [:]
        for input in members {
            if title == nil, let t = input.title, !t.isEmpty { title = t }
            if let d = input.published {
                if firstSeen.map({ d < $0 }) ?? true { firstSeen = d }
                if lastSeen.map({ $0 < d }) ?? true { lastSeen = d }
            }
            articles.append(input.id)
            let groupID = input.group ?? input.id
            if let g = groupSlot[groupID] {
                groups[g].members.append(input.id)
            } else {
                groupSlot[groupID] = groups.count
                groups.append(Group(id: groupID, members: [input.id]))
            }
            if let site = input.site, !site.isEmpty, !sites.contains(site) { sites.append(site) }
        }
    }
}
