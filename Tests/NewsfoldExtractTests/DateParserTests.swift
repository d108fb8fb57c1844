import NewsfoldCore
import Testing
@testable import NewsfoldExtract

@Suite struct DateParserTests {
    /// `parse` → ISO text, or "nil".
    private func iso(_ text: String, _ order: NumericDateOrder = .monthFirst) -> String {
        DateParser.parse(text, order: order)?.iso8601 ?? "nil"
    }

    private func found(_ text: String) -> String {
        DateParser.find(in: text[...])?.date.iso8601 ?? "nil"
    }

    @Test func iso8601Variants() {
        #expect(iso("2023-09-05") == "2023-09-05")
        #expect(iso("2023-09-05T07:36:00Z") == "2023-09-05T07:36:00Z")
        #expect(iso("2023-09-05T07:36:00.123456Z") == "2023-09-05T07:36:00Z")
        #expect(iso("2023-09-05T07:36:00+05:30") == "2023-09-05T07:36:00+05:30")
        #expect(iso("2023-09-05T07:36:00+0530") == "2023-09-05T07:36:00+05:30")
        #expect(iso("2023-09-05T07:36-04:00") == "2023-09-05T07:36:00-04:00")
        #expect(iso("2023-09-05 07:36:00") == "2023-09-05T07:36:00")
        #expect(iso("2023-09-05T07:36:00,5+02") == "2023-09-05T07:36:00+02:00")
        #expect(iso("2023/09/05") == "2023-09-05")
        #expect(iso("20230905") == "2023-09-05")
    }

    @Test func rfc2822() {
        #expect(iso("Mon, 04 Sep 2023 14:11:00 GMT") == "2023-09-04T14:11:00Z")
        #expect(iso("Mon, 04 Sep 2023 14:11:00 -0400") == "2023-09-04T14:11:00-04:00")
        #expect(DateParser.parseRFC2822("Tue, 5 Sep 2023 07:36:00 +0000")?.iso8601 == "2023-09-05T07:36:00Z")
    }

    @Test func englishForms() {
        #expect(iso("Sep 4, 2023, 2:11 PM") == "2023-09-04T14:11:00")
        #expect(iso("Sept. 5, 2023 / 5:13 AM") == "2023-09-05T05:13:00")
        #expect(iso("Sep 05 2023 | 7:36 AM IST") == "2023-09-05T07:36:00+05:30")
        #expect(iso("September 4, 2023 at 2:11 p.m. EDT") == "2023-09-04T14:11:00-04:00")
        #expect(iso("Tuesday, September 5, 2023 7:36 AM ET") == "2023-09-05T07:36:00-04:00")
        #expect(iso("5 September 2023 14:11 BST") == "2023-09-05T14:11:00+01:00")
        #expect(iso("05 Sep 2023") == "2023-09-05")
        #expect(iso("September 5th, 2023") == "2023-09-05")
        #expect(iso("12:30 AM") == "nil")
        #expect(iso("Dec 1, 2023 12:05 AM PT") == "2023-12-01T00:05:00-08:00")
        #expect(iso("Jan 1, 2024 12 p.m. UTC+5:30") == "2024-01-01T12:00:00+05:30")
        #expect(iso("7:36 AM IST, Sep 05 2023") == "2023-09-05T07:36:00+05:30")
    }

    @Test func otherLanguages() {
        #expect(iso("5. September 2023") == "2023-09-05")
        #expect(iso("5. März 2023, 14:11 Uhr") == "2023-03-05T14:11:00")
        #expect(iso("5 MÄRZ 2023") == "2023-03-05")
        #expect(iso("Veröffentlicht am 05.09.2023 14:11") == "2023-09-05T14:11:00")
        #expect(iso("5 de septiembre de 2023") == "2023-09-05")
        #expect(iso("12 dic. 2023") == "2023-12-12")
        #expect(iso("Publié le mar. 5 sept. 2023 à 14h11") == "2023-09-05T14:11:00")
        #expect(iso("3 févr. 2023") == "2023-02-03")
        #expect(iso("1er août 2023") == "2023-08-01")
        #expect(iso("5 settembre 2023 alle 14:11") == "2023-09-05T14:11:00")
        #expect(iso("5 de março de 2023") == "2023-03-05")
        #expect(iso("5 maart 2023 om 14:11") == "2023-03-05T14:11:00")
        #expect(iso("Dienstag, 5. September 2023") == "2023-09-05")
    }

    @Test func labelsAroundADate() {
        #expect(iso("Published: Sep 4, 2023") == "2023-09-04")
        #expect(iso("Updated Sep 4, 2023 2:11 PM") == "2023-09-04T14:11:00")
        #expect(iso("Last Updated : Sep 05 2023 | 7:36 AM IST") == "2023-09-05T07:36:00+05:30")
        #expect(iso("First Published: Sep 05 2023 | 7:36 AM IST") == "2023-09-05T07:36:00+05:30")
        #expect(iso("Date:2025-04-06 15:59:44") == "2025-04-06T15:59:44")
        #expect(iso("(2023-09-05).") == "2023-09-05")
        // Not only a date.
        #expect(iso("Kim may meet Putin on Sep 4, 2023") == "nil")
        #expect(iso("Sep 4, 2023 and more text") == "nil")
    }

    @Test func seedLines() {
        #expect(found("Date:2025-04-06 15:59:44") == "2025-04-06T15:59:44")
        #expect(found("2 min read Last Updated : Sep 05 2023 | 7:36 AM IST") == "2023-09-05T07:36:00+05:30")
        #expect(found("Sep 4, 2023, 2:11 PM") == "2023-09-04T14:11:00")
        #expect(found("Sept. 5, 2023 / 5:13 AM") == "2023-09-05T05:13:00")
        #expect(found(" date 2023-09-05 Advertisement") == "2023-09-05")
    }

    @Test func findReportsTheRange() throws {
        let line = "2 min read Last Updated : Sep 05 2023 | 7:36 AM IST and more"[...]
        let m = try #require(DateParser.find(in: line))
        #expect(line[m.range] == "Sep 05 2023 | 7:36 AM IST")
        let weekday = "Posted Tuesday, September 5, 2023 7:36 AM ET."[...]
        let w = try #require(DateParser.find(in: weekday))
        #expect(weekday[w.range] == "Tuesday, September 5, 2023 7:36 AM ET")
    }

    @Test func numericOrderAndAmbiguity() throws {
        #expect(iso("05/09/2023") == "2023-05-09")
        #expect(iso("05/09/2023", .dayFirst) == "2023-09-05")
        #expect(iso("13/09/2023") == "2023-09-13")
        #expect(iso("09/13/2023", .dayFirst) == "2023-09-13")
        #expect(iso("05.09.2023") == "2023-09-05")
        let amb = try #require(DateParser.parseMatch("05/09/2023"))
        #expect(amb.isAmbiguous)
        #expect(DateParser.parseMatch("13/09/2023")?.isAmbiguous == false)
        #expect(DateParser.parseMatch("05/05/2023")?.isAmbiguous == false)
        #expect(DateParser.findMatch(in: "on 09/05/2023 at noon", order: .dayFirst)?.isAmbiguous == true)
        #expect(NumericDateOrder.forLanguage("en-US") == .monthFirst)
        #expect(NumericDateOrder.forLanguage("en-GB") == .dayFirst)
        #expect(NumericDateOrder.forLanguage("de") == .dayFirst)
        #expect(NumericDateOrder.forLanguage(nil) == .monthFirst)
    }

    @Test func timeZonesAndDaylightTime() {
        #expect(iso("Jan 5, 2023 7:36 AM ET") == "2023-01-05T07:36:00-05:00")
        #expect(iso("Jul 5, 2023 7:36 AM PT") == "2023-07-05T07:36:00-07:00")
        // 2023: DST from 12 March to 5 November.
        #expect(iso("Mar 11, 2023 9:00 AM ET") == "2023-03-11T09:00:00-05:00")
        #expect(iso("Mar 12, 2023 9:00 AM ET") == "2023-03-12T09:00:00-04:00")
        #expect(iso("Nov 4, 2023 9:00 AM ET") == "2023-11-04T09:00:00-04:00")
        #expect(iso("Nov 5, 2023 9:00 AM ET") == "2023-11-05T09:00:00-05:00")
        // Before 2007: first Sunday of April to last Sunday of October.
        #expect(iso("Apr 1, 2006 9:00 AM ET") == "2006-04-01T09:00:00-05:00")
        #expect(iso("Apr 2, 2006 9:00 AM ET") == "2006-04-02T09:00:00-04:00")
        #expect(iso("Oct 29, 2006 9:00 AM ET") == "2006-10-29T09:00:00-05:00")
        #expect(iso("5 Sep 2023 14:11 CEST") == "2023-09-05T14:11:00+02:00")
        #expect(iso("5 Sep 2023 14:11 (JST)") == "2023-09-05T14:11:00+09:00")
        #expect(iso("5 Sep 2023 14:11 GMT+2") == "2023-09-05T14:11:00+02:00")
        #expect(iso("5 Sep 2023 14:11 AEST") == "2023-09-05T14:11:00+10:00")
        // No zone: no offset invented. Lower-case words are not zones (French "et", "est").
        #expect(DateParser.parse("Sep 4, 2023, 2:11 PM")?.utcOffsetMinutes == nil)
        #expect(found("le 5 sept. 2023 à 14h11 et mis à jour") == "2023-09-05T14:11:00")
    }

    @Test func validation() {
        #expect(iso("Feb 30, 2023") == "nil")
        #expect(iso("Feb 29, 2024") == "2024-02-29")
        #expect(iso("Feb 29, 2023") == "nil")
        #expect(iso("2023-13-01") == "nil")
        #expect(iso("1850-01-01") == "nil")
        #expect(iso("2300-01-01") == "nil")
        #expect(found("Sep 4, 2023 25:00") == "2023-09-04")  // not a time: the date stands alone
        #expect(iso("Sep 4, 2023 25:00") == "nil")
        #expect(iso("2023-09-05T07:36:00+2500") == "nil")
    }

    @Test func notDates() {
        #expect(found("Call 555-123-4567 today") == "nil")
        #expect(found("+1 (212) 555-1234") == "nil")
        #expect(found("They won 3-1 on Sunday") == "nil")
        #expect(found("2 min read") == "nil")
        #expect(found("Upgrade to version 10.2.2023.1") == "nil")
        #expect(found("the 9/11 attacks") == "nil")
        #expect(found("SEOUL, Sept. 5 (UPI) -- North Korean") == "nil")
        #expect(found("veryGood! (27332)") == "nil")
        #expect(found("In 2023, 5 people were hurt") == "nil")
        #expect(found("ref x2023-09-05") == "nil")
        #expect(found("build 2023-09-05-1") == "nil")
        #expect(found("No digits at all on this line") == "nil")
        #expect(found("") == "nil")
    }

    @Test func findsFirstDateInLongerText() {
        #expect(found("The White House said on Sep 4, 2023 that Kim may travel") == "2023-09-04")
        #expect(found("Aktualisiert am 5. September 2023 um 14:11 Uhr") == "2023-09-05T14:11:00")
        #expect(found("file - 2023-09-05T07:36:00Z.jpg") == "2023-09-05T07:36:00Z")
        // Long lines are scanned in windows around four-digit runs.
        let filler = String(repeating: "In 2022 and 2021 the talks went nowhere. ", count: 30)
        let line = filler + "It was updated on Tuesday, September 5, 2023 7:36 AM ET. " + filler + "Sep 6, 2023"
        let m = DateParser.find(in: line[...])
        #expect(m?.date.iso8601 == "2023-09-05T07:36:00-04:00")
        #expect(m.map { String(line[$0.range]) } == "Tuesday, September 5, 2023 7:36 AM ET")
        #expect(found(String(repeating: "1234 ", count: 400)) == "nil")
    }

    @Test func epochOnlyWhenAsked() {
        #expect(DateParser.parseEpoch("1693900560", unit: .seconds)?.iso8601 == "2023-09-05T07:56:00Z")
        #expect(DateParser.parseEpoch("1693900560000", unit: .milliseconds)?.iso8601 == "2023-09-05T07:56:00Z")
        #expect(DateParser.parseEpoch("0", unit: .seconds)?.iso8601 == "1970-01-01T00:00:00Z")
        #expect(DateParser.parseEpoch("abc", unit: .seconds) == nil)
        #expect(DateParser.parse("1693900560") == nil)
        #expect(found("id 1693900560 logged") == "nil")
    }
}

/// A structured-data time stamp whose time part is malformed keeps its day (issue 22).
@Suite struct ISODayPrefixTests {
    @Test func malformedTimeKeepsTheDay() {
        #expect(DateParser.parse("2022-01-10T22:06:08:684Z") == nil)
        #expect(DateParser.parseISODayPrefix("2022-01-10T22:06:08:684Z") == NewsDate(year: 2022, month: 1, day: 10))
        #expect(DateParser.parseISODayPrefix("2022-01-10 junk") == NewsDate(year: 2022, month: 1, day: 10))
        #expect(DateParser.parseISODayPrefix("2022-01-10") == NewsDate(year: 2022, month: 1, day: 10))
        #expect(DateParser.parseISODayPrefix("2022-02-30T10:00") == nil)
        #expect(DateParser.parseISODayPrefix("2022-01-1x") == nil)
        #expect(DateParser.parseISODayPrefix("2022-01-103") == nil)
        #expect(DateParser.parseISODayPrefix("10.01.2022") == nil)
    }

    @Test func jsonLDWithAMalformedTimeGivesThePublicationDay() throws {
        let html = """
            <html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Bridge reopens",\
            "datePublished":"2022-01-10T22:06:08:684Z"}</script></head><body><article>\
            <p>The old footbridge over the river reopened on Monday after two years of repairs, the council said.</p>\
            <p>Residents had campaigned for the crossing to be restored since the floods closed it in the winter.</p>\
            </article></body></html>
            """
        let a = try PageExtractor().extract(Page(id: "p", bytes: Array(html.utf8)))
        #expect(a.published == NewsDate(year: 2022, month: 1, day: 10))
        #expect(a.publishedSource == .jsonLD)
    }
}
