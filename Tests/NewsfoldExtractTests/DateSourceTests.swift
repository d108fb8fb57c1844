import NewsfoldCore
import Testing
@testable import NewsfoldExtract

/// Date forms and date sources beyond the usual metadata, each on a small page or line written
/// for the case (issue 3: publication dates).
@Suite struct DateSourceTests {
    private func extract(_ html: String, url: String? = nil) throws -> Article {
        try HTMLExtractor().extract(Page(id: "t", url: url, bytes: Array(html.utf8)))
    }

    private let body = """
        <p>The town council voted on Tuesday to rebuild the old footbridge over the river, \
        ending a dispute that had lasted for more than two years between residents and planners.</p>\
        <p>Work is due to start in the spring, and the council said the path would stay open for \
        walkers for most of the time, with short closures announced a week ahead.</p>
        """

    // MARK: Forms

    @Test func dottedTwoDigitYear() {
        #expect(DateParser.findDottedShortYear(in: "28.01.22") == NewsDate(year: 2022, month: 1, day: 28))
        #expect(DateParser.findDottedShortYear(in: "Von: Björn Jahner | 31.10.23") == NewsDate(year: 2023, month: 10, day: 31))
        #expect(DateParser.findDottedShortYear(in: "10.12.99") == NewsDate(year: 1999, month: 12, day: 10))
        // Versions, longer numbers and impossible days are not dates.
        #expect(DateParser.findDottedShortYear(in: "v1.10.12.22") == nil)
        #expect(DateParser.findDottedShortYear(in: "10.12.2022") == nil)
        #expect(DateParser.findDottedShortYear(in: "31.02.22") == nil)
        #expect(DateParser.findDottedShortYear(in: "12.13.22") == nil)
    }

    @Test func twoDigitYearOnlyInAShortLine() {
        #expect(PageMetadata.shortYearDate(in: "23.09.22") == NewsDate(year: 2022, month: 9, day: 23))
        let prose = "Die Gemeinde hat am Dienstag beschlossen, die alte Brücke zu erneuern; Version 10.12.22 folgt."
        #expect(PageMetadata.shortYearDate(in: prose) == nil)
    }

    @Test func monthNamesOfMoreLanguages() {
        #expect(DateParser.parse("15 августа 2016, 10:15") == NewsDate(year: 2016, month: 8, day: 15, hour: 10, minute: 15))
        #expect(DateParser.parse("3 листопада 2021") == nil)  // longer than a WordKey: not known
        #expect(DateParser.parse("12 жовтня 2021") == NewsDate(year: 2021, month: 10, day: 12))
        #expect(DateParser.parse("3 listopada 2021") == NewsDate(year: 2021, month: 11, day: 3))
        #expect(DateParser.parse("19. února 2020") == NewsDate(year: 2020, month: 2, day: 19))
        #expect(DateParser.parse("22 augusti 2019") == NewsDate(year: 2019, month: 8, day: 22))
        #expect(DateParser.parse("5 Şubat 2023") == NewsDate(year: 2023, month: 2, day: 5))
    }

    @Test func chineseJapaneseAndKoreanDates() {
        #expect(DateParser.parse("2019年6月24日") == NewsDate(year: 2019, month: 6, day: 24))
        #expect(DateParser.parse("2024年04月24日 07:08") == NewsDate(year: 2024, month: 4, day: 24, hour: 7, minute: 8))
        #expect(DateParser.parse("2026년 1월 29일 18:40") == NewsDate(year: 2026, month: 1, day: 29, hour: 18, minute: 40))
        #expect(DateParser.find(in: "新华社北京2024年4月24日电")?.date == NewsDate(year: 2024, month: 4, day: 24))
        #expect(DateParser.parse("2019年13月24日") == nil)
    }

    @Test func meridiemWrittenWithASpace() {
        #expect(DateParser.parse("04 de mayo 2022, 12:00 A. M.") == NewsDate(year: 2022, month: 5, day: 4, hour: 0, minute: 0))
        #expect(DateParser.parse("04 de mayo de 2022, 3:15 p. m.") == NewsDate(year: 2022, month: 5, day: 4, hour: 15, minute: 15))
    }

    @Test func dayFirstDateClosingAURLSegment() {
        #expect(PageMetadata.dateInURL("https://club.example/news/meldungen/29-10-2021") == NewsDate(year: 2021, month: 10, day: 29))
        #expect(PageMetadata.dateInURL("https://club.example/news/report-29-10-2021.html") == NewsDate(year: 2021, month: 10, day: 29))
        // Inside a longer number, or not closing the segment: not a date.
        #expect(PageMetadata.dateInURL("https://club.example/item/129-10-2021") == nil)
        #expect(PageMetadata.dateInURL("https://club.example/item/29-10-2021x/") == nil)
    }

    @Test func labelGluedToTheDate() {
        // Inline elements join without a space: `<span>Erstellt am</span><span>09.02.2022</span>`.
        #expect(DateParser.find(in: "Erstellt am09.02.2022")?.date == NewsDate(year: 2022, month: 2, day: 9))
        #expect(DateParser.find(in: "v09.02.2022") == nil)
        #expect(DateParser.find(in: "x2023-09-05") == nil)
    }

    // MARK: Sources

    @Test func theHeadlineIsTheH1ThatIsTheTitle() throws {
        // The first <h1> is the site's logo, next to the header's "today" date.
        let html = """
            <html><head><title>Footbridge to be rebuilt | Town News</title></head><body>\
            <h1>Town News</h1><div>Dienstag, 16. Februar 2012</div><nav><a href="/">Home</a></nav>\
            <article><h1>Footbridge to be rebuilt</h1><div>14. Februar 2012</div>\(body)</article></body></html>
            """
        let a = try extract(html)
        #expect(a.published == NewsDate(year: 2012, month: 2, day: 14))
    }

    @Test func dateLineWithALinkedSectionBeforeTheHeadline() throws {
        let html = """
            <html><body><article><p>24. April 2020 | <a href="/presse">Pressemitteilungen</a></p>\
            <h1>Footbridge to be rebuilt</h1>\(body)</article></body></html>
            """
        let a = try extract(html)
        #expect(a.published == NewsDate(year: 2020, month: 4, day: 24))
    }

    @Test func dateOpeningAMostlyLinkedLine() {
        #expect(PageMetadata.leadingDate(Array("⋅ November 22, 2011 ⋅ Email this post ⋅ Kommentieren".utf8)) == "November 22, 2011")
        #expect(PageMetadata.leadingDate(Array("Posted by Ida on November 22, 2011".utf8)) == nil)
    }

    @Test func russianDateLineAboveTheHeadline() throws {
        let html = """
            <html><body><article><p class="rubric">Германия</p><p class="date">15 августа 2016, 13:43</p>\
            <h1>Подольски завершил карьеру в сборной</h1>\(body)</article></body></html>
            """
        let a = try extract(html)
        #expect(a.published == NewsDate(year: 2016, month: 8, day: 15, hour: 13, minute: 43))
    }

    @Test func dateOpeningTheFirstParagraph() throws {
        let html = """
            <html><body><h1>Footbridge to be rebuilt</h1><div class="copy">\
            <p><strong>01.02.2022</strong> „The town council voted on Tuesday to rebuild the old footbridge over \
            the river, ending a dispute that had lasted for more than two years.“</p>\(body)</div></body></html>
            """
        let a = try extract(html)
        #expect(a.published == NewsDate(year: 2022, month: 2, day: 1))
    }

    @Test func dateInsideProseIsNotTheArticles() throws {
        let html = """
            <html><body><h1>Footbridge to be rebuilt</h1><div class="copy">\
            <p>The town council voted on 1 February 2022 to rebuild the old footbridge over the river, \
            ending a dispute that had lasted for more than two years between residents.</p>\(body)</div></body></html>
            """
        let a = try extract(html)
        #expect(a.published == nil)
    }

    @Test func twoDigitYearNextToTheHeadline() throws {
        let html = """
            <html><body><h1>Footbridge to be rebuilt</h1><div class="meta">Von: Ida Brandt | 31.10.23</div>\
            <article>\(body)</article></body></html>
            """
        let a = try extract(html)
        #expect(a.published == NewsDate(year: 2023, month: 10, day: 31))
    }

    @Test func anUpdateLineIsTheLastResort() throws {
        let html = """
            <html><body><h1>Footbridge to be rebuilt</h1><article>\(body)\
            <p class="info">Aktualisiert: 30.12.2016</p></article></body></html>
            """
        let a = try extract(html)
        #expect(a.published == NewsDate(year: 2016, month: 12, day: 30))
        #expect(a.warnings.contains { $0.contains("'updated' line") })
    }

    @Test func anUpdateLineLosesToAPublishedLine() throws {
        let html = """
            <html><body><h1>Footbridge to be rebuilt</h1><p class="date">12.11.2016</p><article>\(body)\
            <p class="info">Aktualisiert: 30.12.2016</p></article></body></html>
            """
        let a = try extract(html)
        #expect(a.published == NewsDate(year: 2016, month: 11, day: 12))
    }
}
