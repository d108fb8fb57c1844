import Foundation
import NewsfoldCore
import Testing

@testable import NewsfoldExtract

/// The seed pages shipped in `Samples/seeds` (also the sample of `newsfold demo`).
enum Seeds {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Samples/seeds").standardizedFileURL

    static func page(_ prefix: String) throws -> Page {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let name = try #require(files.first { $0.hasPrefix(prefix) && $0.hasSuffix(".txt") })
        let bytes = try Array(Data(contentsOf: folder.appendingPathComponent(name)))
        return Page(id: String(name.dropLast(4)), source: name, bytes: bytes)
    }

    static func article(_ prefix: String) throws -> Article {
        try PageExtractor().extract(page(prefix))
    }
}

@Suite struct SeedExtractionTests {
    @Test func contentFarmCopyKeepsItsArticleAndDate() throws {
        let a = try Seeds.article("000")
        #expect(a.paragraphs.first?.hasPrefix("WASHINGTON (AP) — A U.S. official said Monday") == true)
        #expect(a.paragraphs.last == "AP Diplomatic Writer Matthew Lee in Washington contributed to this story.")
        // The injected sentence is part of the page's article text (flagging it is provenance's job).
        #expect(a.text.contains("The PredictIQ Quantitative Think Tank Centerofficial, who was not authorized"))
        #expect(!a.text.contains("Related") && !a.text.contains("veryGood") && !a.text.contains("Taylor Swift"))
        #expect(a.published?.iso8601.hasPrefix("2025-04-06T15:59:44") == true)
        #expect(a.wire == "AP")
        #expect(a.dateline == "WASHINGTON")
        #expect(a.title?.contains("Kim Jong Un may meet with Putin in Russia this month") == true)
        #expect(a.paragraphs.count == 9)
    }

    @Test func syndicatedEditedCopyHasIndianTimeZone() throws {
        let a = try Seeds.article("001")
        #expect(a.paragraphs.first?.hasPrefix("A US official said Monday") == true)
        #expect(a.paragraphs.last?.hasSuffix("talks on a weapons sale were advancing.") == true)
        #expect(!a.text.contains("Photo: Reuters") && !a.text.contains("Topics") && !a.text.contains("First Published"))
        #expect(a.published?.iso8601 == "2023-09-05T07:36:00+05:30")
        // The evidence of crawled text is the dated lines it was read from: published, updated.
        #expect(a.dateEvidence.map(\.source) == [.textLine, .updateLine])
        #expect(a.dateEvidence.first?.date == a.published && a.dateEvidence.last?.date == a.updated)
        #expect(a.crawled?.iso8601 == "2023-09-05")
        #expect(a.wire == "AP")
        #expect(a.title == "Kim Jong Un may meet with Putin in Russia this month, says US official")
    }

    @Test func syndicatedFullCopyHasLocalTimeAndWarning() throws {
        let a = try Seeds.article("002")
        #expect(a.paragraphs.first?.hasPrefix("WASHINGTON (AP) — A U.S. official said Monday") == true)
        #expect(a.paragraphs.last == "AP Diplomatic Writer Matthew Lee in Washington contributed to this story.")
        #expect(!a.text.contains("Death Valley") && !a.text.contains("Sponsored") && !a.text.contains("FILE - In this photo"))
        #expect(a.published?.iso8601 == "2023-09-04T14:11:00")
        #expect(a.warnings.contains { $0.contains("no time zone") })
        #expect(a.wire == "AP")
        #expect(a.title == "North Korea’s Kim Jong Un may meet with Putin in Russia this month, US official says")
    }

    @Test func independentUPIReport() throws {
        let a = try Seeds.article("003")
        #expect(a.paragraphs.first?.hasPrefix("SEOUL, Sept. 5 (UPI) -- North Korean leader Kim Jong Un may make") == true)
        #expect(a.paragraphs.last?.hasSuffix("state-run Korean Central News Agency said.") == true)
        #expect(!a.text.contains("Latest Headlines") && !a.text.contains("White Island") && !a.text.contains("License Photo"))
        #expect(a.published?.iso8601.hasPrefix("2023-09-05T05:13") == true)
        #expect(a.crawled?.iso8601 == "2023-09-05")
        #expect(a.wire == "UPI")
        #expect(a.dateline == "SEOUL")
        #expect(a.authors == ["Thomas Maresca"])
        #expect(a.title == "Kim Jong Un may visit Putin to discuss weapons deal: Washington")
    }

    @Test func independentRewriteWithoutDate() throws {
        let a = try Seeds.article("004")
        #expect(a.paragraphs.first?.hasPrefix("North Korean leader Kim Jong-un is expected to head to Russia") == true)
        #expect(a.paragraphs.last?.hasSuffix("instead send Premier Li Qiang.") == true)
        #expect(a.published == nil)
        #expect(a.crawled == nil)
        #expect(a.wire == nil)  // "according to the Associated Press" in the text is a source, not a credit
        #expect(a.title == "Kim Jong-un expected to meet with Putin in Russia to discuss weapons")
    }
}

@Suite struct TextExtractorTests {
    func extract(_ text: String) throws -> Article {
        try TextExtractor().extract(text: text, id: "t")
    }

    let prose = [
        "The city council voted on Tuesday to expand the bus network across the northern districts of the town.",
        "Officials said the plan would cost about 40 million dollars over five years and add twelve new routes.",
        "Residents who spoke at the meeting were divided, with some warning about noise and others welcoming it.",
        "The first new routes are expected to open next spring, according to the transport department.",
    ]

    @Test func bodyEndsAtALinkList() throws {
        let page = (["Home", "News", "Local", "Council expands bus network in the north"] + prose
            + ["Related", "- Mayor opens new library", "- Schools close for storm", "- Weather: rain ahead",
               "A long teaser sentence about another story that is not part of this article at all, sadly."]).joined(separator: "\n")
        let a = try extract(page)
        #expect(a.paragraphs == prose)
        #expect(a.title == "Council expands bus network in the north")
    }

    @Test func shortInterruptionsDoNotCutTheBody() throws {
        let page = (["Council expands bus network in the north"] + prose[0...1] + ["Advertisement"] + prose[2...3]).joined(separator: "\n")
        #expect(try extract(page).paragraphs == prose)
    }

    @Test func captionsAndTeasersAreNotBody() throws {
        let caption = "The mayor speaks at the council meeting in the town hall on Tuesday evening. Photo by Jane Roe/Agency"
        let page = (["Council expands bus network in the north", caption, caption] + prose
            + ["More news", "Other story headline here", "A different story starts like this and is cut off in the middle …"]).joined(separator: "\n")
        let a = try extract(page)
        #expect(a.paragraphs == prose)
    }

    @Test func crawlDateLineIsTheCrawlNotThePage() throws {
        let a = try extract((["date 2024-03-01 Menu", "Council expands bus network in the north"] + prose).joined(separator: "\n"))
        #expect(a.crawled?.iso8601 == "2024-03-01")
        #expect(a.published == nil)
        #expect(a.warnings.contains("no publication date on the page"))
    }

    @Test func pageWithoutProseHasNoArticle() {
        do {
            _ = try extract(["Home", "News", "Sports", "Weather", "Contact us", "- Link one", "- Link two"].joined(separator: "\n"))
            Issue.record("a page without prose must throw noBody")
        } catch ExtractionError.noBody(let metadata) {
            // Nothing here is shaped like a headline or a date.
            #expect(metadata.title == nil && metadata.published == nil && metadata.paragraphs.isEmpty)
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: ExtractionError.empty) { try extract(" \n \n") }
    }

    /// A subheading block (or a gallery's lines) between two halves of an article does not cut
    /// it in two: the halves together are worth far more than the lines between them cost. A
    /// half shorter than what the lines cost stays out (the teaser list below).
    @Test func aBodyBrokenByASubheadingBlockIsKeptWhole() throws {
        let second = [
            "Work on the depots will start in the autumn, and drivers are being hired from the surrounding region.",
            "The transport department said the existing routes in the south would keep their timetables unchanged.",
            "A consultation on the exact stops will run until the end of the month, on paper and on the council website.",
            "Opposition members asked for a review after the first year, and the council agreed to publish the figures.",
        ]
        let page = (["Council expands bus network in the north"] + prose
            + ["Photo gallery", "Image 1 of 12", "What happens next"] + second
            + ["Related", "Share this", "Contact us", "Terms of use"]).joined(separator: "\n")
        let a = try extract(page)
        #expect(a.paragraphs == prose + second)
    }

    /// A list of teasers after the article, each a headline, a section line and the headline
    /// again above a summary sentence, costs more than each summary brings: not taken in.
    @Test func aListOfTeasersIsNotTakenIn() throws {
        var page = ["Council expands bus network in the north"] + prose + ["Latest Headlines"]
        for n in 1...6 {
            let headline = "Headline number \(n) of another story entirely"
            page += [headline, "World News // \(n) hours ago", headline,
                     "A summary sentence of that other story number \(n), written by the wire service for its readers."]
        }
        #expect(try extract(page.joined(separator: "\n")).paragraphs == prose)
    }

    /// A long line that does not end a sentence (a paragraph cut short, a colon before a list)
    /// is kept between body lines; at the end of the page it is the cut end of the body, but
    /// before other lines it belongs to what follows.
    @Test func proseThatDoesNotEndASentence() throws {
        let colon = "The department listed the changes that residents should expect in the coming months as follows:"
        let cut = "The first new routes are expected to open next spring. The department said drivers would be hired from the"
        let page = ["Council expands bus network in the north", prose[0], colon, prose[1], prose[2], cut]
        #expect(try extract(page.joined(separator: "\n")).paragraphs == [prose[0], colon, prose[1], prose[2], cut])
        // A last line without a whole sentence in it may be a footer: not body.
        let footer = "Share this article on your favourite social network and follow us for more news from the city hall"
        #expect(try extract((["Council expands bus network in the north"] + prose + [footer]).joined(separator: "\n")).paragraphs == prose)
        let headlineAfter = "Another story about the council that readers also clicked on this week in the north"
        let followed = ["Council expands bus network in the north"] + prose + [headlineAfter, "Home", "News", "Contact"]
        #expect(try extract(followed.joined(separator: "\n")).paragraphs == prose)
        // One line, cut after two whole sentences (a dataset that keeps the first N characters).
        let one = prose[0] + " " + prose[1] + " Residents who spoke at the meeting were divided, with some"
        #expect(try extract(one).paragraphs == [one])
    }

    /// Chinese and Japanese put no spaces between words and end sentences with `。`; Arabic
    /// asks with `؟`, Hindi ends with `।`.
    @Test func otherScriptsEndSentencesTheirOwnWay() throws {
        let zh = [
            "北京市政府星期二宣布，将在明年春天开始重建河上的旧人行桥。市议会经过两年的讨论后以多数票通过了这一计划。",
            "工程预计将持续八个月，在此期间行人可以使用临时通道。市长表示，新桥将更加安全，也更方便骑自行车的人通行。",
        ]
        let a = try extract((["北京重建旧人行桥"] + zh).joined(separator: "\n"))
        #expect(a.paragraphs == zh)
        #expect(a.title == "北京重建旧人行桥")
        let shape = LineShape(line: Substring(zh[0]))
        #expect(shape.endsSentence && shape.words >= LineShape.goodWords && shape.decideKind() == .good)
        #expect(LineShape(line: "هل ستعيد البلدية بناء الجسر القديم فوق النهر في الربيع المقبل بعد نقاش طويل؟").decideKind() == .good)
        #expect(LineShape(line: "नगर परिषद ने मंगलवार को नदी पर बने पुराने पुल को अगले वसंत में फिर से बनाने का फैसला किया।").decideKind() == .good)
        // A Japanese quotation closes after the full stop: 。」
        #expect(LineShape(line: "市長は記者会見で「新しい橋は来年の春までに完成させるため、市として最大限の努力をする。」").endsSentence)
        #expect(LineShape(line: "市長は記者会見で「新しい橋は来年の春までに完成させるため、市として最大限の努力をする。」").decideKind() == .good)
    }

    @Test func lineShapes() {
        let good = LineShape(line: "The official said the meeting would take place later this month in the capital.")
        #expect(good.endsSentence && good.words == 14 && good.decideKind() == .good)
        #expect(LineShape(line: "“We will not stop,” she said.”").endsSentence)
        #expect(LineShape(line: "- Taylor Swift makes surprise visit to Kansas City children’s hospital").isBullet)
        #expect(LineShape(line: "The storm dumped a furious 2.2 inches of rain […]").isTeaser)
        #expect(LineShape(line: "National News").decideKind() == .bad)
        #expect(LineShape(line: "It rained all day.").decideKind() == .neutral)
        #expect(LineShape(line: "Residents who spoke at the meeting were divided, with some warning about").decideKind() == .prose)
        #expect(LineShape(line: "Council Expands Bus Network Across The Northern Districts Of The Town Today").decideKind() == .bad)
        #expect(LineShape.holdsSentenceEnd("It rained. Then the sun came out over the"))
        #expect(!LineShape.holdsSentenceEnd("Mr. smith went to the U.S. embassy in the"))
    }
}

@Suite struct TextDecodingTests {
    @Test func utf8PassesAndBOMIsDropped() throws {
        let (s, w) = try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("café".utf8))
        #expect(s == "café" && w == nil)
    }

    @Test func invalidUTF8IsReadAsWindows1252WithAWarning() throws {
        let (s, w) = try TextDecoding.decode(Array("caf".utf8) + [0xE9, 0x20, 0x93, 0x71, 0x94])
        #expect(s == "café “q”")
        #expect(w?.contains("offset 3") == true)
    }

    @Test func mostlyUTF8WithACutLetterIsRepairedNotReadAsWindows1252() throws {
        // One "ó" cut in half among many well-formed letters: UTF-8 with damage, the same rule
        // as HTML pages. Read as Windows-1252, every "ż" would turn into "Å¼".
        let bytes = Array("Zażółć gęślą jaźń, papieros".utf8) + [0xC3] + Array(" i kilka słów.".utf8)
        let (s, w) = try TextDecoding.decode(bytes)
        #expect(s == "Zażółć gęślą jaźń, papieros\u{FFFD} i kilka słów.")
        #expect(w == "UTF-8 with 1 invalid byte sequence (the first at offset 36): replaced by U+FFFD")
        #expect(TextDecoding.isMostlyUTF8((invalid: 1, multiByte: 4)))
        #expect(!TextDecoding.isMostlyUTF8((invalid: 2, multiByte: 4)))
    }

    @Test func binaryIsRefused() {
        #expect(throws: ExtractionError.self) { try TextDecoding.decode([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00]) }
    }
}

@Suite struct LineShapeSearchTests {
    @Test func byteContainment() {
        func c(_ a: String, _ b: String) -> Bool { contains(Array(a.utf8), Array(b.utf8)) }
        #expect(c("Home > North Korea’s Kim may meet Putin", "North Korea’s Kim"))
        #expect(c("abc", "abc") && c("xxabc", "abc") && c("abcxx", "abc"))
        #expect(!c("abxabyab", "abc") && !c("ab", "abc"))
        #expect(c("aaab", "aab") && c("abc", ""))
    }
}

/// Crawled plain text whose body is not found still gives the headline and date it states
/// (issue 22): the record carries them with an empty text and the warning.
@Suite struct PlainTextWithoutBodyTests {
    @Test func headlineAndDateSurviveAPageWithoutBody() throws {
        let text = """
            Home | News | Sport | Weather
            Storm closes the coastal road for a second day
            Published: 5 September 2023
            Share
            Related
            """
        do {
            _ = try TextExtractor().extract(Page(id: "p", url: "https://example.com/storm", bytes: Array(text.utf8)))
            Issue.record("a page without body must throw noBody")
        } catch ExtractionError.noBody(let metadata) {
            #expect(metadata.title == "Storm closes the coastal road for a second day")
            #expect(metadata.published == NewsDate(year: 2023, month: 9, day: 5))
            #expect(metadata.publishedSource == .textLine)
            #expect(metadata.url == "https://example.com/storm")
            #expect(metadata.paragraphs.isEmpty)
            #expect(metadata.warnings.contains(ExtractionError.noArticleText))
        }
    }
}
