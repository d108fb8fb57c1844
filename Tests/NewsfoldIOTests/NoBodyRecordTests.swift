import Foundation
import Testing

import NewsfoldCore
import NewsfoldExtract
@testable import NewsfoldIO

/// A page whose body is not found keeps its metadata (issue 22): `extract` writes it with an
/// empty text and reports the record; `dedup`, `stories` and `ingest` skip such records and
/// count them.
@Suite(.serialized) struct NoBodyRecordTests {
    /// A video page: title, date, site and author in its metadata, no article text.
    static let videoPage = """
        <html><head><title>Flood waters reach the old town - Valley Courier</title>
        <meta property="og:site_name" content="Valley Courier">
        <meta property="article:published_time" content="2020-03-04T09:15:00+01:00">
        <meta name="author" content="Ida Brandt"></head>
        <body><h1>Flood waters reach the old town</h1><div class="video-player"></div></body></html>
        """

    static let articlePage = """
        <html><head><title>Council rebuilds the footbridge</title></head><body><h1>Council rebuilds the footbridge</h1>
        <article><p>The town council voted on Tuesday to rebuild the old footbridge over the river, \
        ending a dispute that had lasted for more than two years between residents and planners.</p>
        <p>Work is due to start in the spring, and the council said the path would stay open for \
        walkers for most of the time, with short closures announced a week ahead.</p></article></body></html>
        """

    @Test func extractorKeepsTheMetadataOfAPageWithoutBody() throws {
        do {
            _ = try PageExtractor().extract(Page(id: "video", url: "https://courier.example/v/1", bytes: Array(Self.videoPage.utf8)))
            Issue.record("a page without body must throw")
        } catch ExtractionError.noBody(let a) {
            #expect(a.title == "Flood waters reach the old town")
            #expect(a.site == "Valley Courier")
            #expect(a.published?.iso8601 == "2020-03-04T09:15:00+01:00")
            #expect(a.authors == ["Ida Brandt"])
            #expect(a.domain == "courier.example")
            #expect(a.paragraphs.isEmpty && !a.hasText)
            #expect(a.warnings.contains(ExtractionError.noArticleText))
        }
    }

    @Test func extractWritesTheMetadataAndTheOtherCommandsSkipIt() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.videoPage.write(toFile: dir + "/video.html", atomically: true, encoding: .utf8)
        try Self.articlePage.write(toFile: dir + "/bridge.html", atomically: true, encoding: .utf8)
        let out = dir + "/articles.jsonl"

        let extracted = try ResumeTests.newsfold(["extract", dir + "/bridge.html", dir + "/video.html", "-o", out])
        #expect(extracted.status == 1)
        #expect(extracted.stderr.contains("video.html: no article text found on the page"), "\(extracted.stderr)")
        #expect(extracted.stderr.contains("2 records in, 1 article, 1 without text, 1 error"), "\(extracted.stderr)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let metadata = try ArticleJSON.read(line: Array(lines[1].utf8), locator: "out:2")
        #expect(metadata.id == "video")
        #expect(metadata.title == "Flood waters reach the old town")
        #expect(metadata.published?.iso8601 == "2020-03-04T09:15:00+01:00")
        #expect(metadata.text.isEmpty)
        #expect(lines[1].contains("\"text\":\"\""))

        for command in ["dedup", "stories"] {
            let r = try ResumeTests.newsfold([command, out, "-o", dir + "/\(command).out"])
            #expect(r.status == 0, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("2 records in, 1 article, 1 without text, 0 duplicates"), "\(command): \(r.stderr)")
            #expect(r.stderr.contains(" 0 errors;"), "\(command): \(r.stderr)")
            let written = try String(contentsOfFile: dir + "/\(command).out", encoding: .utf8)
            #expect(!written.contains("\"video\""), "\(command)")
        }
        let ingest = try ResumeTests.newsfold(["ingest", "--db", dir + "/store.sqlite", out, "-o", dir + "/acks.out"])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stderr.contains("1 without text"), "\(ingest.stderr)")
        // On raw pages the page without body is an error, as in `extract`, and counted without text.
        let raw = try ResumeTests.newsfold(["dedup", dir + "/bridge.html", dir + "/video.html", "-o", dir + "/raw.out"])
        #expect(raw.status == 1)
        #expect(raw.stderr.contains("video.html: no article text found on the page"), "\(raw.stderr)")
        #expect(raw.stderr.contains("2 records in, 1 article, 1 without text, 0 duplicates, 1 error;"), "\(raw.stderr)")
    }
}
