import Testing
@testable import NewsfoldCore

/// Exact settlement of borderline pairs: sorted shingle sets and the bounded-memory rounds of
/// ``ExactCheckPlan``.
@Suite struct ExactVerificationTests {
    /// A small deterministic generator (SplitMix64).
    struct Mix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func reference(_ values: [UInt64]) -> [UInt64] { Array(Set(values)).sorted() }

    @Test func sortedUniqueMatchesSortOnHashes() {
        var mix = Mix(state: 7)
        for n in [0, 1, 5, 31, 32, 33, 100, 1000, 5000] {
            var values = (0..<n).map { _ in mix.next() }
            values += values.prefix(n / 3)  // repeated shingles
            #expect(ExactJaccard.sortedUnique(values) == Self.reference(values))
        }
    }

    @Test func sortedUniqueHandlesValuesThatAreNotHashes() {
        // All in the lowest bucket: the crowded fallback.
        let small = (0..<500).map { UInt64(($0 * 37) % 211) }
        #expect(ExactJaccard.sortedUnique(small) == Self.reference(small))
        let repeated = [UInt64](repeating: 42, count: 300) + [UInt64.max, 0]
        #expect(ExactJaccard.sortedUnique(repeated) == [0, 42, .max])
    }

    /// Random pairs over `n` documents with random sizes.
    static func pairs(_ n: Int, _ count: Int, seed: UInt64) -> [(Int, Int)] {
        var mix = Mix(state: seed)
        return (0..<count).map { _ in (Int(mix.next() % UInt64(n)), Int(mix.next() % UInt64(n))) }
    }

    @Test func planCoversEveryPairOnceWithinTheBudget() {
        let n = 300
        let sizes = (0..<n).map { 10 + ($0 * 7919) % 90 }
        let pairs = Self.pairs(n, 900, seed: 3)
        let budget = 8 * 400
        let plan = ExactCheckPlan(pairs: pairs, shingles: { sizes[$0] }, budgetBytes: budget)
        let wanted = Set(pairs.filter { $0.0 != $0.1 }.map { ExactCheckPlan.key($0.0, $0.1) })
        var planned: [ExactCheckPlan.PairKey] = []
        var previousLast = -1
        #expect(plan.rounds.count > 1)
        for round in plan.rounds {
            #expect(round.heldBytes <= budget || round.held.count == 1)
            #expect(round.held.sorted() == round.held)
            #expect(round.held.first! > previousLast)  // contiguous runs, in input order
            previousLast = round.held.last!
            let held = Set(round.held)
            for (d, partners) in round.partners {
                for p in partners {
                    #expect(p < d)
                    #expect(held.contains(p))
                    planned.append(ExactCheckPlan.key(p, d))
                }
                #expect(d <= round.last)
            }
        }
        #expect(planned.count == wanted.count)
        #expect(Set(planned) == wanted)
        #expect(plan.pairCount == wanted.count)
    }

    @Test func roundsGiveTheExactJaccardOfEveryPairAndDropSetsEarly() {
        // Documents: random word sequences, some built as edited copies of others.
        var mix = Mix(state: 11)
        let vocabulary = (0..<400).map { "w\($0)" }
        var texts: [String] = []
        for d in 0..<60 {
            if d >= 10 && d % 3 == 0 {
                var words = texts[d - 7].split(separator: " ").map(String.init)
                for _ in 0..<4 { words[Int(mix.next() % UInt64(words.count))] = vocabulary[Int(mix.next() % 400)] }
                texts.append(words.joined(separator: " "))
            } else {
                texts.append((0..<(60 + Int(mix.next() % 80))).map { _ in vocabulary[Int(mix.next() % 400)] }
                    .joined(separator: " "))
            }
        }
        let shingler = Shingler(n: 3)
        let sets = texts.map { ExactJaccard.shingleSet(of: $0, shingler: shingler) }
        let pairs = Self.pairs(texts.count, 200, seed: 5) + (10..<60).filter { $0 % 3 == 0 }.map { ($0 - 7, $0) }
        let budget = 8 * 500
        let plan = ExactCheckPlan(pairs: pairs, shingles: { sets[$0].count }, budgetBytes: budget)
        #expect(plan.rounds.count > 1)
        var results: [ExactCheckPlan.PairKey: Double] = [:]
        for var round in plan.rounds {
            for d in round.partners.keys.sorted() {  // a streaming read, in input order
                round.read(d, shingleSet: sets[d], into: &results)
            }
            #expect(round.sets.isEmpty)  // every held set was dropped after its last partner
            #expect(round.peakSetBytes <= max(budget, 8 * (sets.map(\.count).max() ?? 0)))
        }
        for (a, b) in pairs where a != b {
            #expect(results[ExactCheckPlan.key(a, b)] == ExactJaccard.similarity(sets[a], sets[b]))
        }
        // The copies (four words changed) are above 0.5, the random pairs far below.
        #expect(results[ExactCheckPlan.key(5, 12)]! > 0.5)
    }

    @Test func batchesReadEachDocumentOnceWithinTheBudget() {
        // Components: chains and stars over 400 documents, plus one component too big to fit.
        var mix = Mix(state: 17)
        let n = 400
        let sizes = (0..<n).map { 10 + ($0 * 7919) % 90 }
        var pairs: [(Int, Int)] = []
        var d = 0
        while d < 340 {
            let size = 2 + Int(mix.next() % 5)
            for k in 1..<size where d + k < 340 { pairs.append((d + Int(mix.next() % UInt64(k)), d + k)) }
            d += size
        }
        for k in 341..<n { pairs.append((340, k)) }  // 60 documents, ~3300 shingles: oversized
        pairs += pairs.prefix(10).map { ($0.1, $0.0) }  // repeats, either order
        let budget = 8 * 1000
        let plan = ExactCheckBatches(pairs: pairs, shingles: { sizes[$0] }, budgetBytes: budget)
        let wanted = Set(pairs.map { ExactCheckPlan.key($0.0, $0.1) })
        #expect(plan.batches.count > 1)
        #expect(plan.oversized.count == 1)
        var seenDocuments = Set<Int>()
        var planned: [ExactCheckPlan.PairKey] = []
        for batch in plan.batches {
            #expect(batch.bytes <= budget)
            #expect(batch.bytes == batch.documents.reduce(0) { $0 + 8 * sizes[$1] })
            #expect(batch.documents == batch.documents.sorted())
            let here = Set(batch.documents)
            #expect(seenDocuments.isDisjoint(with: here))  // each document in one batch only
            seenDocuments.formUnion(here)
            for (i, j) in batch.pairs {
                #expect(i < j && here.contains(i) && here.contains(j))
                planned.append(ExactCheckPlan.key(i, j))
            }
        }
        #expect(!seenDocuments.contains(340))
        for round in plan.oversized[0].rounds {
            for (d, partners) in round.partners { for p in partners { planned.append(ExactCheckPlan.key(p, d)) } }
        }
        #expect(planned.count == wanted.count)
        #expect(Set(planned) == wanted)
        #expect(plan.pairCount == wanted.count)
        #expect(ExactCheckBatches(pairs: [], shingles: { _ in 1 }, budgetBytes: 8).batches.isEmpty)
    }

    @Test func exactJaccardOfSortedSets() {
        let shingler = Shingler(n: 1)
        let a = ExactJaccard.shingleSet(of: "a b c d a", shingler: shingler)
        let b = ExactJaccard.shingleSet(of: "c d e f", shingler: shingler)
        #expect(a.count == 4)
        #expect(ExactJaccard.intersection(a, b) == 2)
        #expect(ExactJaccard.similarity(a, b) == 2.0 / 6.0)
        #expect(ExactJaccard.similarity([], []) == 1)
    }

    @Test func pairsNearTheThresholdWaitForTheExactAnswer() throws {
        let p = try DedupParameters(threshold: 0.8, verification: .exact)
        let f = Fingerprinter(parameters: p)
        // Copies whose Jaccard is at various distances from 0.8.
        var texts: [String] = []
        let base = MinHashTests.words(400, seed: 21)
        texts.append(base.joined(separator: " "))
        for (k, changes) in [3, 6, 9, 12, 40].enumerated() {
            var copy = base
            for c in 0..<changes { copy[(c * 37 + k) % copy.count] = "z\(k)_\(c)" }
            texts.append(copy.joined(separator: " "))
        }
        var index = CopyGroupIndex(parameters: p)
        index.insert(texts.enumerated().map { f.fingerprint(id: "t\($0.offset)", text: $0.element) })
        let sets = texts.map { ExactJaccard.shingleSet(of: $0, shingler: Shingler(n: 5)) }
        // Exact Jaccards to the base: 3, 6, 9, 12, 40 changed words → 0.94, 0.86, 0.788, 0.72, 0.31.
        let exact = (1...5).map { ExactJaccard.similarity(sets[0], sets[$0]) }
        #expect(exact[2] < 0.8 && exact[2] > 0.78)  // a coin flip for a 128-slot estimate
        #expect(!index.pendingDocuments.isEmpty)
        index.resolvePending { i, j in ExactJaccard.similarity(sets[i], sets[j]) }
        #expect(index.exactChecks > 0)
        let groups = index.assignments().map(\.group)
        #expect(groups == ["t0", "t0", "t0", "t3", "t4", "t5"])
    }
}
