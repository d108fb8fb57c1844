import NewsfoldCore
import Testing
@testable import NewsfoldExtract

/// The published date chosen as evidence (issue 22): every date the page states is gathered
/// with its source, and the choice goes by plausibility and agreement, each on a small page
/// written for the case.
@Suite struct DateEvidenceTests {
    private func extract(_ html: String, url: String? = nil, crawled: NewsDate? = nil) throws -> Article {
        try PageExtractor().extract(Page(id: "t", url: url, crawled: crawled, bytes: Array(html.utf8)))
    }

    private let body = FootbridgePage.body

    private func page(head: String, header: String = "") -> String {
        "<html><head>\(head)</head><body><h1>Footbridge to be rebuilt</h1>\(header)\(body)</body></html>"
    }

    private func jsonLD(_ published: String) -> String {
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"datePublished\":\"\(published)\"}</script>"
    }

    @Test func aDateAfterTheCrawlIsRefused() throws {
        let a = try extract(
            page(head: jsonLD("2078-03-05T10:00:00Z")), url: "https://news.example/2020/04/30/footbridge",
            crawled: NewsDate(year: 2020, month: 5, day: 1, hour: 8, minute: 0, utcOffsetMinutes: 0))
        #expect(a.published == NewsDate(year: 2020, month: 4, day: 30))
        #expect(a.publishedSource == .url)
        #expect(a.warnings.contains { $0.contains("2078-03-05T10:00:00Z (json-ld) refused: after the crawl date") })
    }

    @Test func aDateInTheFutureIsRefusedWithoutCrawlDateToo() throws {
        let a = try extract(page(head: jsonLD("2190-03-05"), header: "<time datetime=\"2020-04-30T09:00:00-04:00\">April 30</time>"))
        #expect(a.published?.iso8601 == "2020-04-30T09:00:00-04:00")
        #expect(a.publishedSource == .pageTime)
        #expect(a.warnings.contains { $0.contains("refused: after the time of extraction") })
    }

    @Test func aLoneImplausibleDateIsKeptWithAWarning() throws {
        let a = try extract(page(head: jsonLD("2190-03-05")))
        #expect(a.published == NewsDate(year: 2190, month: 3, day: 5))
        #expect(a.warnings.contains { $0.contains("the page states no other") })
    }

    @Test func anOldEmbeddedDateIsRefused() throws {
        let a = try extract(
            page(head: jsonLD("2005-06-01T12:00:00Z"), header: "<time pubdate datetime=\"2020-03-04T10:00:00-05:00\">March 4</time>"),
            url: "https://news.example/2020/03/04/footbridge")
        #expect(a.published?.iso8601 == "2020-03-04T10:00:00-05:00")
        #expect(a.publishedSource == .time)
        #expect(a.warnings.contains { $0.contains("2005-06-01T12:00:00Z (json-ld) refused: more than a year before") })
    }

    @Test func anOldDateStandsAgainstWeakSourcesOnly() throws {
        // The header's "today" date is no reason to refuse an old article's metadata.
        let a = try extract(page(head: jsonLD("2010-01-05"), header: "<div class=\"date\">March 3, 2020</div>"))
        #expect(a.published == NewsDate(year: 2010, month: 1, day: 5))
        #expect(a.publishedSource == .jsonLD)
    }

    @Test func agreeingSourcesOutweighTheFirst() throws {
        let a = try extract(
            page(head: jsonLD("2020-03-01"), header: "<time pubdate datetime=\"2020-05-03\">May 3, 2020</time>"),
            url: "https://news.example/2020/05/03/footbridge")
        #expect(a.published == NewsDate(year: 2020, month: 5, day: 3))
        #expect(a.warnings.contains { $0.contains("sources disagree") && $0.contains("json-ld 2020-03-01") })
        // Without the URL's day, the structured data keeps its word, and the disagreement is said.
        let b = try extract(page(head: jsonLD("2020-03-01"), header: "<time pubdate datetime=\"2020-05-03\">May 3, 2020</time>"))
        #expect(b.published == NewsDate(year: 2020, month: 3, day: 1))
        #expect(b.warnings.contains { $0.contains("sources disagree") && $0.contains("time 2020-05-03") })
    }

    @Test func aLivePageWhosePublishedFieldsHoldTheLastUpdateKeepsItsFirstPublication() throws {
        let head = """
            <script type="application/ld+json">{"@type":"LiveBlogPosting","datePublished":"2024-08-04T13:23:00Z",
            "dateModified":"2024-08-05T19:49:50Z"}</script>
            <meta property="article:published_time" content="2024-08-05T19:49:50Z">
            """
        let a = try extract(page(head: head, header: "<time pubdate datetime=\"2024-08-05T19:49:50Z\">5 August</time>"))
        #expect(a.published?.iso8601 == "2024-08-04T13:23:00Z")
        #expect(a.publishedSource == .jsonLD)
    }

    @Test func oneVisibleDateReadTwiceCountsOnce() throws {
        // The print edition's day in <meta> and under the headline (a date-named element, read
        // both as a date line and as the line by the headline) against JSON-LD's evening before.
        let a = try extract(page(
            head: jsonLD("2026-05-17T19:30:02+02:00") + "<meta name=\"date\" content=\"2026-05-18\">",
            header: "<div class=\"date\">18.05.2026</div>"))
        #expect(a.published?.iso8601 == "2026-05-17T19:30:02+02:00")
        #expect(DateEvidence.family(.dateLine) == DateEvidence.family(.headline))
        #expect(DateEvidence.family(.meta) != DateEvidence.family(.jsonLD))
        // `<time itemprop="datePublished">` is one statement, not two against <meta>.
        let b = try extract(page(
            head: "<meta property=\"article:published_time\" content=\"2021-10-28T13:21:30+01:00\">",
            header: "<time pubdate itemprop=\"datePublished\" datetime=\"2021-10-27T20:35:36+01:00\">27.10.2021</time>"))
        #expect(b.published?.iso8601 == "2021-10-28T13:21:30+01:00")
    }

    @Test func aDayDoesNotBorrowATimeFromAnotherSource() throws {
        let a = try extract(page(
            head: "<meta property=\"article:published_time\" content=\"2020-05-03\">",
            header: "<time datetime=\"2020-05-03T21:45:00+05:30\">3 May 2020, 9:45 PM IST</time>"))
        #expect(a.published == NewsDate(year: 2020, month: 5, day: 3))
        #expect(a.publishedSource == .meta)
    }

    @Test func anEveningAtPlusFiveThirtyKeepsTheDayThePageStates() throws {
        // The same moment in UTC and in the page's own zone: the same publication, and the
        // zone stays as stated.
        let a = try extract(page(
            head: jsonLD("2020-05-03T21:45:00+05:30") + "<meta property=\"article:published_time\" content=\"2020-05-03T16:15:00Z\">"))
        #expect(a.published?.iso8601 == "2020-05-03T21:45:00+05:30")
        #expect(!a.warnings.contains { $0.contains("disagree") })
    }

    @Test func agreementComparesDaysAsStated() {
        let utcLate = NewsDate(year: 2020, month: 1, day: 29, hour: 2, minute: 0, utcOffsetMinutes: 0)
        // 02:00 UTC is the evening before in the Americas.
        #expect(DateEvidence.agree(utcLate, NewsDate(year: 2020, month: 1, day: 28)))
        #expect(!DateEvidence.agree(utcLate, NewsDate(year: 2020, month: 1, day: 27)))
        // A local time without zone is not moved: different days disagree.
        let local = NewsDate(year: 2020, month: 1, day: 29, hour: 2, minute: 0)
        #expect(!DateEvidence.agree(local, NewsDate(year: 2020, month: 1, day: 28)))
        // Two offsets: the same moment agrees.
        let ist = NewsDate(year: 2020, month: 5, day: 4, hour: 1, minute: 0, utcOffsetMinutes: 330)
        let edt = NewsDate(year: 2020, month: 5, day: 3, hour: 15, minute: 30, utcOffsetMinutes: -240)
        #expect(DateEvidence.agree(ist, edt))
        #expect(!DateEvidence.agree(ist, NewsDate(year: 2020, month: 5, day: 3, hour: 15, minute: 31, utcOffsetMinutes: -240)))
    }
}

/// Dates a page shows in places the scan had not read (issue 22).
@Suite struct VisibleDateSourceTests {
    private let body = FootbridgePage.body

    @Test func aDateNamedOnlyByItsTestIDIsRead() throws {
        let html = """
            <html lang="de"><head><title>Footbridge</title></head><body><nav><a href="/">Home</a></nav>\
            <h1>Footbridge to be rebuilt</h1><div><a data-testid="article-details-authors-link" href="#a">\
            Tanja Muster</a><span class="text-grey" data-testid="article-details-date">3.11.2023</span></div>\
            \(body)</body></html>
            """
        let a = try PageExtractor().extract(Page(id: "t", url: nil, bytes: Array(html.utf8)))
        #expect(a.published == NewsDate(year: 2023, month: 11, day: 3))
        #expect(a.publishedSource == .dateLine)
    }
}

extension VisibleDateSourceTests {
    @Test func aDateLabelMayOpenTheBlockThatStatesTheDate() throws {
        #expect(PageMetadata.leadingDate(Array("Veröffentlicht am 19. Mai 2010 um 23:03 Uhr in Typografie".utf8))
            == "Veröffentlicht am 19. Mai 2010 um 23:03 Uhr")
        #expect(PageMetadata.leadingDate(Array("⋅ Published: November 22, 2011 ⋅ Email this post".utf8)) == "Published: November 22, 2011")
        // Words that are not date labels: the date is one the story mentions.
        #expect(PageMetadata.leadingDate(Array("Die Wahl am 19. Mai 2010 war knapp, sagte sie.".utf8)) == nil)
        // An update label stays with its date, so the line is still read as an update.
        let updated = try #require(PageMetadata.leadingDate(Array("Last updated on 5 May 2020 at 10:00".utf8)))
        #expect(PageMetadata.visibleDate([updated], order: .dayFirst) == nil)
    }
}

extension VisibleDateSourceTests {
    @Test func aMetaKeySpelledWithOtherSeparatorsIsRead() throws {
        let html = """
            <html><head><meta property="article:published:time" content="2024-10-23T15:48:15+00:00">\
            <meta property="article-modified-time" content="2024-10-24T08:00:00+00:00"></head>\
            <body><h1>Footbridge to be rebuilt</h1><div class="date">24.10.2024</div>\(body)</body></html>
            """
        let a = try PageExtractor().extract(Page(id: "t", url: nil, bytes: Array(html.utf8)))
        #expect(a.published?.iso8601 == "2024-10-23T15:48:15Z")
        #expect(a.publishedSource == .meta)
        #expect(a.updated?.iso8601 == "2024-10-24T08:00:00Z")
    }
}

extension VisibleDateSourceTests {
    @Test func aUTCTimeTakesTheZoneTheLineByTheHeadlineStates() throws {
        // 01:30 UTC on 12 March is the evening of 11 March in New York, as the page says.
        let html = """
            <html lang="en"><head><script type="application/ld+json">{"@type":"NewsArticle",\
            "datePublished":"2020-03-12T01:30:00Z"}</script></head>\
            <body><h1>Footbridge to be rebuilt</h1><p>March 11, 2020 9:30 PM EDT</p>\(body)</body></html>
            """
        let a = try PageExtractor().extract(Page(id: "t", url: nil, bytes: Array(html.utf8)))
        #expect(a.published?.iso8601 == "2020-03-11T21:30:00-04:00")
    }
}

extension VisibleDateSourceTests {
    @Test func theArticleKeepsEveryDateThePageStatesWithItsSource() throws {
        let html = """
            <html><head><script type="application/ld+json">{"@type":"NewsArticle",\
            "datePublished":"2078-03-05T10:00:00Z"}</script>\
            <meta property="article:published_time" content="2020-04-30T08:00:00Z"></head>\
            <body><h1>Footbridge to be rebuilt</h1>\(body)</body></html>
            """
        let a = try PageExtractor().extract(Page(
            id: "t", url: "https://news.example/2020/04/30/footbridge", crawled: NewsDate(year: 2020, month: 5, day: 1),
            bytes: Array(html.utf8)))
        // The refused date stays in the evidence, with the warning saying why.
        #expect(a.dateEvidence.map(\.source) == [.jsonLD, .meta, .url])
        #expect(a.dateEvidence.first?.date.year == 2078)
        #expect(a.published?.iso8601 == "2020-04-30T08:00:00Z")
        #expect(a.warnings.contains { $0.contains("refused") })
    }
}

extension VisibleDateSourceTests {
    @Test func thePublishedTimeElementIsNotReadAgainAsThePagesFirstTime() throws {
        // One `<time pubdate>` from an old template against the address and the line by the
        // headline: read once, it does not outweigh them.
        let html = """
            <html><head></head><body><h1>Footbridge to be rebuilt</h1><p>22.10.2019</p>\
            <time pubdate datetime="2009-04-11T18:06:36">11.04.2009</time>\(body)</body></html>
            """
        let a = try PageExtractor().extract(Page(
            id: "t", url: "https://blog.example/2019/10/22/footbridge/", bytes: Array(html.utf8)))
        #expect(a.dateEvidence.filter { $0.source == .pageTime }.isEmpty)
        #expect(a.published.map { "\($0.year)-\($0.month)-\($0.day)" } == "2019-10-22")
    }
}

extension VisibleDateSourceTests {
    @Test func aScriptsDataGivesTheDateOnlyWhenThePageStatesNoOther() throws {
        let state = """
            <script>window.__STATE__ = {"teaser":{"datePublished": null},\
            "article":{"title":"Footbridge","datePublished": "2019-03-02T06:22:28+01:00"}};</script>
            """
        let page = "<html><head>\(state)</head><body><h1>Footbridge to be rebuilt</h1>\(body)</body></html>"
        let a = try PageExtractor().extract(Page(id: "t", url: nil, bytes: Array(page.utf8)))
        #expect(a.published?.iso8601 == "2019-03-02T06:22:28+01:00")
        #expect(a.publishedSource == .scriptData)
        #expect(a.warnings.contains { $0.contains("script") })
        // Inside an escaped JSON string, as app frameworks embed it.
        let escaped = #"<script>var s = "{\"publishedDate\":\"2016-11-04T20:37:27Z\"}";</script>"#
        let b = try PageExtractor().extract(Page(
            id: "t", url: nil, bytes: Array("<html><head>\(escaped)</head><body><h1>Footbridge</h1>\(body)</body></html>".utf8)))
        #expect(b.published?.iso8601 == "2016-11-04T20:37:27Z")
        // A date the page states itself wins, and the script is not read.
        let c = try PageExtractor().extract(Page(
            id: "t", url: "https://news.example/2020/04/30/footbridge", bytes: Array(page.utf8)))
        #expect(c.publishedSource == .url)
        #expect(!c.dateEvidence.contains { $0.source == .scriptData })
    }
}

extension VisibleDateSourceTests {
    @Test func theDateLineBeforeTheBodyCountsWhenTheH1IsNotTheHeadline() throws {
        // The site's only `<h1>` is a link box after the article, which is headed by an `<h2>`
        // and its date.
        let more = "<p>Residents may comment on the plans at the town hall until the end of the month, the council said.</p>"
        let html = """
            <html lang="de"><head><title>Aktuelles | Verband</title></head><body>\
            <div><h2>Footbridge to be rebuilt</h2><div><span>14. Februar 2012</span></div>\(body)\(more)\(more)</div>\
            <div><h1>Quicklinks</h1><ul><li><a href="/a">Termine</a></li><li><a href="/b">Kontakt</a></li></ul></div>\
            </body></html>
            """
        let a = try PageExtractor().extract(Page(id: "t", url: nil, bytes: Array(html.utf8)))
        #expect(a.published == NewsDate(year: 2012, month: 2, day: 14))
        #expect(a.publishedSource == .headline)
        #expect(!a.warnings.contains("no date on the page"))
        // Chosen as any date is: after the crawl, it is still the only date, and said so.
        let b = try PageExtractor().extract(Page(
            id: "t", url: nil, crawled: NewsDate(year: 2011, month: 5, day: 1), bytes: Array(html.utf8)))
        #expect(b.published == NewsDate(year: 2012, month: 2, day: 14))
        #expect(b.warnings.contains { $0.contains("after the crawl date 2011-05-01") })
    }

    @Test func theModifiedDateIsReadInThePagesOrderOfDayAndMonth() throws {
        let html = """
            <html lang="de"><head><meta property="article:published_time" content="2023-09-01T08:00:00+02:00">\
            <meta property="article:modified_time" content="05/09/2023"></head>\
            <body><h1>Footbridge to be rebuilt</h1>\(body)</body></html>
            """
        let a = try PageExtractor().extract(Page(id: "t", url: nil, bytes: Array(html.utf8)))
        #expect(a.updated == NewsDate(year: 2023, month: 9, day: 5))
    }
}

extension VisibleDateSourceTests {
    @Test func aChoiceMoreThanAYearBeforeAnotherDateOfThePageIsSaid() throws {
        // JSON-LD outweighs one visible line, but the line is three years later: said.
        let html = """
            <html><head><script type="application/ld+json">{"@type":"NewsArticle",\
            "datePublished":"2016-08-29T21:54:39Z"}</script></head>\
            <body><h1>Footbridge to be rebuilt</h1><div class="date">May 6, 2019</div>\(body)</body></html>
            """
        let a = try PageExtractor().extract(Page(id: "t", url: nil, bytes: Array(html.utf8)))
        #expect(a.published?.year == 2016)
        #expect(a.warnings.contains { $0.contains("more than a year before the page's other dates: date-line 2019-05-06") })
        // Dates days apart are not flagged.
        let near = html.replacingOccurrences(of: "May 6, 2019", with: "August 30, 2016")
        let b = try PageExtractor().extract(Page(id: "t", url: nil, bytes: Array(near.utf8)))
        #expect(!b.warnings.contains { $0.contains("more than a year") })
    }
}
