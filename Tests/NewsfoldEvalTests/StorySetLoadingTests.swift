import Foundation
import NewsfoldCore
import Testing
@testable import NewsfoldEval

/// `eval stories` reads a set's dates as `stories` does (``NewsfoldIO/JSONDate``), so that a set
/// written by another tool is scored on its dates, and says which lines it could not date.
@Suite struct StorySetLoadingTests {
    @Test func datesAreReadAsStoriesReadsThem() throws {
        let root = NSTemporaryDirectory() + "newsfold-eval-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let lines = [
            #"{"id": "a", "title": "Quake", "text": "A quake hit.", "published": "Tue, 03 May 2016 14:22:00 GMT"}"#,
            #"{"id": 2, "title": "Quake", "text": "A quake hit.", "published": "soon"}"#,
            #"{"id": "c", "title": "Quake", "text": "A quake hit.", "published": 1462285320, "site": "x", "group": "g"}"#,
            #"[1, 2]"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: root + "/articles.jsonl", atomically: false, encoding: .utf8)
        try #"{"a": "e1", "2": "e1", "c": "e1"}"#.write(toFile: root + "/gold.json", atomically: false, encoding: .utf8)
        let set = try StoryEvaluationSet(path: root)
        #expect(set.inputs.map(\.id) == ["a", "2", "c"])
        #expect(set.inputs[0].published?.iso8601 == "2016-05-03T14:22:00Z")
        #expect(set.inputs[1].published == nil)
        #expect(set.inputs[2].published?.iso8601 == "2016-05-03T14:22:00Z")
        #expect(set.inputs[2].site == "x" && set.inputs[2].group == "g")
        #expect(set.warnings.count == 2)
        #expect(set.warnings.contains { $0.hasSuffix(#"articles.jsonl:2: "published" is "soon", which is not a date: the article is taken as undated"#) })
        #expect(set.warnings.contains { $0.contains("articles.jsonl:4: not a JSON object with an id") })
    }
}
