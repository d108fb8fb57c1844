import Foundation
import NewsfoldCore
import NewsfoldExtract
import Testing

/// Copy groups of the five seed pages (`Samples/seeds`), extracted by the real extractor:
/// three AP copies (000 content farm, 001 edited syndication, 002 original) and two
/// independent reports (003, 004).
@Suite struct SeedCopyGroupTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Samples/seeds").standardizedFileURL

    static func articles() throws -> [Article] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".txt") }.sorted()
        #expect(names.count == 5)
        return try names.map { name in
            let bytes = try Array(Data(contentsOf: folder.appendingPathComponent(name)))
            return try PageExtractor().extract(Page(id: String(name.prefix(3)), source: name, bytes: bytes))
        }
    }

    static func shingleSet(_ text: String) -> Set<UInt64> {
        var s = Set<UInt64>()
        Shingler(n: 5).forEachShingle(in: text) { s.insert($0) }
        return s
    }

    static func groups(_ parameters: DedupParameters, _ articles: [Article]) -> [String: String] {
        let f = Fingerprinter(parameters: parameters)
        var index = CopyGroupIndex(parameters: parameters)
        var out: [String: String] = [:]
        for a in index.add(articles.map { f.fingerprint(id: $0.id, text: $0.text, published: $0.published) }) {
            out[a.id] = a.group
        }
        return out
    }

    /// Measured word-5-gram Jaccards (exact, on extracted text): the facts the tests below
    /// rely on. 000–002 is high (one spliced name); 001–002 falls below 0.8 (each British
    /// spelling changes five shingles, the cut credit line removes more; quotation marks fold
    /// away), but nearly all of 001 is found in 002.
    @Test func measuredJaccards() throws {
        let a = try Self.articles()
        let s = a.map { Self.shingleSet($0.text) }
        func j(_ x: Int, _ y: Int) -> Double {
            Double(s[x].intersection(s[y]).count) / Double(s[x].union(s[y]).count)
        }
        func c(_ x: Int, in y: Int) -> Double { Double(s[x].intersection(s[y]).count) / Double(s[x].count) }
        print("seed Jaccards: 000–002 \(j(0, 2)), 001–002 \(j(1, 2)), 000–001 \(j(0, 1)), 001⊂002 \(c(1, in: 2)), 003–004 \(j(3, 4))")
        #expect(j(0, 2) >= 0.8)
        #expect(c(1, in: 2) >= 0.8)
        for independent in [3, 4] {
            for copy in 0..<3 { #expect(j(independent, copy) < 0.2) }
        }
    }

    @Test func defaultsGroup000With002AndLeaveIndependentReportsAlone() throws {
        let g = Self.groups(try DedupParameters(), try Self.articles())
        #expect(g["000"] == "002")  // 002 is the earliest copy: it represents the group
        #expect(g["002"] == "002")
        #expect(g["003"] == "003")
        #expect(g["004"] == "004")
    }

    @Test func storyViewAlsoPutsTheEditedCopyWith002() throws {
        let g = Self.groups(.storyView, try Self.articles())
        #expect(g["000"] == "002")
        #expect(g["001"] == "002")
        #expect(g["002"] == "002")
        #expect(g["003"] == "003")
        #expect(g["004"] == "004")
    }
}
