import Foundation
import NewsfoldCore
import NewsfoldExtract
import Testing

/// The example of the DocC article "Using Newsfold as a library"
/// (`Sources/NewsfoldCore/NewsfoldCore.docc/UsingNewsfoldAsALibrary.md`), kept compiling and
/// checked against what the article says it prints.
@Suite struct LibraryUsageTests {
    /// The article's code, word for word, with `print` collecting lines.
    static func report(pages: [(name: String, bytes: [UInt8])], print: (String) -> Void) throws {
        // 1. The article of each page: title, body without boilerplate, dates, site, wire credit.
        let extractor = PageExtractor()
        let articles = try pages.map { try extractor.extract(Page(id: $0.name, bytes: $0.bytes)) }

        // 2. Copy groups: a MinHash fingerprint per text; pairs at Jaccard ≥ 0.8 are copies.
        let fingerprinter = Fingerprinter(parameters: try DedupParameters(threshold: 0.8))
        let prints = articles.map { fingerprinter.fingerprint(id: $0.id, text: $0.text, published: $0.published) }

        // 3. Stories (copy groups stay whole) and 4. the provenance of each.
        let analysis = StoryAnalysis(articles: articles, fingerprints: prints, parameters: fingerprinter.parameters)
        for story in analysis.stories {
            print("\(story.title ?? "(untitled)") — \(story.articles.count) articles")
            guard let provenance = analysis.provenance[story.id] else { continue }
            for group in provenance.groups where group.members.count > 1 {
                print("  original \(group.original): \(group.evidence)")
                for m in group.members where m.role != .original {
                    print("    \(m.id) \(m.role.rawValue) \(m.flags.map(\.kind.rawValue))")
                }
            }
        }
    }

    @Test func theArticlesExampleSaysWhatItPromisesOnTheSeeds() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Samples/seeds").standardizedFileURL
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
        let pages = try names.map { (name: String($0.prefix(3)), bytes: Array(try Data(contentsOf: folder.appendingPathComponent($0)))) }
        var lines: [String] = []
        try Self.report(pages: pages) { lines.append($0) }
        // One story of five; the AP copies' group names 002 as original; 000 is flagged.
        #expect(lines.filter { !$0.hasPrefix(" ") }.count == 1)
        #expect(lines.first?.hasSuffix("— 5 articles") == true)
        #expect(lines.contains { $0.hasPrefix("  original 002:") })
        let farm = try #require(lines.first { $0.hasPrefix("    000 ") })
        #expect(farm.contains("injected-text") && farm.contains("date-anomaly"))
    }
}
