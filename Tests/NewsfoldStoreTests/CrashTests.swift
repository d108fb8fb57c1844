import Foundation
import NewsfoldCore
import NewsfoldIO
import NewsfoldStore
import Testing

/// The built `newsfold` next to the test bundle (swift test builds it), or `NEWSFOLD_BIN`.
func newsfoldBinary() throws -> URL {
    if let path = ProcessInfo.processInfo.environment["NEWSFOLD_BIN"] { return URL(fileURLWithPath: path) }
    let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [
        here.appendingPathComponent("newsfold"),
        Bundle.main.bundleURL.appendingPathComponent("newsfold"),
        Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("newsfold"),
    ]
    if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
        return found
    }
    throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "newsfold next to \(here.path): run `swift build` first, or set NEWSFOLD_BIN"])
}

/// `kill -9` in the middle of `newsfold ingest`: nothing acknowledged is lost, nothing is half
/// written, and rerunning the command completes it with the same result as one clean run.
/// Batches of 40, provenance analysed every 80 articles: acknowledgements come after each
/// analysis, and the kill lands mid-batch or between a commit and its analysis.
@Suite(.serialized) struct CrashTests {
    static let batchSize = 40

    static func runToEnd(_ bin: URL, db: String, input: String) throws -> [String] {
        let p = Process()
        p.executableURL = bin
        p.arguments = ["ingest", "--db", db, input, "--workers", "1", "--batch-size", "\(batchSize)", "--analyse-every", "80", "--quiet"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The seeds through the command: each acknowledgement names a flag kind once, though
    /// 000 carries two injected sentences and two date checks (a flag each).
    @Test func acknowledgementsNameEachFlagKindOnce() throws {
        let bin = try newsfoldBinary()
        let db = try TestDatabase(.sqlite)
        defer { db.remove() }
        let acks = try Self.runToEnd(bin, db: db.address, input: Fixtures.seedDirectory.path)
        #expect(acks.count == 5)
        var flagged = 0
        for line in acks {
            guard case .array(let values)? = try JSONValue.parse(Array(line.utf8))["flags"] else {
                Issue.record("no flags list: \(line)")
                continue
            }
            let kinds = values.compactMap(\.string)
            #expect(Set(kinds).count == kinds.count, "\(line)")
            if kinds.contains("injected-text") { flagged += 1 }
        }
        #expect(flagged == 1, "000 is flagged for its injected text")
    }

    @Test(arguments: StoreKind.available)
    func killDuringIngestLosesNothingAcknowledged(_ kind: StoreKind) async throws {
        let bin = try newsfoldBinary()
        let dir = try Fixtures.temporaryDirectory()
        let target = try TestDatabase(kind), cleanTarget = try target.sibling()
        defer {
            try? FileManager.default.removeItem(at: dir)
            target.remove()
            cleanTarget.remove()
        }
        // Made-up articles with copies and several stories, with long ids: the acknowledgements
        // of the articles after the 150th make far more than a pipe holds (64 KB on Linux), so
        // once this test stops reading, the ingest blocks on its output before it can finish:
        // the kill lands while it runs, however fast the machine (no race with its end).
        let input = dir.appendingPathComponent("in.jsonl").path
        var w = JSONWriter(reservingCapacity: 1 << 20)
        let padding = String(repeating: "x", count: 400)
        for var a in Fixtures.generated(count: 900, events: 40) {
            a.id += "-" + padding
            ArticleJSON.write(a, to: &w)
        }
        try Data(w.bytes).write(to: URL(fileURLWithPath: input))
        #expect((900 - 150) * padding.utf8.count > 4 * 65_536, "the acknowledgements left must overflow the pipe")

        let db = target.address
        let p = Process()
        p.executableURL = bin
        p.arguments = ["ingest", "--db", db, input, "--workers", "1", "--batch-size", "\(Self.batchSize)", "--analyse-every", "80", "--quiet"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        // Read acknowledgements until a good part is done, then kill -9.
        var acknowledged: [String] = []
        var pending = Data()
        let reader = out.fileHandleForReading
        while acknowledged.count < 150 {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let nl = pending.firstIndex(of: 0x0A) {
                let line = pending[pending.startIndex..<nl]
                pending = Data(pending[(nl + 1)...])
                if let id = try? JSONValue.parse(Array(line))["id"]?.string { acknowledged.append(id) }
            }
        }
        // Stop reading: the ingest fills the pipe and blocks; then it is killed mid-run.
        #expect(p.isRunning, "the ingest must still run: its output cannot have drained")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        #expect(acknowledged.count >= 150)

        // Every acknowledged article is there; the file and the store are sound.
        do {
            let store = try target.open()
            #expect(try store.verify() == [])
            for id in acknowledged { #expect(try await store.article(id: id) != nil, "\(id) was acknowledged but lost") }
            let n = try await store.counts().articles
            #expect(n >= acknowledged.count && n < 900)
        }

        // Rerunning completes it; the result equals one clean run's.
        let rerun = try Self.runToEnd(bin, db: db, input: input)
        #expect(rerun.count == 900)
        #expect(rerun.filter { $0.contains("\"already-stored\"") }.count >= acknowledged.count)
        _ = try Self.runToEnd(bin, db: cleanTarget.address, input: input)
        let x = try await target.open(readOnly: true).snapshot()
        let y = try await cleanTarget.open(readOnly: true).snapshot()
        #expect(x.inputs.count == 900)
        #expect(x.inputs.map(\.id) == y.inputs.map(\.id))
        #expect(x.inputs.map(\.group) == y.inputs.map(\.group))
        #expect(x.stories.map(\.articles) == y.stories.map(\.articles))
        #expect(try target.open().verify() == [])
    }
}
