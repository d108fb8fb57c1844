/// How many of an article's lookup features each candidate story shares, counted as the index's
/// postings are read (``StoryClusterer/candidates(of:)``), and the best candidates kept.
///
/// The counts are ``KeySums`` (one multiply and usually one probe a posting): ``add(_:)`` is
/// O(1) expected, ``top(_:)`` O(stories) plus a sort of the ones it keeps. It replaces sorting
/// every posting read, which cost more than the scoring it feeds once the bound on candidates
/// is small.
///
/// ```swift
/// var counts = CandidateCounts()
/// for id in [7, 3, 7, 9, 7, 3] { counts.add(id) }
/// counts.top(2)   // [3, 7]: 7 shares three features, 3 two, 9 one
/// ```
struct CandidateCounts {
    /// How many features each story shares (how many times it was added).
    private var shared: KeySums<Int32>

    /// An empty count, sized for `postings` stories added (more are fine): the table then never
    /// grows while it counts.
    init(postings: Int = 0) {
        shared = KeySums(expected: postings)
    }

    /// Counts one more shared feature for story `id`.
    mutating func add(_ id: Int) {
        shared.add(UInt64(bitPattern: Int64(id)), 1)
    }

    /// The stories, ascending by id: all of them when there are at most `limit`, else the
    /// `limit` sharing the most features, ties going to the larger (newer) id.
    func top(_ limit: Int) -> [Int] {
        Self.top(limit, ids: shared.keys.map { Int(Int64(bitPattern: $0)) }, counts: shared.values)
    }

    /// ``top(_:)`` among the stories `include` accepts (asked once per story counted).
    func top(_ limit: Int, where include: (Int) -> Bool) -> [Int] {
        var ids: [Int] = [], counts: [Int32] = []
        for (key, count) in zip(shared.keys, shared.values) {
            let id = Int(Int64(bitPattern: key))
            if include(id) {
                ids.append(id)
                counts.append(count)
            }
        }
        return Self.top(limit, ids: ids, counts: counts)
    }

    private static func top(_ limit: Int, ids: [Int], counts: [Int32]) -> [Int] {
        guard ids.count > limit else { return ids.sorted() }
        guard limit > 0 else { return [] }
        // The lowest share kept: the largest t with at least `limit` stories sharing ≥ t.
        let most = Int(counts.max() ?? 0)
        var histogram = [Int](repeating: 0, count: most + 1)
        for c in counts { histogram[Int(c)] += 1 }
        var t = most, above = 0  // above: stories sharing more than t
        while above + histogram[t] < limit {
            above += histogram[t]
            t -= 1
        }
        var kept: [Int] = []
        var ties: [Int] = []
        kept.reserveCapacity(limit)
        for (id, c) in zip(ids, counts) {
            if Int(c) > t { kept.append(id) } else if Int(c) == t { ties.append(id) }
        }
        ties.sort(by: >)
        kept += ties.prefix(limit - above)
        return kept.sorted()
    }
}
