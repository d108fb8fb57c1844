import NewsfoldCore
import Testing
@testable import NewsfoldExtract

/// Where the published date comes from when the usual metadata is wrapped, missing, or in UTC,
/// each on a small page written for the case.
@Suite struct PublishedDateTests {
    private func extract(_ html: String, url: String? = nil) throws -> Article {
        try HTMLExtractor().extract(Page(id: "t", url: url, bytes: Array(html.utf8)))
    }

    private let body = FootbridgePage.body

    @Test func jsonLDInsideCDATAIsRead() throws {
        let html = """
            <html><head><script type="application/ld+json">
            <![CDATA[
            {"@context":"https://schema.org","@type":"NewsArticle","headline":"Footbridge to be rebuilt",
             "datePublished":"2020-07-10T14:15:42+02:00","author":{"@type":"Person","name":"Ida Brandt"}}
            ]]>
            </script></head><body><h1>Footbridge to be rebuilt</h1>\(body)</body></html>
            """
        let a = try extract(html)
        #expect(a.published?.iso8601 == "2020-07-10T14:15:42+02:00")
        #expect(a.authors == ["Ida Brandt"])
    }

    @Test func unwrappingKeepsPlainJSON() {
        #expect(JSONLDArticle.unwrapped(Array("[{\"a\":1}]".utf8)) == Array("[{\"a\":1}]".utf8))
        #expect(JSONLDArticle.unwrapped(Array("//<![CDATA[\n{\"a\":[1]}\n//]]>".utf8)) == Array("{\"a\":[1]}".utf8))
        #expect(JSONLDArticle.unwrapped(Array("<!-- {\"a\":1} -->".utf8)) == Array("{\"a\":1}".utf8))
    }

    @Test func utcInstantStatedAgainWithOffsetKeepsTheOffset() throws {
        let html = """
            <html><head><meta property="article:published_time" content="2022-05-04T03:37:37+00:00">
            </head><body><h1>Footbridge to be rebuilt</h1>
            <time class="entry-date" datetime="2022-05-03T23:37:37-04:00">May 3, 2022</time>\(body)</body></html>
            """
        let a = try extract(html)
        #expect(a.published?.iso8601 == "2022-05-03T23:37:37-04:00")
    }

    @Test func utcJustBeforeMidnightTakesTheDayInTheURL() throws {
        let html = """
            <html><head><meta property="article:published_time" content="2019-12-31T23:11:59+00:00">
            </head><body><h1>Footbridge to be rebuilt</h1>\(body)</body></html>
            """
        let a = try extract(html, url: "https://news.example/2020/01/01/footbridge/")
        #expect(a.published == NewsDate(year: 2020, month: 1, day: 1))
        #expect(a.warnings.contains { $0.contains("2019-12-31T23:11:59Z") })
    }

    @Test func localTimeNextToTheHeadlineGivesTheOffsetExactly() throws {
        let html = """
            <html><head><meta property="article:published_time" content="2022-05-04T00:44:52Z">
            </head><body><h1>Footbridge to be rebuilt</h1><p>May 3, 2022 9:44 PM</p>\(body)</body></html>
            """
        let a = try extract(html)
        #expect(a.published?.iso8601 == "2022-05-03T21:44:52-03:00")
    }

    @Test func utcAfternoonIsNotMovedByADayElsewhere() throws {
        let html = """
            <html><head><meta property="article:published_time" content="2020-02-18T12:53:40Z">
            </head><body><h1>Footbridge to be rebuilt</h1>\(body)</body></html>
            """
        let a = try extract(html, url: "https://news.example/2020/02/19/footbridge/")
        #expect(a.published?.iso8601 == "2020-02-18T12:53:40Z")
    }

    @Test func todaysDateInThePageHeaderIsNoEvidence() throws {
        let html = """
            <html><head><meta property="article:published_time" content="2022-02-08T23:05:43Z">
            </head><body><div class="header-date">09.02.2022</div><nav><a href="/">Home</a></nav>
            <div class="teaser"><p>Something else entirely.</p></div><p>x</p><p>y</p><p>z</p>
            <h1>Footbridge to be rebuilt</h1>\(body)</body></html>
            """
        let a = try extract(html)
        #expect(a.published?.iso8601 == "2022-02-08T23:05:43Z")
    }

    @Test func urlDateIsMarkedGuessed() throws {
        let html = "<html><body><h1>Footbridge to be rebuilt</h1>\(body)</body></html>"
        let a = try extract(html, url: "https://news.example/2023/09/05/footbridge")
        #expect(a.published == NewsDate(year: 2023, month: 9, day: 5))
        #expect(a.warnings.contains("published date guessed from the URL"))
    }

    @Test func dateLineUnderTheHeadlineIsUsedWhenNothingElseSaysIt() throws {
        let html = """
            <html><body><h1>Footbridge to be rebuilt</h1><p class="MsoNormal"><em>10.11.2021</em></p>\(body)
            </body></html>
            """
        let a = try extract(html)
        #expect(a.published == NewsDate(year: 2021, month: 11, day: 10))
        #expect(a.warnings.contains { $0.contains("guessed from a line next to the headline") })
    }

    @Test func labelledDateLowerOnThePageIsTheLastVisibleResort() throws {
        let html = """
            <html><body><h1>Footbridge to be rebuilt</h1>\(body)
            <ul class="info"><li><span>Datum:</span>26. Januar 2022</li></ul>
            <p>© 2019 Town Hall</p></body></html>
            """
        let a = try extract(html)
        #expect(a.published == NewsDate(year: 2022, month: 1, day: 26))
        #expect(a.warnings.contains { $0.contains("guessed from") })
    }

    @Test func copyrightYearLinesAreNoDate() {
        let html = """
            <html><body><h1>Footbridge to be rebuilt</h1>\(body)<p>Copyright © 19.12.2019 Town Hall</p></body></html>
            """
        let a = try? extract(html)
        #expect(a?.published == nil)
        #expect(a?.warnings.contains("no date on the page") == true)
    }

    @Test func titleThenModifiedDateAreGuessesOfLastResort() throws {
        let titled = "<html><head><title>23.01.2022 - Footbridge to be rebuilt</title></head><body>\(body)</body></html>"
        let a = try extract(titled)
        #expect(a.published == NewsDate(year: 2022, month: 1, day: 23))
        #expect(a.warnings.contains("published date guessed from the title"))

        let modified = """
            <html><head><meta property="og:updated_time" content="2022-01-28T11:05:37+0100"></head>
            <body><h1>Footbridge to be rebuilt</h1>\(body)</body></html>
            """
        let b = try extract(modified)
        #expect(b.published?.iso8601 == "2022-01-28T11:05:37+01:00")
        #expect(b.warnings.contains { $0.contains("guessed from the modified date") })
    }
}
