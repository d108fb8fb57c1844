import NewsfoldCore
import Testing
@testable import NewsfoldExtract

/// JSON-LD nodes that point to others by `@id` (issue 22's metadata).
@Suite struct JSONLDReferenceTests {
    @Test func anAuthorGivenByIDIsTheNamedNode() throws {
        let graph = """
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[\
            {"@type":"NewsArticle","headline":"Footbridge to be rebuilt","datePublished":"2023-11-06T14:25:00Z",\
            "author":[{"@id":"https://site.example/#/schema/person/1"}],"publisher":{"@id":"https://site.example/#organization"}},\
            {"@type":"Organization","@id":"https://site.example/#organization","name":"Example Media GmbH"},\
            {"@type":"Person","@id":"https://site.example/#/schema/person/1","name":"Katharina Schmidt"}]}</script>
            """
        let html = """
            <html><head>\(graph)<meta property="og:site_name" content="Example.de"></head><body>\
            <h1>Footbridge to be rebuilt</h1><div class="byline">Katharina Schmidt Kategorien: Mode</div>\
            <article><p>The town council voted on Tuesday to rebuild the old footbridge over the river, ending a \
            dispute that had lasted for more than two years between residents and planners.</p></article></body></html>
            """
        let a = try PageExtractor().extract(Page(id: "t", url: nil, bytes: Array(html.utf8)))
        #expect(a.authors == ["Katharina Schmidt"])
        // The publisher's legal name does not replace the site's own name.
        #expect(a.site == "Example.de")
    }
}
