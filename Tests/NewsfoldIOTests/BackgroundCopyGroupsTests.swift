import NewsfoldCore
import Testing

@testable import NewsfoldIO

@Suite struct BackgroundCopyGroupsTests {
    /// Two and a half batches of near-copies, exact copies and tiny texts: the index built in
    /// the background is the one inserting the fingerprints one by one gives.
    @Test func buildsTheIndexOneByOneInsertionBuilds() {
        let parameters = DedupParameters.storyView
        let fingerprinter = Fingerprinter(parameters: parameters)
        var words = (0..<400).map { "w\($0)" }
        var fingerprints: [DocumentFingerprint] = []
        let count = BackgroundCopyGroups.batchSize * 5 / 2
        for d in 0..<count {
            let group = d % 700
            // Each group's text: a window of the word list; its copies change a word or two.
            var text = Array(words[(group % 300)..<(group % 300 + 60)])
            if d % 3 == 1 { text[d % 60] = "x\(d)" }
            if d % 5 == 2 { text.removeLast(5) }
            let body = d % 97 == 0 ? "short text" : text.joined(separator: " ")
            fingerprints.append(fingerprinter.fingerprint(id: "d\(d)", text: body))
            if d % 50 == 0 { words.swapAt(d % 400, (d * 7) % 400) }
        }
        var oneByOne = CopyGroupIndex(parameters: parameters)
        for fp in fingerprints { oneByOne.insert([fp]) }
        let builder = BackgroundCopyGroups(parameters: parameters, workers: 2)
        for fp in fingerprints { builder.add(fp) }
        var built = builder.finish()
        #expect(built.count == count)
        #expect(built.assignments() == oneByOne.assignments())
        #expect(built.verifiedPairs == oneByOne.verifiedPairs && built.edges == oneByOne.edges)
        #expect(built.takeWarnings() == oneByOne.takeWarnings())
        #expect(oneByOne.groupSizes().copyGroups < count / 2)  // the corpus has copies to find
    }
}
