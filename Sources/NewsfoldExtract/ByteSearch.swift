#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether `hay` contains the bytes of `needle` (see ``firstIndex(of:in:from:)``). An empty
/// needle is contained everywhere. The one byte search of the extraction module.
@inline(__always)
func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
    firstIndex(of: needle, in: hay, from: 0) != nil
}

/// Needles up to this long are searched with `memchr` and `memcmp` (at most this many byte
/// comparisons per byte of the haystack, and fast in practice); longer ones with
/// Knuth–Morris–Pratt, so no search is ever quadratic (a 4 KB name in a 200 KB title).
let shortNeedleBytes = 32

/// The offset of the first occurrence of `needle` in `hay` at or after `from`, or `nil`.
/// O(hay × min(needle, ``shortNeedleBytes``) + needle): linear in the haystack whatever the
/// needle. An empty needle is found at `from`.
func firstIndex(of needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    guard let first = needle.first else { return from <= hay.count ? from : nil }
    guard from >= 0, needle.count <= hay.count - from, let h = hay.baseAddress, let n = needle.baseAddress else {
        return nil
    }
    if needle.count > shortNeedleBytes { return knuthMorrisPratt(needle, in: hay, from: from) }
    var start = from
    let last = hay.count - needle.count
    while start <= last {
        guard let p = memchr(h + start, Int32(first), last - start + 1) else { return nil }
        let at = h.distance(to: p.assumingMemoryBound(to: UInt8.self))
        if memcmp(h + at, n, needle.count) == 0 { return at }
        start = at + 1
    }
    return nil
}

/// Knuth–Morris–Pratt: O(hay + needle) comparisons, never more.
private func knuthMorrisPratt(_ needle: UnsafeBufferPointer<UInt8>, in hay: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
    // border[i]: length of the longest proper border of needle[0...i].
    var border = [Int](repeating: 0, count: needle.count)
    var k = 0
    for i in 1..<needle.count {
        while k > 0, needle[i] != needle[k] { k = border[k - 1] }
        if needle[i] == needle[k] { k += 1 }
        border[i] = k
    }
    var matched = 0
    for i in from..<hay.count {
        while matched > 0, hay[i] != needle[matched] { matched = border[matched - 1] }
        if hay[i] == needle[matched] { matched += 1 }
        if matched == needle.count { return i - needle.count + 1 }
    }
    return nil
}

@inline(__always)
func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
    needle.withUnsafeBufferPointer { contains(hay, $0) }
}

@inline(__always)
func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
    hay.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { contains(h, $0) } }
}

/// Up to 64 lower-case ASCII words, indexed by first byte and by length so that a part
/// (a few bytes of a class name) is matched against all of them in one pass over the part
/// instead of one search per word.
///
/// ```swift
/// let words = PartWords(["share", "related"])
/// Array("sharebar".utf8).withUnsafeBufferPointer { words.containedIn($0) }  // true
/// Array("share".utf8).withUnsafeBufferPointer { words.equalsAny($0) }       // true
/// ```
///
/// `containedIn` is O(part length × words sharing a first byte); `equalsAny` compares only
/// the words of the part's first byte and length. No allocation after `init`.
struct PartWords: Sendable {
    /// The words, back to back.
    private let bytes: [UInt8]
    /// Word `k` is `bytes[starts[k]..<starts[k + 1]]`.
    private let starts: [Int]
    /// Bit `k` set in `byFirst[b]` when word `k` starts with byte `b`.
    private let byFirst: [UInt64]
    /// Bit `k` set in `byLength[n]` when word `k` has `n` bytes (n < 64).
    private let byLength: [UInt64]

    init(_ words: [String]) {
        precondition(words.count <= 64, "PartWords holds at most 64 words")
        var bytes: [UInt8] = []
        var starts: [Int] = [0]
        var byFirst = [UInt64](repeating: 0, count: 256)
        var byLength = [UInt64](repeating: 0, count: 64)
        for (k, word) in words.enumerated() {
            let w = Array(word.utf8)
            precondition(!w.isEmpty && w.count < 64, "PartWords: a word of 1 to 63 bytes")
            bytes += w
            starts.append(bytes.count)
            byFirst[Int(w[0])] |= 1 << UInt64(k)
            byLength[w.count] |= 1 << UInt64(k)
        }
        self.bytes = bytes
        self.starts = starts
        self.byFirst = byFirst
        self.byLength = byLength
    }

    /// Whether some word, other than those whose bits are in `excluding`, occurs in `part`.
    func containedIn(_ part: UnsafeBufferPointer<UInt8>, excluding: UInt64 = 0) -> Bool {
        let n = part.count
        return bytes.withUnsafeBufferPointer { words in
            for i in 0..<n {
                var mask = byFirst[Int(part[i])] & ~excluding
                while mask != 0 {
                    let k = mask.trailingZeroBitCount
                    mask &= mask - 1
                    let s = starts[k], e = starts[k + 1]
                    guard i + (e - s) <= n else { continue }
                    var j = 1
                    while s + j < e, words[s + j] == part[i + j] { j += 1 }
                    if s + j == e { return true }
                }
            }
            return false
        }
    }

    /// Whether `part` is one of the words; with `ignoringCase`, ASCII capitals in `part`
    /// match the words' small letters (`Class` is `class`).
    func equalsAny(_ part: UnsafeBufferPointer<UInt8>, ignoringCase: Bool = false) -> Bool {
        let n = part.count
        guard n > 0, n < 64 else { return false }
        let first = ignoringCase ? lowerASCII(part[0]) : part[0]
        var mask = byFirst[Int(first)] & byLength[n]
        guard mask != 0 else { return false }
        return bytes.withUnsafeBufferPointer { words in
            while mask != 0 {
                let k = mask.trailingZeroBitCount
                mask &= mask - 1
                let s = starts[k]
                var j = 1
                if ignoringCase {
                    while j < n, words[s + j] == lowerASCII(part[j]) { j += 1 }
                } else {
                    while j < n, words[s + j] == part[j] { j += 1 }
                }
                if j == n { return true }
            }
            return false
        }
    }
}
