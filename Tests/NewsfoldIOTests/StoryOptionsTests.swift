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

    @Test func evalTakesTheModelOptions() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("newsfold-story-options-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = [
            #"{"id": "a", "title": "Quake hits Chile", "text": "A quake hit Santiago, Chile, killing 12.", "published": "2024-03-04"}"#,
            #"{"id": "b", "title": "Chile quake kills 12", "text": "Santiago counts 12 dead after the quake in Chile.", "published": "2024-03-05"}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("articles.jsonl"), atomically: true, encoding: .utf8)
        try #"{"a": "e1", "b": "e1"}"#.write(to: dir.appendingPathComponent("gold.json"), atomically: true, encoding: .utf8)
        let r = try ResumeTests.newsfold([
            "eval", "stories", "--set", dir.path, "--json", "--window-days", "3", "--gap-slope", "0",
            "--repair-story-threshold", "0", "--repair-margin", "1",
        ])
        #expect(r.status == 0, "\(r.stderr)")
    }
}
