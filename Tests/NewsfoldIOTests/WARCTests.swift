import Foundation
import Testing

import NewsfoldCore
import NewsfoldExtract
@testable import NewsfoldIO

/// A tiny WARC written here, record by record (no third-party crawl data).
enum WARCFixture {
    static let prose = """
        The council voted on Tuesday to expand the bus network across the northern districts of the town.
        Officials said the plan would cost about 40 million dollars over five years and add twelve new routes.
        Residents who spoke at the café meeting were divided, with some warning about noise and others welcoming it.
        """

    /// One WARC record: version line, header, block, and the two CRLFs after it.
    static func record(_ type: String, id: String, uri: String? = nil, date: String = "2024-03-05T10:20:30Z",
                       contentType: String? = nil, block: [UInt8]) -> [UInt8] {
        var head = "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Record-ID: <urn:uuid:\(id)>\r\nWARC-Date: \(date)\r\n"
        if let uri { head += "WARC-Target-URI: \(uri)\r\n" }
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        head += "Content-Length: \(block.count)\r\n\r\n"
        return Array(head.utf8) + block + Array("\r\n\r\n".utf8)
    }

    /// An HTTP response block.
    static func http(status: String = "200 OK", headers: [String], body: [UInt8]) -> [UInt8] {
        Array(("HTTP/1.1 \(status)\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n").utf8) + body
    }

    static func html(_ title: String) -> String {
        "<html><head><title>\(title)</title></head><body><article><p>"
            + prose.replacingOccurrences(of: "\n", with: "</p><p>") + "</p></article></body></html>"
    }

    /// warcinfo, request, response (HTML in ISO-8859-1), response 404, response image/png,
    /// response chunked + gzip, WET conversion: one array per record.
    static func records() throws -> [[UInt8]] {
        let latin1 = Array(html("Bus plan").unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
        let zipped = try Gzip.compress(Array(html("Zipped bus plan").utf8))
        let chunked = Array("\(String(zipped.count - 10, radix: 16))\r\n".utf8) + zipped.prefix(zipped.count - 10)
            + Array("\r\n\(String(10, radix: 16));ext=1\r\n".utf8) + zipped.suffix(10) + Array("\r\n0\r\n\r\n".utf8)
        return [
            record("warcinfo", id: "info", contentType: "application/warc-fields",
                   block: Array("software: newsfold-tests\r\nformat: WARC File Format 1.1\r\n".utf8)),
            record("request", id: "req-1", uri: "https://news.example/bus", contentType: "application/http; msgtype=request",
                   block: Array("GET /bus HTTP/1.1\r\nHost: news.example\r\n\r\n".utf8)),
            record("response", id: "resp-1", uri: "https://news.example/bus",
                   contentType: "application/http; msgtype=response",
                   block: http(headers: ["Content-Type: text/html; charset=ISO-8859-1", "Content-Length: \(latin1.count)"], body: latin1)),
            record("response", id: "resp-404", uri: "https://news.example/gone",
                   contentType: "application/http; msgtype=response",
                   block: http(status: "404 Not Found", headers: ["Content-Type: text/html"], body: Array("<p>gone</p>".utf8))),
            record("response", id: "resp-png", uri: "https://news.example/logo.png",
                   contentType: "application/http; msgtype=response",
                   block: http(headers: ["Content-Type: image/png"], body: [0x89, 0x50, 0x4E, 0x47, 0, 1, 2])),
            record("response", id: "resp-zip", uri: "https://news.example/zip", date: "2024-03-06T00:00:00Z",
                   contentType: "application/http; msgtype=response",
                   block: http(headers: ["Content-Type: text/html; charset=\"utf-8\"", "Transfer-Encoding: chunked",
                                         "Content-Encoding: gzip"], body: chunked)),
            record("conversion", id: "wet-1", uri: "https://news.example/bus", contentType: "text/plain",
                   block: Array(("Council expands bus network\n" + prose).utf8)),
        ]
    }
}

/// Notes an ``InputReader`` gives, collected for a test.
final class CollectedNotes: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var all: [String] { lock.withLock { lines } }
    func add(_ s: String) { lock.withLock { lines.append(s) } }
}

/// Reads `path` with an ``InputReader`` and returns its records and notes.
func readInput(_ path: String, maxPageBytes: Int = 1 << 20) throws -> (records: [InputRecord], notes: [String]) {
    let notes = CollectedNotes()
    var reader = InputReader(paths: [path], maxPageBytes: maxPageBytes)
    reader.note = { notes.add($0) }
    var records: [InputRecord] = []
    try reader.forEach { records.append($0) }
    return (records, notes.all)
}

/// `page id` or `failure message` per record, to compare.
func recordSummary(_ records: [InputRecord]) -> [String] {
    records.map { r in
        switch r.content {
        case .page(let p): return "page \(p.id)"
        case .failure(let m): return "failure \(m)"
        case .jsonLine: return "json"
        }
    }
}

@Suite struct WARCTests {
    @Test func readsPagesAndConversionsAndCountsWhatIsSkipped() throws {
        let dir = try temporaryFolder()
        let path = dir + "/crawl.warc"
        try write(try WARCFixture.records().flatMap { $0 }, to: path)
        let (records, notes) = try readInput(path)
        #expect(recordSummary(records) == ["page urn:uuid:resp-1", "page urn:uuid:resp-zip", "page urn:uuid:wet-1"])
        #expect(records.map(\.locator) == [path + "#3", path + "#6", path + "#7"])
        #expect(records.allSatisfy { $0.source == path })
        #expect(notes == [
            "\(path): skipped 2 WARC records that are not pages: 1 not HTML or text (image/png 1), "
                + "1 with HTTP status other than 2xx (404 1)"
        ])

        let pages = records.compactMap { r -> Page? in if case .page(let p) = r.content { return p } else { return nil } }
        #expect(pages.map(\.url) == ["https://news.example/bus", "https://news.example/zip", "https://news.example/bus"])
        #expect(pages.map { $0.crawled?.iso8601 } == ["2024-03-05T10:20:30Z", "2024-03-06T00:00:00Z", "2024-03-05T10:20:30Z"])
        #expect(pages.map(\.declaredCharset) == ["ISO-8859-1", "utf-8", "UTF-8"])
        #expect(pages.map(\.declaredKind) == [.html, .html, .text])

        // The charset from the HTTP header decodes the Latin-1 byte; chunks and gzip are undone.
        let articles = try pages.map { try PageExtractor().extract($0) }
        #expect(articles[0].title == "Bus plan")
        #expect(articles[0].text.contains("café meeting"))
        #expect(articles[1].title == "Zipped bus plan")
        #expect(articles[1].text.contains("café meeting"))
        #expect(articles[2].text.contains("café meeting"))
        #expect(articles.map(\.id) == ["urn:uuid:resp-1", "urn:uuid:resp-zip", "urn:uuid:wet-1"])
    }

    @Test func gzipPerRecordReadsTheSameAndATruncatedLastMemberIsOneError() throws {
        let dir = try temporaryFolder()
        let members = try WARCFixture.records().map { try Gzip.compress($0) }
        let whole = dir + "/crawl.warc.gz"
        try write(members.flatMap { $0 }, to: whole)
        let (records, _) = try readInput(whole)
        #expect(recordSummary(records) == ["page urn:uuid:resp-1", "page urn:uuid:resp-zip", "page urn:uuid:wet-1"])

        // The last member (the WET conversion) cut in the middle: the pages before it come
        // through, and one error names the file and the record.
        let cut = dir + "/cut.warc.gz"
        let last = members[members.count - 1]
        try write(members.dropLast().flatMap { $0 } + last.prefix(last.count / 2), to: cut)
        let (partial, _) = try readInput(cut)
        let s = recordSummary(partial)
        #expect(s.count == 3)
        #expect(s.prefix(2) == ["page urn:uuid:resp-1", "page urn:uuid:resp-zip"])
        #expect(s[2].hasPrefix("failure \(cut)#7: truncated"))
        #expect(s[2].contains("truncated gzip"))

        // Cut right after a member boundary (a few bytes of the next gzip header): the error
        // names the file and the last record read.
        let cutBetween = dir + "/between.warc.gz"
        try write(members.dropLast().flatMap { $0 } + last.prefix(5), to: cutBetween)
        let (between, _) = try readInput(cutBetween)
        #expect(recordSummary(between).count == 3)
        #expect(recordSummary(between)[2].hasPrefix("failure \(cutBetween): after record 6: truncated gzip"))
    }

    @Test func contentLengthPastTheEndIsAnErrorNamingTheRecord() throws {
        let dir = try temporaryFolder()
        let path = dir + "/short.warc"
        let records = try WARCFixture.records()
        let last = records[records.count - 1]
        try write(records.dropLast().flatMap { $0 } + last.prefix(last.count - 40), to: path)
        let (read, _) = try readInput(path)
        let s = recordSummary(read)
        #expect(s.count == 3)
        #expect(s[2].hasPrefix("failure \(path)#7: truncated: Content-Length is"))
    }

    /// Writes records one after the other, each its own gzip member when `gzip`.
    static func writeRecords(_ records: [[UInt8]], gzip: Bool, to path: String) throws {
        try write(gzip ? try records.map { try Gzip.compress($0) }.flatMap { $0 } : records.flatMap { $0 }, to: path)
    }

    /// A record whose header states `length` instead of its block's real length.
    static func misframed(_ record: [UInt8], length: Int) -> [UInt8] {
        let text = String(decoding: record, as: UTF8.self)
        let header = text.components(separatedBy: "\r\n\r\n")[0]
        let real = header.components(separatedBy: "Content-Length: ")[1]
        return Array(text.replacingOccurrences(of: "Content-Length: \(real)\r\n", with: "Content-Length: \(length)\r\n").utf8)
    }

    @Test func contentLengthIntoTheNextRecordResynchronisesOnItsHeader() throws {
        let dir = try temporaryFolder()
        let path = dir + "/long.warc"
        let records = try WARCFixture.records()
        let block = WARCFixture.http(headers: ["Content-Type: text/html"], body: Array(WARCFixture.html("Bad").utf8))
        let bad = Self.misframed(WARCFixture.record("response", id: "bad", block: block), length: block.count + 60)
        try write(records[0] + bad + records[2] + records[6], to: path)
        let s = recordSummary(try readInput(path).records)
        #expect(s.count == 3)
        #expect(s[0].hasPrefix("failure \(path)#2: record at byte \(records[0].count): its Content-Length (\(block.count + 60) bytes)"))
        #expect(s[0].contains("the next WARC header is at byte \(records[0].count + bad.count)"))
        #expect(s[1] == "page urn:uuid:resp-1")
        #expect(s[2] == "page urn:uuid:wet-1")
    }

    @Test func contentLengthPastTheEndOfTheFileLosesNoLaterRecord() throws {
        let dir = try temporaryFolder()
        let path = dir + "/past.warc.gz"
        let records = try WARCFixture.records()
        let block = WARCFixture.http(headers: ["Content-Type: text/html"], body: Array(WARCFixture.html("Bad").utf8))
        let bad = Self.misframed(WARCFixture.record("response", id: "bad", block: block), length: 200_000)
        try Self.writeRecords([records[0], bad, records[2], records[6]], gzip: true, to: path)
        let s = recordSummary(try readInput(path).records)
        #expect(s.count == 3)
        #expect(s[0].hasPrefix("failure \(path)#2: record at byte \(records[0].count): its Content-Length (200000 bytes)"))
        #expect(s[1] == "page urn:uuid:resp-1")
        #expect(s[2] == "page urn:uuid:wet-1")
    }

    @Test func recordOverTheLimitIsSkippedAndTheNextOneRead() throws {
        let dir = try temporaryFolder()
        let path = dir + "/big.warc"
        let big = WARCFixture.record(
            "response", id: "big", uri: "https://news.example/big",
            block: WARCFixture.http(headers: ["Content-Type: text/html"], body: [UInt8](repeating: 0x41, count: 50_000)))
        let records = try WARCFixture.records()
        try write(records[0] + big + records[2], to: path)
        let (read, _) = try readInput(path, maxPageBytes: 20_000)
        let s = recordSummary(read)
        #expect(s.count == 2)
        #expect(s[0].hasPrefix("failure \(path)#2: response record of 50"))
        #expect(s[0].contains("over the 20000-byte limit"))
        #expect(s[1] == "page urn:uuid:resp-1")
    }

    /// A record claiming more than the page limit, over what it really holds: the skip stops
    /// at the next record, plain or gzip, whether the lie is found in the first chunk or later.
    @Test(arguments: [false, true], [0, 300_000])
    func recordClaimingAGigabyteLosesNoLaterRecord(gzip: Bool, padding: Int) throws {
        let dir = try temporaryFolder()
        let path = dir + "/lie-\(padding).warc" + (gzip ? ".gz" : "")
        let records = try WARCFixture.records()
        let block = WARCFixture.http(headers: ["Content-Type: text/html"], body: [UInt8](repeating: 0x42, count: padding))
        let lie = Self.misframed(WARCFixture.record("response", id: "lie", block: block), length: 1 << 30)
        let parts = [records[0], lie, records[2], records[6]]
        try Self.writeRecords(parts, gzip: gzip, to: path)
        let s = recordSummary(try readInput(path, maxPageBytes: 100_000).records)
        #expect(s.count == 3)
        #expect(s[0].hasPrefix("failure \(path)#2: response record of 1073741824 bytes is over the 100000-byte limit"))
        #expect(s[0].contains("runs into the next WARC header, at byte \(records[0].count + lie.count)"))
        #expect(s[1] == "page urn:uuid:resp-1")
        #expect(s[2] == "page urn:uuid:wet-1")
    }

    /// A record that is not a page (warcinfo) with a lying length is reported, not followed.
    @Test func warcinfoWithALyingLengthIsReportedAndTheRestRead() throws {
        let dir = try temporaryFolder()
        let path = dir + "/info.warc"
        let records = try WARCFixture.records()
        let lie = Self.misframed(records[0], length: 5_000_000)
        try write(lie + records[2] + records[6], to: path)
        let s = recordSummary(try readInput(path).records)
        #expect(s.count == 3)
        #expect(s[0].hasPrefix("failure \(path)#1: warcinfo record at byte 0: its Content-Length (5000000 bytes) runs into"))
        #expect(s[1] == "page urn:uuid:resp-1")
        #expect(s[2] == "page urn:uuid:wet-1")
    }

    /// A well-framed record over the limit, longer than a chunk, is skipped whole.
    @Test func longRecordOverTheLimitIsSkippedWhole() throws {
        let dir = try temporaryFolder()
        let path = dir + "/long.warc.gz"
        var body = [UInt8]()
        for i in 0..<40_000 { body += Array("line \(i) of text\r\n".utf8) }
        let big = WARCFixture.record("response", id: "big", block: WARCFixture.http(headers: ["Content-Type: text/html"], body: body))
        let records = try WARCFixture.records()
        try Self.writeRecords([records[0], big, records[2]], gzip: true, to: path)
        let s = recordSummary(try readInput(path, maxPageBytes: 100_000).records)
        #expect(s.count == 2)
        #expect(s[0].contains("over the 100000-byte limit (raise it with --max-page-bytes); skipped"))
        #expect(s[1] == "page urn:uuid:resp-1")
    }

    @Test func aBadRecordIsReportedAndReadingResumesAtTheNextOne() throws {
        let dir = try temporaryFolder()
        let path = dir + "/bad.warc"
        let records = try WARCFixture.records()
        let noLength = Array("WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:x>\r\n\r\nsome block\r\n\r\n".utf8)
        try write(records[0] + noLength + records[2] + Array("garbage line\r\n".utf8) + records[6], to: path)
        let (read, _) = try readInput(path)
        let s = recordSummary(read)
        #expect(s.count == 4)
        #expect(s[0].hasPrefix("failure \(path)#2: record at byte \(records[0].count) has no Content-Length"))
        #expect(s[1] == "page urn:uuid:resp-1")
        #expect(s[2].hasPrefix("failure \(path)#4: not a WARC record"))
        #expect(s[3] == "page urn:uuid:wet-1")
    }

    @Test func detectedByContentNotByName() throws {
        #expect(WARCReader.looksLikeWARC(Array("WARC/1.0\r\n".utf8)))
        #expect(WARCReader.looksLikeWARC(Array("WARC/1.1\r\n".utf8)))
        #expect(!WARCReader.looksLikeWARC(Array("<html>".utf8)))
        let dir = try temporaryFolder()
        let path = dir + "/no-extension"
        try write(try Gzip.compress(try WARCFixture.records()[2]), to: path)
        #expect(recordSummary(try readInput(path).records) == ["page urn:uuid:resp-1"])
    }

    @Test func chunkedBodiesAreJoined() {
        let body = Array("4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\n\r\n".utf8)
        #expect(WARCReader.dechunk(body) == Array("Wikipedia".utf8))
        #expect(WARCReader.dechunk(Array("zz\r\nabc".utf8)) == nil)
    }
}

@Suite struct GzipWriterTests {
    @Test func streamsInPiecesAndRoundTrips() throws {
        var out: [UInt8] = []
        let gz = try GzipWriter(level: 1) { out.append(contentsOf: $0) }
        var expected: [UInt8] = []
        for i in 0..<2000 {
            let piece = Array("line \(i) \(String(repeating: "x", count: i % 97))\n".utf8)
            expected += piece
            try gz.write(piece)
        }
        try gz.finish()
        #expect(gz.bytesIn == expected.count && gz.bytesOut == out.count)
        #expect(out.count < expected.count / 3)
        #expect(try Gzip.decompress(out) == expected)
    }

    @Test func writesThroughAnOutputSink() throws {
        let path = try temporaryFolder() + "/a.gz"
        let sink = try OutputSink(path: path)
        let gz = try GzipWriter(sink: sink)
        try gz.write(Array("hello\n".utf8))
        try gz.finish()
        try sink.close()
        #expect(try Gzip.decompress(Array(Data(contentsOf: URL(fileURLWithPath: path)))) == Array("hello\n".utf8))
    }
}
