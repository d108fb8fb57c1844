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
        #expect(last.hasPrefix("failure \(path): corrupt gzip data: incorrect data check at compressed byte \(m[0].count + m[1].count - 4)"))
        #expect(last.contains("to the next gzip member (at byte \(m[0].count + m[1].count))"))
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
}
