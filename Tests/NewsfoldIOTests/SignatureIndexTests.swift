import Foundation
import NewsfoldCore
import Testing

@testable import NewsfoldIO

@Suite struct SignatureIndexTests {
    func tempPath() -> String {
        scratchPath("sigindex", suffix: ".nfsig")
    }

    func text(_ seed: UInt64, _ count: Int = 120) -> [String] {
        var s = seed
        return (0..<count).map { _ in "w\(StableHash.splitMix(&s) % 3000)" }
    }

    @Test func roundTripsFingerprints() throws {
        let p = try DedupParameters()
        let f = Fingerprinter(parameters: p)
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try SignatureIndex.load(path: path, parameters: p).isEmpty)
        let fps = [
            f.fingerprint(id: "a", text: text(1).joined(separator: " "), published: NewsDate(year: 2023, month: 9, day: 4)),
            f.fingerprint(id: "ünïcode id", text: "short text"),
        ]
        try SignatureIndex.append(fps, to: path, parameters: p)
        try SignatureIndex.append([f.fingerprint(id: "c", text: "")], to: path, parameters: p)
        let back = try SignatureIndex.load(path: path, parameters: p)
        #expect(back == fps + [f.fingerprint(id: "c", text: "")])
    }

    @Test func secondRunJoinsGroupsOfTheFirst() throws {
        let p = try DedupParameters()
        let f = Fingerprinter(parameters: p)
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = text(2)
        var copy = original
        copy[60] = "edited"
        // Run 1.
        var first = CopyGroupIndex(parameters: p)
        first.insert([f.fingerprint(id: "orig", text: original.joined(separator: " ")),
                      f.fingerprint(id: "other", text: text(3).joined(separator: " "))])
        try SignatureIndex.append((0..<first.count).map { first.fingerprint(at: $0) }, to: path, parameters: p)
        // Run 2: only the new text is read.
        var second = CopyGroupIndex(parameters: p)
        second.insert(try SignatureIndex.load(path: path, parameters: p))
        let new = second.add([f.fingerprint(id: "x-copy", text: copy.joined(separator: " "))])
        #expect(new[0].group == "orig")
        #expect(new[0].duplicateOf == "orig")
    }

    @Test func refusesOtherParametersAndDamagedFiles() throws {
        let p = try DedupParameters()
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SignatureIndex.append(
            [Fingerprinter(parameters: p).fingerprint(id: "a", text: text(4).joined(separator: " "))], to: path,
            parameters: p)
        #expect(throws: SignatureIndexError.self) {
            try SignatureIndex.load(path: path, parameters: try DedupParameters(permutations: 256))
        }
        #expect(throws: SignatureIndexError.self) {
            try SignatureIndex.load(path: path, parameters: try DedupParameters(scheme: .permutations))
        }
        // Truncated.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count - 7).write(to: URL(fileURLWithPath: path))
        #expect(throws: SignatureIndexError.self) { try SignatureIndex.load(path: path, parameters: p) }
        // Not an index.
        try Data("{\"id\": 1}\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SignatureIndexError.self) { try SignatureIndex.load(path: path, parameters: p) }
    }

    /// An index larger than the read buffer (1 MiB: about 1,900 records at 128 slots), so
    /// that records straddle refills; batches come in order and add up to the whole.
    @Test func streamsAnIndexLargerThanItsBuffer() throws {
        let p = try DedupParameters()
        let f = Fingerprinter(parameters: p)
        let path = tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fps = (0..<2500 as Range<UInt64>).map { i in
            f.fingerprint(id: String(repeating: "i", count: Int(i % 37)) + "\(i)", text: text(100 + i, 12).joined(separator: " "))
        }
        try SignatureIndex.append(fps.lazy.map { $0 }, to: path, parameters: p)
        var batches: [[DocumentFingerprint]] = []
        try SignatureIndex.forEachBatch(path: path, parameters: p, batchSize: 1000) { batches.append($0) }
        #expect(batches.map(\.count) == [1000, 1000, 500])
        #expect(Array(batches.joined()) == fps)
        // A missing file is an empty index; a cut one names the byte where it ends.
        var called = false
        try SignatureIndex.forEachBatch(path: path + ".missing", parameters: p) { _ in called = true }
        #expect(!called)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: path))
        do {
            try SignatureIndex.forEachBatch(path: path, parameters: p) { _ in }
            Issue.record("a truncated index was read")
        } catch let e as SignatureIndexError {
            #expect(e.description.contains("truncated at byte"))
        }
    }
}
