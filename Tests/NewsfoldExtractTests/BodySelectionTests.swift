import Testing
import NewsfoldCore
@testable import NewsfoldExtract

/// Body-selection cases, each a small page written for the rule it checks.
@Suite struct BodySelectionTests {
    private func extract(_ html: String) throws -> Article {
        try HTMLExtractor().extract(Page(id: "t", bytes: Array(html.utf8)))
    }

    private static let sentences = [
        "The council voted on Tuesday to rebuild the old river bridge, ending a debate that had run for four years.",
        "Engineers said the new span would carry twice the traffic, and work could begin in the spring, weather permitting.",
        "Residents of the east bank, who lost their direct route when the bridge closed, welcomed the decision at the meeting.",
        "The cost, estimated at eleven million, will be shared between the town and the regional transport fund.",
        "A temporary ferry will keep running until the new bridge opens, which the council expects within two years.",
        "Shop owners near the crossing said trade had fallen by a third since the closure and hoped for a quick start.",
    ]

    @Test func articleInSectionsBeatsALongBoxOutsideIt() throws {
        // The article is split into short sections inside `<article>`; a deals box outside it
        // has one long block that outscores every single section.
        let deals = (1...12).map {
            "Deal \($0): <a href=\"/d\($0)\">headphones, kettles, chairs</a>, lamps, tents and bikes at low prices today"
        }.joined(separator: " • ")
        let sections = Self.sentences.map { "<section><p>\($0)</p></section>" }.joined()
        let html = """
            <html><head><title>Bridge</title></head><body>
            <div class="offers"><div>\(deals)</div></div>
            <article><h1>Bridge</h1>\(sections)</article>
            </body></html>
            """
        let a = try extract(html)
        #expect(a.paragraphs.first == Self.sentences.first)
        #expect(a.paragraphs.last == Self.sentences.last)
        #expect(!a.text.contains("Deal 1"))
    }

    @Test func teaserArticlesDoNotReplaceTheBody() throws {
        // `<article>` teaser cards hold little prose: the body stays where the text is.
        let teasers = (1...6).map {
            "<article><a href=\"/s\($0)\">Story \($0) headline that links away</a><p>Short teaser \($0).</p></article>"
        }.joined()
        let body = Self.sentences.map { "<p>\($0)</p>" }.joined()
        let html = "<html><body><div class=\"main\">\(body)</div><div class=\"more\">\(teasers)</div></body></html>"
        let a = try extract(html)
        #expect(a.paragraphs == Self.sentences)
    }

    @Test func pageBuilderWidgetsHoldingThePostAreNotFurniture() throws {
        // Page builders wrap the post text in `widget` classes. A short post (too short, next
        // to its comments, to be forgiven as prose) must still be found, not the shop note.
        let post = Self.sentences.prefix(3)
        let body = post.map { "<p>\($0)</p>" }.joined()
        let comments = (1...4).map {
            "<p>Comment \($0): I have crossed that bridge every day for thirty years, and I am glad the council has "
                + "finally made up its mind about it.</p>"
        }.joined()
        let html = """
            <html><body>
            <div class="elementor-widget elementor-widget-theme-post-content"><div class="elementor-widget-container">\(body)</div></div>
            <div class="shop-note"><p>Our shop is open from nine to five on weekdays, and on Saturday mornings too.</p></div>
            <div class="comments">\(comments)</div>
            </body></html>
            """
        let a = try extract(html)
        #expect(a.paragraphs == Array(post))
        #expect(BoilerplateNamesProbe.names("elementor-widget-container").weak == false)
        #expect(BoilerplateNamesProbe.names("elementor-widget-container").negative)
        #expect(BoilerplateNamesProbe.names("elementor-widget elementor-widget-text-editor").weak == false)
        #expect(BoilerplateNamesProbe.names("widget widget_recent_entries").weak)
        #expect(BoilerplateNamesProbe.names("widget-area").weak)
    }

    @Test func articleStreamedIntoAHiddenElementIsRead() throws {
        // React streaming: the article arrives in `<div hidden>` and a script moves it in.
        let body = Self.sentences.map { "<p>\($0)</p>" }.joined()
        let html = """
            <html><body><div id="root"><div class="skeleton">Loading…</div></div>
            <div hidden id="S:1"><article>\(body)</article></div>
            <span class="sr-only">Skip to content</span></body></html>
            """
        let a = try extract(html)
        #expect(a.paragraphs == Self.sentences)
        #expect(a.warnings.contains("body read from a hidden part of the page"))
    }

    @Test func aNamedAnchorIsNotALink() throws {
        // A subheading wrapping a jump target (`<a id>`, `<a name>`) is a heading, not a link
        // list: it stays, and so does the short link-y sentence after it.
        let body = Self.sentences.prefix(3).map { "<p>\($0)</p>" }.joined()
        let html = """
            <html><body><article>\(body)
            <h2><a id="headline0"></a><a name="s1">What the engineers found</a></h2>
            <p>\(Self.sentences[3])</p><p>\(Self.sentences[4])</p></article></body></html>
            """
        let a = try extract(html)
        #expect(a.paragraphs.contains("What the engineers found"))
        #expect(a.paragraphs.count == 6)
    }

    @Test func captionsOfFiguresByAnotherNameStayOut() throws {
        // Pictures in `<div class="image">`-style boxes rather than `<figure>`: their caption
        // and credit are not the article. A box so named with much text is kept.
        let caption = "The old river bridge, closed since the spring flood, seen from the east bank. Photo: Town archive"
        let boxText = Self.sentences.joined(separator: " ")  // over 500 bytes: more than a caption
        let html = """
            <html><body><article>
            <p>\(Self.sentences[0])</p>
            <div class="inline-image"><div class="wrap"><img src="b.jpg"></div><div class="image__description">\(caption)</div></div>
            <p>\(Self.sentences[1])</p>
            <div class="media-box"><img src="c.jpg"><p>\(boxText)</p></div>
            </article></body></html>
            """
        let a = try extract(html)
        #expect(!a.text.contains("Town archive"))
        #expect(a.paragraphs.first == Self.sentences[0])
        #expect(a.paragraphs.contains(boxText))
    }

    @Test func aRiverOfTeasersInsideTheArticleMarkerStaysOut() throws {
        // "More stories" cards (linked headline, unlinked excerpt, time) inside the same
        // `<main>` as the article: not the article, though each excerpt is a sentence.
        let body = Self.sentences.map { "<p>\($0)</p>" }.joined()
        let cards = (1...6).map {
            "<div class=\"card\"><h3><a href=\"/s\($0)\">Another story number \($0) that links away</a></h3>"
                + "<p>An excerpt of story \($0), long enough to pass for a sentence of prose on its own.</p>"
                + "<div>\($0) hours ago</div></div>"
        }.joined()
        let html = """
            <html><body><main><div class="post"><h1>Bridge</h1>\(body)</div>
            <div class="query"><div class="cards">\(cards)</div></div></main></body></html>
            """
        let a = try extract(html)
        #expect(a.paragraphs == Self.sentences)
    }

    @Test func theLeadInTheArticleHeaderIsKept() throws {
        // The standfirst sits in the article's header with the headline, byline and date; the
        // paragraphs are in a container of their own. The byline and the date stay out.
        let lead = "The town will rebuild its river bridge after four years of debate, the council decided on Tuesday night."
        let body = Self.sentences.map { "<p>\($0)</p>" }.joined()
        let html = """
            <html><head><title>Bridge to be rebuilt</title></head><body>
            <header class="article-header"><h1>Bridge to be rebuilt</h1>
            <div class="byline">By Ann Writer, staff reporter for the Town Courier newspaper and website</div>
            <div class="summary"><p>\(lead)</p></div></header>
            <div class="article-body">\(body)</div>
            <aside><p>Sign up for our newsletter to get the day's most important stories from the town hall.</p></aside>
            </body></html>
            """
        let a = try extract(html)
        #expect(a.paragraphs == [lead] + Self.sentences)
    }

    @Test func theNoscriptVersionIsReadWhenThePageHasNoOther() throws {
        let body = Self.sentences.map { "<p>\($0)</p>" }.joined()
        let html = "<html><body><div id=\"app\"></div><noscript><div class=\"text\">\(body)</div></noscript></body></html>"
        let a = try extract(html)
        #expect(a.paragraphs == Self.sentences)
        #expect(a.warnings.contains("body read from the page's <noscript> version"))
        // With a visible article, the `<noscript>` text stays out.
        let both = "<html><body><article>\(body)</article><noscript><p>\(Self.sentences[0]) Enable scripts.</p></noscript></body></html>"
        #expect(try extract(both).paragraphs == Self.sentences)
    }

    @Test func aCaptionTagOutsideATableIsText() throws {
        // Slide shows put each slide's text in `<caption>` outside any table; browsers show it.
        let slides = Self.sentences.map { "<section class=\"slide\"><caption>\($0)</caption></section>" }.joined()
        let a = try extract("<html><body><main>\(slides)</main></body></html>")
        #expect(a.paragraphs == Self.sentences)
        let table = "<table><caption>Table 1: bridge traffic, cars a day</caption><tr><td>1</td></tr></table>"
        let b = try extract("<html><body><article>\(Self.sentences.map { "<p>\($0)</p>" }.joined())\(table)</article></body></html>")
        #expect(!b.text.contains("Table 1"))
    }

    @Test func anArticleSplitOverContainersOfOneTemplateIsWhole() throws {
        // Each section in its own deeply nested `<div class="con">` (too deep for the scores of
        // one to reach a shared ancestor); a `con` of links and prose named otherwise stay out.
        func con(_ inner: String) -> String {
            "<div class=\"con\"><div class=\"mod\"><div class=\"box\"><div class=\"inner\"><div class=\"paragraph\">"
                + inner + "</div></div></div></div></div>"
        }
        let s = Self.sentences
        let links = (1...5).map { "<a href=\"/r\($0)\">Related story number \($0) about the town</a>" }.joined(separator: " ")
        let html = """
            <html><body><div class="page"><div class="column">
            \(con("<p>\(s[0])</p>"))
            \(con("<h3>The vote</h3><p>\(s[1])</p><p>\(s[2])</p><p>\(s[3])</p>"))
            \(con("<p>\(links)</p>"))
            \(con("<p>\(s[4])</p><p>\(s[5])</p>"))
            </div><div class="other"><p>Our town newsletter arrives every Friday with the week's council decisions, and it is free.</p></div>
            </div></body></html>
            """
        let a = try extract(html)
        #expect(a.paragraphs == [s[0], "The vote", s[1], s[2], s[3], s[4], s[5]])
    }

    @Test func aShortLabelAfterTheLastParagraphStaysOutAShortSentenceStays() throws {
        // "8 hours ago", "Producer": labels after the article; a short closing sentence and a
        // dateline-style line between paragraphs are text.
        let s = Self.sentences
        let html = """
            <html><body><article><p>\(s[0])</p><p>Berlin, Tuesday</p><p>\(s[1])</p><p>\(s[2])</p>
            <p>That was all.</p><div>8 hours ago</div><div>Producer</div></article></body></html>
            """
        let a = try extract(html)
        #expect(a.paragraphs == [s[0], "Berlin, Tuesday", s[1], s[2], "That was all."])
        #expect(endsLikeASentence(Array("He said: „Ok.“".utf8)))
        #expect(endsLikeASentence(Array("終わった。".utf8)))
        #expect(!endsLikeASentence(Array("Duration 1:30".utf8)))
    }

    @Test func aHeadingsIdIsNoName() throws {
        // `id="nav_…"` on a subheading is a jump target for a table of contents.
        let body = Self.sentences.prefix(2).map { "<p>\($0)</p>" }.joined()
        let rest = Self.sentences.suffix(2).map { "<p>\($0)</p>" }.joined()
        let html = "<html><body><article>\(body)<h3 id=\"nav_the_vote_1\">The vote</h3>\(rest)</article></body></html>"
        #expect(try extract(html).paragraphs.contains("The vote"))
    }

    @Test func printHiddenRatingAndDonationBoxesAreFurniture() {
        #expect(BoilerplateNamesProbe.names("share-tools no-print").weak)
        #expect(BoilerplateNamesProbe.names("d-print-none").weak)
        #expect(BoilerplateNamesProbe.names("hidden-print").weak)
        #expect(!BoilerplateNamesProbe.names("print-only").weak)
        #expect(BoilerplateNamesProbe.names("post-ratings").weak)
        #expect(BoilerplateNamesProbe.names("article-donation-cta").strong)
        #expect(BoilerplateNamesProbe.names("wp-block-mmo-recirculation").strong)
        #expect(BoilerplateNamesProbe.names("postmetadata").weak)
    }

    @Test func softHyphensAndZeroWidthSpacesAreLeftOut() throws {
        let s = Self.sentences
        let html = "<html><body><article><p>Im Mit&shy;tel&shy;al&shy;ter war der Wein\u{200B} das Aus\u{00AD}hänge\u{00AD}schild der Gegend, sagen die Winzer heute.</p><p>\(s[0])</p><p>\(s[1])</p></article></body></html>"
        let a = try extract(html)
        #expect(a.paragraphs.first == "Im Mittelalter war der Wein das Aushängeschild der Gegend, sagen die Winzer heute.")
    }

    @Test func aLeadNamedTeaserIsStillTheLead() throws {
        // German sites call the standfirst a teaser (`class="teaser"`); between the headline
        // and the body it is the lead, while a teaser box elsewhere stays furniture.
        let lead = "Nach vier Jahren Streit hat der Stadtrat am Dienstagabend entschieden: Die alte Brücke wird neu gebaut."
        let body = Self.sentences.map { "<p>\($0)</p>" }.joined()
        let html = """
            <html><body><header><h1>Die Brücke wird neu gebaut</h1><p class="teaser">\(lead)</p></header>
            <div class="article-body">\(body)</div>
            <div class="teaser-box"><p>Ein anderer Artikel über den Busverkehr in der Stadt, der hier nur angerissen wird.</p></div>
            </body></html>
            """
        let a = try extract(html)
        #expect(a.paragraphs == [lead] + Self.sentences)
    }

    @Test func aHeadingAsLongAsAParagraphIsText() throws {
        // Set in a heading tag for its size, a closing summary of paragraph length is text;
        // a short heading with nothing after it is not.
        let summary = "The bridge will open in two years, the ferry keeps running until then, and the town and the region share the cost."
        let body = Self.sentences.map { "<p>\($0)</p>" }.joined()
        let html = "<html><body><article>\(body)<h3>\(summary)</h3><h3>More from the town</h3></article></body></html>"
        let a = try extract(html)
        #expect(a.paragraphs == Self.sentences + [summary])
    }

    @Test func aShortParagraphAllInBoldIsASubheading() throws {
        // WordPress subheadings: `<p><strong>…</strong></p>`. Kept before text even after a
        // link line; a bold label closing the page ("Read more:") is not.
        let s = Self.sentences
        let html = """
            <html><body><article><p>\(s[0])</p><p>\(s[1])</p>
            <p><a href="/a">Photos of the old bridge</a></p>
            <p><strong>What the engineers found</strong></p><p>\(s[2])</p><p>\(s[3])</p>
            <p><b>Read more</b></p></article></body></html>
            """
        let a = try extract(html)
        #expect(a.paragraphs == [s[0], s[1], "What the engineers found", s[2], s[3]])
    }

    @Test func theUtilityClassHiddenHidesUnlessAScreenSizeShowsIt() throws {
        let s = Self.sentences
        let html = """
            <html><body><article><p>\(s[0])</p><p>\(s[1])</p>
            <div class="card hidden"><p>An automatic summary of this story that only shows once a reader opens the tab above.</p></div>
            <div class="hidden md:block"><p>\(s[2])</p></div><p>\(s[3])</p></article></body></html>
            """
        let a = try extract(html)
        #expect(a.paragraphs == [s[0], s[1], s[2], s[3]])
        let hides = { (c: String) in Array(c.utf8).withUnsafeBufferPointer { BoilerplateNames.classHides($0) } }
        #expect(hides("card hidden"))
        #expect(!hides("hidden lg:inline-flex"))
        #expect(!hides("overflow-hidden"))
        #expect(BoilerplateNamesProbe.names("box do-display-embed").weak)
    }

    @Test func anExcerptInATeaserListBeforeTheBodyIsNoLead() throws {
        // Unnamed "more stories" cards between the headline and the body: their excerpts are
        // prose, but they sit under linked headlines, so none of them is the lead.
        let cards = (1...3).map {
            "<div><h3><a href=\"/s\($0)\">Another story number \($0) that links away</a></h3>"
                + "<p>An excerpt of story \($0), long enough to pass for the standfirst of an article, and then some more words.</p></div>"
        }.joined()
        let body = Self.sentences.map { "<p>\($0)</p>" }.joined()
        let html = """
            <html><body><h1>Bridge to be rebuilt</h1><div class="strip">\(cards)</div>
            <div class="article-body">\(body)</div></body></html>
            """
        let a = try extract(html)
        #expect(a.paragraphs == Self.sentences)
    }

    @Test func hiddenTextStaysOutWhenTheVisibleBodyIsThere() throws {
        let body = Self.sentences.map { "<p>\($0)</p>" }.joined()
        let html = """
            <html><body><article>\(body)</article>
            <div hidden><p>A hidden paragraph that is long enough to count as prose if it were ever read by mistake.</p></div>
            </body></html>
            """
        let a = try extract(html)
        #expect(a.paragraphs == Self.sentences)
        #expect(!a.text.contains("hidden paragraph"))
    }
}

/// The indexed word lists behind `BoilerplateNames`, against a plain search over the same words.
@Suite struct PartWordsTests {
    static let words = ["share", "related", "comment", "ad", "sharing", "nav"]

    @Test func matchesWhatAPlainSearchFinds() {
        let set = PartWords(Self.words)
        let parts = [
            "share", "sharebar", "socialshare", "relatedposts", "unrelated", "commentlist", "ad", "adx", "a",
            "", "sha", "shar", "sharin", "sharing", "navbar", "nav", "xnav", "dnav", "comment", "commen", "mentcom",
        ]
        for part in parts {
            let bytes = Array(part.utf8)
            let contained = Self.words.contains { part.contains($0) }
            let exact = Self.words.contains(part)
            bytes.withUnsafeBufferPointer { p in
                #expect(set.containedIn(p) == contained, "containedIn \(part)")
                #expect(set.equalsAny(p) == exact, "equalsAny \(part)")
            }
        }
    }

    @Test func excludedWordsAndCaseFolding() {
        let set = PartWords(Self.words)
        let commentBit: UInt64 = 1 << 2
        Array("commentary".utf8).withUnsafeBufferPointer { p in
            #expect(set.containedIn(p))
            #expect(!set.containedIn(p, excluding: commentBit))
        }
        Array("commentary-share".utf8).withUnsafeBufferPointer { p in
            #expect(set.containedIn(p, excluding: commentBit))  // "share" is still there
        }
        Array("NAV".utf8).withUnsafeBufferPointer { p in
            #expect(!set.equalsAny(p))
            #expect(set.equalsAny(p, ignoringCase: true))
        }
        // Names: `commentary` is a column, `commentary-comments` still has comments.
        #expect(BoilerplateNamesProbe.names("commentary").strong == false)
        #expect(BoilerplateNamesProbe.names("comments").strong)
        #expect(BoilerplateNamesProbe.names("no-comments").strong == false)
    }
}

enum BoilerplateNamesProbe {
    static func names(_ s: String) -> BoilerplateNames {
        Array(s.utf8).withUnsafeBufferPointer { BoilerplateNames($0) }
    }
}
