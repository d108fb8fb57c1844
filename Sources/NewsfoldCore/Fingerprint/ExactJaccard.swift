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

    /// `hashes` sorted, without repeats. Hash values are spread evenly, so a bucket sort on the
    /// top bits (at least as many buckets as values) leaves about one value per bucket, and an
    /// insertion sort finishes the job: O(n) expected, against O(n log n) for a comparison sort.
    /// Falls back to `sort()` when a bucket is crowded (values that are not hashes).
    public static func sortedUnique(_ hashes: [UInt64]) -> [UInt64] {
        let n = hashes.count
        var out: [UInt64]
        if n < 32 {
            out = hashes
            out.sort()
        } else {
            var bits = 1
            while 1 << bits < n { bits += 1 }
            let shift = UInt64(64 - bits)
            var starts = [Int32](repeating: 0, count: (1 << bits) + 1)
            var crowded = false
            starts.withUnsafeMutableBufferPointer { s in
                for h in hashes {
                    let b = Int(truncatingIfNeeded: h >> shift) + 1
                    s[b] &+= 1
                    if s[b] > 16 { crowded = true }
                }
                for b in 1..<s.count { s[b] &+= s[b - 1] }
            }
            if crowded {
                out = hashes
                out.sort()
            } else {
                out = [UInt64](unsafeUninitializedCapacity: n) { o, initialized in
                    starts.withUnsafeMutableBufferPointer { s in
                        for h in hashes {
                            let b = Int(truncatingIfNeeded: h >> shift)
                            o[Int(s[b])] = h
                            s[b] &+= 1
                        }
                    }
                    // Values are in bucket order: only neighbours inside a bucket are out of order.
                    for i in 1..<n {
                        let x = o[i]
                        var j = i
                        while j > 0 && o[j - 1] > x {
                            o[j] = o[j - 1]
                            j -= 1
                        }
                        o[j] = x
                    }
                    initialized = n
                }
            }
        }
        var w = 0
        for r in 0..<out.count where r == 0 || out[r] != out[r - 1] {
            out[w] = out[r]
            w += 1
        }
        out.removeLast(out.count - w)
        return out
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
