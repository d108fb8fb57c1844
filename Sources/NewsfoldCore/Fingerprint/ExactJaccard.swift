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
/// Cost: O(n log n) to build a set of n shingles (8 bytes each); O(|A| + |B|) to compare.
public enum ExactJaccard {
    /// The sorted, duplicate-free shingle hashes of UTF-8 text.
    public static func shingleSet(of text: UnsafeBufferPointer<UInt8>, shingler: Shingler) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(text.count / 5)
        shingler.forEachShingle(in: text) { out.append($0) }
        out.sort()
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

    /// Size of the intersection of two sorted sets.
    public static func intersection(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var i = 0, j = 0, n = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                n += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return n
    }

    /// `|A ∩ B| / |A ∪ B|` (1 for two empty sets).
    public static func similarity(_ a: [UInt64], _ b: [UInt64]) -> Double {
        let i = intersection(a, b)
        let u = a.count + b.count - i
        return u == 0 ? 1 : Double(i) / Double(u)
    }
}
