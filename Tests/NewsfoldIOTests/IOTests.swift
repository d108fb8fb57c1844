import Foundation
import Testing

@testable import NewsfoldIO

/// A fresh temporary folder for one test.
func temporaryFolder() throws -> String {
    let dir = NSTemporaryDirectory() + "newsfold-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func write(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

@Suite struct GzipTests {
    @Test func roundTripsAndReadsConcatenatedMembers() throws {
        let a = Array("first member\n".utf8), b = Array(String(repeating: "second ", count: 5000).utf8)
        let both = try Gzip.compress(a) + Gzip.compress(b)
        #expect(try Gzip.decompress(both) == a + b)
    }

    @Test func truncatedGzipIsAnErrorNotSilence() throws {
        let full = try Gzip.compress(Array(String(repeating: "abcdefgh", count: 10_000).utf8))
        let cut = Array(full.prefix(full.count / 2))
        #expect(throws: GzipError.self) { try Gzip.decompress(cut) }
    }

    @Test func garbageIsCorrupt() {
        #expect(throws: GzipError.self) { try Gzip.decompress([0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4, 5]) }
    }

    @Test func limitStopsDecompression() throws {
        let big = try Gzip.compress([UInt8](repeating: 65, count: 1 << 20))
        #expect(throws: GzipError.tooLarge(limit: 1000)) { try Gzip.decompress(big, limit: 1000) }
    }
}

@Suite struct JSONTests {
    @Test func parsesValuesAndEscapes() throws {
        let v = try JSONValue.parse(Array(#" {"a": [1, -2.5e2, true, null], "b": "x\"y\\n\u00e9\ud83d\ude00", "c": {}} "#.utf8))
        #expect(v["a"] == .array([.number(1), .number(-250), .bool(true), .null]))
        #expect(v["b"]?.string == "x\"y\\n\u{e9}\u{1F600}")
        #expect(v["c"] == .object([]))
    }

    @Test func rejectsBadJSONWithOffset() {
        for bad in ["{", "{\"a\":}", "[1,,2]", "not json", "{\"a\":1} trailing", "\"open"] {
            #expect(throws: JSONError.self) { try JSONValue.parse(Array(bad.utf8)) }
        }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONError.self) { try JSONValue.parse(Array(deep.utf8)) }
    }

    @Test func fieldScannerSkipsOtherFields() throws {
        let line = Array(#"{"meta":{"x":[1,{"text":"no"}],"s":"a\"}"},"id":7,"text":"body \"q\"","n":null}"#.utf8)
        let f = try line.withUnsafeBufferPointer { try JSONScanner.fields(["id", "text", "missing"], in: $0) }
        #expect(f[0]?.stringOrNumber == "7")
        #expect(f[1]?.string == "body \"q\"")
        #expect(f[2] == nil)
    }

    @Test func invalidUTF8InStringsIsRepaired() throws {
        let line: [UInt8] = Array(#"{"text":"a"#.utf8) + [0xFF, 0xFE] + Array(#"b"}"#.utf8)
        let v = try JSONValue.parse(line)
        #expect(v["text"]?.string == "a\u{FFFD}\u{FFFD}b")
    }

    @Test func writerEscapesAndRoundTrips() throws {
        var w = JSONWriter()
        w.beginObject()
        w.key("s"); w.string("quote\" back\\ nl\n tab\t ctl\u{01} é")
        w.key("n"); w.number(0.25)
        w.key("i"); w.number(3)
        w.key("nil"); w.string(nil as String?)
        w.key("list"); w.strings(["a", "b"])
        w.key("obj"); w.beginObject(); w.key("k"); w.bool(true); w.endObject()
        w.endObject()
        let text = String(decoding: w.bytes, as: UTF8.self)
        #expect(text == #"{"s":"quote\" back\\ nl\n tab\t ctl\u0001 é","n":0.25,"i":3,"nil":null,"list":["a","b"],"obj":{"k":true}}"#)
        let back = try JSONValue.parse(w.bytes)
        #expect(back["s"]?.string == "quote\" back\\ nl\n tab\t ctl\u{01} é")
    }
}

@Suite struct LineReaderTests {
    @Test func splitsLinesAcrossChunksAndSkipsOverlongOnes() throws {
        let dir = try temporaryFolder()
        let long = String(repeating: "x", count: 5000)
        let text = "one\r\ntwo\n\(long)\nthree"
        try write(Array(text.utf8), to: dir + "/t.txt")
        var got: [String] = []
        let reader = LineReader(source: try ByteSource(path: dir + "/t.txt", chunkSize: 7), maxLineBytes: 100)
        try reader.forEachLine { n, line in
            switch line {
            case .success(let b): got.append("\(n):" + String(decoding: b, as: UTF8.self))
            case .failure(let e): got.append("\(n):error \(e)")
            }
        }
        #expect(got == ["1:one", "2:two", "3:error line longer than 100 bytes skipped (raise it with --max-page-bytes)", "4:three"])
    }

    @Test func readsGzipTransparentlyAndReportsTruncation() throws {
        let dir = try temporaryFolder()
        let lines = (0..<2000).map { "{\"id\":\"\($0)\",\"text\":\"line \($0)\"}" }.joined(separator: "\n")
        let gz = try Gzip.compress(Array(lines.utf8))
        try write(gz, to: dir + "/ok.jsonl.gz")
        try write(Array(gz.prefix(gz.count * 2 / 3)), to: dir + "/cut.jsonl.gz")
        var n = 0
        try LineReader(source: try ByteSource(path: dir + "/ok.jsonl.gz")).forEachLine { _, _ in n += 1 }
        #expect(n == 2000)
        var m = 0
        #expect(throws: InputError.self) {
            try LineReader(source: try ByteSource(path: dir + "/cut.jsonl.gz")).forEachLine { _, _ in m += 1 }
        }
        #expect(m > 0 && m < 2000)  // what was readable was delivered first
    }
}

@Suite struct InputReaderTests {
    @Test func readsDirectoriesInOrderAndReportsEachBadRecord() throws {
        let dir = try temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir + "/b", withIntermediateDirectories: true)
        try write(Array("<html><body><p>Hello</p></body></html>".utf8), to: dir + "/a.html")
        try write(Gzip.compress(Array("<html><p>zipped</p></html>".utf8)), to: dir + "/b/c.html.gz")
        try write([], to: dir + "/b/empty.txt")
        try write(Array("{\"id\":\"x\",\"text\":\"t\"}\nnot json\n\n{\"url\":\"u\",\"html\":\"<p>h</p>\"}\n".utf8), to: dir + "/d.jsonl")
        try write([UInt8](repeating: 65, count: 5000), to: dir + "/huge.txt")
        var seen: [String] = []
        try InputReader(paths: [dir, dir + "/missing"], maxPageBytes: 4096).forEach { r in
            switch r.content {
            case .page(let p): seen.append("page \(p.id)")
            case .jsonLine(_, let fid): seen.append("json \(fid)")
            case .failure(let m): seen.append("fail " + (m.contains("empty") ? "empty" : m.contains("limit") ? "large" : m.contains("no such") ? "missing" : m))
            }
        }
        #expect(seen == ["page a", "page c", "fail empty", "json d:1", "json d:2", "json d:4", "fail large", "fail missing"])
    }

    @Test func recordIDsStripFoldersAndExtensions() {
        #expect(InputReader.recordID(forPath: "html/abc.html.gz") == "abc")
        #expect(InputReader.recordID(forPath: "seeds/000_f93afd4753ab4021.txt") == "000_f93afd4753ab4021")
        #expect(InputReader.recordID(forPath: "v1.2-story.html") == "v1.2-story")
        #expect(InputReader.recordID(forPath: "-") == "stdin")
    }

    @Test func jsonLinesBecomePagesOrClearErrors() throws {
        let ok = try InputRecord.page(
            fromJSONLine: Array(#"{"id":42,"url":"https://x.org/a","html":"<p>x</p>","fetched_at":"2024-01-02T03:04:05Z"}"#.utf8),
            fallbackID: "f:1", source: "f", locator: "f:1")
        #expect(ok.id == "42" && ok.declaredKind == .html && ok.crawled?.iso8601 == "2024-01-02T03:04:05Z")
        #expect(throws: RecordError.self) {
            try InputRecord.page(fromJSONLine: Array("{\"id\":\"a\"}".utf8), fallbackID: "f:2", source: "f", locator: "f:2")
        }
        #expect(throws: RecordError.self) {
            try InputRecord.page(fromJSONLine: Array("{oops".utf8), fallbackID: "f:3", source: "f", locator: "f:3")
        }
    }
}

@Suite struct OrderedParallelMapTests {
    @Test func keepsInputOrderWithAnyWorkerCount() throws {
        for workers in [1, 2, 4] {
            var out: [Int] = []
            let map = OrderedParallelMap<Int, Int>(
                workers: workers, batchSize: 7, transform: { $0 * $0 }, consume: { out.append($0) })
            for i in 0..<100 { try map.submit(i) }
            try map.finish()
            #expect(out == (0..<100).map { $0 * $0 })
        }
    }
}
