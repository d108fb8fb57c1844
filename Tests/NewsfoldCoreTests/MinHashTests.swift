import Testing
@testable import NewsfoldCore

@Suite struct MinHashTests {
    /// Deterministic pseudo-random words.
    static func words(_ count: Int, seed: UInt64) -> [String] {
        var s = seed
        return (0..<count).map { _ in "w\(StableHash.splitMix(&s) % 5000)" }
    }

    static func exactJaccard(_ a: String, _ b: String, n: Int) -> Double {
        var x = Set<UInt64>(), y = Set<UInt64>()
        Shingler(n: n).forEachShingle(in: a) { x.insert($0) }
        Shingler(n: n).forEachShingle(in: b) { y.insert($0) }
        return Double(x.intersection(y).count) / Double(x.union(y).count)
    }

    @Test(arguments: MinHasher.Scheme.allCases)
    func signatureIsStableAndPermutationsRounded(scheme: MinHasher.Scheme) {
        let h = MinHasher(permutations: 100, scheme: scheme)
        #expect(h.permutations == 112)
        let sig = h.signature(ofText: "a b c d e f g", shingler: Shingler(n: 2))
        #expect(sig.count == 112)
        #expect(sig == MinHasher(permutations: 100, scheme: scheme).signature(ofText: "A B C D E F G!", shingler: Shingler(n: 2)))
        // Pinned vectors: the on-disk index depends on them.
        #expect(sig[0] == (scheme == .permutations ? 519_145_009 : 2_070_268_618))
        // Densification leaves no empty slot once there is one shingle.
        #expect(!sig.contains(.max))
    }

    /// The one-permutation loop finds filled slots from the values it wrote; the rescan it
    /// falls back on (a shingle valued `UInt32.max`) must find the same slots, and the values
    /// must be those of a plain per-shingle reference.
    @Test func onePermutationMatchesAReference() {
        let hasher = MinHasher(permutations: 128, scheme: .onePermutation)
        let shingler = Shingler(n: 5)
        for (count, seed) in [(3, 1), (8, 2), (20, 3), (60, 4), (400, 5)] as [(Int, UInt64)] {
            var text = Self.words(count, seed: seed).joined(separator: " ")
            let sig = hasher.signature(ofText: text, shingler: shingler)
            var raw = [UInt32](repeating: .max, count: 128)
            var filled = [UInt64](repeating: 0, count: 2)
            shingler.forEachShingle(in: text) { h in
                let slot = Int(((h >> 32) &* 128) >> 32)
                raw[slot] = min(raw[slot], UInt32(truncatingIfNeeded: h))
                filled[slot >> 6] |= 1 << UInt64(slot & 63)
            }
            var rescanned = [UInt64](repeating: 0, count: 2)
            text.withUTF8 { p in
                rescanned.withUnsafeMutableBufferPointer { hasher.markFilledSlots(of: p, shingler: shingler, in: $0) }
            }
            #expect(rescanned == filled, "words \(count)")
            for i in 0..<128 where filled[i >> 6] & (1 << UInt64(i & 63)) != 0 {
                #expect(sig[i] == raw[i], "slot \(i), words \(count)")
            }
            if count < 40 { #expect(filled.map(\.nonzeroBitCount).reduce(0, +) < 128) }  // densified
            #expect(!sig.contains(.max))
        }
    }

    @Test(arguments: MinHasher.Scheme.allCases)
    func emptySetGivesMaxSignature(scheme: MinHasher.Scheme) {
        let sig = MinHasher(permutations: 16, scheme: scheme).signature(ofText: "", shingler: Shingler(n: 5))
        #expect(sig.allSatisfy { $0 == .max })
    }

    @Test(arguments: MinHasher.Scheme.allCases)
    func estimateTracksExactJaccard(scheme: MinHasher.Scheme) {
        let hasher = MinHasher(permutations: 256, scheme: scheme)
        let shingler = Shingler(n: 3)
        var worst = 0.0
        var bias = 0.0
        for seed in 0..<20 as Range<UInt64> {
            // Short and long texts: short ones exercise densification.
            let base = Self.words(seed % 2 == 0 ? 300 : 60, seed: seed)
            var copy = base
            var r = seed &* 7919
            for i in 0..<copy.count where StableHash.splitMix(&r) % 100 < seed * 2 { copy[i] = "x\(i)" }
            let a = base.joined(separator: " "), b = copy.joined(separator: " ")
            let exact = Self.exactJaccard(a, b, n: 3)
            let est = MinHasher.similarity(hasher.signature(ofText: a, shingler: shingler), hasher.signature(ofText: b, shingler: shingler))
            worst = max(worst, abs(est - exact))
            bias += est - exact
        }
        #expect(abs(bias / 20) < 0.03)
        // Standard error at 256 permutations is at most 0.031; 4 of them bound 20 trials.
        #expect(worst < 0.125)
    }

    @Test func bandingMaths() {
        #expect(abs(Banding.candidateProbability(similarity: 0.5, bands: 1, rows: 1) - 0.5) < 1e-12)
        #expect(abs(Banding.candidateProbability(similarity: 0.5, bands: 2, rows: 1) - 0.75) < 1e-12)
        #expect(abs(Banding.candidateProbability(similarity: 0.5, bands: 1, rows: 2) - 0.25) < 1e-12)
        let (b, r) = Banding.optimal(threshold: 0.8, permutations: 128)
        #expect(b * r <= 128)
        #expect(Banding.candidateProbability(similarity: 0.8, bands: b, rows: r) >= 0.99)
        #expect(Banding.candidateProbability(similarity: 0.3, bands: b, rows: r) < 0.05)
        // A higher threshold moves the knee up.
        let (b9, r9) = Banding.optimal(threshold: 0.9, permutations: 128)
        #expect(Banding.candidateProbability(similarity: 0.7, bands: b9, rows: r9)
            < Banding.candidateProbability(similarity: 0.7, bands: b, rows: r))
        let (fp, fn) = Banding.errorAreas(threshold: 0.8, bands: b, rows: r)
        #expect(fp > 0 && fp < 0.8 && fn > 0 && fn < 0.2)
    }

    @Test func parametersValidateAndExplain() throws {
        #expect(throws: DedupParameterError.self) { try DedupParameters(threshold: 1.5) }
        #expect(throws: DedupParameterError.self) { try DedupParameters(permutations: 128, bands: 20, rows: 10) }
        let p = try DedupParameters(threshold: 0.8, permutations: 128)
        #expect(p.bands * p.rows <= 128)
        let text = p.explain()
        #expect(text.contains("\(p.bands) bands × \(p.rows) rows"))
        let c = try DedupParameters(threshold: 0.8, containment: 0.8)
        #expect(c.candidateThreshold < 0.5)
    }
}
