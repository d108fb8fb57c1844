import NewsfoldCore
import Testing
@testable import NewsfoldExtract

/// JSON-LD `articleBody` stands in for the page's body only when the page shows a fragment of
/// the article (rendered by scripts, or cut behind a "read more").
@Suite struct ArticleBodyFallbackTests {
    private let full = [
        "The regional water board said on Monday that the reservoir had reached its lowest level in twenty years.",
        "Farmers in the valley have been asked to cut irrigation by a third until the autumn rains arrive.",
        "Engineers are studying whether an old canal could carry water from the northern lakes next summer.",
        "The board will publish a full plan in June, after meeting the mayors of the eleven towns it serves.",
    ]

    private func page(visible: String, articleBody: String) -> [UInt8] {
        let escaped = articleBody.replacingOccurrences(of: "\n", with: "\\n")
        return Array("""
            <html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Reservoir at a low",
            "articleBody":"\(escaped)"}</script></head>
            <body><h1>Reservoir at a low</h1><article>\(visible)</article>
            <footer><p>Copyright Valley Water News. All rights reserved, no reproduction without permission.</p></footer>
            </body></html>
            """.utf8)
    }

    @Test func teaserOnThePageIsReplacedByTheFullArticleBody() throws {
        let bytes = page(visible: "<p>\(full[0])</p><div class=\"paywall\">Subscribe to read more.</div>",
            articleBody: full.joined(separator: "\n"))
        let a = try HTMLExtractor().extract(Page(id: "t", bytes: bytes))
        #expect(a.paragraphs == full)
        #expect(a.warnings.contains { $0.contains("articleBody") })
    }

    @Test func fullBodyOnThePageIsKept() throws {
        let visible = full.map { "<p>\($0)</p>" }.joined()
        let bytes = page(visible: visible, articleBody: full.joined(separator: " ") + " Extra hint only.")
        let a = try HTMLExtractor().extract(Page(id: "t", bytes: bytes))
        #expect(a.paragraphs == full)
        #expect(!a.text.contains("hint only"))
    }

    @Test func articleBodyWrittenAsHTMLIsReducedToText() {
        let html = full.map { "<p>\($0)</p>" }.joined()
        #expect(HTMLExtractor.fullerBody(visible: [], articleBody: html) == full)
        #expect(HTMLExtractor.fullerBody(visible: [], articleBody: "Too short to be an article.") == nil)
    }
}
