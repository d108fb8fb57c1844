import Foundation
import NewsfoldCore
import NewsfoldExtract
import Testing

@Suite struct SeedProvenanceTests {
    @Test func dump() throws {
        for p in ["000", "001", "002", "003", "004"] {
            let a = try Seeds.article(p)
            print("=== \(a.id) title=\(a.title ?? "-") pub=\(a.published?.iso8601 ?? "-") crawled=\(a.crawled?.iso8601 ?? "-") wire=\(a.wire ?? "-") dateline=\(a.dateline ?? "-") site=\(a.site ?? "-") byline=\(a.byline ?? "-")")
            for para in a.paragraphs { print("  | " + para) }
        }
    }
}
