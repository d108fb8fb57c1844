import Testing
@testable import NewsfoldExtract

/// `HTMLDocument.strippingInertParts`: what is dropped before libxml2 parses a page, and what
/// must survive it.
@Suite struct BodyPreParseTests {
    private func strip(_ html: String) -> String {
        String(decoding: HTMLDocument.strippingInertParts(Array(html.utf8)), as: UTF8.self)
    }

    @Test func scriptsStylesSVGAndCommentsAreDropped() {
        #expect(strip("<p>a<script>if (x < 3) { y() }</script>b</p>") == "<p>ab</p>")
        #expect(strip("<head><STYLE type=\"text/css\">p > a { color: red }</STYLE></head>") == "<head></head>")
        #expect(strip("<p>one<!-- <p>hidden</p> -->two</p>") == "<p>onetwo</p>")
        #expect(strip("<div><svg viewBox=\"0 0 1 1\"><svg><text>x</text></svg><text>y</text></svg>z</div>")
            == "<div>z</div>")
        #expect(strip("<script>document.write('</scr' + 'ipt>')</script ><p>t</p>") == "<p>t</p>")
    }

    @Test func anSVGLeftOpenEndsWhereHTMLResumes() {
        // An icon whose `</svg>` was commented out with a second icon: as in browsers, the
        // svg ends at the first HTML tag that cannot be inside it, not at the end of the page.
        #expect(strip("<a><svg><use/><!-- <svg><use/></svg> --></a><h3>Question</h3><p>Answer</p>")
            == "<a><h3>Question</h3><p>Answer</p>")
        #expect(strip("<svg><g><text>t</text></g></svg><p>after</p>") == "<p>after</p>")
    }

    @Test func jsonScriptsAreKeptWhole() {
        let ld = "<script type=\"application/ld+json\">{\"articleBody\": \"<p>x</p>\"}</script>"
        #expect(strip(ld + "<p>t</p>") == ld + "<p>t</p>")
        let state = "<script id=\"__NEXT_DATA__\" type=\"application/json\">{\"a\":\"<script>\"}</script>"
        #expect(strip(state) == state)
    }

    @Test func tagNamesInsideAttributesAndLookalikesAreLeftAlone() {
        #expect(strip("<div title=\"a > <script> b\" class='<style>'>k</div>") == "<div class='<style>'>k</div>")
        #expect(strip("<scripts>s</scripts><svgx>v</svgx>") == "<scripts>s</scripts><svgx>v</svgx>")
        #expect(strip("<script-x data-a=1>s</script-x>") == "<script-x>s</script-x>")
        #expect(strip("<script>a</script-x>b</script>c") == "c")
        // Custom element names keep their dashes; only the attributes go.
        #expect(strip("<mjx-container jax=\"CHTML\" class=\"MathJax\">m</mjx-container>")
            == "<mjx-container class=\"MathJax\">m</mjx-container>")
        #expect(strip("<a href=x title=don't>q</a>") == "<a href>q</a>")
    }

    @Test func onlyAttributesTheExtractorReadsAreKept() {
        #expect(strip("<div data-id=\"7\" CLASS=\"story body\" onclick='go()' id=main>t</div>")
            == "<div CLASS=\"story body\" id=main>t</div>")
        #expect(strip("<link rel=\"canonical\" href=\"https://e.example/a\"><a href=\"/b\" rel=author>N</a>")
            == "<link rel=\"canonical\" href=\"https://e.example/a\"><a href rel=author>N</a>")
        #expect(strip("<meta property=\"og:title\" content=\"A &gt; B\"/>") == "<meta property=\"og:title\" content=\"A &gt; B\"/>")
        // A `/` inside an unquoted value does not self-close the element.
        // An `<a>` keeps only the name of its `href` (a link, not a named anchor).
        #expect(strip("<a href=http://e.example/>x</a>") == "<a href>x</a>")
        #expect(strip("<a name=\"s1\" id=\"s1\">x</a>") == "<a name=\"s1\" id=\"s1\">x</a>")
        #expect(strip("<img src=\"p.jpg\" alt=\"\" />") == "<img/>")
        #expect(strip("<div hidden aria-hidden = \"true\" style=\"display:none\">h</div>")
            == "<div hidden aria-hidden = \"true\" style=\"display:none\">h</div>")
    }

    @Test func selfClosedAndUnclosedElements() {
        #expect(strip("<p>a<svg/>b<script src=\"x.js\"/>c</p>") == "<p>abc</p>")
        #expect(strip("<p>a</p><script>never closed <p>b</p>") == "<p>a</p>")
        #expect(strip("<p>a</p><!-- never closed") == "<p>a</p>")
        #expect(strip("<p>a <b") == "<p>a <b")
        #expect(strip("") == "")
    }

    @Test func extractionIsUnchangedByStripping() throws {
        let html = """
            <html><head><title>Dam opens</title><style>.x{}</style></head><body>
            <svg><text>Logo text that is long enough to be a paragraph if it were read</text></svg>
            <article><p>The new dam opened on Monday after six years of work, officials said, and the river is calm.</p>
            <script>var s = "<p>Injected paragraph that must never be read as text by the extractor</p>";</script>
            <p>Farmers downstream said the water now arrives when they need it, not in one flood each spring.</p>
            </article></body></html>
            """
        let a = try HTMLExtractor().extract(Page(id: "dam", bytes: Array(html.utf8)))
        #expect(a.paragraphs.count == 2)
        #expect(!a.text.contains("Injected"))
        #expect(!a.text.contains("Logo text"))
    }
}

@Suite struct BodyUTF8ValidationTests {
    @Test func agreesWithTheStandardLibrary() {
        let samples: [[UInt8]] = [
            [], Array("plain ASCII text that is longer than eight bytes".utf8), Array("Zürich – 東京 😀".utf8),
            [0xC3], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF0, 0x8F, 0xBF, 0xBF], [0xFF], Array("abcdefgh".utf8) + [0xE9] + Array("ijklmnop".utf8),
            [0x61, 0xE2, 0x82], [0xF0, 0x9F, 0x98, 0x80, 0x41],
        ]
        for s in samples {
            #expect(isValidUTF8(s) == (String(validating: s, as: UTF8.self) != nil), "\(s)")
        }
    }
}
