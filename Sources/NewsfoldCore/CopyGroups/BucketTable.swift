/// A hash table from 64-bit keys to document positions, built for the copy-group index: each
/// LSH bucket (band key) and each content hash maps to the latest document filed under it, and
/// the documents of one bucket are chained through ``CopyGroupIndex``'s own arrays.
///
/// Open addressing with linear probing over one flat array of (key, value) slots, so one
/// look-up is one multiply, a shift and usually one cache line (the table is far larger than
/// the caches: keys and values in two arrays cost two misses a probe), and a filing returns
/// the value it replaces in the same probe. `Dictionary<UInt64, Int32>` hashes every key with SipHash and
/// needed two look-ups to read and replace a bucket's head: 10% of `dedup`, on the thread that
/// every document waits for.
///
/// ```swift
/// var heads = BucketTable()
/// let previous = heads.exchange(bandKey, 42)   // -1: the bucket was empty
/// let latest = heads.value(bandKey)            // 42
/// ```
///
/// Complexity: ``exchange(_:_:)``, ``insertIfAbsent(_:_:)`` and ``value(_:)`` are O(1)
/// expected, amortised over doublings (the table grows past 70% full). Memory: 16 bytes a slot,
/// between 1.4 and 2.9 slots per key.
struct BucketTable {
    private struct Slot {
        var key: UInt64
        /// `empty` where the slot is free; documents are never negative.
        var value: Int32
    }
    private var slots: [Slot]
    /// `64 - log2(capacity)`: the slot of a key is the top bits of a multiplicative hash.
    private var shift: Int
    /// Keys filed.
    private(set) var count = 0

    static let empty: Int32 = -1
    /// Largest share of slots in use before the table doubles (linear probing stays short).
    static let maxLoad = 0.7

    init(minimumCapacity: Int = 0) {
        var capacity = 16
        while Double(capacity) * Self.maxLoad < Double(minimumCapacity) { capacity <<= 1 }
        slots = Array(repeating: Slot(key: 0, value: Self.empty), count: capacity)
        shift = 64 - capacity.trailingZeroBitCount
    }

    var capacity: Int { slots.count }

    /// A table of `keys`, each filed with value 0, used as a set of hashes (``contains(_:)``):
    /// one multiply and usually one probe a look-up, where `Set<UInt64>` runs SipHash. Sized
    /// at four slots a key at least, so that a key not filed (the usual look-up) ends its probe
    /// at once.
    init(keys: [UInt64]) {
        self.init(minimumCapacity: 3 * keys.count)
        for k in keys { insertIfAbsent(k, 0) }
    }

    /// Whether `key` is filed.
    func contains(_ key: UInt64) -> Bool { value(key) != Self.empty }

    /// Fibonacci hashing: well spread even for keys that are not mixed already.
    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    /// The value filed under `key`, or ``empty``.
    func value(_ key: UInt64) -> Int32 {
        let mask = capacity - 1
        var s = slot(key)
        while true {
            let slot = slots[s]
            if slot.value == Self.empty || slot.key == key { return slot.value }
            s = (s + 1) & mask
        }
    }

    /// Files `value` (not negative) under `key`; returns the value it replaced, or ``empty``.
    @discardableResult
    mutating func exchange(_ key: UInt64, _ value: Int32) -> Int32 {
        file(key, value, replace: true)
    }

    /// Files `value` under `key` unless the key has one; returns the value it has, or ``empty``
    /// when `value` was filed.
    @discardableResult
    mutating func insertIfAbsent(_ key: UInt64, _ value: Int32) -> Int32 {
        file(key, value, replace: false)
    }

    @inline(__always)
    private mutating func file(_ key: UInt64, _ value: Int32, replace: Bool) -> Int32 {
        precondition(value >= 0, "BucketTable holds document positions")
        if Double(count + 1) > Double(capacity) * Self.maxLoad { grow() }
        let mask = capacity - 1
        var s = slot(key)
        while true {
            let slot = slots[s]
            if slot.value == Self.empty {
                slots[s] = Slot(key: key, value: value)
                count += 1
                return Self.empty
            }
            if slot.key == key {
                if replace { slots[s].value = value }
                return slot.value
            }
            s = (s + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        let capacity = old.count * 2
        slots = Array(repeating: Slot(key: 0, value: Self.empty), count: capacity)
        shift = 64 - capacity.trailingZeroBitCount
        let mask = capacity - 1
        for slot in old where slot.value != Self.empty {
            var s = self.slot(slot.key)
            while slots[s].value != Self.empty { s = (s + 1) & mask }
            slots[s] = slot
        }
    }
}
