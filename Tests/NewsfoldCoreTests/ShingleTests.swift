import Testing
@testable import NewsfoldCore

@Suite struct ShingleTests {
    func shingles(_ text: String, n: Int) -> ([UInt64], ShingleSummary) {
        var out: [UInt64] = []
        let s = Shingler(n: n).forEachShingle(in: text) { out.append($0) }
        return (out, s)
    }

    @Test func countsAndRolling() {
        let (a, s) = shingles("one two three four five six seven", n: 5)
        #expect(s.words == 7)
        #expect(s.shingles == 3)
        #expect(a.count == 3)
        // The rolling hash equals a fresh hash of the same five words.
        let (b, _) = shingles("two three four five six", n: 5)
        #expect(a[1] == b[0])
        let (c, _) = shingles("three four five six seven", n: 5)
        #expect(a[2] == c[0])
    }

    @Test func foldingMakesShinglesEqual() {
        let (a, sa) = shingles("“Kim’s visit,” the U.S. OFFICIAL said.", n: 3)
        let (b, sb) = shingles("kims visit the u s official said", n: 3)
        #expect(a == b)
        #expect(sa.contentHash == sb.contentHash)
    }

    @Test func orderMatters() {
        let (a, _) = shingles("a b c d e", n: 5)
        let (b, _) = shingles("e d c b a", n: 5)
        #expect(a != b)
        #expect(shingles("a b c", n: 1).1.contentHash != shingles("c b a", n: 1).1.contentHash)
    }

    @Test func tinyAndEmptyTexts() {
        let (a, s) = shingles("only three words", n: 5)
        #expect(a.count == 1)
        #expect(s.isTiny)
        let (e, se) = shingles(" … — ", n: 5)
        #expect(e.isEmpty)
        #expect(se.words == 0)
        #expect(!se.isTiny)
    }

    @Test func longWordsAndRingWrap() {
        // More than 32 words so the ring buffer wraps; n = 32 at the limit.
        let words = (0..<100).map { "w\($0)" }
        let text = words.joined(separator: " ")
        let (a, s) = shingles(text, n: 32)
        #expect(s.shingles == 69)
        let (b, _) = shingles(words[60..<92].joined(separator: " "), n: 32)
        #expect(a[60] == b[0])
    }
}
