/// How many of an article's lookup features each candidate story shares, counted as the index's
/// postings are read (``StoryClusterer/candidates(of:)``), and the best candidates kept.
///
/// An open-addressing table of story ids (linear probing, at most half full) beside the ids in
/// the order first seen: ``add(_:)`` is O(1) expected, ``top(_:)`` O(ids) plus a sort of the ids
/// it keeps. It replaces sorting every posting read, which cost more than the scoring it feeds
/// once the bound on candidates is small.
///
/// ```swift
/// var counts = CandidateCounts()
/// for id in [7, 3, 7, 9, 7, 3] { counts.add(id) }
/// counts.top(2)   // [3, 7]: 7 shares three features, 3 two, 9 one
/// ```
struct CandidateCounts {
    /// Position + 1 in ``ids`` of the story in each slot; 0 for an empty slot.
    private var slots: [Int32]
    private var mask: Int
    /// The stories seen, in the order first seen.
    private(set) var ids: [Int] = []
    /// How many features each of ``ids`` shares (how many times it was added).
    private var shared: [Int32] = []

    /// An empty count; the table grows as stories are added.
    init() {
        slots = [Int32](repeating: 0, count: 64)
        mask = 63
    }

    /// Counts one more shared feature for story `id`.
    mutating func add(_ id: Int) {
        if 2 * (ids.count + 1) > slots.count { grow() }
        var h = Self.slot(id, mask: mask)
        while true {
            let p = Int(slots[h])
            if p == 0 {
                ids.append(id)
                shared.append(1)
                slots[h] = Int32(ids.count)
                return
            }
            if ids[p - 1] == id {
                shared[p - 1] += 1
                return
            }
            h = (h + 1) & mask
        }
    }

    /// The stories, ascending by id: all of them when there are at most `limit`, else the
    /// `limit` sharing the most features, ties going to the larger (newer) id.
    func top(_ limit: Int) -> [Int] {
        guard ids.count > limit else { return ids.sorted() }
        guard limit > 0 else { return [] }
        // The lowest share kept: the largest t with at least `limit` stories sharing ≥ t.
        let most = Int(shared.max() ?? 0)
        var histogram = [Int](repeating: 0, count: most + 1)
        for c in shared { histogram[Int(c)] += 1 }
        var t = most, above = 0  // above: stories sharing more than t
        while above + histogram[t] < limit {
            above += histogram[t]
            t -= 1
        }
        var kept: [Int] = []
        var ties: [Int] = []
        kept.reserveCapacity(limit)
        for (id, c) in zip(ids, shared) {
            if Int(c) > t { kept.append(id) } else if Int(c) == t { ties.append(id) }
        }
        ties.sort(by: >)
        kept += ties.prefix(limit - above)
        return kept.sorted()
    }

    private static func slot(_ id: Int, mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(id)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
        for (p, id) in ids.enumerated() {
            var h = Self.slot(id, mask: mask)
            while slots[h] != 0 { h = (h + 1) & mask }
            slots[h] = Int32(p + 1)
        }
    }
}
