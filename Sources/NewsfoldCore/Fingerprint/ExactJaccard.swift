/// Exact Jaccard similarity and containment of shingle sets, for verifying the pairs whose
/// MinHash estimate is too close to the threshold to decide (`--verify exact`).
///
/// A shingle set is the sorted, duplicate-free array of a text's 64-bit shingle hashes.
///
/// ```swift
/// let a = ExactJaccard.shingleSet(of: textA, shingler: Shingler(n: 5))
/// let b = ExactJaccard.shingleSet(of: textB, shingler: Shingler(n: 5))
/// ExactJaccard.similarity(a, b)  // |A ∩ B| / |A ∪ B|
/// ```
///
/// Cost: O(n) expected to build a set of n shingles (8 bytes each, see ``sortedUnique(_:)``);
/// O(|A| + |B|) to compare.
public enum ExactJaccard {
    /// The sorted, duplicate-free shingle hashes of UTF-8 text.
    public static func shingleSet(of text: UnsafeBufferPointer<UInt8>, shingler: Shingler) -> [UInt64] {
        shingleSetAndSummary(of: text, shingler: shingler).set
    }

    /// The shingle set of UTF-8 text and what shingling saw: a text read a second time can be
    /// checked against its fingerprint (same ``ShingleSummary/contentHash`` and word count).
    public static func shingleSetAndSummary(
        of text: UnsafeBufferPointer<UInt8>, shingler: Shingler
    ) -> (set: [UInt64], summary: ShingleSummary) {
        var raw: [UInt64] = []
        raw.reserveCapacity(text.count / 5)
        let summary = shingler.forEachShingle(in: text) { raw.append($0) }
        return (sortedUnique(raw), summary)
    }

    /// `hashes` sorted, without repeats (``sortHashes(_:)``, then repeats dropped).
    public static func sortedUnique(_ hashes: consuming [UInt64]) -> [UInt64] {
        var out = consume hashes
        sortHashes(&out)
        let unique = out.withUnsafeMutableBufferPointer { o in
            var w = 0
            for r in o.indices where r == 0 || o[r] != o[r - 1] {
                o[w] = o[r]
                w += 1
            }
            return w
        }
        out.removeLast(out.count - unique)
        return out
    }

    /// Sorts hash values in place, ascending (``sortByHash(_:key:)``).
    public static func sortHashes(_ a: inout [UInt64]) {
        sortByHash(&a) { $0 }
    }

    /// Sorts `a` in place by a hash value of each element, ascending and stable (elements of
    /// one hash keep their order). Up to ``insertionSortMax`` elements: an insertion sort.
    /// More: hash values are spread evenly, so a bucket sort on the top bits (at least as many
    /// buckets as values) leaves about one value per bucket, and an insertion sort finishes the
    /// job: O(n) expected, against O(n log n) for a comparison sort. A crowded bucket (a value
    /// repeated many times, or values that are not hashes) is sorted on its own with `sort`
    /// first, so the insertion sort never does more than O(n × ``crowdedBucket``) work.
    @inline(__always)
    static func sortByHash<T>(_ a: inout [T], key: (T) -> UInt64) {
        let n = a.count
        guard n > insertionSortMax else {
            a.withUnsafeMutableBufferPointer { insertionSort($0, key: key) }
            return
        }
        var bits = 1
        while 1 << bits < n { bits += 1 }
        let shift = UInt64(64 - bits)
        var ends = [Int32](repeating: 0, count: (1 << bits) + 1)
        let sorted = [T](unsafeUninitializedCapacity: n) { o, initialized in
            a.withUnsafeBufferPointer { input in
                ends.withUnsafeMutableBufferPointer { s in
                    for x in input { s[Int(truncatingIfNeeded: key(x) >> shift) + 1] &+= 1 }
                    for b in 1..<s.count { s[b] &+= s[b - 1] }
                    for x in input {
                        let b = Int(truncatingIfNeeded: key(x) >> shift)
                        (o.baseAddress! + Int(s[b])).initialize(to: x)
                        s[b] &+= 1
                    }
                    // s[b] is now the end of bucket b (its start: the end of bucket b - 1).
                    var lo = 0
                    for b in 0..<(s.count - 1) {
                        let hi = Int(s[b])
                        if hi - lo > crowdedBucket {
                            var bucket = UnsafeMutableBufferPointer(rebasing: o[lo..<hi])
                            bucket.sort { key($0) < key($1) }
                        }
                        lo = hi
                    }
                }
            }
            initialized = n
            // Elements are in bucket order: only neighbours inside a bucket are out of order.
            insertionSort(UnsafeMutableBufferPointer(rebasing: o[0..<n]), key: key)
        }
        a = sorted
    }

    /// Largest array ``sortHashes(_:)`` sorts by insertion alone.
    static let insertionSortMax = 32
    /// A bucket of more values than this is sorted on its own (see ``sortHashes(_:)``).
    static let crowdedBucket = 16

    /// Sorts `o` in place by straight insertion on `key`, stable: O(n + inversions).
    @inline(__always)
    static func insertionSort<T>(_ o: UnsafeMutableBufferPointer<T>, key: (T) -> UInt64) {
        guard o.count > 1 else { return }
        for i in 1..<o.count {
            let x = o[i]
            let k = key(x)
            var j = i
            while j > 0 && key(o[j - 1]) > k {
                o[j] = o[j - 1]
                j -= 1
            }
            o[j] = x
        }
    }

    /// The sorted, duplicate-free shingle hashes of a text.
    public static func shingleSet(of text: String, shingler: Shingler) -> [UInt64] {
        var text = text
        return text.withUTF8 { shingleSet(of: $0, shingler: shingler) }
    }

    /// Size of the intersection of two sorted sets. (A branch-free merge was measured slower:
    /// the sets compared are near-copies, so "equal, advance both" is the well-predicted case.)
    public static func intersection(_ a: [UInt64], _ b: [UInt64]) -> Int {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var i = 0, j = 0, n = 0
                let na = a.count, nb = b.count
                while i < na && j < nb {
                    let x = a[i], y = b[j]
                    if x == y {
                        n += 1
                        i += 1
                        j += 1
                    } else if x < y {
                        i += 1
                    } else {
                        j += 1
                    }
                }
                return n
            }
        }
    }

    /// `|A ∩ B| / |A ∪ B|` (1 for two empty sets).
    public static func similarity(_ a: [UInt64], _ b: [UInt64]) -> Double {
        let i = intersection(a, b)
        let u = a.count + b.count - i
        return u == 0 ? 1 : Double(i) / Double(u)
    }
}
