import Foundation
import Testing

import NewsfoldCore
import NewsfoldExtract
@testable import NewsfoldIO

/// Dates given in JSONL fields: every form a crawl or feed writes is read, and what cannot be
/// read is said, naming the record, instead of leaving the article undated in silence.
@Suite(.serialized) struct JSONDateTests {
    private func read(_ v: JSONValue?) -> JSONDate { JSONDate(v, field: "published") }

    @Test func readsTheFormsFeedsAndCrawlsWrite() {
        let cases: [(JSONValue, String)] = [
            (.string("2016-05-03T10:00:00Z"), "2016-05-03T10:00:00Z"),
            (.string("2016-05-03 14:22:00"), "2016-05-03T14:22:00"),
            (.string("Tue, 03 May 2016 14:22:00 GMT"), "2016-05-03T14:22:00Z"),
            (.string("Tue, 03 May 2016 14:22:00 -0400"), "2016-05-03T14:22:00-04:00"),
            (.string("May 4, 2016"), "2016-05-04"),
            (.string("4 May 2016"), "2016-05-04"),
            (.number(1_462_285_320), "2016-05-03T14:22:00Z"),
            (.number(1_462_285_320_500), "2016-05-03T14:22:00Z"),
            (.string("1462285320"), "2016-05-03T14:22:00Z"),
            (.string("1462285320500"), "2016-05-03T14:22:00Z"),
            (.string("20160503"), "2016-05-03"),
        ]
        for (value, iso) in cases {
            let d = read(value)
            #expect(d.date?.iso8601 == iso, "\(value)")
            #expect(d.warning == nil, "\(value)")
        }
    }

    @Test func missingNullAndBlankAreSimplyUndated() {
        for v in [nil, JSONValue.null, .string(""), .string("   "), .string("\n"), .string(" \r\n\t")] {
            #expect(read(v) == JSONDate(nil, field: "published"))
            #expect(read(v).date == nil && read(v).warning == nil)
        }
    }

    @Test func whatCannotBeReadIsSaid() throws {
        let cases: [(JSONValue, String)] = [
            (.string("yesterday"), #""published" is "yesterday", which is not a date"#),
            (.number(2016), "is the number 2016, which is not a Unix time"),
            (.number(-5), "is the number -5"),
            (.bool(true), "is a boolean, not a date"),
            (.array([]), "is an array, not a date"),
        ]
        for (value, said) in cases {
            let d = read(value)
            #expect(d.date == nil)
            let w = try #require(d.warning)
            #expect(w.contains(said), "\(w)")
            #expect(w.hasSuffix("the article is taken as undated"))
            #expect(JSONDate.wrote(w))
        }
        #expect(!JSONDate.wrote("the JSON line had 2 bytes that are not UTF-8"))
        // What is left unknown depends on the field.
        let updated = try #require(JSONDate(.string("soon"), field: "updated").warning)
        #expect(updated.hasSuffix("the article's update time is left unknown") && JSONDate.wrote(updated))
        let fetched = try #require(JSONDate(.string("soon"), field: "fetched_at").warning)
        #expect(fetched.hasSuffix("the crawl time is left unknown") && JSONDate.wrote(fetched))
    }

    @Test func anAmbiguousDayIsReadMonthFirstAndSaid() throws {
        let d = read(.string("05/03/2016"))
        #expect(d.date?.iso8601 == "2016-05-03")
        let w = try #require(d.warning)
        #expect(w.contains("read month first as 2016-05-03"))
        #expect(JSONDate.wrote(w))
        // Only one reading: no warning.
        #expect(read(.string("13/03/2016")).warning == nil)
        #expect(read(.string("13/03/2016")).date?.iso8601 == "2016-03-13")
    }

    @Test func aHostileValueIsQuotedShortAndEscaped() throws {
        let long = String(repeating: "x", count: 10_000) + "\u{1B}[31m"
        let w = try #require(read(.string(long)).warning)
        #expect(w.count < 200)
        #expect(w.contains("…"))
        let control = try #require(read(.string("not\u{1B}[2J a \"date\"")).warning)
        #expect(!control.contains("\u{1B}"))
        #expect(control.contains(#"not\u{1b}[2J a \"date\""#))
        // An 8-bit CSI and a right-to-left override are escaped too.
        let c1 = try #require(read(.string("x\u{9B}31m \u{202E}etad")).warning)
        #expect(!c1.unicodeScalars.contains { $0.value == 0x9B || $0.value == 0x202E })
        #expect(c1.contains(#"x\u{9b}31m \u{202e}etad"#))
    }

    /// The article reader and the fingerprint's fast path (`dedup`) read a line's date alike.
    @Test func bothReadersOfALineAgree() throws {
        for published in [#""Tue, 03 May 2016 14:22:00 GMT""#, "1462285320", #""yesterday""#, #""05/03/2016""#] {
            let line = #"{"id": "a", "text": "The council met.", "published": \#(published), "updated": "soon"}"#
            let record = InputRecord(
                ordinal: 0, locator: "in.jsonl:1", source: "in.jsonl",
                content: .jsonLine(Array(line.utf8), fallbackID: "in:1"))
            let article = try ArticleSource.article(from: record, extractor: PageExtractor(), jsonLines: .articles).get()
            let doc = try ArticleSource.text(of: record, extractor: PageExtractor()).get()
            #expect(article.published == doc.published, "\(published)")
            #expect(article.warnings.filter(JSONDate.wrote).contains { $0.hasPrefix("\"updated\"") })
            let onPublished = article.warnings.filter { $0.hasPrefix("\"published\"") }
            #expect(onPublished == doc.warnings, "\(published)")
        }
    }

    /// A key written twice gives its last value to every reader of the line, as `dedup`'s
    /// scanner always did, so `dedup` and `stories` date the line alike.
    @Test func aRepeatedKeyReadsTheSameEverywhere() throws {
        for (first, last) in [("junk", "2016-05-04"), ("2016-05-04", "junk")] {
            let line = #"{"id": "d", "text": "The council met.", "published": "\#(first)", "published": "\#(last)"}"#
            let record = InputRecord(
                ordinal: 0, locator: "in.jsonl:1", source: "in.jsonl", content: .jsonLine(Array(line.utf8), fallbackID: "in:1"))
            let read = try ArticleSource.reading(from: record, extractor: PageExtractor(), jsonLines: .articlesOrPages).get()
            let doc = try ArticleSource.text(of: record, extractor: PageExtractor()).get()
            #expect(read.article.published == doc.published)
            #expect(read.dateWarnings == doc.warnings)
            #expect(read.article.published?.iso8601 == (last == "junk" ? nil : last))
        }
    }

    /// Warnings the input's own `warnings` carried are kept on the article but never printed as
    /// this read's: a line `extract` wrote, read again, says nothing new, and a hostile
    /// `warnings` array cannot reach the terminal.
    @Test func warningsCarriedByTheInputAreNotThisReadsWarnings() throws {
        let carried = "\u{1B}[2Jfake: the article is taken as undated"
        let line = #"{"id": "w", "text": "The council met.", "published": "2016-05-02", "warnings": ["\#(carried)"]}"#
        let record = InputRecord(
            ordinal: 0, locator: "in.jsonl:1", source: "in.jsonl", content: .jsonLine(Array(line.utf8), fallbackID: "in:1"))
        let read = try ArticleSource.reading(from: record, extractor: PageExtractor(), jsonLines: .articlesOrPages).get()
        #expect(read.article.warnings == [carried])
        #expect(read.dateWarnings.isEmpty)
    }

    @Test func aPageLineSaysWhenItsCrawlDateCannotBeRead() throws {
        let line = #"{"id": "p", "html": "<p>x</p>", "fetched_at": "Thursday"}"#
        let page = try InputRecord.page(
            fromJSONLine: Array(line.utf8), fallbackID: "p", source: "in.jsonl", locator: "in.jsonl:1")
        #expect(page.crawled == nil)
        #expect(page.warnings.contains { $0.hasPrefix(#""fetched_at" is "Thursday""#) })
        let rfc = #"{"id": "p", "html": "<p>x</p>", "crawled": "Thu, 05 May 2016 08:00:00 GMT"}"#
        let dated = try InputRecord.page(
            fromJSONLine: Array(rfc.utf8), fallbackID: "p", source: "in.jsonl", locator: "in.jsonl:1")
        #expect(dated.crawled?.iso8601 == "2016-05-05T08:00:00Z")
        // `fetched_at: null` is no date given: `crawled` is read.
        let null = #"{"id": "p", "html": "<p>x</p>", "fetched_at": null, "crawled": "2016-05-03T10:00:00Z"}"#
        let fallback = try InputRecord.page(
            fromJSONLine: Array(null.utf8), fallbackID: "p", source: "in.jsonl", locator: "in.jsonl:1")
        #expect(fallback.crawled?.iso8601 == "2016-05-03T10:00:00Z")
        #expect(fallback.warnings.isEmpty)
    }

    /// `stories` names each record whose date it could not read, and the rest of the batch goes on.
    @Test func storiesNamesTheRecordsWhoseDateItCannotRead() throws {
        let dir = try temporaryFolder()
        let input = dir + "/in.jsonl"
        let text = "The city council approved the new budget on Tuesday after a long debate about schools."
        var lines: [String] = []
        for (i, date) in ["\"2016-05-03\"", "\"yesterday\"", "1462285320", "\"05/03/2016\""].enumerated() {
            lines.append(#"{"id": "r\#(i)", "text": "\#(text) \#(i)", "published": \#(date)}"#)
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: input))
        let run = try ResumeTests.newsfold(["stories", "--format", "jsonl", input, "-o", dir + "/out.jsonl"])
        #expect(run.status == 0)
        #expect(run.stderr.contains(#"in.jsonl:2: warning: "published" is "yesterday", which is not a date"#))
        #expect(run.stderr.contains("in.jsonl:4: warning: \"published\" \"05/03/2016\" could be day first"))
        #expect(!run.stderr.contains("in.jsonl:1:") && !run.stderr.contains("in.jsonl:3:"))
        let out = try String(contentsOfFile: dir + "/out.jsonl", encoding: .utf8)
        #expect(out.split(separator: "\n").count == 4)
        #expect(out.contains("\"published\":\"2016-05-03T14:22:00Z\""))
    }

    /// A fault on every record gives twenty lines and a count, from every command that reads
    /// dates; the records are all read.
    @Test func repeatedWarningsAreCountedNotFlooded() throws {
        let dir = try temporaryFolder()
        let input = dir + "/in.jsonl"
        var lines: [String] = []
        for i in 0..<30 {
            lines.append(#"{"id": "r\#(i)", "text": "Words of record \#(i) about the harbour and the ferry.", "published": "soon"}"#)
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: input))
        let runs: [(String, [String])] = [
            ("dedup", ["dedup", input, "-o", dir + "/groups.jsonl"]),
            ("sign", ["sign", input, "--output", dir + "/signed"]),
            ("ingest", ["ingest", "--db", dir + "/store.sqlite", input]),
        ]
        for (command, args) in runs {
            let run = try ResumeTests.newsfold(args)
            #expect(run.status == 0, "\(command): \(run.stderr)")
            let said = run.stderr.split(separator: "\n").filter { $0.contains(": warning: \"published\" is \"soon\"") }
            #expect(said.count == 20, "\(command)")
            #expect(said.first?.hasPrefix("newsfold \(command): \(input):1: warning:") == true, "\(command)")
            #expect(run.stderr.contains("newsfold \(command): 10 more record warnings like those above, not shown"))
            #expect(run.stderr.contains("30 records"), "\(command): \(run.stderr)")
        }
    }
}
