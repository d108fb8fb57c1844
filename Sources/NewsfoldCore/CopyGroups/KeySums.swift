/// Values summed per 64-bit hash key: the keys in order of first sight, found again through a
/// ``BucketTable``. Counting words or shingles this way costs one multiply and usually one
/// probe a key, where a `Dictionary` runs SipHash and sorting every key seen costs O(n log n)
/// on repeats.
///
/// ```swift
/// var counts = KeySums<Int32>(expected: 100)
/// for k in shingles { counts.add(k, 1) }
/// let (keys, totals) = counts.sorted()   // keys ascending, each once
/// ```
///
/// Complexity: ``add(_:_:)`` O(1) expected (amortised over the table's doublings);
/// ``sorted()`` O(k) expected for k keys that are hashes (a bucket sort). Memory: 16 bytes a
/// table slot (1.4 to 2.9 a key) plus the keys and values.
struct KeySums<Value: AdditiveArithmetic> {
    private var positions: BucketTable
    /// The keys, in the order they were first added.
    private(set) var keys: [UInt64] = []
    /// Their sums, in the same order.
    private(set) var values: [Value] = []

    /// Sums sized for about `expected` keys (they grow past it).
    init(expected: Int) {
        positions = BucketTable(minimumCapacity: max(16, expected))
        keys.reserveCapacity(max(16, expected))
        values.reserveCapacity(max(16, expected))
    }

    /// Whether nothing was added.
    var isEmpty: Bool { keys.isEmpty }

    /// Adds `value` to `key`'s sum.
    @inline(__always)
    mutating func add(_ key: UInt64, _ value: Value) {
        let at = positions.insertIfAbsent(key, Int32(truncatingIfNeeded: keys.count))
        if at == BucketTable.empty {
            keys.append(key)
            values.append(value)
        } else {
            values[Int(at)] += value
        }
    }

    /// The keys, ascending, each once, and their sums.
    func sorted() -> (keys: [UInt64], values: [Value]) {
        var pairs = Array(zip(keys, values))
        ExactJaccard.sortByHash(&pairs) { $0.0 }
        return (pairs.map(\.0), pairs.map(\.1))
    }
}
