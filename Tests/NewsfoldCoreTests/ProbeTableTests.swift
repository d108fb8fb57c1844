import Testing

@testable import NewsfoldCore

@Suite struct ProbeTableTests {
    /// A vector of `count` keys drawn from `0..<universe` (small universes share many keys),
    /// with random positive weights.
    private func vector(_ count: Int, universe: UInt64, rng: inout SplitMix) -> SparseVector {
        SparseVector(pairs: (0..<count).map { _ in
            (UInt64.random(in: 0..<universe, using: &rng) &* 0x2545_F491_4F6C_DD1D, Float.random(in: 0.001..<1, using: &rng))
        })
    }

    /// The probed dot product has the bits of the merging and galloping ones, over many sizes
    /// and overlaps: the products of shared keys added in ascending key order.
    @Test func probedDotHasTheBitsOfTheDot() {
        var rng = SplitMix(seed: 24)
        var shared = 0
        for round in 0..<400 {
            let universe = UInt64([50, 400, 5_000, 1 << 40][round % 4])
            let a = vector(Int.random(in: 0..<300, using: &rng), universe: universe, rng: &rng)
            let b = vector(Int.random(in: 0..<700, using: &rng), universe: universe, rng: &rng)
            let table = ProbeTable(a)
            #expect(table.dot(b).bitPattern == a.dot(b).bitPattern, "round \(round)")
            #expect(table.dot(a).bitPattern == a.dot(a).bitPattern, "round \(round)")
            if a.dot(b) > 0 { shared += 1 }
        }
        #expect(shared > 200, "most rounds share keys")
    }

    /// Key 0 (the table's empty mark) on either side still gives the dot product's bits.
    @Test func keyZeroOnEitherSide() {
        let withZero = SparseVector(pairs: [(0, 0.5), (7, 0.25), (UInt64.max, 0.125)])
        let other = SparseVector(pairs: [(0, 0.3), (7, 0.7), (9, 0.1)])
        let plain = SparseVector(pairs: [(7, 0.6), (9, 0.2)])
        #expect(ProbeTable(withZero).dot(other).bitPattern == withZero.dot(other).bitPattern)
        #expect(ProbeTable(plain).dot(withZero).bitPattern == plain.dot(withZero).bitPattern)
        #expect(ProbeTable(plain).dot(other).bitPattern == plain.dot(other).bitPattern)
        #expect(ProbeTable(SparseVector()).dot(other) == 0)
        #expect(ProbeTable(other).dot(SparseVector()) == 0)
    }
}

@Suite struct TopFeaturesTests {
    /// The heaviest features picked by selection are those of a full sort (heaviest first, ties
    /// by key), in the same order; many ties, since weights are drawn from a few values.
    @Test func selectionMatchesTheSort() {
        var rng = SplitMix(seed: 7)
        for round in 0..<300 {
            let count = Int.random(in: 0..<400, using: &rng)
            let v = SparseVector(pairs: (0..<count).map { _ in
                (UInt64.random(in: 0..<10_000, using: &rng), Float(Int.random(in: 1...(round % 2 == 0 ? 4 : 1000), using: &rng)))
            })
            let sorted = v.keys.indices.sorted {
                v.values[$0] != v.values[$1] ? v.values[$0] > v.values[$1] : v.keys[$0] < v.keys[$1]
            }.map { v.keys[$0] }
            for n in [0, 1, 12, 32] {
                #expect(v.topKeys(n) == Array(sorted.prefix(n)), "round \(round), n \(n)")
            }
        }
    }
}
