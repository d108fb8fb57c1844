import Foundation
import Testing

/// The story options of `newsfold stories` and `newsfold eval stories`: a bad value is refused
/// before any input is read, with an error naming the option; good values are taken.
@Suite struct StoryOptionsTests {
    @Test(arguments: [
        (["stories", "--window-days", "0"], "--window-days"),
        (["stories", "--join-threshold", "1.5"], "--join-threshold"),
        (["eval", "stories", "--set", "/nonexistent", "--join-threshold", "0"], "--join-threshold"),
        (["eval", "stories", "--set", "/nonexistent", "--repair-margin", "0.5"], "--repair-margin"),
        (["eval", "stories", "--set", "/nonexistent", "--merge-threshold", "nan"], "--merge-threshold"),
        (["eval", "stories", "--set", "/nonexistent", "--repair-gap-days=-1"], "--repair-gap-days"),
        (["eval", "stories", "--set", "/nonexistent", "--repair-max-articles=-2"], "--repair-max-articles"),
    ])
    func aBadValueIsRefusedNamingTheOption(arguments: [String], option: String) throws {
        let r = try ResumeTests.newsfold(arguments)
        #expect(r.status == 64, "usage error: \(r.stderr)")
        #expect(r.stderr.contains("Error: \(option) must be"), "\(r.stderr)")
    }

    private static let quake = [
        #"{"id": "a", "title": "Quake hits Chile", "text": "A quake hit Santiago, Chile, killing 12.", "published": "2024-03-04"}"#,
        #"{"id": "b", "title": "Chile quake kills 12", "text": "Santiago counts 12 dead after the quake in Chile.", "published": "2024-03-05"}"#,
    ]

    /// A dev set in a fresh temporary folder: `articles.jsonl` of `lines` and `gold.json`.
    private static func devSet(_ lines: [String], gold: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("newsfold-story-set-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("articles.jsonl"), atomically: true, encoding: .utf8)
        try gold.write(to: dir.appendingPathComponent("gold.json"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func evalTakesTheModelOptions() throws {
        let dir = try Self.devSet(Self.quake, gold: #"{"a": "e1", "b": "e1"}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try ResumeTests.newsfold([
            "eval", "stories", "--set", dir.path, "--json", "--window-days", "3", "--gap-slope", "0",
            "--repair-story-threshold", "0", "--repair-margin", "1",
        ])
        #expect(r.status == 0, "\(r.stderr)")
    }

    /// `--write-stories` writes the stories scored: one line each, every article once, as many
    /// lines as the clusters the score counts.
    @Test func evalWritesTheStoriesItScored() throws {
        let budget = #"{"id": "c", "title": "Budget passes in Oslo", "text": "Norway's parliament passed the budget on Tuesday.", "published": "2024-03-05"}"#
        let dir = try Self.devSet(Self.quake + [budget], gold: #"{"a": "e1", "b": "e1", "c": "e2"}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("stories.jsonl")
        let printed = dir.appendingPathComponent("score.json")
        let r = try ResumeTests.newsfold(
            ["eval", "stories", "--set", dir.path, "--json", "--write-stories", out.path], standardOutput: printed.path)
        #expect(r.status == 0, "\(r.stderr)")
        let score = try JSONSerialization.jsonObject(with: Data(contentsOf: printed)) as? [String: Any]
        let written = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
        #expect(written.count == score?["clusters"] as? Int)
        let ids = written.flatMap { $0["articles"] as? [String] ?? [] }
        #expect(ids.sorted() == ["a", "b", "c"])
        #expect(written.allSatisfy { $0["story"] is Int })
        let bad = try ResumeTests.newsfold(["eval", "stories", "--set", dir.path, "--write-stories", dir.appendingPathComponent("no/such/dir/x").path])
        #expect(bad.status != 0 && bad.stderr.contains("--write-stories"), "\(bad.stderr)")
    }
}
