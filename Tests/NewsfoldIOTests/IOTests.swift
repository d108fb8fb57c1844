import Foundation
import Synchronization
import Testing

import NewsfoldCore
import NewsfoldExtract
@testable import NewsfoldIO


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

    /// The string scan reads eight bytes at a time: a quote or backslash at every position of
    /// a word, and strings ending inside the last partial word, must read as written.
    @Test func stringsReadTheSameWhereverTheirEscapesFall() throws {
        for length in 0..<26 {
            for at in 0...length {
                var s = String(repeating: "abcdéfgh", count: 4).unicodeScalars.prefix(length).map(String.init).joined()
                let idx = s.unicodeScalars.index(s.unicodeScalars.startIndex, offsetBy: at)
                s.unicodeScalars.insert(contentsOf: (at % 2 == 0 ? "\"" : "\\").unicodeScalars, at: idx)
                var w = JSONWriter()
                w.beginObject(); w.key("skip"); w.string(s); w.key("text"); w.string(s); w.endObject()
                let line = w.bytes
                #expect(try JSONValue.parse(line)["text"]?.string == s)
                let f = try line.withUnsafeBufferPointer { try JSONScanner.fields(["text"], in: $0) }
                #expect(f[0]?.string == s)
            }
        }
        // Unterminated, with the end inside and outside the eight-byte loop.
        for bad in [#"{"text":"abcdefghijklmnop"#, #"{"text":"abc\"#, #"{"x":"abcdefghijk\"#, #"{"x":"ab"#] {
            #expect(throws: JSONError.self) { try JSONValue.parse(Array(bad.utf8)) }
            #expect(throws: JSONError.self) {
                try Array(bad.utf8).withUnsafeBufferPointer { try JSONScanner.fields(["text"], in: $0) }
            }
        }
    }

    @Test func fieldScannerHandsOneStringOverAsBytes() throws {
        func scan(_ s: String) throws -> (values: [JSONValue?], bytes: [UInt8]?) {
            try Array(s.utf8).withUnsafeBufferPointer { try JSONScanner.fields(["id", "text"], in: $0, bytesOf: 1) }
        }
        let plain = try scan(#"{"id":"a","text":"caf\u00e9 \"q\"\nend é"}"#)
        #expect(plain.values[0]?.string == "a")
        #expect(plain.values[1] == nil)
        #expect(plain.bytes == Array("café \"q\"\nend é".utf8))
        #expect(try scan(#"{"id":"a","text":"no escapes"}"#).bytes == Array("no escapes".utf8))
        // Not a string: the value comes back as usual, and no bytes.
        let number = try scan(#"{"text": 42}"#)
        #expect(number.bytes == nil)
        #expect(number.values[1] == .number(42))
        // A later duplicate key wins, as it does for the other fields.
        #expect(try scan(#"{"text":"first","text":null}"#).bytes == nil)
        #expect(try scan(#"{"text":null,"text":"second"}"#).bytes == Array("second".utf8))
        // Invalid UTF-8 stays as it is (it is only hashed), where a String would repair it.
        let line: [UInt8] = Array(#"{"text":"a"#.utf8) + [0xFF] + Array(#"b"}"#.utf8)
        let raw = try line.withUnsafeBufferPointer { try JSONScanner.fields(["text"], in: $0, bytesOf: 0) }
        #expect(raw.bytes == [0x61, 0xFF, 0x62])
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
        #expect(got == [
            "1:one", "2:two",
            "3:error line of 5000 bytes (decompressed) is over the 100-byte limit; skipped (raise it with --max-page-bytes)",
            "4:three",
        ])
    }

    @Test func checksTheLimitWhenALineArrivesInOneChunk() throws {
        let dir = try temporaryFolder()
        try write(Array("a\n\(String(repeating: "y", count: 500))\nb\n".utf8), to: dir + "/t.txt")
        var got: [String] = []
        let reader = LineReader(source: try ByteSource(path: dir + "/t.txt"), maxLineBytes: 100)
        try reader.forEachLine { n, line in
            switch line {
            case .success(let b): got.append("\(n):" + String(decoding: b, as: UTF8.self))
            case .failure(let e): got.append("\(n):\(e)")
            }
        }
        #expect(got.count == 3 && got[0] == "1:a" && got[2] == "3:b")
        #expect(got[1].hasPrefix("2:line of 500 bytes (decompressed) is over the 100-byte limit"))
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

/// Compressed input that inflates far beyond its size comes out in bounded pieces.
@Suite struct DecompressionBoundTests {
    @Test func aGzipBombIsHandedOutInBoundedChunks() throws {
        let dir = try temporaryFolder()
        let zeros = try Gzip.compress([UInt8](repeating: 0x20, count: 8 << 20), level: 9)
        #expect(zeros.count < 64 << 10)  // one read of the file holds the whole stream
        try write(zeros, to: dir + "/bomb.gz")
        let source = try ByteSource(path: dir + "/bomb.gz", inflatedChunkSize: 4096)
        #expect(try source.peek().count <= 4096)
        var largest = 0, total = 0
        while try source.nextChunk({ largest = max(largest, $0.count); total += $0.count }) {}
        #expect(largest <= 4096)
        #expect(total == 8 << 20)
    }

    @Test func aPageOverTheLimitOnceDecompressedNamesTheLimitNotTheCompressedSize() throws {
        let dir = try temporaryFolder()
        let zeros = try Gzip.compress([UInt8](repeating: 0x41, count: 4 << 20), level: 9)
        try write(zeros, to: dir + "/page.html.gz")
        let (records, _) = try readInput(dir + "/page.html.gz", maxPageBytes: 1 << 20)
        #expect(recordSummary(records) == [
            "failure \(dir)/page.html.gz: over the 1048576-byte limit once decompressed (\(zeros.count) bytes compressed); "
                + "not read further (raise it with --max-page-bytes)"
        ])
    }

    @Test func aJSONLLineThatInflatesPastTheLimitIsRefusedAndItsNeighboursRead() throws {
        let dir = try temporaryFolder()
        let big = "{\"id\":\"big\",\"text\":\"" + String(repeating: "a", count: 3 << 20) + "\"}"
        let text = "{\"id\":\"one\",\"text\":\"x\"}\n\(big)\n{\"id\":\"three\",\"text\":\"z\"}\n"
        let path = dir + "/bomb.jsonl.gz"
        try write(try Gzip.compress(Array(text.utf8), level: 9), to: path)
        let (records, _) = try readInput(path, maxPageBytes: 1 << 20)
        let s = recordSummary(records)
        #expect(s.count == 3)
        #expect(s[0] == "json" && s[2] == "json")
        #expect(s[1] == "failure \(path):2: line of \(big.utf8.count) bytes (decompressed) is over the 1048576-byte limit; "
            + "skipped (raise it with --max-page-bytes)")
    }
}

@Suite struct OutputConflictTests {
    @Test func anOutputThatIsAnInputOrInsideAnInputFolderIsRefused() throws {
        let dir = try temporaryFolder()
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        try write(Array("{\"id\":\"a\",\"text\":\"x\"}\n".utf8), to: dir + "/in/a.jsonl")
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.jsonl", withDestinationPath: dir + "/in/a.jsonl")
        let file = InputReader(paths: [dir + "/in/a.jsonl"])
        #expect(file.conflict(withOutput: dir + "/in/a.jsonl")?.contains("is the input") == true)
        #expect(file.conflict(withOutput: dir + "/link.jsonl")?.contains("is the input") == true)  // the same file
        #expect(file.conflict(withOutput: dir + "/in/../in/a.jsonl") != nil)
        #expect(file.conflict(withOutput: dir + "/out.jsonl") == nil)
        #expect(file.conflict(withOutput: "-") == nil && file.conflict(withOutput: nil) == nil)
        let folder = InputReader(paths: ["-", dir + "/in"])
        #expect(folder.conflict(withOutput: dir + "/in/new.jsonl")?.contains("inside the input folder") == true)  // not yet created
        #expect(folder.conflict(withOutput: dir + "/in/a.jsonl") != nil)
        #expect(folder.conflict(withOutput: dir + "/inside.jsonl") == nil)  // a sibling whose name starts the same
        // Nothing was created or emptied.
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/in/a.jsonl")).count > 0)
        #expect(!FileManager.default.fileExists(atPath: dir + "/in/new.jsonl"))
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

    /// On threads of its own, in input order, with the caller free meanwhile; nothing to do
    /// and more workers than items are fine.
    @Test func backgroundMapKeepsInputOrder() {
        for (count, workers) in [(0, 2), (1, 4), (3, 8), (500, 2), (500, 1)] {
            let map = BackgroundMap(Array(0..<count), workers: workers) { $0 * 3 + 1 }
            let meanwhile = (0..<1000).reduce(0, +)  // the caller's own work
            #expect(meanwhile == 499_500)
            #expect(map.wait() == (0..<count).map { $0 * 3 + 1 }, "\(count) items, \(workers) workers")
        }
    }
}

extension OrderedParallelMapTests {
    /// What the transform captures (a store, whose lock its deinit frees) is released when
    /// `wait` returns, even while the map itself lives on: a store reopened right after an
    /// ingest must not find its own lock still held.
    @Test func waitReleasesWhatTheTransformCaptures() {
        final class Captured: Sendable {}
        weak var weakCaptured: Captured?
        let map: BackgroundMap<Int, Int>
        do {
            let captured = Captured()
            weakCaptured = captured
            map = BackgroundMap([1, 2, 3], workers: 2) { x in withExtendedLifetime(captured) { x * 2 } }
        }
        #expect(map.wait() == [2, 4, 6])
        #expect(weakCaptured == nil)
    }

    /// `helpAndWait` puts the caller's thread to work: the item taken first waits (up to 10 s)
    /// until every other item is done, which one background worker alone cannot do while it
    /// waits. Each item is transformed once, and the results keep input order.
    @Test func helpAndWaitWorksOnTheCallersThread() {
        final class Progress: Sendable {
            let done = Atomic<Int>(0)
            let timedOut = Atomic<Bool>(false)
        }
        let count = 200
        let progress = Progress()
        let map = BackgroundMap(Array(0..<count), workers: 1) { i -> Int in
            if i == 0 {
                let deadline = ContinuousClock.now + .seconds(10)
                while progress.done.load(ordering: .acquiring) < count - 1 {
                    if ContinuousClock.now > deadline {
                        progress.timedOut.store(true, ordering: .relaxed)
                        break
                    }
                }
            }
            progress.done.wrappingAdd(1, ordering: .releasing)
            return i * 2
        }
        #expect(map.helpAndWait() == (0..<count).map { $0 * 2 })
        let timedOut = progress.timedOut.load(ordering: .relaxed), done = progress.done.load(ordering: .relaxed)
        #expect(!timedOut, "the caller did not take any item")
        #expect(done == count)
    }
}

@Suite struct ArticleSourceBadInputTests {
    static let prose = """
        The council voted on Tuesday to expand the bus network across the northern districts of the town.
        Officials said the plan would cost about 40 million dollars over five years and add twelve new routes.
        Residents who spoke at the meeting were divided, with some warning about noise and others welcoming it.
        """

    /// Every kind of bad record in one batch: each gets an error naming it, and the good ones
    /// around them come out, in order.
    @Test func everyBadRecordIsReportedAndTheBatchGoesOn() throws {
        let dir = try temporaryFolder()
        let good = Array(("Council expands bus network\n" + Self.prose).utf8)
        try write(good, to: dir + "/01-good.txt")
        try write([], to: dir + "/02-empty.txt")
        try write(Array(good.prefix(40)) + [0x00, 0x01, 0x02] + good, to: dir + "/03-binary.txt")
        let gz = try Gzip.compress(Array(String(repeating: "<p>" + Self.prose + "</p>", count: 50).utf8))
        try write(Array(gz.prefix(gz.count / 2)), to: dir + "/04-truncated.html.gz")
        try write([UInt8](repeating: 0x41, count: 300_000), to: dir + "/05-huge.txt")
        let jsonl = [
            #"{"id":"j1","text":"Council expands bus network\n"# + Self.prose.replacingOccurrences(of: "\n", with: "\\n") + #""}"#,
            "this is not json",
            #"{"id":"j3"}"#,
            #"{"id":"j4","text":"Menu\nHome\nContact"}"#,
        ].joined(separator: "\n")
        try write(Array(jsonl.utf8), to: dir + "/06-batch.jsonl")
        try write(Array(("Council expands bus network\n" + Self.prose).utf8).map { $0 == 0x65 ? 0xE9 : $0 }, to: dir + "/07-latin1.txt")

        var results: [String] = []
        let source = ArticleSource(paths: [dir], jsonLines: .pages, extractor: PageExtractor(maxPageBytes: 100_000), workers: 2)
        let stats = try source.run { r in
            switch r {
            case .success(let a): results.append("ok \(a.id) \(a.paragraphs.count)" + (a.warnings.contains { $0.contains("Windows-1252") } ? " cp1252" : ""))
            case .failure(let e): results.append("error \(e.locator.split(separator: "/").last!)")
            }
        }
        #expect(results == [
            "ok 01-good 3",
            "error 02-empty.txt",
            "error 03-binary.txt",
            "error 04-truncated.html.gz",
            "error 05-huge.txt",
            "ok j1 3",
            "error 06-batch.jsonl:2",
            "error 06-batch.jsonl:3",
            "error 06-batch.jsonl:4",
            "ok 07-latin1 3 cp1252",
        ])
        #expect(stats.records == 10 && stats.articles == 3 && stats.errors == 7)
    }

    @Test func articlesModeReadsExtractedJSONL() throws {
        let dir = try temporaryFolder()
        var w = JSONWriter()
        let a = Article(id: "a1", title: "T", paragraphs: ["One.", "Two."], published: NewsDate(iso8601: "2023-09-04T14:11:00"), wire: "AP")
        ArticleJSON.write(a, to: &w)
        try write(w.bytes + Array("{\"id\":\"b\",\"text\":\"p1\\n\\np2\"}\n{\"text\":\"no id\"}\n".utf8), to: dir + "/x.jsonl")
        var got: [Article] = []
        try ArticleSource(paths: [dir + "/x.jsonl"], jsonLines: .articles).run { r in
            if case .success(let a) = r { got.append(a) }
        }
        #expect(got.count == 3)
        #expect(got[0].paragraphs == ["One.", "Two."] && got[0].published?.iso8601 == "2023-09-04T14:11:00" && got[0].wire == "AP")
        #expect(got[1].paragraphs == ["p1", "p2"])
        #expect(got[2].id == "x:3")
    }

    /// The store's compact line (no `text` field) reads back as the same article; an article
    /// without paragraphs keeps its (empty) text, so that its line stays readable.
    @Test func compactLineWithoutTextReadsBackTheSame() throws {
        let a = Article(
            id: "a1", title: "T", paragraphs: ["One \"quoted\".", "Two\nlines."],
            published: NewsDate(iso8601: "2023-09-04T14:11:00"), wire: "AP")
        var full = JSONWriter(), compact = JSONWriter()
        ArticleJSON.write(a, to: &full)
        ArticleJSON.write(a, to: &compact, text: false)
        #expect(compact.bytes.count < full.bytes.count)
        #expect(!String(decoding: compact.bytes, as: UTF8.self).contains("\"text\""))
        let back = try ArticleJSON.read(line: compact.bytes.dropLast(), locator: "compact")
        #expect(back == (try ArticleJSON.read(line: full.bytes.dropLast(), locator: "full")))
        #expect(back.text == a.text && back.paragraphs == a.paragraphs)
        // The date evidence reads back with the article.
        var dated = a
        dated.dateEvidence = [
            DateCandidate(date: NewsDate(iso8601: "2023-09-04T14:11:00-04:00")!, source: .jsonLD),
            DateCandidate(date: NewsDate(year: 2023, month: 9, day: 4), source: .url),
        ]
        var datedLine = JSONWriter()
        ArticleJSON.write(dated, to: &datedLine, text: false)
        #expect(try ArticleJSON.read(line: datedLine.bytes.dropLast(), locator: "dated") == dated)
        var empty = JSONWriter()
        ArticleJSON.write(Article(id: "e"), to: &empty, text: false)
        #expect(String(decoding: empty.bytes, as: UTF8.self).contains("\"text\""))
    }

    @Test func articlesOrPagesExtractsHTMLLinesAndKeepsTextLines() throws {
        let dir = try temporaryFolder()
        let html = "<html><head><title>Bus plan</title></head><body><article><p>" + Self.prose.replacingOccurrences(of: "\n", with: "</p><p>") + "</p></article></body></html>"
        var w = JSONWriter()
        w.beginObject(); w.key("id"); w.string("h"); w.key("html"); w.string(html); w.endObject(); w.newline()
        w.beginObject(); w.key("id"); w.string("t"); w.key("text"); w.string("Already clean."); w.endObject(); w.newline()
        w.beginObject(); w.key("id"); w.string("x"); w.endObject(); w.newline()
        try write(w.bytes, to: dir + "/m.jsonl")
        var got: [String] = []
        for mode in [ArticleSource.JSONLines.articles, .articlesOrPages] {
            try ArticleSource(paths: [dir + "/m.jsonl"], jsonLines: mode).run { r in
                switch r {
                case .success(let a): got.append("\(a.id):\(a.paragraphs.count)")
                case .failure(let e): got.append("error \(e.locator.split(separator: "/").last!)")
                }
            }
        }
        #expect(got == ["error m.jsonl:1", "t:1", "error m.jsonl:3", "h:3", "t:1", "error m.jsonl:3"])
    }
}

@Suite struct ParagraphSplitTests {
    @Test func blankLinesSeparateParagraphsAndSingleNewlinesStayInside() {
        #expect(ArticleJSON.splitParagraphs("One.\nstill one.\n\nTwo.\n \t\nThree.") == ["One.\nstill one.", "Two.", "Three."])
        #expect(ArticleJSON.splitParagraphs("\n\n  \nOnly.\n\n") == ["Only."])
        #expect(ArticleJSON.splitParagraphs("") == [])
        #expect(ArticleJSON.splitParagraphs(" \n\t") == [])
    }

    @Test func crlfEndsLinesAsNewlineDoes() {
        // "\r\n" is one Character: a split by Character never saw these blank lines.
        #expect(ArticleJSON.splitParagraphs("Première ligne.\r\nencore.\r\n\r\nDeuxième — fin.\r\n") == ["Première ligne.\r\nencore.", "Deuxième — fin."])
    }

    @Test func nonASCIITextIsKeptWhole() {
        let text = "Сеул, 5 сентября.\n\n朝鲜领导人金正恩 🇰🇵\n\ne\u{301}tait"
        #expect(ArticleJSON.splitParagraphs(text) == ["Сеул, 5 сентября.", "朝鲜领导人金正恩 🇰🇵", "e\u{301}tait"])
    }
}
