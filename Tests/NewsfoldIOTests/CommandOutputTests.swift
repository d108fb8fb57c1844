import Foundation
import Testing

@testable import NewsfoldCore
@testable import NewsfoldIO

/// The lines `dedup` (``DedupOutput``) and `ingest` (``IngestAcknowledgement``) write.
@Suite struct CommandOutputTests {
    func line(_ a: Assignment) -> String {
        var w = JSONWriter()
        DedupOutput.writeLine(a, to: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    @Test func dedupLinesHaveTheirKeysInOrderAndThreePlaces() {
        let copy = Assignment(id: "b", group: "a", duplicateOf: "a", similarity: 0.91264, containment: 1, index: 1)
        #expect(line(copy) == #"{"id":"b","group":"a","duplicate_of":"a","similarity":0.913,"containment":1}"# + "\n")
        let alone = Assignment(id: "a \"x\"", group: "a \"x\"", duplicateOf: nil, similarity: nil, containment: nil, index: 0)
        #expect(
            line(alone)
                == #"{"id":"a \"x\"","group":"a \"x\"","duplicate_of":null,"similarity":null,"containment":null}"# + "\n")
    }

    @Test func dedupWritesEveryLineOrOnlyRepresentatives() throws {
        // Enough lines to be written in several 64 KB pieces.
        let assignments = (0..<3000).map { i in
            i % 3 == 0
                ? Assignment(id: "doc-\(i)", group: "doc-\(i)", duplicateOf: nil, similarity: nil, containment: nil, index: i)
                : Assignment(
                    id: "doc-\(i)", group: "doc-\(i - i % 3)", duplicateOf: "doc-\(i - 1)", similarity: 0.85,
                    containment: nil, index: i)
        }
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for unique in [false, true] {
            let path = dir + "/groups-\(unique).jsonl"
            let out = try OutputSink(path: path)
            DedupOutput.write(assignments, unique: unique, to: out)
            try out.close()
            let expected = assignments.filter { !unique || $0.isRepresentative }.map(line).joined()
            #expect(String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self) == expected)
        }
    }

    @Test func ingestAcknowledgementsNameEachFlagKindOnce() {
        func flag(_ kind: ProvenanceFlag.Kind) -> ProvenanceFlag {
            ProvenanceFlag(kind: kind, evidence: "", text: "", severity: .low)
        }
        var w = JSONWriter()
        IngestAcknowledgement(
            id: "b", group: "a", story: 7, role: .editedCopy,
            flags: [flag(.injectedText), flag(.truncated), flag(.injectedText)], alreadyStored: false
        ).write(to: &w)
        IngestAcknowledgement(id: "c", group: "c", story: 8, role: nil, flags: [], alreadyStored: true).write(to: &w)
        #expect(
            String(decoding: w.bytes, as: UTF8.self)
                == #"{"id":"b","group":"a","story":7,"role":"edited-copy","flags":["injected-text","truncated"],"status":"stored"}"#
                + "\n" + #"{"id":"c","group":"c","story":8,"role":null,"flags":[],"status":"already-stored"}"# + "\n")
    }
}
