import Testing

@testable import NewsfoldCore

@Suite struct CandidateCountsTests {
    /// The selection by sorting every posting read (the clusterer's former code): ascending ids,
    /// or the `limit` sharing the most, ties to the larger id.
    static func sortedSelection(_ postings: [Int], limit: Int) -> [Int] {
        let ids = postings.sorted()
        var unique: [Int] = []
        var shared: [Int32] = []
        for id in ids {
            if unique.last == id { shared[shared.count - 1] += 1 } else {
                unique.append(id)
                shared.append(1)
            }
        }
        guard unique.count > limit else { return unique }
        let kept = unique.indices.sorted { a, b in
            shared[a] != shared[b] ? shared[a] > shared[b] : unique[a] > unique[b]
        }.prefix(limit)
        return kept.map { unique[$0] }.sorted()
    }

    @Test func keepsWhatSortingKept() {
        var rng = SplitMix(seed: 42)
        for round in 0..<400 {
            let stories = Int.random(in: 1...3000, using: &rng)
            let reads = Int.random(in: 0..<4000, using: &rng)
            let postings = (0..<reads).map { _ in Int.random(in: 1...stories, using: &rng) }
            let limit = [0, 1, 8, 64, 256][round % 5]
            var counts = CandidateCounts()
            for id in postings { counts.add(id) }
            #expect(counts.top(limit) == Self.sortedSelection(postings, limit: limit), "round \(round)")
        }
    }

    @Test func ranksByFeaturesSharedThenNewest() {
        var counts = CandidateCounts()
        for id in [7, 3, 7, 9, 7, 3, 12, 12] { counts.add(id) }
        #expect(counts.top(2) == [7, 12])  // 7 shares three; 3 and 12 two each: the newer, 12
        #expect(counts.top(10) == [3, 7, 9, 12])
    }
}
