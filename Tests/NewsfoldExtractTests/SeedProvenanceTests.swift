import Foundation
import NewsfoldCore
import NewsfoldExtract
import NewsfoldIO
import Testing

/// The seeds' full answer (Samples/README.md), from the real extractor and the real
/// copy-group engine: one story; 002 the original; 001 an edited copy with British spellings;
/// 000 a copy with injected text and an anomalous date; 003 and 004 independent.
@Suite struct SeedProvenanceTests {
    static let ids = ["000", "001", "002", "003", "004"]

    /// Articles grouped by `CopyGroupIndex` with its default parameters (as `newsfold dedup`).
    static func report() throws -> ProvenanceReport {
        let articles = try ids.map { try Seeds.article($0) }
        let parameters = DedupParameters.storyView
        let fingerprinter = Fingerprinter(parameters: parameters)
        var index = CopyGroupIndex(parameters: parameters)
        _ = index.add(articles.map { fingerprinter.fingerprint(id: $0.id, text: $0.text, published: $0.published) })
        let group = Dictionary(uniqueKeysWithValues: index.assignments().map { ($0.id, $0.group) })
        let inputs = articles.map { ProvenanceInput(article: $0, group: group[$0.id]!) }
        return ProvenanceAnalyzer().analyze(story: inputs)
    }

    static func member(_ r: ProvenanceReport, _ prefix: String) throws -> ProvenanceMember {
        try #require(r.members.first { $0.id.hasPrefix(prefix) })
    }

    @Test func oneCopyGroupWith002AsOriginal() throws {
        let r = try Self.report()
        let group = try #require(r.groups.first)
        #expect(group.members.count == 3)
        #expect(group.original.hasPrefix("002"))
        #expect(Set(group.members.map { String($0.id.prefix(3)) }) == ["000", "001", "002"])
        #expect(group.evidence.contains("2023-09-04T14:11"))
        #expect(r.groups.count == 3)
        #expect(try Self.member(r, "002").role == .original)
        #expect(try Self.member(r, "002").flags.isEmpty)
    }

    @Test func editedCopyListsBritishSpellingsAndDroppedQuotes() throws {
        let m = try Self.member(try Self.report(), "001")
        #expect(m.role == .editedCopy)
        let edits = m.changes.allEdits
        let spellings = edits.filter { $0.kind == .spelling }.map(\.summary)
        #expect(spellings.contains("authorized→authorised"))
        #expect(spellings.contains("Defense→Defence"))
        #expect(spellings.contains("U.S.→US"))
        #expect(edits.contains { $0.kind == .punctuation && $0.summary == "quotation marks dropped" })
        // Its cut credit line ("… contributed to this story") is a credit, not dropped text.
        #expect(!m.changes.dropped.contains { $0.contains("contributed to this story") })
        // An edited copy, but an honest one: same date as the story, credits AP, complete.
        #expect(m.flags.isEmpty, "\(m.flags)")
    }

    @Test func contentFarmCopyIsFlaggedWithTheSplicedName() throws {
        let m = try Self.member(try Self.report(), "000")
        #expect(m.role == .copy)
        let injected = m.flags.filter { $0.kind == .injectedText }
        #expect(injected.count == 2)  // the headline and the second paragraph
        #expect(injected.allSatisfy { $0.text == "PredictIQ Quantitative Think Tank Center" })
        #expect(injected.allSatisfy { $0.severity == .high }, "the name is spliced into two places")
        #expect(injected.contains { $0.evidence.contains("headline") })
        let dates = m.flags.filter { $0.kind == .dateAnomaly }
        #expect(dates.contains { $0.text.hasPrefix("2025-04-06") && $0.evidence.contains("days after") })
        #expect(!m.has(.missingAttribution) && !m.has(.truncated))
    }

    @Test func independentReportsAndWhatTheyAdd() throws {
        let r = try Self.report()
        let upi = try Self.member(r, "003")
        let post = try Self.member(r, "004")
        #expect(upi.role == .independent)
        #expect(post.role == .independent)
        #expect(upi.flags.isEmpty && post.flags.isEmpty)
        let upiAdds = try #require(upi.adds)
        let postAdds = try #require(post.adds)
        #expect(upiAdds.sentences.contains { $0.contains("joint statement to the United Nations") })
        #expect(upiAdds.entities.contains("Hwasong-18"))
        #expect(postAdds.sentences.contains { $0.contains("Group of 20 summit") })
        #expect(postAdds.entities.contains { $0.contains("Group of 20") })
        // Quotes every report carries are not additions.
        #expect(!upiAdds.sentences.contains { $0.contains("We have information that Kim Jong Un expects") })
    }

    @Test func renderingsShowTheAnswer() throws {
        let r = try Self.report()
        let text = ProvenanceText.render(r)
        #expect(text.contains("ORIGINAL  002_"))
        #expect(text.contains("injected-text"))
        #expect(text.split(separator: "\n").allSatisfy { $0.unicodeScalars.count <= ProvenanceText.width })
        var w = JSONWriter()
        ProvenanceJSON.writeGroups(r, to: &w)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(w.bytes)) as? [[String: Any]])
        #expect(json.count == 3)
        let members = try #require(json[0]["members"] as? [[String: Any]])
        #expect(members.allSatisfy { $0["role"] != nil && $0["changes"] != nil && $0["flags"] != nil })
        print(text)
    }
}
