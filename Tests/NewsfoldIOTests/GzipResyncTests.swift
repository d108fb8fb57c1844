import Foundation
import NewsfoldCore
import Testing

@testable import NewsfoldIO

/// A gzip file of many members (a WARC.gz holds one per record; `cat a.gz b.gz` two) goes on
/// at the next member after a corrupt one, and says what it skipped: one bad member no longer
/// loses every record after it.
@Suite struct GzipResyncTests {
    /// Members of two JSONL lines each, `lines(k)` for member k.
    static func members(_ count: Int) throws -> [[UInt8]] {
        try (0..<count).map { k in
            try Gzip.compress(Array((0..<2).map { "{\"id\":\"m\(k)l\($0)\",\"text\":\"member \(k) line \($0)\"}\n" }.joined().utf8))
        }
    }

    @Test func aBadChecksumSkipsToTheNextMember() throws {
        let dir = try temporaryFolder(), path = dir + "/crc.jsonl.gz"
        var m = try Self.members(3)
        m[1][m[1].count - 6] ^= 0xFF  // the CRC-32 of member 1 (zlib reads it whole): its lines come out, then the error
        try write(m.flatMap { $0 }, to: path)
        let s = recordSummary(try readInput(path).records)
        #expect(s.filter { $0 == "json" }.count == 6, "\(s)")
        #expect(s.count == 7)
        let last = try #require(s.last)
        #expect(last.hasPrefix("failure \(path): corrupt gzip data: incorrect data check in the gzip member at compressed byte \(m[0].count)"))
        #expect(last.contains("skipped to the next member (at byte \(m[0].count + m[1].count))"))
        // Its lines were all read: the message must not call them lost.
        #expect(last.contains("its records were read, but may be damaged") && !last.contains("lost"))
    }

    @Test func corruptDataInAMemberLosesOnlyThatMember() throws {
        let dir = try temporaryFolder(), path = dir + "/data.jsonl.gz"
        var m = try Self.members(4)
        for i in 10..<(m[1].count - 8) { m[1][i] = 0xFF }  // the deflate data of member 1
        try write(m.flatMap { $0 }, to: path)
        let records = try readInput(path).records
        var ids: [String] = []
        for r in records {
            if case .jsonLine(let line, _) = r.content, let id = try? JSONValue.parse(line)["id"]?.string { ids.append(id) }
        }
        #expect(ids == ["m0l0", "m0l1", "m2l0", "m2l1", "m3l0", "m3l1"])
        #expect(recordSummary(records).filter { $0.hasPrefix("failure") && $0.contains("skipped") }.count >= 1)
    }

    /// The search for the next member across reads: with reads of a few bytes, the corrupt
    /// member's start lies reads behind (a seek back), and a header is split between two reads
    /// (the bytes kept from the last one).
    @Test func resyncWorksAcrossSmallReads() throws {
        let dir = try temporaryFolder(), path = dir + "/small.jsonl.gz"
        var m = try Self.members(6)
        for i in 10..<(m[2].count - 8) { m[2][i] = 0xFF }
        try write(m.flatMap { $0 }, to: path)
        let expected = [0, 1, 3, 4, 5].flatMap { k in (0..<2).map { "{\"id\":\"m\(k)l\($0)\",\"text\":\"member \(k) line \($0)\"}" } }
        for chunk in [7, 10, 16, 64] {
            let source = try ByteSource(path: path, chunkSize: chunk, inflatedChunkSize: 16)
            let text = String(decoding: try source.readAll(limit: 1 << 20), as: UTF8.self)
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines == expected, "chunk \(chunk): \(lines)")
            #expect(source.skipped.count == 1, "chunk \(chunk): \(source.skipped)")
            #expect(source.skipped.first?.contains("gzip member at compressed byte \(m[0].count + m[1].count)") == true)
        }
    }

    @Test func noLaterMemberIsTheErrorAsBefore() throws {
        let dir = try temporaryFolder(), path = dir + "/end.jsonl.gz"
        var m = try Self.members(2)
        m[1][m[1].count - 6] ^= 0xFF
        try write(m.flatMap { $0 }, to: path)
        let s = recordSummary(try readInput(path).records)
        #expect(s.filter { $0 == "json" }.count == 4)
        #expect(s.last?.hasPrefix("failure \(path): corrupt gzip data: incorrect data check") == true)
        #expect(s.last?.contains("skipped") == false)
    }

    @Test func aWARCGzipGoesOnAfterACorruptRecord() throws {
        let dir = try temporaryFolder(), path = dir + "/bad.warc.gz"
        let records = try WARCFixture.records()
        var members = try records.map { try Gzip.compress($0) }
        let bad = 2  // the first response
        for i in 10..<(members[bad].count - 8) { members[bad][i] ^= 0x5A }
        try write(members.flatMap { $0 }, to: path)
        let s = recordSummary(try readInput(path).records)
        #expect(s.contains("page urn:uuid:wet-1"), "the record after the corrupt one is read: \(s)")
        #expect(s.contains { $0.hasPrefix("failure \(path): corrupt gzip data") && $0.contains("skipped") })
    }

    /// The ids of the JSON lines read, and the failures.
    static func read(_ path: String) throws -> (ids: [String], failures: [String]) {
        var ids: [String] = [], failures: [String] = []
        for r in try readInput(path).records {
            switch r.content {
            case .jsonLine(let line, _):
                if let id = try? JSONValue.parse(line)["id"]?.string { ids.append(id) } else { failures.append("unparsed line") }
            case .failure(let m): failures.append(m)
            default: break
            }
        }
        return (ids, failures)
    }

    /// zlib may decode a corrupt member's garbage far past the next members' headers before it
    /// notices: the search for the next member starts at the corrupt member, not where zlib
    /// stopped, and the member's cut last line is not glued to the next member's first.
    @Test func membersThatZlibReadPastAreReadAgain() throws {
        let dir = try temporaryFolder(), path = dir + "/partial.jsonl.gz"
        var m = try (0..<4).map { k in
            try Gzip.compress(Array((0..<400).map {
                "{\"id\":\"m\(k)l\($0)\",\"text\":\"member \(k) line \($0) \(String(repeating: "w\($0 * 7919 % 1000) ", count: 5))\"}\n"
            }.joined().utf8))
        }
        let n = m[1].count
        for i in (n / 2)..<(n - 8) { m[1][i] = 0xFF }
        try write(m.flatMap { $0 }, to: path)
        let (ids, failures) = try Self.read(path)
        for k in [0, 2, 3] { #expect(ids.filter { $0.hasPrefix("m\(k)l") }.count == 400, "member \(k): \(failures)") }
        #expect(ids.filter { $0.hasPrefix("m1l") }.count < 400)
        #expect(failures.contains { $0.contains("skipped to the next member") })
    }

    @Test func aWARCRecordAfterAPartlyCorruptOneIsRead() throws {
        let dir = try temporaryFolder(), path = dir + "/p.warc.gz"
        var members = try (0..<4).map { k -> [UInt8] in
            let body = Array(WARCFixture.html("Page \(k) " + (0..<300).map { "w\($0 * 31 % 997)" }.joined(separator: " ")).utf8)
            return try Gzip.compress(WARCFixture.record(
                "response", id: "p\(k)", uri: "https://x.example/\(k)", contentType: "application/http; msgtype=response",
                block: WARCFixture.http(headers: ["Content-Type: text/html"], body: body)))
        }
        let n = members[1].count
        for i in (n / 2)..<(n - 8) { members[1][i] = 0xFF }
        try write(members.flatMap { $0 }, to: path)
        let s = recordSummary(try readInput(path).records)
        for k in [0, 2, 3] { #expect(s.contains("page urn:uuid:p\(k)"), "\(s)") }
    }

    /// A file of fake gzip headers: each fails at once and no output comes between them, so
    /// they make one skipped stretch, in bounded memory.
    @Test func fakeHeadersMakeOneStretch() throws {
        let dir = try temporaryFolder(), path = dir + "/flood.jsonl.gz"
        var bytes = try Gzip.compress(Array(#"{"id":"a","text":"x"}\#n"#.utf8))
        for _ in 0..<20_000 { bytes += [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 3] }
        bytes += try Gzip.compress(Array(#"{"id":"b","text":"y"}\#n"#.utf8))
        try write(bytes, to: path)
        let (ids, failures) = try Self.read(path)
        #expect(ids == ["a", "b"])
        #expect(failures.count <= 2, "\(failures.count) failures")
    }
}
