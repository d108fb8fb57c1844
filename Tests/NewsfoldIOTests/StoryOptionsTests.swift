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
        (["eval", "stories", "--set", "/nonexistent", "--thread-margin", "0.9"], "--thread-margin"),
        (["eval", "stories", "--set", "/nonexistent", "--thread-gap-days=-1"], "--thread-gap-days"),
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

    /// A quake's two reports, the charges over it eleven days later, and a look-alike quake.
    private static let thread = [
            #"{"id": "q1", "title": "Strong earthquake shakes central Chile", "text": "A magnitude 6.1 earthquake struck near Santiago, Chile, on Monday, killing 12 people. President Gabriel Boric said rescue teams were searching collapsed buildings in Valparaiso.", "published": "2024-03-04T12:00:00Z"}"#,
            #"{"id": "q2", "title": "Chile quake kills 12, Boric says", "text": "Rescuers in Valparaiso dug through rubble after the 6.1 quake near Santiago. Boric told reporters that 12 people had died in Chile.", "published": "2024-03-05T12:00:00Z"}"#,
            #"{"id": "charges", "title": "Builders charged over Valparaiso collapse", "text": "Prosecutors in Chile charged three builders over the Valparaiso apartment blocks that collapsed in the Santiago earthquake, which killed 12. Boric promised a review of building rules.", "published": "2024-03-16T12:00:00Z"}"#,
            #"{"id": "padang", "title": "Strong earthquake shakes western Indonesia", "text": "A magnitude 7.2 earthquake struck near Padang, Indonesia, on Thursday, killing 40 people. Governor Mahyeldi said rescue teams were searching collapsed buildings in Bukittinggi.", "published": "2024-03-16T12:00:00Z"}"#,
    ]

    /// A dev set in a fresh temporary folder: `articles.jsonl` of `lines` and `gold.json`.
    private static func devSet(_ lines: [String], gold: String) throws -> URL {
        let dir = URL(fileURLWithPath: try temporaryFolder())
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

    /// `stories` reports threads: a story begun after a week of silence names the story it
    /// continues (`--format json`), its articles carry that story as their thread (`jsonl`),
    /// and the summary says so (`text`); a look-alike event continues nothing.
    @Test func storiesReportTheStoryALaterOneContinues() throws {
        let dir = try Self.devSet(Self.thread, gold: "{}")
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("articles.jsonl").path
        func run(_ format: String) throws -> Data {
            let out = dir.appendingPathComponent("out.\(format)")
            let r = try ResumeTests.newsfold(["stories", "--format", format, input], standardOutput: out.path)
            #expect(r.status == 0, "\(r.stderr)")
            return try Data(contentsOf: out)
        }
        var line: [String: [String: Any]] = [:]
        for l in try run("jsonl").split(separator: 0x0A) {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(l)) as? [String: Any])
            line[try #require(o["id"] as? String)] = o
        }
        let quake = try #require(line["q1"]?["story"] as? Int)
        let charges = try #require(line["charges"]?["story"] as? Int)
        #expect(charges != quake, "a week of silence ends the quake's story")
        #expect(line["charges"]?["thread"] as? Int == quake && line["q2"]?["thread"] as? Int == quake)
        #expect(line["padang"]?["thread"] as? Int == line["padang"]?["story"] as? Int)
        let report = try #require(try JSONSerialization.jsonObject(with: run("json")) as? [String: Any])
        let stories = try #require(report["stories"] as? [[String: Any]])
        let continues = Dictionary(uniqueKeysWithValues: stories.map { ($0["id"] as? Int ?? 0, $0["continues"] as? Int) })
        #expect(continues[charges] == .some(quake) && continues[quake] == .some(nil))
        #expect(String(decoding: try run("text"), as: UTF8.self).contains("continues story \(quake)"))
    }

    /// `eval stories` scores the threads too, and takes the thread settings.
    @Test func evalScoresTheThreadsWithTheirSettings() throws {
        let dir = try Self.devSet(Self.thread, gold: #"{"q1": "quake", "q2": "quake", "charges": "quake", "padang": "padang"}"#)
        defer { try? FileManager.default.removeItem(at: dir) }
        func score(_ extra: [String]) throws -> [String: Any] {
            let out = dir.appendingPathComponent("score.json")
            let r = try ResumeTests.newsfold(["eval", "stories", "--set", dir.path, "--json"] + extra, standardOutput: out.path)
            #expect(r.status == 0, "\(r.stderr)")
            return try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any] ?? [:]
        }
        let linked = try score([])
        #expect(linked["links"] as? Int == 1 && linked["thread_f1"] as? Double == 1)
        #expect((linked["f1"] as? Double ?? 1) < 1, "the stories alone split the quake from its charges")
        let off = try score(["--thread-gap-days", "0"])
        #expect(off["links"] as? Int == 0 && off["thread_f1"] as? Double == off["f1"] as? Double)
        #expect(try score(["--thread-gap-days", "5"])["links"] as? Int == 0, "the charges began 11 days on")
    }
}
