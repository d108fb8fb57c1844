#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// MinHash signatures of shingle sets, in one of two schemes of equal shape (`permutations`
/// 32-bit slots, compared slot by slot, `P(slot equal) = J(A, B)`).
///
/// - ``Scheme-swift.enum/onePermutation`` (default): one-permutation hashing with optimal
///   densification (Li, Owen & Zhang 2012; Shrivastava 2017). Each shingle hash picks a slot
///   with its high bits and competes for that slot's minimum with its low bits; empty slots
///   then borrow the value of a slot chosen by a fixed probe sequence. O(1) per shingle,
///   whatever the signature length, and no worse an estimator than `k` permutations.
/// - ``Scheme-swift.enum/permutations``: the textbook `k` independent permutations. Slot `i`
///   maps a shingle's 32-bit value `x` to `a[i] · x + b[i] (mod 2³²)` (odd `a[i]`: a
///   bijection), SIMD over 16 slots at a time (`SIMD8<UInt32>` pairs kept in registers while
///   the shingles stream past). O(k/8) vector steps per shingle.
///
/// Constants come from a fixed seed (SplitMix64): signatures are stable across runs and
/// machines, and comparable only with signatures of the same scheme, length and seed.
///
/// ```swift
/// let hasher = MinHasher(permutations: 128)
/// let a = hasher.signature(ofText: "the quick brown fox jumps over the lazy dog", shingler: Shingler(n: 3))
/// let b = hasher.signature(ofText: "the quick brown fox jumps over a lazy dog", shingler: Shingler(n: 3))
/// MinHasher.similarity(a, b)  // ≈ 0.4 (4 of 10 shingles shared)
/// ```
///
/// Memory: `4 × permutations` bytes per signature. Speed: see `Benchmarks/dedup/README.md`.
public struct MinHasher: Sendable {
    /// How slots are filled; see ``MinHasher``.
    public enum Scheme: String, Sendable, CaseIterable {
        /// One-permutation hashing with optimal densification: O(1) per shingle (the default).
        case onePermutation = "one-permutation"
        /// `k` independent permutations: O(k/8) vector steps per shingle.
        case permutations
    }

    /// Number of slots (a multiple of 16; the initialiser rounds up).
    public let permutations: Int
    /// The scheme.
    public let scheme: Scheme
    @usableFromInline let a: [SIMD8<UInt32>]
    @usableFromInline let b: [SIMD8<UInt32>]

    /// - Parameters:
    ///   - permutations: signature length; rounded up to a multiple of 16 (at least 16).
    ///   - scheme: one-permutation hashing (fast) or `k` permutations.
    ///   - seed: changes every permutation; signatures made with different seeds don't compare.
    public init(permutations: Int = 128, scheme: Scheme = .onePermutation, seed: UInt64 = 0x6E65_7773_666F_6C64) {
        let k = max(16, (permutations + 15) / 16 * 16)
        self.permutations = k
        self.scheme = scheme
        var state = seed
        var a: [SIMD8<UInt32>] = []
        var b: [SIMD8<UInt32>] = []
        for _ in 0..<(k / 8) {
            var va = SIMD8<UInt32>()
            var vb = SIMD8<UInt32>()
            for l in 0..<8 {
                let r = StableHash.splitMix(&state)
                va[l] = UInt32(truncatingIfNeeded: r) | 1
                vb[l] = UInt32(truncatingIfNeeded: r >> 32)
            }
            a.append(va)
            b.append(vb)
        }
        self.a = a
        self.b = b
    }

    /// Shingles `text` and writes its signature into `out` (`permutations` slots); `scratch`
    /// is reused between calls (the shingle buffer of the `permutations` scheme).
    @inlinable
    public func sketch(
        utf8 text: UnsafeBufferPointer<UInt8>, shingler: Shingler, into out: UnsafeMutableBufferPointer<UInt32>,
        scratch: inout [UInt32]
    ) -> ShingleSummary {
        switch scheme {
        case .permutations:
            scratch.removeAll(keepingCapacity: true)
            let summary = shingler.forEachShingle(in: text) { scratch.append(MinHasher.reduce($0)) }
            scratch.withUnsafeBufferPointer { sign($0, into: out) }
            return summary
        case .onePermutation:
            let k = UInt64(permutations)
            for i in 0..<permutations { out[i] = .max }
            // The loop only lowers slots (no bitmap of filled slots to update per shingle: that
            // read-modify-write chained every shingle to the one before). A slot is filled when
            // it is below `UInt32.max`, unless a shingle's value was `UInt32.max` itself (odds
            // about shingles / 2^32 a text): then the filled slots are found by shingling again.
            var maxValues = 0
            let summary = shingler.forEachShingle(in: text) { h in
                let slot = MinHasher.slot(of: h, slots: k)
                let v = UInt32(truncatingIfNeeded: h)
                out[slot] = min(out[slot], v)
                maxValues &+= v == .max ? 1 : 0
            }
            guard summary.shingles > 0 else { return summary }
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: (permutations + 63) / 64) { filled in
                for w in 0..<filled.count { filled[w] = 0 }
                if maxValues == 0 {
                    for i in 0..<permutations where out[i] != .max { filled[i >> 6] |= 1 << UInt64(i & 63) }
                } else {
                    markFilledSlots(of: text, shingler: shingler, in: filled)
                }
                densify(out, filled: UnsafeBufferPointer(filled))
            }
            return summary
        }
    }

    /// Sets bit `slot` of `filled` (zeroed by the caller) for every slot a shingle of `text`
    /// falls in, as the one-permutation loop assigns them. O(words).
    @usableFromInline
    func markFilledSlots(of text: UnsafeBufferPointer<UInt8>, shingler: Shingler, in filled: UnsafeMutableBufferPointer<UInt64>) {
        let k = UInt64(permutations)
        shingler.forEachShingle(in: text) { h in
            let slot = MinHasher.slot(of: h, slots: k)
            filled[slot >> 6] |= 1 << UInt64(slot & 63)
        }
    }

    /// The one-permutation slot of shingle hash `h` among `slots`: its top 32 bits scaled to
    /// `0 ..< slots` (a multiply, no division).
    @inlinable @inline(__always)
    static func slot(of h: UInt64, slots: UInt64) -> Int {
        Int(((h >> 32) &* slots) >> 32)
    }

    /// Optimal densification: an empty slot `i` takes the value of the first filled slot on
    /// the probe sequence `mix(seed, i, attempt) mod k`, attempt = 0, 1, ... (independent of
    /// the document, so two documents with the same filled slots borrow alike).
    @usableFromInline
    func densify(_ out: UnsafeMutableBufferPointer<UInt32>, filled: UnsafeBufferPointer<UInt64>) {
        let k = permutations
        var count = 0
        for w in filled { count += w.nonzeroBitCount }
        guard count < k else { return }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: k) { original in
            for i in 0..<k { original[i] = out[i] }
            for i in 0..<k where filled[i >> 6] & (1 << UInt64(i & 63)) == 0 {
                var attempt: UInt64 = 0
                while true {
                    let r = StableHash.mix(UInt64(i) &* 0x9E37_79B9_7F4A_7C15 &+ attempt &+ 0x5851_F42D_4C95_7F2D)
                    let j = Int((r >> 32 &* UInt64(k)) >> 32)
                    if filled[j >> 6] & (1 << UInt64(j & 63)) != 0 {
                        out[i] = original[j]
                        break
                    }
                    attempt &+= 1
                }
            }
        }
    }

    /// The 32-bit value MinHash permutes, from a 64-bit shingle hash.
    @inlinable @inline(__always)
    public static func reduce(_ shingle: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: shingle ^ (shingle >> 32))
    }

    /// The `permutations` scheme: writes the signature of `shingles` (values from
    /// ``reduce(_:)``) into `out` (`permutations` slots). An empty set gives all `UInt32.max`.
    @inlinable
    public func sign(_ shingles: UnsafeBufferPointer<UInt32>, into out: UnsafeMutableBufferPointer<UInt32>) {
        precondition(out.count >= permutations)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                let raw = UnsafeMutableRawPointer(out.baseAddress!)
                var c = 0
                while c < a.count {
                    // Two 8-lane blocks per pass: 16 permutations in registers.
                    let a0 = a[c], b0 = b[c], a1 = a[c + 1], b1 = b[c + 1]
                    var m0 = SIMD8<UInt32>(repeating: .max)
                    var m1 = SIMD8<UInt32>(repeating: .max)
                    for x in shingles {
                        let v = SIMD8<UInt32>(repeating: x)
                        let h0 = a0 &* v &+ b0
                        let h1 = a1 &* v &+ b1
                        m0.replace(with: h0, where: h0 .< m0)
                        m1.replace(with: h1, where: h1 .< m1)
                    }
                    raw.storeBytes(of: m0, toByteOffset: c * 32, as: SIMD8<UInt32>.self)
                    raw.storeBytes(of: m1, toByteOffset: c * 32 + 32, as: SIMD8<UInt32>.self)
                    c += 2
                }
            }
        }
    }

    /// The signature of a text: shingles it with `shingler`, then signs.
    public func signature(ofText text: String, shingler: Shingler) -> [UInt32] {
        var text = text
        var scratch: [UInt32] = []
        var out = [UInt32](repeating: .max, count: permutations)
        text.withUTF8 { t in
            out.withUnsafeMutableBufferPointer { _ = sketch(utf8: t, shingler: shingler, into: $0, scratch: &scratch) }
        }
        return out
    }

    /// Share of equal slots: the MinHash estimate of the Jaccard similarity. O(k/8) SIMD steps.
    @inlinable
    public static func similarity(_ x: UnsafeBufferPointer<UInt32>, _ y: UnsafeBufferPointer<UInt32>) -> Double {
        let k = min(x.count, y.count)
        guard k > 0 else { return 0 }
        var equal = SIMD8<UInt32>()
        var i = 0
        let rx = UnsafeRawPointer(x.baseAddress!)
        let ry = UnsafeRawPointer(y.baseAddress!)
        while i + 8 <= k {
            let vx = rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<UInt32>.self)
            let vy = ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<UInt32>.self)
            equal &+= SIMD8<UInt32>(repeating: 0).replacing(with: 1, where: vx .== vy)
            i += 8
        }
        var count = Int(equal.wrappedSum())
        while i < k {
            if x[i] == y[i] { count += 1 }
            i += 1
        }
        return Double(count) / Double(k)
    }

    /// ``similarity(_:_:)-(UnsafeBufferPointer<UInt32>,_)`` on arrays.
    public static func similarity(_ x: [UInt32], _ y: [UInt32]) -> Double {
        x.withUnsafeBufferPointer { px in y.withUnsafeBufferPointer { similarity(px, $0) } }
    }
}

/// Locality-sensitive hashing by banding, and the maths that picks its shape.
///
/// A signature of `bands × rows` slots is cut into `bands` bands of `rows` slots; two
/// documents become candidates when any band is equal. For Jaccard `s` that happens with
/// probability `1 − (1 − sʳ)ᵇ` (the S-curve), steepest near `(1/b)^(1/r)`.
///
/// ```swift
/// let (b, r) = Banding.optimal(threshold: 0.8, permutations: 128)
/// Banding.candidateProbability(similarity: 0.8, bands: b, rows: r)  // > 0.99
/// ```
public enum Banding {
    /// The LSH bucket key of band `band`: a hash of signature slots `band × rows ..< (band + 1) × rows`
    /// and of the band's number (equal slots in different bands give different keys). The one
    /// definition shared by ``CopyGroupIndex`` and the shard files of `newsfold sign`, whose
    /// readers (a Spark job) join on these keys.
    @inline(__always)
    public static func bandKey(_ signature: UnsafeBufferPointer<UInt32>, band: Int, rows: Int) -> UInt64 {
        var h = UInt64(band) &* 0xD6E8_FEB8_6659_FD93
        let base = band * rows
        for r in 0..<rows { h = (h ^ UInt64(signature[base + r])) &* StableHash.prime }
        return StableHash.mix(h)
    }

    /// The keys of all `bands` bands of a signature (see ``bandKey(_:band:rows:)``).
    ///
    /// ```swift
    /// let p = try DedupParameters(threshold: 0.8)
    /// let keys = Banding.bandKeys(of: fingerprint.signature, bands: p.bands, rows: p.rows)
    /// ```
    public static func bandKeys(of signature: [UInt32], bands: Int, rows: Int) -> [UInt64] {
        precondition(bands * rows <= signature.count, "signature shorter than bands × rows")
        return signature.withUnsafeBufferPointer { sig in
            (0..<bands).map { bandKey(sig, band: $0, rows: rows) }
        }
    }

    /// Probability that two documents of Jaccard `s` share at least one band.
    public static func candidateProbability(similarity s: Double, bands: Int, rows: Int) -> Double {
        1 - pow(1 - pow(s, Double(rows)), Double(bands))
    }

    /// Area under the S-curve below the threshold (chance of a useless candidate) and above it
    /// (chance of a missed pair), by the trapezoid rule over 200 steps each.
    public static func errorAreas(threshold t: Double, bands: Int, rows: Int) -> (falsePositive: Double, falseNegative: Double) {
        let steps = 200
        var fp = 0.0
        var fn = 0.0
        for i in 0..<steps {
            let x0 = t * Double(i) / Double(steps), x1 = t * Double(i + 1) / Double(steps)
            fp += (candidateProbability(similarity: x0, bands: bands, rows: rows)
                + candidateProbability(similarity: x1, bands: bands, rows: rows)) / 2 * (x1 - x0)
            let y0 = t + (1 - t) * Double(i) / Double(steps), y1 = t + (1 - t) * Double(i + 1) / Double(steps)
            fn += (2 - candidateProbability(similarity: y0, bands: bands, rows: rows)
                - candidateProbability(similarity: y1, bands: bands, rows: rows)) / 2 * (y1 - y0)
        }
        return (fp, fn)
    }

    /// The LSH shape for a threshold: among `(bands, rows)` with `bands × rows ≤ permutations`
    /// whose chance to compare a pair *at* the threshold is at least `recallAtThreshold`, the
    /// one with the smallest false-positive area (fewest useless candidates). Every candidate
    /// is verified afterwards, so a false positive costs only time while a false negative is a
    /// lost copy: hence a constraint on recall rather than a weighted sum.
    /// O(permutations × log permutations × 400).
    public static func optimal(
        threshold: Double, permutations: Int, recallAtThreshold: Double = 0.99
    ) -> (bands: Int, rows: Int) {
        var best = (bands: permutations, rows: 1)
        var bestArea = Double.infinity
        for r in 1...permutations where permutations / r >= 1 {
            // The fewest bands that reach the recall (fewer bands: fewer candidates, less memory).
            guard let b = (1...(permutations / r)).first(where: {
                candidateProbability(similarity: threshold, bands: $0, rows: r) >= recallAtThreshold
            }) else { continue }
            let fp = errorAreas(threshold: threshold, bands: b, rows: r).falsePositive
            if fp < bestArea - 1e-12 {
                bestArea = fp
                best = (b, r)
            }
        }
        return best
    }
}

