import Foundation
import Testing

import NewsfoldCore
@testable import NewsfoldIO

/// `dedup --verify exact`, the reading side: record spans of plain files, settlement by
/// offsets (`pread`) against settlement by reading the input again, and records that changed
/// on disk between the two reads.
@Suite(.serialized) struct ExactSettlementTests {
    /// A JSONL file of made-up news texts with edited copies (``ResumeTests/texts(_:seed:)``).
    static func lines(_ n: Int, seed: UInt64) -> [[UInt8]] {
        ResumeTests.texts(n, seed: seed).map { d in
            var w = JSONWriter(reservingCapacity: 1024)
            w.beginObject()
            w.key("id"); w.string(d.id)
            w.key("text"); w.string(d.text)
            w.endObject()
            return w.bytes
        }
    }

    /// What the first pass of `dedup` keeps: the index and each document's span and ordinal.
    struct FirstPass {
        var index: CopyGroupIndex
        var spans: [RecordSpan?] = []
        var ordinals: [Int] = []
    }

    static func firstPass(_ paths: [String], parameters: DedupParameters) throws -> FirstPass {
        let f = Fingerprinter(parameters: parameters)
        var pass = FirstPass(index: CopyGroupIndex(parameters: parameters))
        var fps: [DocumentFingerprint] = []
        try InputReader(paths: paths).forEach { record in
            guard case .success(let t) = Self.text(record) else { return }
            fps.append(f.fingerprint(id: "\(record.ordinal)", utf8: t))
            pass.spans.append(record.span)
            pass.ordinals.append(record.ordinal)
        }
        pass.index.insert(fps)
        return pass
    }

    @Sendable static func text(_ record: InputRecord) -> Result<[UInt8], RecordError> {
        guard case .jsonLine(let line, _) = record.content,
            let fields = try? line.withUnsafeBufferPointer({ try JSONScanner.fields(["text"], in: $0, bytesOf: 0) }),
            let text = fields.bytes
        else { return .failure(RecordError(locator: record.locator, message: "no text")) }
        return .success(text)
    }

    @Test func spansPointAtTheLinesOfPlainFilesOnly() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let body = Array("{\"id\":\"a\",\"text\":\"x\"}\r\n\n  \n{\"id\":\"b\",\"text\":\"yé\"}\n{\"id\":\"c\"}".utf8)
        try write(body, to: dir + "/p.jsonl")
        try write(try Gzip.compress(body), to: dir + "/g.jsonl.gz")
        var records: [InputRecord] = []
        try InputReader(paths: [dir + "/p.jsonl", dir + "/g.jsonl.gz"]).forEach { records.append($0) }
        #expect(records.count == 6)
        let file = try RecordFile(path: dir + "/p.jsonl")
        for r in records[0..<3] {
            let span = try #require(r.span)
            guard case .jsonLine(let line, _) = r.content else { Issue.record("not a line"); continue }
            #expect(try file.read(span) == line)
            #expect(span.locator == r.locator)
        }
        #expect(records[0].span?.line == 1 && records[1].span?.line == 4 && records[2].span?.line == 5)
        #expect(records[3...].allSatisfy { $0.span == nil })  // gzip: offsets are not file offsets
    }

    @Test func settlingByOffsetsGivesWhatRereadingGives() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let body = Self.lines(400, seed: 5).joinedLines
        try write(body, to: dir + "/c.jsonl")
        try write(try Gzip.compress(body), to: dir + "/c.jsonl.gz")
        let p = try DedupParameters(threshold: 0.9, verification: .exact)
        let plain = try Self.firstPass([dir + "/c.jsonl"], parameters: p)
        let gzip = try Self.firstPass([dir + "/c.jsonl.gz"], parameters: p)
        let pairs = plain.index.pendingPairs
        #expect(pairs.count > 20)
        #expect(pairs.map { "\($0)" } == gzip.index.pendingPairs.map { "\($0)" })
        #expect(plain.spans.allSatisfy { $0 != nil } && gzip.spans.allSatisfy { $0 == nil })

        // A small budget: many batches by offset, several rounds of reading.
        var byOffsets = ExactSettlement(index: plain.index, budgetBytes: 8 * 600, workers: 2, text: Self.text)
        var a: [ExactCheckPlan.PairKey: Double] = [:]
        try byOffsets.settleByOffsets(pairs, spans: { plain.spans[$0] }, into: &a)
        var byRereading = ExactSettlement(index: gzip.index, budgetBytes: 8 * 600, workers: 2, text: Self.text)
        var b: [ExactCheckPlan.PairKey: Double] = [:]
        try byRereading.settleByRereading(
            pairs, ordinals: { gzip.ordinals[$0] }, reader: InputReader(paths: [dir + "/c.jsonl.gz"]), into: &b)
        #expect(byOffsets.outcome.batches > 1 && byRereading.outcome.rounds > 1)
        #expect(byOffsets.outcome.changed.isEmpty && byRereading.outcome.changed.isEmpty)
        #expect(a == b)
        #expect(a.count == Set(pairs.map { ExactCheckPlan.key($0.0, $0.1) }).count)
        // Each document read once by offset, more often when reading in rounds.
        #expect(byOffsets.outcome.documentsRead == Set(pairs.flatMap { [$0.0, $0.1] }).count)

        // And the groups they lead to are the same.
        var g1 = plain.index, g2 = gzip.index
        g1.resolvePending { i, j in a[ExactCheckPlan.key(i, j)] }
        g2.resolvePending { i, j in b[ExactCheckPlan.key(i, j)] }
        #expect(g1.assignments() == g2.assignments())
        #expect(g1.exactChecks == a.count)
    }

    @Test func aRecordChangedOnDiskIsReportedAndLeftToTheEstimate() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var lines = Self.lines(400, seed: 5)
        let path = dir + "/c.jsonl"
        try write(lines.joinedLines, to: path)
        let p = try DedupParameters(threshold: 0.9, verification: .exact)
        let pass = try Self.firstPass([path], parameters: p)
        let pairs = pass.index.pendingPairs
        let victim = try #require(pairs.first).1

        // Same length, other words: the offsets of every other line still hold.
        var line = lines[victim]
        let from = line.count / 2
        for k in from..<(from + 12) where line[k] >= UInt8(ascii: "a") && line[k] <= UInt8(ascii: "z") {
            line[k] = UInt8(ascii: "q")
        }
        lines[victim] = line
        try write(lines.joinedLines, to: path)

        var settlement = ExactSettlement(index: pass.index, budgetBytes: 1 << 20, workers: 2, text: Self.text)
        var exact: [ExactCheckPlan.PairKey: Double] = [:]
        try settlement.settleByOffsets(pairs, spans: { pass.spans[$0] }, into: &exact)
        #expect(settlement.outcome.changed.count == 1)
        #expect(settlement.outcome.changed.first?.hasPrefix("\(path):\(victim + 1): changed since it was first read") == true)
        for (i, j) in pairs where i == victim || j == victim {
            #expect(exact[ExactCheckPlan.key(i, j)] == nil)  // the estimate decides
        }
        #expect(!exact.isEmpty)  // the other pairs were settled

        // A file cut short: the lines past its end cannot be read; each is reported.
        try write(Array(lines[0..<victim]).joinedLines, to: path)
        var cut = ExactSettlement(index: pass.index, budgetBytes: 1 << 20, workers: 2, text: Self.text)
        var none: [ExactCheckPlan.PairKey: Double] = [:]
        try cut.settleByOffsets(pairs, spans: { pass.spans[$0] }, into: &none)
        #expect(cut.outcome.changed.contains { $0.contains("read failed") })
    }

    @Test func rereadingNoticesAChangedRecordToo() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var lines = Self.lines(300, seed: 9)
        let path = dir + "/c.jsonl.gz"
        try write(try Gzip.compress(lines.joinedLines), to: path)
        let p = try DedupParameters(threshold: 0.9, verification: .exact)
        let pass = try Self.firstPass([path], parameters: p)
        let pairs = pass.index.pendingPairs
        let victim = try #require(pairs.first).0
        lines[victim] = Array("{\"id\":\"other\",\"text\":\"a different text altogether, nothing like the first\"}".utf8)
        try write(try Gzip.compress(lines.joinedLines), to: path)
        var settlement = ExactSettlement(index: pass.index, budgetBytes: 1 << 20, workers: 2, text: Self.text)
        var exact: [ExactCheckPlan.PairKey: Double] = [:]
        try settlement.settleByRereading(pairs, ordinals: { pass.ordinals[$0] }, reader: InputReader(paths: [path]), into: &exact)
        #expect(settlement.outcome.changed == [
            "\(path):\(victim + 1): changed since it was first read (not the text fingerprinted); its pairs near the threshold are decided by the MinHash estimate"
        ])
    }

    /// The command end to end: a plain file (settled by offsets) and its gzip copy (settled by
    /// reading again) give the same bytes.
    @Test func dedupGivesTheSameGroupsFromAPlainFileAndItsGzipCopy() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let body = Self.lines(600, seed: 13).joinedLines
        try write(body, to: dir + "/c.jsonl")
        try write(try Gzip.compress(body), to: dir + "/c.jsonl.gz")
        let plain = try ResumeTests.newsfold(["dedup", dir + "/c.jsonl", "-o", dir + "/p.out", "--threshold", "0.9", "--exact-memory", "1"])
        let gzip = try ResumeTests.newsfold(["dedup", dir + "/c.jsonl.gz", "-o", dir + "/g.out", "--threshold", "0.9", "--exact-memory", "1"])
        #expect(plain.status == 0 && gzip.status == 0, "\(plain.stderr)\n\(gzip.stderr)")
        #expect(plain.stderr.contains("batches by offset, 0 rounds of reading"), "\(plain.stderr)")
        #expect(gzip.stderr.contains("0 batches by offset"), "\(gzip.stderr)")
        let a = try #require(ResumeTests.bytes(dir + "/p.out")), b = try #require(ResumeTests.bytes(dir + "/g.out"))
        #expect(a == b)
        #expect(String(decoding: a, as: UTF8.self).contains("\"duplicate_of\":\"doc"))
    }
}

extension [[UInt8]] {
    /// The lines, each followed by a newline: a JSONL file.
    var joinedLines: [UInt8] { flatMap { line -> [UInt8] in line + [UInt8(ascii: "\n")] } }
}
