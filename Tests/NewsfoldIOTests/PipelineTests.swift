import Foundation
import Synchronization
import Testing

import NewsfoldCore
import NewsfoldExtract
@testable import NewsfoldIO

/// A mixed input: a plain JSONL file, a gzip JSONL file (with a bad line), a folder of pages and a
/// missing path. Returns the paths to read.
func mixedInput(in dir: String, lines: Int = 120) throws -> [String] {
    func line(_ i: Int) -> String {
        "{\"id\":\"d\(i)\",\"text\":\"Document \(i) says \(String(repeating: "word\(i % 7) ", count: i % 13 + 1))\"}\n"
    }
    let plain = (0..<lines).map(line).joined()
    try write(Array(plain.utf8), to: dir + "/a.jsonl")
    var zipped = (lines..<(2 * lines)).map(line).joined()
    zipped += "{not json\n\n" + line(2 * lines)  // a bad line, a blank line, a last line without a newline
    try write(try Gzip.compress(Array(zipped.utf8)), to: dir + "/b.jsonl.gz")
    try FileManager.default.createDirectory(atPath: dir + "/pages", withIntermediateDirectories: true)
    for k in 0..<5 {
        try write(Array("<html><title>P\(k)</title><body><p>Page \(k) text.</p></body></html>".utf8), to: dir + "/pages/p\(k).html")
    }
    return [dir + "/a.jsonl", dir + "/b.jsonl.gz", dir + "/missing.jsonl", dir + "/pages"]
}

/// What a record is, for comparing two reads.
func describe(_ r: InputRecord) -> String {
    switch r.content {
    case .page(let p): return "\(r.ordinal) \(r.locator) page \(p.bytes.count)"
    case .jsonLine(let b, let id): return "\(r.ordinal) \(r.locator) line \(id) \(String(decoding: b, as: UTF8.self))"
    case .failure(let m): return "\(r.ordinal) \(r.locator) failure \(m)"
    }
}

@Suite struct PipelineTests {
    @Test func outputIsTheSameAtAnyWorkersAndBatchSize() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let reader = InputReader(paths: try mixedInput(in: dir))
        var serial: [String] = []
        try reader.forEach { serial.append(describe($0)) }
        #expect(serial.count == 120 + 122 + 1 + 5)
        for (workers, batch) in [(1, 512), (2, 7), (4, 1), (3, 50)] {
            let pipeline = RecordPipeline(
                reader: reader, limits: PipelineLimits(workers: workers, batchRecords: batch)
            ) { describe($0) }
            var got: [String] = []
            let end = try pipeline.run(consume: { got.append($0) })
            #expect(got == serial, "workers \(workers), batch \(batch)")
            #expect(end.ordinal == serial.count)
        }
    }

    /// `atBatchEnd` sees the positions `afterBatch` sees, and says whether the next batch is
    /// waiting: yes behind a slow consumer (it holds each batch until the transform has done
    /// the next one), never after the last one.
    @Test func batchEndSaysWhetherTheNextBatchIsWaiting() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write(Array((0..<400).map { "{\"id\":\"\($0)\",\"text\":\"t\"}\n" }.joined().utf8), to: dir + "/x.jsonl")
        let reader = InputReader(paths: [dir + "/x.jsonl"])
        let limits = PipelineLimits(workers: 2, batchRecords: 20)
        var plain: [Int] = []
        try RecordPipeline(reader: reader, limits: limits) { $0.ordinal }
            .run(consume: { _ in }, afterBatch: { plain.append($0.ordinal) })
        // 20 batches of 20 records, then the empty last one.
        let lastDone = BatchSignals(count: 20)
        let pipeline = RecordPipeline(reader: reader, limits: limits) { record -> Int in
            if record.ordinal % 20 == 19 { lastDone.open(record.ordinal / 20) }
            return record.ordinal
        }
        var ends: [BatchEnd] = []
        try pipeline.run(
            consume: { ordinal in
                // At the end of batch k, wait until batch k + 1 is transformed.
                if ordinal % 20 == 19, ordinal / 20 + 1 < 20 { lastDone.wait(ordinal / 20 + 1) }
            },
            atBatchEnd: { ends.append($0) })
        #expect(lastDone.timeouts == 0)
        #expect(ends.map(\.position.ordinal) == plain)
        #expect(ends.count == 21)
        #expect(ends.dropLast(2).allSatisfy { $0.nextBatchReady })
        #expect(ends.last?.nextBatchReady == false)
    }

    @Test func aSlowStreamIsNotReady() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = dir + "/stream.jsonl"
        #expect(mkfifo(fifo, 0o600) == 0)
        // A crawler that sends 20 records, then waits until the pipeline has consumed them,
        // five times: each batch is consumed before the input has the next one.
        let consumed = BatchSignals(count: 6)
        let sender = Thread {
            let out = FileHandle(forWritingAtPath: fifo)!
            for group in 0..<5 {
                if group > 0 { consumed.wait(group - 1) }
                out.write(Data((0..<20).map { "{\"id\":\"\(group)-\($0)\",\"text\":\"t\"}\n" }.joined().utf8))
            }
            consumed.wait(4)
            out.closeFile()
        }
        sender.start()
        let pipeline = RecordPipeline(
            reader: InputReader(paths: [fifo]), limits: PipelineLimits(workers: 2, batchRecords: 20)
        ) { $0.ordinal }
        var ends: [BatchEnd] = []
        try pipeline.run(
            consume: { _ in },
            atBatchEnd: { end in
                ends.append(end)
                consumed.open(ends.count - 1)
            })
        #expect(consumed.timeouts == 0)
        #expect(ends.map(\.position.ordinal) == [20, 40, 60, 80, 100, 100])
        #expect(ends.allSatisfy { !$0.nextBatchReady }, "each batch waits for the input")
    }

    @Test func aSlowTransformWithTheInputReadAheadIsNotASlowStream() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write(Array((0..<400).map { "{\"id\":\"\($0)\",\"text\":\"t\"}\n" }.joined().utf8), to: dir + "/x.jsonl")
        // The consumer is fast and waits for every transformed batch, but the reader is ahead:
        // the input keeps the pipeline busy. The transform holds batch k + 1 until batch k's
        // end is reported, and the consumer reports it once the transform has batch k + 1 in
        // hand: read, not transformed.
        let started = BatchSignals(count: 20)
        let reported = BatchSignals(count: 21)
        let pipeline = RecordPipeline(
            reader: InputReader(paths: [dir + "/x.jsonl"]), limits: PipelineLimits(workers: 2, batchRecords: 20)
        ) { record -> Int in
            let batch = record.ordinal / 20
            if record.ordinal % 20 == 0, batch > 0 {
                started.open(batch)
                reported.wait(batch - 1)
            }
            return record.ordinal
        }
        var ends: [BatchEnd] = []
        try pipeline.run(
            consume: { ordinal in
                if ordinal % 20 == 19, ordinal / 20 + 1 < 20 { started.wait(ordinal / 20 + 1) }
            },
            atBatchEnd: { end in
                ends.append(end)
                reported.open(ends.count - 1)
            })
        #expect(started.timeouts == 0 && reported.timeouts == 0)
        #expect(ends.count == 21)
        #expect(ends.dropLast(2).allSatisfy { $0.nextBatchReady })
        #expect(ends.last?.nextBatchReady == false)
    }

    @Test func consumerErrorStopsEveryStageAndIsRethrown() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write(Array((0..<5000).map { "{\"id\":\"\($0)\",\"text\":\"t\"}\n" }.joined().utf8), to: dir + "/x.jsonl")
        struct Boom: Error {}
        let transformed = Counter()
        let limits = PipelineLimits(workers: 2, batchRecords: 10, queuedBatches: 1)
        let pipeline = RecordPipeline(reader: InputReader(paths: [dir + "/x.jsonl"]), limits: limits) { record in
            transformed.add(1)
            return record.ordinal
        }
        var seen = 0
        #expect(throws: Boom.self) {
            try pipeline.run(consume: { _ in
                seen += 1
                if seen == 35 { throw Boom() }
            })
        }
        // The stages stopped: at most the batches alive at the time were transformed.
        #expect(transformed.value <= 40 + limits.maxBatchesAlive * 10)
        // And the machinery is reusable: a second run goes to the end.
        var all = 0
        try pipeline.run(consume: { _ in all += 1 })
        #expect(all == 5000)
    }

    @Test func batchesInFlightAreBounded() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write(Array((0..<3000).map { "{\"id\":\"\($0)\",\"text\":\"t\"}\n" }.joined().utf8), to: dir + "/x.jsonl")
        let limits = PipelineLimits(workers: 2, batchRecords: 16, queuedBatches: 1)
        // While the consumer holds batch 5, the transform can fill the queue with batch 6 and
        // transform batch 7, and no more: 8 batches transformed.
        let reachable = 8 * limits.batchRecords
        let transformed = Counter()
        let reached = DispatchSemaphore(value: 0), overran = DispatchSemaphore(value: 0)
        let pipeline = RecordPipeline(reader: InputReader(paths: [dir + "/x.jsonl"]), limits: limits) { record in
            switch transformed.add(1) {
            case reachable: reached.signal()
            case reachable + 1: overran.signal()
            default: break
            }
            return record.ordinal
        }
        var consumed = 0
        var ahead = 0
        var reachedInTime = false
        var transformedWhileHeld = 0
        try pipeline.run(consume: { ordinal in
            consumed += 1
            if ordinal == 5 * limits.batchRecords {
                // A slow consumer: the other stages run ahead as far as the queues let them.
                reachedInTime = reached.wait(timeout: .now() + 30) == .success
                // A pipeline whose queues were not bounded would go on: give it the time to.
                _ = overran.wait(timeout: .now() + 0.5)
                transformedWhileHeld = transformed.value
            }
            ahead = max(ahead, transformed.value - consumed)
        })
        #expect(consumed == 3000)
        #expect(reachedInTime)
        #expect(transformedWhileHeld == reachable)
        // Outputs transformed but not yet consumed: never more than the batches alive.
        #expect(ahead <= limits.maxBatchesAlive * limits.batchRecords)
    }

    @Test func readingFromAnyPositionGivesTheRest() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let reader = InputReader(paths: try mixedInput(in: dir, lines: 40))
        var records: [String] = []
        var positions: [InputPosition] = []
        try reader.forEach(from: nil) { record, after in
            records.append(describe(record))
            positions.append(after)
        }
        for (k, position) in positions.enumerated() {
            // Through JSON, as a checkpoint stores it.
            let stored = try JSONDecoder().decode(InputPosition.self, from: JSONEncoder().encode(position))
            var rest: [String] = []
            try reader.forEach(from: stored) { record, _ in rest.append(describe(record)) }
            #expect(rest == Array(records[(k + 1)...]), "after record \(k): \(position)")
        }
        // The input bytes read grow to the total size.
        #expect(positions.last!.inputBytes == reader.stamps().totalBytes)
    }

    @Test func throughStopsAfterTheLastRecordWanted() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let reader = InputReader(paths: try mixedInput(in: dir))
        var got: [Int] = []
        try RecordPipeline(reader: reader, limits: PipelineLimits(workers: 2, batchRecords: 8)) { $0.ordinal }
            .run(through: 30, consume: { got.append($0) })
        #expect(got == Array(0...30))
    }

    @Test func skipSeeksPlainFilesAndInflatesGzip() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 251) }
        try write(bytes, to: dir + "/plain.bin")
        try write(try Gzip.compress(bytes), to: dir + "/zipped.bin")
        for name in ["plain.bin", "zipped.bin"] {
            for offset in [0, 1, 65_000, 299_999, 300_000] {
                let source = try ByteSource(path: dir + "/" + name, chunkSize: 4096)
                try source.skip(offset)
                var rest: [UInt8] = []
                while try source.nextChunk({ rest.append(contentsOf: $0) }) {}
                #expect(rest == Array(bytes[offset...]), "\(name) at \(offset)")
            }
        }
    }

    @Test func lineOffsetsPointAfterEachNewline() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = "one\r\ntwo\n\nthree"
        try write(Array(text.utf8), to: dir + "/l.txt")
        var ends: [Int] = []
        try LineReader(source: ByteSource(path: dir + "/l.txt", chunkSize: 3)).forEachLine(numberingFrom: 1, offset: 0) {
            _, end, _ in ends.append(end)
        }
        #expect(ends == [5, 9, 10, 15])
    }
}

@Suite struct ProgressTests {
    @Test func formatsCountsSizesAndDurations() {
        #expect(ProgressMeter.grouped(0) == "0")
        #expect(ProgressMeter.grouped(999) == "999")
        #expect(ProgressMeter.grouped(1000) == "1,000")
        #expect(ProgressMeter.grouped(12_345_678) == "12,345,678")
        #expect(ProgressMeter.megabytes(163_249_000) == "163.2 MB")
        #expect(ProgressMeter.megabytes(0) == "0.0 MB")
        #expect(ProgressMeter.duration(8.4) == "8s")
        #expect(ProgressMeter.duration(185) == "3m05s")
        #expect(ProgressMeter.duration(7620) == "2h07m")
    }

    @Test func laterStagesShowDoneOfTotalAndTheirOwnETA() {
        #expect(ProgressMeter.render(stage: "clustering", done: 250_000, total: 1_000_000, unit: "articles", seconds: 10)
            == "clustering 250,000 of 1,000,000 articles · 25% · ETA 30s")
        var lines: [String] = []
        var now = 100.0
        let meter = ProgressMeter(totalBytes: nil, isTerminal: true, write: { lines.append($0) }, clock: { now })
        now = 101
        meter.update(stage: "provenance", done: 10, total: 40, unit: "articles")  // the stage's clock starts here
        now = 103
        meter.update(stage: "provenance", done: 20, total: 40, unit: "articles")
        #expect(lines.last == "\rprovenance 20 of 40 articles · 50% · ETA 2s\u{1B}[K")
    }

    @Test func etaIsTheRestAtTheRateSoFar() {
        #expect(ProgressMeter.eta(doneBytes: 100, leftBytes: 300, seconds: 2) == 6)
        #expect(ProgressMeter.eta(doneBytes: 0, leftBytes: 300, seconds: 2) == nil)
        #expect(ProgressMeter.eta(doneBytes: 100, leftBytes: -5, seconds: 2) == 0)
    }

    @Test func rendersTheLine() {
        let line = ProgressMeter.render(
            records: 41_216, inputBytes: 40_000_000, totalBytes: 100_000_000, recordsThisRun: 41_216,
            bytesThisRun: 40_000_000, seconds: 4)
        #expect(line == "41,216 records · 40.0 MB · 10.0 MB/s · 10,304 records/s · 40% · ETA 6s")
        // Resumed at 30 MB: rates and ETA count this run only; no size known: no percent.
        let resumed = ProgressMeter.render(
            records: 50_000, inputBytes: 40_000_000, totalBytes: 100_000_000, recordsThisRun: 10_000,
            bytesThisRun: 10_000_000, seconds: 2)
        #expect(resumed == "50,000 records · 40.0 MB · 5.0 MB/s · 5,000 records/s · 40% · ETA 12s")
        let piped = ProgressMeter.render(
            records: 10, inputBytes: 1_000_000, totalBytes: nil, recordsThisRun: 10, bytesThisRun: 1_000_000, seconds: 1)
        #expect(piped == "10 records · 1.0 MB · 1.0 MB/s · 10 records/s")
    }

    @Test func drawsNothingWhenNotATerminalOrQuiet() {
        let written = Box()
        var now = 0.0
        for (terminal, quiet) in [(false, false), (true, true)] {
            let meter = ProgressMeter(
                totalBytes: 1000, isTerminal: terminal, quiet: quiet, write: { written.text += $0 }, clock: { now })
            for k in 1...20 {
                now += 1
                meter.update(records: k, inputBytes: k * 10)
            }
            meter.finish()
        }
        #expect(written.text.isEmpty)
    }

    @Test func redrawsAtMostFourTimesASecondAndClearsAtTheEnd() {
        let written = Box()
        var now = 0.0
        let meter = ProgressMeter(totalBytes: 1000, isTerminal: true, write: { written.text += $0 }, clock: { now })
        for k in 1...100 {
            now += 0.01  // 100 updates in one second
            meter.update(records: k, inputBytes: k * 10)
        }
        let draws = written.text.components(separatedBy: "\r").count - 1
        #expect(draws >= 3 && draws <= 4)
        #expect(written.text.hasPrefix("\r"))
        meter.finish()
        #expect(written.text.hasSuffix("\r\u{1B}[K"))
    }

    @Test func summaryLineHasOneFormat() {
        var s = RunSummary(command: "extract")
        s.records = 12
        s.articles = 11
        s.errors = 1
        s.seconds = 0.4213
        #expect(s.line == "newsfold extract: 12 records in, 11 articles, 1 error; 0.42 s")
        s.withoutText = 1
        #expect(s.line == "newsfold extract: 12 records in, 11 articles, 1 without text, 1 error; 0.42 s")
        var d = RunSummary(command: "stories")
        d.records = 3
        d.articles = 3
        d.duplicates = 1
        d.stories = 1
        d.seconds = 2
        d.details = "1 story with several reports"
        #expect(d.line == "newsfold stories: 3 records in, 3 articles, 1 duplicate, 1 story, 0 errors; 2.0 s (1 story with several reports)")
    }
}

/// A counter shared by transform threads.
final class Counter: Sendable {
    private let n = Atomic<Int>(0)
    /// Adds `k`; returns the new value.
    @discardableResult
    func add(_ k: Int) -> Int { n.wrappingAdd(k, ordering: .sequentiallyConsistent).newValue }
    var value: Int { n.load(ordering: .sequentiallyConsistent) }
}

/// One signal a batch between a test and the stages of a pipeline: one side opens the signal
/// of batch k once, the other waits for it. A wait that lasts 30 s (the pipeline hangs) gives
/// up and is counted in ``timeouts``, for the test to fail rather than hang.
final class BatchSignals: Sendable {
    private let signals: [DispatchSemaphore]
    private let timedOut = Atomic<Int>(0)

    init(count: Int) { signals = (0..<count).map { _ in DispatchSemaphore(value: 0) } }

    /// Opens the signal of batch `k`.
    func open(_ k: Int) { signals[k].signal() }

    /// Waits until the signal of batch `k` is open.
    func wait(_ k: Int) {
        if signals[k].wait(timeout: .now() + 30) == .timedOut { timedOut.add(1, ordering: .sequentiallyConsistent) }
    }

    /// Waits that gave up.
    var timeouts: Int { timedOut.load(ordering: .sequentiallyConsistent) }
}

/// Text collected by a closure.
final class Box {
    var text = ""
}
