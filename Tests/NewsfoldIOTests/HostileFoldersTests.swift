import Foundation
import NewsfoldCore
import NewsfoldExtract
import Testing

@testable import NewsfoldIO

/// Input that a folder walk or a JSONL line can hide badly: a FIFO (which would block the
/// read forever), links to folders, to nothing and in loops, a byte-order mark, bytes that are
/// not UTF-8. Each is read or named, never skipped in silence.
@Suite struct HostileFoldersTests {
    static let page = "Council expands bus network\nThe council voted on Tuesday to expand the bus network across the northern districts of the town, ending years of debate."

    /// Every record of `paths`: the good ones by locator, the failures by message.
    func read(_ paths: [String]) throws -> (records: [String], failures: [String]) {
        var records: [String] = [], failures: [String] = []
        try InputReader(paths: paths).forEach { r in
            if case .failure(let m) = r.content { failures.append(m) } else { records.append(r.locator) }
        }
        return (records, failures)
    }

    @Test func aFIFOInsideAFolderIsNamedNotOpened() throws {
        let dir = try temporaryFolder()
        try write(Array(Self.page.utf8), to: dir + "/a.txt")
        #expect(mkfifo(dir + "/pipe", 0o600) == 0)
        let (records, failures) = try read([dir])  // would block forever if the FIFO were opened
        #expect(records == [dir + "/a.txt"])
        #expect(failures.count == 1 && failures[0].contains("pipe") && failures[0].contains("not a regular file"))
    }

    @Test func linksAreFollowedOnceAndBrokenOnesNamed() throws {
        let dir = try temporaryFolder(), elsewhere = try temporaryFolder()
        for i in 0..<3 { try write(Array(Self.page.utf8), to: elsewhere + "/p\(i).txt") }
        try write(Array(Self.page.utf8), to: dir + "/own.txt")
        let fm = FileManager.default
        try fm.createSymbolicLink(atPath: dir + "/linked", withDestinationPath: elsewhere)
        try fm.createSymbolicLink(atPath: dir + "/one.txt", withDestinationPath: elsewhere + "/p0.txt")
        try fm.createSymbolicLink(atPath: dir + "/dangling", withDestinationPath: dir + "/nothing-here")
        try fm.createSymbolicLink(atPath: dir + "/self", withDestinationPath: dir + "/self")
        try fm.createSymbolicLink(atPath: dir + "/linked/back", withDestinationPath: dir)
        let (records, failures) = try read([dir])
        #expect(Set(records) == Set([dir + "/own.txt", dir + "/one.txt"] + (0..<3).map { dir + "/linked/p\($0).txt" }))
        #expect(failures.count == 3, "\(failures)")
        #expect(failures.contains { $0.contains("dangling") && $0.contains("symbolic link to nothing") })
        #expect(failures.contains { $0.contains("/self") && $0.contains("symbolic link to nothing") })
        #expect(failures.contains { $0.contains("back") && $0.contains("same folder as one already read") })
    }

    @Test func aByteOrderMarkBeforeTheFirstLineIsNotJSON() throws {
        let dir = try temporaryFolder()
        let lines = [#"{"id":"a","text":"one"}"#, #"{"id":"b","text":"two"}"#].joined(separator: "\n")
        try write([0xEF, 0xBB, 0xBF] + Array(lines.utf8), to: dir + "/bom.jsonl")
        var ids: [String] = []
        try InputReader(paths: [dir + "/bom.jsonl"]).forEach { r in
            guard case .jsonLine(let line, let fallback) = r.content else { Issue.record("\(r.content)"); return }
            ids.append(try InputRecord.page(fromJSONLine: line, fallbackID: fallback, source: r.source, locator: r.locator).id)
        }
        #expect(ids == ["a", "b"])
    }

    @Test func aJSONLineThatIsNotUTF8SaysSo() throws {
        let good = Array(#"{"id":"g","text":"Caf\u00e9 opens"}"#.utf8)
        #expect(try InputRecord.page(fromJSONLine: good, fallbackID: "x", source: "s", locator: "s:1").warnings.isEmpty)
        let text = Self.page.replacingOccurrences(of: "\n", with: "\\n")
        let bad = Array(#"{"id":"b","text":"Caf"#.utf8) + [0xE9] + Array(" opens. \(text)\"}".utf8)
        let page = try InputRecord.page(fromJSONLine: bad, fallbackID: "x", source: "s", locator: "s:2")
        #expect(page.warnings.count == 1 && page.warnings[0].contains("not valid UTF-8") && page.warnings[0].contains("byte 21"))
        let article = try PageExtractor().extract(page)
        #expect(article.warnings.contains(page.warnings[0]))
    }

    @Test func compressionWeDoNotReadIsNamed() throws {
        let dir = try temporaryFolder()
        let jsonl = Array(#"{"id":"a","text":"one"}"#.utf8)
        let files: [(String, [UInt8], String)] = [
            ("a.jsonl.bz2", Array("BZh91AY&SY".utf8) + [0, 1, 2, 0], "compressed with bzip2"),
            ("a.jsonl.xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0, 4], "compressed with xz"),
            ("a.jsonl.zst", [0x28, 0xB5, 0x2F, 0xFD, 0, 0], "compressed with zstd"),
            ("a.zip", [0x50, 0x4B, 0x03, 0x04, 0, 0], "a zip archive"),
            ("a.jsonl.gz.gz", try Gzip.compress(try Gzip.compress(jsonl)), "gzip inside gzip"),
        ]
        for (name, bytes, said) in files {
            try write(bytes, to: dir + "/" + name)
            let (records, failures) = try read([dir + "/" + name])
            #expect(records.isEmpty && failures.count == 1, "\(name)")
            #expect(failures.first?.contains(said) == true && failures.first?.contains("decompress it first") == true, "\(name): \(failures)")
        }
        // Text that merely starts with "BZh" is text.
        try write(Array("BZh9 is not a word\n".utf8), to: dir + "/t.txt")
        #expect(try read([dir + "/t.txt"]).failures.allSatisfy { !$0.contains("bzip2") })
    }

    @Test func fieldsOfTheWrongKindAreNamed() throws {
        func page(_ line: String) throws(RecordError) -> Page {
            try InputRecord.page(fromJSONLine: Array(line.utf8), fallbackID: "f:3", source: "f", locator: "f:3")
        }
        #expect { _ = try page(#"{"id":"a","text":123}"#) } throws: { "\($0)".contains(#"record a: "text" is a number, not a string"#) }
        #expect { _ = try page(#"{"id":"a","html":["x"]}"#) } throws: { "\($0)".contains(#""html" is an array, not a string"#) }
        let named = try page(#"{"id":["x"],"text":"Some words"}"#)
        #expect(named.id == "f:3")
        #expect(named.warnings == [#""id" is an array, not a string or number: the record is named f:3"#])
        #expect(try page(#"{"id":7,"text":"Some words"}"#).warnings.isEmpty)
        #expect(try page(#"{"id":null,"html":null,"text":"Some words"}"#).warnings.isEmpty)
    }

    /// Two paths to one folder: the real one is read and the link reported, whatever order the
    /// file system lists them in.
    @Test func theRealFolderIsReadAndTheLinkReported() throws {
        let dir = try temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir + "/z-real", withIntermediateDirectories: true)
        try write(Array(Self.page.utf8), to: dir + "/z-real/p.txt")
        try FileManager.default.createSymbolicLink(atPath: dir + "/a-link", withDestinationPath: dir + "/z-real")
        let (records, failures) = try read([dir])
        #expect(records == [dir + "/z-real/p.txt"])
        #expect(failures.count == 1 && failures[0].hasPrefix(dir + "/a-link: the same folder"))
    }

    /// `-o` into a folder that the input folder links to would be read while it is written.
    @Test func anOutputReachedThroughALinkIsRefused() throws {
        let input = try temporaryFolder(), elsewhere = try temporaryFolder()
        try write(Array(Self.page.utf8), to: input + "/p.txt")
        try FileManager.default.createSymbolicLink(atPath: input + "/more", withDestinationPath: elsewhere)
        let reader = InputReader(paths: [input])
        #expect(reader.conflict(withOutput: elsewhere + "/out.jsonl")?.contains("links to") == true)
        try write([], to: elsewhere + "/existing.jsonl")
        #expect(reader.conflict(withOutput: elsewhere + "/existing.jsonl") != nil)
        #expect(reader.conflict(withOutput: try temporaryFolder() + "/out.jsonl") == nil)
    }
}
