import Foundation
import Testing

import NewsfoldCore
@testable import NewsfoldIO

/// The files `dedup --resume` keeps in its checkpoint folder (``DedupResumeFiles``).
@Suite struct DedupResumeFilesTests {
    let parameters: DedupParameters
    let fingerprints: [DocumentFingerprint]
    let ordinals: [Int32] = [0, 2, 3, 7, 8]

    init() throws {
        parameters = try DedupParameters()
        let f = Fingerprinter(parameters: parameters)
        var s: UInt64 = 11
        fingerprints = (0..<5).map { i in
            let text = (0..<80).map { _ in "w\(StableHash.splitMix(&s) % 500)" }.joined(separator: " ")
            return f.fingerprint(id: "doc-\(i)", text: text, published: i == 1 ? NewsDate(year: 2024, month: 3, day: 1) : nil)
        }
    }

    /// Saves documents `0..<count` to `files` (from what is saved already).
    func save(_ files: DedupResumeFiles, upTo count: Int) throws {
        try files.save(ordinals: Array(ordinals[..<count])) { fingerprints[$0] }
    }

    /// What `files` restore: the fingerprints and the ordinals.
    func restored(_ files: DedupResumeFiles) throws -> ([DocumentFingerprint], [Int32]) {
        var back: [DocumentFingerprint] = []
        let ordinals = try files.restore { back += $0 }
        return (back, ordinals)
    }

    @Test func savedAtSeveralCheckpointsRestoresInOrder() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = DedupResumeFiles(directory: dir, parameters: parameters)
        try save(files, upTo: 2)
        try save(files, upTo: 2)  // nothing new: nothing appended
        try save(files, upTo: 5)
        #expect(files.saved == 5)

        let again = DedupResumeFiles(directory: dir, parameters: parameters)
        let (back, backOrdinals) = try restored(again)
        #expect(back == fingerprints)
        #expect(backOrdinals == ordinals)
        #expect(again.saved == 5)
        #expect(ResumeCheckpoint.size(of: again.ordinalsPath) == 4 * 5)
    }

    @Test func noFilesRestoreNothing() throws {
        let files = DedupResumeFiles(directory: scratchPath("none"), parameters: parameters)
        let (back, backOrdinals) = try restored(files)
        #expect(back.isEmpty && backOrdinals.isEmpty && files.saved == 0)
    }

    /// Saves the five documents, cuts `bytes` off the end of the file `at` names, and
    /// expects restoring to say `saying`, and to delete the folder to start again.
    func expectTruncation(cutting bytes: Int, at file: (DedupResumeFiles) -> String, saying: String) throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = DedupResumeFiles(directory: dir, parameters: parameters)
        try save(files, upTo: 5)
        let size = try #require(ResumeCheckpoint.size(of: file(files)))
        #expect(truncate(file(files), off_t(size - bytes)) == 0)
        let error = #expect(throws: ResumeError.self) { try restored(files) }
        #expect(error?.description.contains(saying) == true, "\(String(describing: error))")
        #expect(error?.description.hasSuffix("delete \(dir) to start again") == true, "\(String(describing: error))")
    }

    @Test func aTruncatedOrdinalsFileSaysToStartAgain() throws {
        try expectTruncation(cutting: 2, at: \.ordinalsPath, saying: "checkpoint ordinals truncated (18 bytes")
    }

    @Test func aTruncatedFingerprintsFileSaysToStartAgain() throws {
        try expectTruncation(cutting: 10, at: \.signaturesPath, saying: "unreadable checkpoint fingerprints")
    }

    @Test func filesThatDisagreeSayToStartAgain() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = DedupResumeFiles(directory: dir, parameters: parameters)
        try save(files, upTo: 3)
        try DedupResumeFiles.appendOrdinals([9], to: files.ordinalsPath)
        let error = #expect(throws: ResumeError.self) { try restored(files) }
        #expect(error == ResumeError("\(dir): fingerprints and ordinals disagree; delete it to start again"))
    }

    /// A run stopped after a checkpoint had appended more (one document whole, one torn): the
    /// checkpoint's rewind cuts both files back, the documents of the checkpoint are restored,
    /// and saving goes on after them.
    @Test func resumesAfterAPartialWrite() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = dir + "/groups.jsonl"
        try write([], to: output)
        let checkpoint = ResumeCheckpoint(output: output)
        try checkpoint.start()
        let files = DedupResumeFiles(directory: checkpoint.directory, parameters: parameters)
        try save(files, upTo: 3)
        var state = ResumeState(command: "dedup", arguments: [], inputs: [], position: InputPosition())
        for name in DedupResumeFiles.names { state.files[name] = 0 }
        try checkpoint.commit(flush: {}, state: state)
        try save(files, upTo: 4)  // after the checkpoint, then a torn write
        for (path, torn) in [(files.signaturesPath, [1, 2, 3] as [UInt8]), (files.ordinalsPath, [5, 0])] {
            let handle = try #require(FileHandle(forWritingAtPath: path))
            try handle.seekToEnd()
            try handle.write(contentsOf: torn)
            try handle.close()
        }

        let again = ResumeCheckpoint(output: output)
        let loaded = try #require(try again.load())
        try again.check(loaded, command: "dedup", arguments: [], inputs: [])
        try again.rewind(to: loaded)
        let resumed = DedupResumeFiles(directory: again.directory, parameters: parameters)
        let (back, backOrdinals) = try restored(resumed)
        #expect(back == Array(fingerprints[..<3]))
        #expect(backOrdinals == Array(ordinals[..<3]))

        try save(resumed, upTo: 5)
        let (all, allOrdinals) = try restored(DedupResumeFiles(directory: again.directory, parameters: parameters))
        #expect(all == fingerprints)
        #expect(allOrdinals == ordinals)
    }

    @Test func theIndexIsCutBackToItsLengthBeforeTheStoppedRun() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let index = dir + "/corpus.nfsig"
        try SignatureIndex.append(fingerprints[..<2], to: index, parameters: parameters)
        let before = try #require(ResumeCheckpoint.size(of: index))
        try SignatureIndex.append(fingerprints[2...], to: index, parameters: parameters)  // the stopped run's

        try DedupResumeFiles.rewindIndex(index, to: -1, parameters: parameters)  // there was no index
        #expect(try SignatureIndex.load(path: index, parameters: parameters) == fingerprints)
        try DedupResumeFiles.rewindIndex(index, to: before, parameters: parameters)
        #expect(try SignatureIndex.load(path: index, parameters: parameters) == Array(fingerprints[..<2]))
        try DedupResumeFiles.rewindIndex(index, to: before, parameters: parameters)  // again: nothing to cut
        #expect(ResumeCheckpoint.size(of: index) == before)

        // A run killed in the middle of appending left a record cut short: it goes too.
        try SignatureIndex.append(fingerprints[2...], to: index, parameters: parameters)
        let full = try #require(ResumeCheckpoint.size(of: index))
        try ResumeCheckpoint.truncate(index, to: full - 7)
        #expect(throws: SignatureIndexError.self) { try SignatureIndex.load(path: index, parameters: parameters) }
        try DedupResumeFiles.rewindIndex(index, to: before, parameters: parameters)
        #expect(try SignatureIndex.load(path: index, parameters: parameters) == Array(fingerprints[..<2]))

        // An index of other parameters is left for the reading to report.
        let other = try DedupParameters(ngram: 3)
        try DedupResumeFiles.rewindIndex(index, to: 10, parameters: other)
        #expect(ResumeCheckpoint.size(of: index) == before)
    }
}
