/// A sparse vector of weighted features, keys sorted ascending: the form in which articles and
/// stories are compared.
///
/// Keys are 64-bit feature hashes (see ``EventProfile``). Lookups and dot products walk the two
/// sorted key arrays together, O(n + m); building one from unsorted pairs is O(n log n).
///
/// ```swift
/// let a = SparseVector(pairs: [(7, 1), (3, 2)])   // keys [3, 7]
/// a.dot(a)                                         // 5
/// ```
public struct SparseVector: Sendable, Equatable {
    /// Feature hashes, strictly ascending.
    public private(set) var keys: [UInt64]
    /// The weight of each key.
    public private(set) var values: [Float]

    /// The empty vector.
    public init() {
        keys = []
        values = []
    }

    /// A vector from (key, weight) pairs in any order; weights of repeated keys add up.
    public init(pairs: [(UInt64, Float)]) {
        let sorted = pairs.sorted { $0.0 < $1.0 }
        var k: [UInt64] = []
        var v: [Float] = []
        k.reserveCapacity(sorted.count)
        v.reserveCapacity(sorted.count)
        for (key, w) in sorted {
            if let last = k.last, last == key {
                v[v.count - 1] += w
            } else {
                k.append(key)
                v.append(w)
            }
        }
        keys = k
        values = v
    }

    init(sortedKeys: [UInt64], values: [Float]) {
        keys = sortedKeys
        self.values = values
    }

    /// The number of non-zero features.
    public var count: Int { keys.count }
    /// `true` when the vector has no features.
    public var isEmpty: Bool { keys.isEmpty }

    /// Euclidean length, O(n).
    public var norm: Float {
        var s: Double = 0
        for w in values { s += Double(w) * Double(w) }
        return Float(s.squareRoot())
    }

    /// The weight of `key`, or 0. O(log n).
    public func weight(of key: UInt64) -> Float {
        var lo = 0
        var hi = keys.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo < keys.count && keys[lo] == key ? values[lo] : 0
    }

    /// One side this many times smaller than the other is looked up by galloping through the
    /// larger instead of walking both (an article against a story's profile, thousands of keys).
    static let gallopRatio = 8

    /// The dot product: O(n + m) by walking both key lists, or O(n log(m / n)) by galloping
    /// when one side (n keys) is `gallopRatio` times smaller than the other (m). Both sum the
    /// same products in the same (ascending key) order, so they give the same bits.
    public func dot(_ other: SparseVector) -> Float {
        if count &* Self.gallopRatio < other.count { return Self.gallopingDot(small: self, large: other) }
        if other.count &* Self.gallopRatio < count { return Self.gallopingDot(small: other, large: self) }
        return mergingDot(other)
    }

    /// Each key of `small` found in `large` by exponential then binary search from where the
    /// previous one was found.
    static func gallopingDot(small: SparseVector, large: SparseVector) -> Float {
        small.keys.withUnsafeBufferPointer { sk in
            large.keys.withUnsafeBufferPointer { lk in
                var s: Float = 0
                var j = 0
                let m = lk.count
                for i in 0..<sk.count {
                    let x = sk[i]
                    guard j < m else { break }
                    if lk[j] < x {
                        // Find lo < hi with lk[lo] < x <= lk[hi] (hi == m: past the end).
                        var lo = j, step = 1
                        var hi = j + 1
                        while hi < m, lk[hi] < x {
                            lo = hi
                            step <<= 1
                            hi = lo + step
                        }
                        if hi > m { hi = m }
                        while hi - lo > 1 {
                            let mid = (lo + hi) >> 1
                            if lk[mid] < x { lo = mid } else { hi = mid }
                        }
                        j = hi
                    }
                    if j < m, lk[j] == x {
                        s += small.values[i] * large.values[j]
                        j += 1
                    }
                }
                return s
            }
        }
    }

    /// Both key lists walked together.
    func mergingDot(_ other: SparseVector) -> Float {
        var i = 0
        var j = 0
        var s: Float = 0
        let ak = keys, bk = other.keys
        while i < ak.count, j < bk.count {
            let x = ak[i], y = bk[j]
            if x == y {
                s += values[i] * other.values[j]
                i += 1
                j += 1
            } else if x < y {
                i += 1
            } else {
                j += 1
            }
        }
        return s
    }

    /// Cosine similarity in [0, 1] for non-negative vectors; 0 when either is empty.
    public func cosine(_ other: SparseVector) -> Float {
        let n = norm * other.norm
        return n > 0 ? dot(other) / n : 0
    }

    /// This vector scaled to unit length (unchanged when empty).
    public func normalized() -> SparseVector {
        let n = norm
        guard n > 0 else { return self }
        return SparseVector(sortedKeys: keys, values: values.map { $0 / n })
    }

    /// `self + scale * other`, O(n + m).
    public func adding(_ other: SparseVector, scale: Float = 1) -> SparseVector {
        var k: [UInt64] = []
        var v: [Float] = []
        k.reserveCapacity(keys.count + other.keys.count)
        v.reserveCapacity(keys.count + other.keys.count)
        var i = 0
        var j = 0
        while i < keys.count || j < other.keys.count {
            if j == other.keys.count || (i < keys.count && keys[i] < other.keys[j]) {
                k.append(keys[i]); v.append(values[i]); i += 1
            } else if i == keys.count || other.keys[j] < keys[i] {
                k.append(other.keys[j]); v.append(scale * other.values[j]); j += 1
            } else {
                k.append(keys[i]); v.append(values[i] + scale * other.values[j]); i += 1; j += 1
            }
        }
        return SparseVector(sortedKeys: k, values: v)
    }

    /// The `n` heaviest features (ties broken by key), still sorted by key. O(m log m).
    public func keepingTop(_ n: Int) -> SparseVector {
        guard keys.count > n else { return self }
        let order = topIndices(n).sorted()
        return SparseVector(sortedKeys: order.map { keys[$0] }, values: order.map { values[$0] })
    }

    /// Keys of the `n` heaviest features, heaviest first (ties broken by key).
    public func topKeys(_ n: Int) -> [UInt64] {
        topIndices(n).map { keys[$0] }
    }

    private func topIndices(_ n: Int) -> [Int] {
        if n <= Self.selectionLimit, keys.count > 2 * n { return selectTop(n) }
        let idx = Array(keys.indices).sorted {
            values[$0] != values[$1] ? values[$0] > values[$1] : keys[$0] < keys[$1]
        }
        return Array(idx.prefix(n))
    }
}

extension SparseVector {
    /// Up to this many heaviest features are picked by insertion into a short list, O(m·n) at
    /// worst and O(m) mostly, rather than by sorting all m (an article's lookup keys, 12 of ~300).
    static let selectionLimit = 32

    /// `topIndices(n)` for small `n`: the same indices in the same order, since heavier-then-
    /// smaller-key is a total order on distinct keys.
    fileprivate func selectTop(_ n: Int) -> [Int] {
        guard n > 0 else { return [] }
        func before(_ a: Int, _ b: Int) -> Bool {
            values[a] != values[b] ? values[a] > values[b] : keys[a] < keys[b]
        }
        var top: [Int] = []
        top.reserveCapacity(n + 1)
        for i in keys.indices {
            if top.count == n, !before(i, top[n - 1]) { continue }
            var at = top.count
            while at > 0, before(i, top[at - 1]) { at -= 1 }
            top.insert(i, at: at)
            if top.count > n { top.removeLast() }
        }
        return top
    }
}

/// A vector laid out for many dot products with other vectors: its keys in an open-addressing
/// table, so a product walks only the other vector's keys, one table probe each, instead of
/// merging two key lists. An article compared with hundreds of candidate stories builds it once.
///
/// ``dot(_:)`` gives the bits of ``SparseVector/dot(_:)``: it adds the products of the shared
/// keys in ascending key order (the other vector's order), and `+0` for every other key, which
/// leaves a sum unchanged.
///
/// ```swift
/// let table = ProbeTable(article)
/// for story in candidates { scores.append(table.dot(story)) }   // == article.dot(story)
/// ```
///
/// Cost: O(n) to build (about 8 slots per key, 12 bytes each); ``dot(_:)`` O(other's keys).
struct ProbeTable: Sendable {
    /// The vector itself, for the rare vector holding key 0 (the table's empty mark).
    private let vector: SparseVector
    private let usable: Bool
    /// Slot keys (0: empty) and weights (0 in empty slots, so a miss adds `0 × w`).
    private var keys: [UInt64]
    private var weights: [Float]
    private let shift: UInt64

    /// The table of `vector`'s keys.
    init(_ vector: SparseVector) {
        self.vector = vector
        var bits: UInt64 = 4
        while (1 << bits) < 8 * vector.count { bits += 1 }
        shift = 64 - bits
        let size = 1 << bits
        keys = [UInt64](repeating: 0, count: size)
        weights = [Float](repeating: 0, count: size)
        usable = !vector.keys.contains(0)
        guard usable else { return }
        let mask = size - 1
        for (k, w) in zip(vector.keys, vector.values) {
            var slot = Self.slot(k, shift)
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = k
            weights[slot] = w
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// `vector.dot(other)`, bit for bit.
    func dot(_ other: SparseVector) -> Float {
        guard usable else { return vector.dot(other) }
        return keys.withUnsafeBufferPointer { tk in
            weights.withUnsafeBufferPointer { tw in
                other.keys.withUnsafeBufferPointer { ok in
                    other.values.withUnsafeBufferPointer { ov in
                        let mask = tk.count - 1
                        var s: Float = 0
                        for j in 0..<ok.count {
                            let k = ok[j]
                            var slot = Self.slot(k, shift)
                            var t = tk[slot]
                            while t != k && t != 0 {
                                slot = (slot + 1) & mask
                                t = tk[slot]
                            }
                            s += tw[slot] * ov[j]
                        }
                        return s
                    }
                }
            }
        }
    }
}
