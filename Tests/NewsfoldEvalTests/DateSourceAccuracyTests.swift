import Foundation
import NewsfoldCore
import Testing
@testable import NewsfoldEval

/// `eval extraction` counts date accuracy by the source of the chosen date (issue 22), on a
/// two-page set in Readability's layout written for the case.
@Suite struct DateSourceAccuracyTests {
    @Test func dateAccuracyIsCountedBySource() throws {
        let root = NSTemporaryDirectory() + "newsfold-eval-\(UInt64.random(in: 0...UInt64.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let body = """
            <p>The town council voted on Tuesday to rebuild the old footbridge over the river, ending a \
            dispute that had lasted for more than two years between residents and planners.</p>
            """
        let pages: [(name: String, head: String, gold: String)] = [
            ("a", "<meta property=\"article:published_time\" content=\"2020-05-03T10:00:00+02:00\">", "2020-05-03T08:00:00Z"),
            ("b", "<meta property=\"article:published_time\" content=\"2020-05-01\">", "2020-05-03"),
            ("c", "", "2020-05-03"),
            ("d", "<meta property=\"article:published_time\" content=\"2020-05-01T09:00:00Z\">"
                + "<meta property=\"article:modified_time\" content=\"2020-05-04T09:00:00Z\">", "2020-05-04"),
            // The gold is stated (a date-named element) but JSON-LD outweighs it.
            ("e", "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"2020-05-01\"}</script>",
             "2020-05-02"),
        ]
        for p in pages {
            let dir = root + "/test-pages/" + p.name
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let line = p.name == "e" ? "<div class=\"date\">2020-05-02</div>" : ""
            try "<html><head>\(p.head)</head><body>\(line)<article>\(body)</article></body></html>"
                .write(toFile: dir + "/source.html", atomically: true, encoding: .utf8)
            try body.write(toFile: dir + "/expected.html", atomically: true, encoding: .utf8)
            try "{\"publishedTime\": \"\(p.gold)\"}".write(toFile: dir + "/expected-metadata.json", atomically: true, encoding: .utf8)
        }
        let report = ExtractionEvaluation.run(try ExtractionSet(path: root))
        #expect(report.date?.correct == 1 && report.date?.total == 5)
        #expect(report.dateBySource["meta"]?.correct == 1)
        #expect(report.dateBySource["meta"]?.total == 3)
        #expect(report.dateBySource["none"]?.total == 1)
        #expect(report.dateBySource["none"]?.correct == 0)
        #expect(report.dateBySource["json-ld"]?.total == 1)
        // The misses by kind: the gold of "d" is the page's modified day, not its publication;
        // "e" states its gold, "b" does not.
        #expect(report.dateMissKinds == [
            "gold not stated": 1, "no date given": 1, "gold is the modified date": 1, "gold stated, another chosen": 1,
        ])
        // The gold is among the page's dates on "a" (chosen) and "e" (not chosen).
        #expect(report.dateStated?.correct == 2 && report.dateStated?.total == 5)
    }
}
