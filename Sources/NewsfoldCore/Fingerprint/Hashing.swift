/// The fixed 64-bit hash functions behind word, shingle and content hashes.
///
/// They are stable across runs, machines and versions (an on-disk signature index depends on
/// it), unlike Swift's `Hasher`, which is seeded per process. Fixed test vectors pin them down.
///
/// ```swift
/// let h = StableHash.mix(42)                       // a well-spread 64-bit value
/// let words = StableHash.words(of: "Hello, world") // hashes of "hello" and "world"
/// ```
///
/// Cost: ``mix(_:)`` is 5 instructions; word hashing is O(bytes) with one multiply per 8 bytes.
public enum StableHash {
    /// Murmur3's 64-bit finaliser: a bijection that spreads every input bit over the output.
    @inlinable @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z ^= z >> 33
        z &*= 0xFF51_AFD7_ED55_8CCD
        z ^= z >> 33
        z &*= 0xC4CE_B9FE_1A85_EC53
        z ^= z >> 33
        return z
    }

    /// The multiplier of word and shingle polynomials (odd, from the golden ratio).
    public static let prime: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Hashes of the folded words of `text` (see ``WordTokenizer``).
    public static func words(of text: String) -> [UInt64] {
        var out: [UInt64] = []
        WordTokenizer().forEachWord(in: text) { out.append($0.hash) }
        return out
    }

    /// SplitMix64: the seeded generator used for MinHash permutation constants.
    @inlinable
    public static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix(state)
    }
}
