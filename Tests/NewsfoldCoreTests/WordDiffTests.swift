import Testing

@testable import NewsfoldCore

@Suite struct WordDiffTests {
    /// The same words, short or beyond the table's bound, match one to one with no hunk; one
    /// word changed gives one hunk and the other words matched.
    @Test func identicalAndNearlyIdenticalSentences() {
        for n in [0, 1, 30, WordDiff.maxWords + 5] {
            let words = (0..<n).map { UInt64($0 % 17) &* 0x9E37_79B9 }
            let same = WordDiff(words, words)
            #expect(same.matches.map(\.0) == Array(0..<n) && same.matches.map(\.1) == Array(0..<n), "\(n) words")
            #expect(same.hunks.isEmpty)
        }
        let a: [UInt64] = [1, 2, 3, 4, 5]
        let b: [UInt64] = [1, 2, 9, 4, 5]
        let d = WordDiff(a, b)
        #expect(d.matchedCount == 4)
        #expect(d.hunks.count == 1 && d.hunks[0].o == 2..<3 && d.hunks[0].c == 2..<3)
    }
}
