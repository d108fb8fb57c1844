import Foundation
import Testing

import NewsfoldCore
@testable import NewsfoldIO

@Suite struct SpillFileTests {
    private func line(_ i: Int) -> [UInt8] { Array("{\"n\":\(i),\"pad\":\"\(String(repeating: "x", count: i % 37))\"}\n".utf8) }

    @Test func linesReadBackInAnyOrder() throws {
        let spill = try SpillFile.temporary()
        #expect(!FileManager.default.fileExists(atPath: spill.path), "a temporary spill is unlinked at once")
        for i in 0..<5000 { try spill.append(line(i)) }
        try spill.finishWriting()
        #expect(spill.count == 5000)
        for i in [4999, 0, 1234, 17, 2500] { #expect(try spill.line(i) == line(i)) }
    }

    @Test func reopeningKeepsTheCommittedLinesAndAppendsAfterThem() throws {
        let path = scratchPath("spill", suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try SpillFile(path: path)
        for i in 0..<100 { try first.append(line(i)) }
        try first.flush()
        let committed = first.size
        for i in 100..<150 { try first.append(line(i)) }  // written after the "checkpoint"
        try first.finishWriting()

        let again = try SpillFile(path: path, keeping: committed)
        #expect(again.count == 100)
        #expect(try again.line(99) == line(99), "flushed lines read back while appending")
        try again.append(line(100))
        try again.finishWriting()
        #expect(again.count == 101)
        #expect(try again.line(100) == line(100))
    }

    @Test func aTornLastLineIsAClearError() throws {
        let path = scratchPath("spill", suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("{\"a\":1}\n{\"b\":".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try SpillFile(path: path, keeping: 13)
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("torn")
        }
    }
}

/// Articles about `events` events: per event three reports in other words and copies of the
/// first (one sentence added), dated over a few days, in a scrambled input order.
func storyArticles(events: Int) -> [Article] {
    let places = ["Santiago", "Padang", "Osaka", "Lima", "Quito", "Manila", "Oslo", "Accra", "Perth", "Hanoi", "Dakar", "Tbilisi"]
    let kinds = ["earthquake", "flood", "fire", "strike", "election", "storm"]
    var articles: [Article] = []
    for e in 0..<events {
        let place = places[e % places.count], kind = kinds[e % kinds.count]
        let toll = 10 + e * 7
        let facts = [
            "A \(kind) hit \(place) on Monday, officials said, and at least \(toll) people were reported dead.",
            "Rescue teams in \(place) searched collapsed buildings through the night as the \(kind) toll rose to \(toll).",
            "Mayor Ana Ruiz\(e) of \(place) said schools would stay closed while engineers inspect damage from the \(kind).",
            "The national agency recorded the \(kind) near \(place) at dawn and warned residents about further danger.",
            "Hospitals in \(place) treated hundreds of injured people after the \(kind), the health ministry said on Tuesday.",
            "International aid groups pledged support to \(place) as the government declared an emergency over the \(kind).",
        ]
        let day = 1 + 2 * e
        func article(_ id: String, _ sentences: [String], _ d: Int, _ site: String) -> Article {
            Article(
                id: id, title: "\(kind.capitalized) in \(place): \(toll) dead", paragraphs: sentences,
                published: NewsDate(year: 2024, month: 5, day: d, hour: 8 + e % 10, minute: 0, second: 0, utcOffsetMinutes: 0),
                site: site)
        }
        let original = facts
        articles.append(article("e\(e)-wire", original, day, "wire.example"))
        for c in 0..<3 {  // syndicated copies: the whole text plus one sentence of the site's own
            let copy = original + ["Copy\(c) readers in \(place) can follow updates about the \(kind) on our live page."]
            articles.append(article("e\(e)-copy\(c)", copy, day + (c == 2 ? 1 : 0), "copy\(c).example"))
        }
        // Reports in other words: the same place, event, toll and mayor.
        articles.append(article("e\(e)-own1", [
            "At least \(toll) people died when a \(kind) struck \(place) early on Monday.",
            "Mayor Ana Ruiz\(e) asked residents of \(place) to stay away from damaged buildings after the \(kind).",
        ], day, "own1.example"))
        articles.append(article("e\(e)-own2", [
            "The \(kind) that devastated \(place) has killed \(toll) people, according to Mayor Ana Ruiz\(e).",
            "Officials in \(place) expect the number of \(kind) victims to grow as search teams reach remote districts.",
        ], day + 1, "own2.example"))
    }
    // A fixed order unrelated to dates or events: by an FNV-1a hash of the id.
    func scramble(_ id: String) -> UInt64 { id.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 } }
    return articles.sorted { scramble($0.id) < scramble($1.id) }
}

@Suite struct StoryStagesTests {
    enum Format: CaseIterable { case jsonl, json, text }

    /// The batch command's path: articles spilled to disk, clustered and reported in chunks.
    func spilled(_ articles: [Article], format: Format, workers: Int, chunk: Int) throws -> (String, StoryStages.Written) {
        let parameters = DedupParameters.storyView
        let fingerprinter = Fingerprinter(parameters: parameters)
        let spill = try SpillFile.temporary()
        var batch = StoryBatch(parameters: parameters)
        for a in articles {
            var w = JSONWriter()
            ArticleJSON.write(a, to: &w)
            try spill.append(w.bytes)
            batch.add(id: a.id, published: a.published, fingerprint: fingerprinter.fingerprint(id: a.id, text: a.text, published: a.published))
        }
        try spill.finishWriting()
        batch.settleGroups()
        try StoryStages.cluster(&batch, spill: spill, workers: workers, chunk: chunk)
        let path = scratchPath("stories")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = try OutputSink(path: path)
        let written: StoryStages.Written
        switch format {
        case .jsonl: written = try StoryStages.writeLines(batch, spill: spill, workers: workers, chunk: chunk, to: out)
        case .json: written = try StoryStages.writeReport(batch, spill: spill, workers: workers, chunk: chunk, to: out)
        case .text: written = try StoryStages.writeSummary(batch, spill: spill, workers: workers, chunk: chunk, to: out)
        }
        try out.close()
        return (try String(contentsOfFile: path, encoding: .utf8), written)
    }

    /// The in-memory path (`StoryAnalysis`, as the demo and `stories --db` use).
    func inMemory(_ articles: [Article], format: Format) throws -> String {
        let parameters = DedupParameters.storyView
        let fingerprinter = Fingerprinter(parameters: parameters)
        let analysis = StoryAnalysis(
            articles: articles, fingerprints: articles.map { fingerprinter.fingerprint(id: $0.id, text: $0.text, published: $0.published) },
            parameters: parameters)
        let path = scratchPath("stories")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let out = try OutputSink(path: path)
        switch format {
        case .jsonl: StoryOutput.writeLines(analysis, to: out)
        case .json: StoryOutput.writeReport(analysis, to: out)
        case .text: out.write(StoryOutput.summary(analysis))
        }
        try out.close()
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test(arguments: Format.allCases)
    func spilledChunksGiveTheInMemoryResult(format: Format) throws {
        let articles = storyArticles(events: 12)
        let expected = try inMemory(articles, format: format)
        for (workers, chunk) in [(1, 1), (2, 5), (2, 2048)] {
            let (got, written) = try spilled(articles, format: format, workers: workers, chunk: chunk)
            #expect(got == expected, "workers \(workers), chunk \(chunk)")
            #expect(written.storiesWithSeveralReports >= 10, "most events have reports in other words")
        }
    }

    /// A thread (a later chapter continuing an earlier story) comes out the same from the
    /// spilled path and the in-memory one (the demo's; it once dropped the link).
    @Test(arguments: Format.allCases)
    func threadsAreTheSameOnBothPaths(format: Format) throws {
        func article(_ id: String, _ title: String, _ text: String, day: Int) -> Article {
            Article(
                id: id, title: title, paragraphs: [text],
                published: NewsDate(year: 2024, month: 3, day: day, hour: 12, minute: 0, second: 0, utcOffsetMinutes: 0))
        }
        let articles = [
            article(
                "q1", "Strong earthquake shakes central Chile",
                "A magnitude 6.1 earthquake struck near Santiago, Chile, on Monday, killing 12 people. "
                    + "President Gabriel Boric said rescue teams were searching collapsed buildings in Valparaiso.", day: 4),
            article(
                "q2", "Chile quake kills 12, Boric says",
                "Rescuers in Valparaiso dug through rubble after the 6.1 quake near Santiago. "
                    + "Boric told reporters that 12 people had died in Chile.", day: 5),
            article(
                "charges", "Builders charged over Valparaiso collapse",
                "Prosecutors in Chile charged three builders over the Valparaiso apartment blocks that collapsed "
                    + "in the Santiago earthquake, which killed 12. Boric promised a review of building rules.", day: 16),
        ]
        let expected = try inMemory(articles, format: format)
        let (got, _) = try spilled(articles, format: format, workers: 2, chunk: 2)
        #expect(got == expected)
        let linked = switch format {
        case .jsonl: true  // checked below
        case .json: expected.components(separatedBy: "\"continues\":").dropFirst().contains { $0.first?.isNumber == true }
        case .text: expected.contains("continues story")
        }
        #expect(linked, "the link is in the output: \(expected.prefix(600))")
        if format == .jsonl {
            // The later chapter's thread is the earlier story, not its own.
            let charges = try #require(expected.split(separator: "\n").first { $0.contains("\"id\":\"charges\"") })
            let q1 = try #require(expected.split(separator: "\n").first { $0.contains("\"id\":\"q1\"") })
            let story = try #require(q1.firstRange(of: "\"story\":")).upperBound
            #expect(charges.contains("\"thread\":\(q1[story...].prefix { $0.isNumber })"))
        }
    }

    @Test func eachEventIsOneStoryWithItsCopiesGrouped() throws {
        let articles = storyArticles(events: 12)
        let (jsonl, _) = try spilled(articles, format: .jsonl, workers: 2, chunk: 7)
        var storyOf: [String: Int] = [:], groupOf: [String: String] = [:]
        let lines = jsonl.split(separator: "\n")
        #expect(lines.count == articles.count)
        for line in lines {
            let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            storyOf[o["id"] as! String] = o["story"] as? Int
            groupOf[o["id"] as! String] = o["group"] as? String
        }
        #expect(lines.first.map { $0.contains("\"id\":\"\(articles[0].id)\"") } == true, "input order")
        for e in 0..<12 {
            let ids = ["wire", "copy0", "copy1", "copy2", "own1", "own2"].map { "e\(e)-\($0)" }
            #expect(Set(ids.map { storyOf[$0] }).count == 1, "event \(e) is one story")
            #expect(Set(ids.prefix(4).map { groupOf[$0] }).count == 1, "event \(e)'s copies are one group")
            #expect(groupOf["e\(e)-own2"] != groupOf["e\(e)-wire"])
        }
        let merged = (0..<12).filter { e in (0..<12).contains { $0 != e && storyOf["e\($0)-wire"] == storyOf["e\(e)-wire"] } }
        #expect(merged.isEmpty, "events \(merged) share a story")
    }
}
