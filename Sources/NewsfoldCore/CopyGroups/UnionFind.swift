/// Disjoint sets over `0 ..< count` (union by rank, path halving), grown one element at a time.
///
/// Copy groups are the connected components of *verified* similarity edges; this is where
/// they are kept.
///
/// ```swift
/// var sets = UnionFind()
/// let a = sets.append(), b = sets.append(), c = sets.append()
/// sets.union(a, b)
/// sets.find(a) == sets.find(b)  // true
/// sets.find(c) == c             // true
/// ```
///
/// Cost: amortised O(α(n)) per ``find(_:)``/``union(_:_:)``, 5 bytes per element.
public struct UnionFind: Sendable {
    private var parent: [Int32] = []
    private var rank: [UInt8] = []

    /// An empty structure: no elements.
    public init() {}

    /// Number of elements.
    public var count: Int { parent.count }

    /// Adds a new singleton set and returns its element.
    @discardableResult
    public mutating func append() -> Int {
        parent.append(Int32(parent.count))
        rank.append(0)
        return parent.count - 1
    }

    /// The root of `x`'s set (flattens the path on the way).
    public mutating func find(_ x: Int) -> Int {
        var x = Int32(x)
        while parent[Int(x)] != x {
            let p = parent[Int(x)]
            parent[Int(x)] = parent[Int(p)]
            x = parent[Int(x)]
        }
        return Int(x)
    }

    /// Merges the sets of `a` and `b`. Returns the new root and the root that was absorbed,
    /// or `nil` when they were already one set.
    @discardableResult
    public mutating func union(_ a: Int, _ b: Int) -> (root: Int, absorbed: Int)? {
        var ra = find(a), rb = find(b)
        if ra == rb { return nil }
        if rank[ra] < rank[rb] { swap(&ra, &rb) }
        parent[rb] = Int32(ra)
        if rank[ra] == rank[rb] { rank[ra] &+= 1 }
        return (ra, rb)
    }
}
