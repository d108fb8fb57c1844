/// How many articles so far contained each feature, learned as the stream goes, for TF-IDF.
///
/// A fixed table of counters indexed by feature hash (2^20 slots, 4 MB), so memory does not grow
/// with the stream's vocabulary; two features sharing a slot only make both look a little more
/// common. ``add(_:)`` is O(features), ``idf(_:)`` O(1).
///
/// ```swift
/// var df = DocumentFrequencies()
/// df.add(profile.terms)
/// let weight = df.idf(key)
/// ```
public struct DocumentFrequencies: Sendable {
    private var counts: [UInt32]
    private let mask: Int
    /// Articles counted.
    public private(set) var documents: Int = 0

    /// - Parameter slotsLog2: the table has `1 << slotsLog2` counters.
    public init(slotsLog2: Int = 20) {
        counts = Array(repeating: 0, count: 1 << slotsLog2)
        mask = (1 << slotsLog2) - 1
    }

    /// Counts one article's features (each once, whatever its weight).
    public mutating func add(_ features: SparseVector) {
        for k in features.keys {
            let s = slot(k)
            if counts[s] < UInt32.max { counts[s] += 1 }
        }
    }

    /// Counts one more article (call once per article, after ``add(_:)`` for its vectors).
    public mutating func countDocument() { documents += 1 }

    /// The number of articles with `key`.
    public func frequency(_ key: UInt64) -> Int { Int(counts[slot(key)]) }

    /// Smoothed inverse document frequency, `ln((N + 1) / (df + 1)) + 1` (scikit-learn's form):
    /// 1 for a feature in every article, larger for rarer ones.
    public func idf(_ key: UInt64) -> Float {
        Self.idf(frequency: counts[slot(key)], documents: documents)
    }

    /// ``idf(_:)`` of a feature found in `frequency` of `documents` articles.
    @inline(__always)
    static func idf(frequency: UInt32, documents: Int) -> Float {
        logf((Float(documents) + 1) / (Float(frequency) + 1)) + 1
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key ^ (key >> 29)) & UInt64(mask)) }
}

@inline(__always)
private func logf(_ x: Float) -> Float { Float(_log(Double(x))) }

/// Natural logarithm without Foundation (series on the mantissa; exact to ~1e-7).
@inline(__always)
func _log(_ x: Double) -> Double {
    guard x > 0 else { return -.infinity }
    let e = x.exponent
    let m = x.significand  // [1, 2)
    // ln(m) = 2 atanh((m-1)/(m+1))
    let t = (m - 1) / (m + 1)
    let t2 = t * t
    var term = t
    var sum = 0.0
    var k = 1.0
    for _ in 0..<12 {
        sum += term / k
        term *= t2
        k += 2
    }
    return 2 * sum + Double(e) * 0.693_147_180_559_945_3
}

/// `e^x` without Foundation: `2^n · e^r` with |r| ≤ ln 2 / 2 and a Taylor series for `e^r`.
@inline(__always)
func _exp(_ x: Double) -> Double {
    if x < -700 { return 0 }
    if x > 700 { return .infinity }
    let ln2 = 0.693_147_180_559_945_3
    let n = (x / ln2).rounded()
    let r = x - n * ln2
    var term = 1.0
    var sum = 1.0
    for k in 1...14 {
        term *= r / Double(k)
        sum += term
    }
    return sum * Double(sign: .plus, exponent: Int(n), significand: 1)
}
