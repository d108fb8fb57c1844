import Foundation
import Testing
import NewsfoldCore
@testable import NewsfoldExtract

private func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/html/\(name)")
    return [UInt8](try Data(contentsOf: url))
}

private func extract(_ name: String, url: String? = nil, charset: String? = nil) throws -> Article {
    try HTMLExtractor().extract(
        Page(id: name, url: url, bytes: try fixture(name), declaredCharset: charset))
}

@Suite struct HTMLExtractorTests {
    @Test func newsPageKeepsBodyAndDropsFurniture() throws {
        let a = try extract("news_boilerplate.html")
        #expect(a.title == "Breakwater halves storm damage, report says")
        #expect(a.site == "Coastal Courier")
        #expect(a.language == "en-GB")
        #expect(a.published?.iso8601 == "2024-03-05T09:30:00Z")
        #expect(a.url == "https://www.coastal-courier.example/news/breakwater")
        #expect(a.domain == "coastal-courier.example")
        #expect(a.authors == ["Mara Lindqvist"])
        #expect(a.paragraphs.first?.hasPrefix("The harbour authority said on Tuesday") == true)
        #expect(a.paragraphs.last?.hasSuffix("as the first stage did.") == true)
        #expect(a.paragraphs.contains("What comes next"))  // a heading before body text stays
        let text = a.text
        for boilerplate in ["cookie", "Share on", "Related stories", "Harbour master retires", "Most read",
            "Great news for the town", "newsletter", "All rights reserved", "low tide", "Sport"]
        {
            #expect(!text.contains(boilerplate), "\(boilerplate) leaked into the body")
        }
    }

    @Test func jsonLDGraphGivesMetadata() throws {
        let a = try extract("jsonld_graph.html")
        #expect(a.title == "Mill reopens after flood repairs")
        #expect(a.published?.iso8601 == "2023-11-02T07:15:00-05:00")
        #expect(a.updated?.iso8601 == "2023-11-03T10:00:00-05:00")
        #expect(a.authors == ["Ana Ruiz", "Tom Beck"])
        #expect(a.site == "Valley Ledger")
        #expect(a.paragraphs.count == 2)
        #expect(!a.text.contains("hint only"))  // articleBody is a hint, not the body
    }

    @Test func openGraphOnly() throws {
        let a = try extract("opengraph_only.html")
        #expect(a.title == "Council approves river path")
        #expect(a.site == "Riverside Post")
        #expect(a.url == "https://riverside.example/path")
        #expect(a.published == NewsDate(year: 2022, month: 6, day: 10))
        #expect(a.authors == ["Lee Park"])
    }

    @Test func noMetadataMeansNil() throws {
        let a = try extract("no_metadata.html")
        #expect(a.title == "Plain page headline")
        #expect(a.published == nil)
        #expect(a.site == nil)
        #expect(a.authors.isEmpty)
        #expect(a.warnings.contains("no date on the page"))
        #expect(a.paragraphs.count == 2)
    }

    @Test func timeElementDateIsUsedWithWarning() throws {
        let a = try extract("time_datetime.html")
        #expect(a.published?.iso8601 == "2021-02-03T08:00:00+01:00")
        #expect(a.warnings.contains { $0.contains("<time>") })
    }

    @Test func itempropMicrodata() throws {
        let a = try extract("itemprop.html")
        #expect(a.title == "Lighthouse keeper honoured")
        #expect(a.published?.iso8601 == "2020-08-14T12:00:00Z")
        #expect(a.authors == ["Jo Hart"])
        #expect(a.paragraphs.count == 2)
        #expect(!a.text.contains("About us"))
    }

    @Test func wireDatelineAndCredit() throws {
        let a = try extract("wire_dateline.html")
        #expect(a.paragraphs.first?.hasPrefix("MANILA, Philippines (AP)") == true)
        #expect(a.paragraphs.count == 3)
        // Wire and dateline come from the metadata parsers (Metadata/); when they recognise
        // the AP dateline, both are filled.
        if let d = Dateline.parse(a.paragraphs[0]) {
            #expect(a.dateline == d.place)
            #expect(a.wire == d.wire)
        }
    }

    @Test func wireComesOnlyFromRealCreditLines() throws {
        // Credit lines.
        #expect(HTMLExtractor.creditLineWire("Associated Press writer Jim Gomez contributed to this report.") == "AP")
        #expect(HTMLExtractor.creditLineWire("Reporting by Jane Roe; Editing by John Doe") == nil)  // names no agency
        #expect(HTMLExtractor.creditLineWire("Additional reporting by Reuters") == "Reuters")
        #expect(HTMLExtractor.creditLineWire("— Reuters") == "Reuters")
        #expect(HTMLExtractor.creditLineWire("(c) AFP") == "AFP")
        #expect(HTMLExtractor.creditLineWire("© Agence France-Presse") == "AFP")
        // Mentions in running text are not credits.
        #expect(HTMLExtractor.creditLineWire(
            "The ministry did not respond to questions, according to the Associated Press, which first reported the plan.") == nil)
        #expect(HTMLExtractor.creditLineWire("Officials told Reuters on Monday that talks would resume next week.") == nil)

        let mention = """
            <html><head><title>Bridge reopens</title></head><body><article><h1>Bridge reopens</h1>
            <p>The old river bridge reopened to traffic on Friday after eighteen months of repairs, the county said in a statement.</p>
            <p>Engineers replaced the deck and two of the piers, and the cost rose by a third over the first estimate, officials said.</p>
            <p>The county had told the Associated Press in March that the work would end before the summer holidays.</p>
            </article></body></html>
            """
        let a = try HTMLExtractor().extract(Page(id: "mention", bytes: Array(mention.utf8)))
        #expect(a.paragraphs.count == 3)
        #expect(a.wire == nil)
        let credited = mention.replacingOccurrences(
            of: "</article>", with: "<p>Reuters reporter Ann Lee contributed to this report.</p></article>")
        let b = try HTMLExtractor().extract(Page(id: "credited", bytes: Array(credited.utf8)))
        #expect(b.wire == "Reuters")
    }

    @Test func pageWithoutArticleThrows() throws {
        do {
            _ = try extract("no_article.html")
            Issue.record("a page without article must throw")
        } catch ExtractionError.noBody(let metadata) {
            #expect(metadata.title == "Site index")
            #expect(metadata.paragraphs.isEmpty)
            #expect(metadata.warnings.contains(ExtractionError.noArticleText))
        }
        #expect(throws: ExtractionError.empty) {
            try HTMLExtractor().extract(Page(id: "blank", bytes: Array("  \n ".utf8)))
        }
    }

    @Test func malformedHTMLIsRecovered() throws {
        let a = try extract("malformed.html")
        #expect(a.paragraphs.count >= 3)
        #expect(a.text.contains("& more © text here inside"))
        #expect(a.paragraphs.first?.hasPrefix("The harbour authority") == true)
    }

    @Test func strayNULBytesDoNotEndThePage() throws {
        // libxml2 stops at a NUL: a run of them before the article (seen on a real news page,
        // after an ad) must not cost the article.
        let paragraph = "The court set the final hearing for Wednesday, when the closing arguments will be heard and a sentence may follow."
        var bytes = Array("<html><body><div class=\"ads\"><img src=\"a.gif\"/>".utf8)
        bytes += [UInt8](repeating: 0, count: 11)
        bytes += Array("</div><article><p>\(paragraph)</p><p>\(paragraph)</p><p>\(paragraph)</p></article></body></html>".utf8)
        let a = try HTMLExtractor().extract(Page(id: "nul", bytes: bytes))
        #expect(a.paragraphs == [paragraph, paragraph, paragraph])
        #expect(HTMLDocument.droppingNULs([0x61, 0, 0, 0x62, 0]) == [0x61, 0x62])
        #expect(HTMLDocument.droppingNULs([0x61, 0x62]) == [0x61, 0x62])
    }

    @Test func deeplyNestedPageDoesNotCrash() throws {
        let depth = 100_000
        var html = "<html><body>"
        html += String(repeating: "<div>", count: depth)
        html += "<p>" + String(repeating: "Deep text that is long enough to count as a paragraph, really. ", count: 3) + "</p>"
        html += String(repeating: "</div>", count: depth) + "</body></html>"
        // Either an article or a clear error: never a crash or a stack overflow.
        do {
            _ = try HTMLExtractor().extract(Page(id: "deep", bytes: Array(html.utf8)))
        } catch let error as ExtractionError {
            #expect(error.description == ExtractionError.noArticleText)
        }
        // Deep nesting of inline elements too.
        let inline = "<html><body><p>" + String(repeating: "<b>", count: depth) + "x" + "</p></body></html>"
        _ = try? HTMLExtractor().extract(Page(id: "deep2", bytes: Array(inline.utf8)))
        // Nested captions, headlines in links and picture boxes: every upward walk is bounded.
        let mixed = "<html><body><div>" + String(repeating: "<div class=\"image\"><caption><h3><a href=\"/x\">h</a></h3><img>", count: 20_000)
            + "</div></body></html>"
        _ = try? HTMLExtractor().extract(Page(id: "deep3", bytes: Array(mixed.utf8)))
    }

    @Test func viaPageExtractor() throws {
        let a = try PageExtractor().extract(
            Page(id: "n", url: "https://www.example.org/x", bytes: try fixture("no_metadata.html")))
        #expect(a.domain == "example.org")
        #expect(a.paragraphs.count == 2)
    }
}

@Suite struct HTMLEncodingTests {
    @Test func latin1Declared() throws {
        let a = try extract("latin1.html")
        #expect(a.title == "Café résumé")
        #expect(a.paragraphs.first?.hasPrefix("Le café du coin a rouvert") == true)
    }

    @Test func windows1252Declared() throws {
        let a = try extract("windows1252.html")
        #expect(a.paragraphs.first?.contains("“we will rebuild” —") == true)
    }

    @Test func shiftJISDeclaredInMeta() throws {
        let a = try extract("shift_jis.html")
        #expect(a.title == "港の防波堤が完成")
        #expect(a.paragraphs.first?.hasPrefix("港湾当局は火曜日") == true)
    }

    @Test func undeclaredNonUTF8IsWindows1252() throws {
        let a = try extract("undeclared_cp1252.html")
        #expect(a.paragraphs.first?.contains("déclaration d'encodage") == true)
    }

    @Test func outsideCharsetWins() throws {
        // The page says Shift_JIS; a header saying windows-1252 is obeyed (mojibake, no crash).
        let a = try extract("latin1.html", charset: "windows-1252")
        #expect(a.title == "Café résumé")
    }

    @Test func wrongUTF8DeclarationFallsBack() throws {
        var bytes = Array("<html><head><meta charset=\"utf-8\"></head><body><p>".utf8)
        bytes += Array("Caf".utf8) + [0xE9] + Array(" au lait, une boisson chaude appréciée le matin par beaucoup de gens.".utf8)
        bytes += Array("</p></body></html>".utf8)
        let a = try HTMLExtractor().extract(Page(id: "bad", bytes: bytes))
        #expect(a.paragraphs.first?.hasPrefix("Café au lait") == true)
        #expect(a.warnings.contains { $0.contains("not") && $0.contains("UTF-8") })
    }

    @Test func utf8WithAFewBrokenSequencesIsRepairedNotReadAsLatin1() throws {
        // One "ó" cut in half in a teaser ("papieros\xC3..."): the page is still UTF-8. Read as
        // windows-1252 every other letter would be mojibake; libxml2 read as UTF-8 stops at the
        // bad byte. Each invalid byte becomes U+FFFD and the rest of the page stays.
        var bytes = Array("<html><head><meta charset=\"UTF-8\"></head><body><div class=\"teaser\"><p>Tysiące paczek papieros".utf8)
        bytes += [0xC3] + Array("...</p></div><article><p>Zażółć gęślą jaźń: służby celne zatrzymały w środę ładunek, który płynął z Gdańska do Kłajpedy.</p>".utf8)
        bytes += Array("<p>Śledztwo prowadzi prokuratura okręgowa, a przesłuchania świadków potrwają jeszcze kilka tygodni.</p></article></body></html>".utf8)
        let a = try HTMLExtractor().extract(Page(id: "cut", bytes: bytes))
        #expect(a.paragraphs.first?.hasPrefix("Zażółć gęślą jaźń") == true)
        #expect(a.paragraphs.count == 2)
        #expect(a.warnings.contains("page declares UTF-8 and is UTF-8 with 1 invalid byte sequence: replaced by U+FFFD"))
        #expect(repairingUTF8([0x61, 0xC3, 0x2E]) == [0x61, 0xEF, 0xBF, 0xBD, 0x2E])
        #expect(repairingUTF8([0xC3, 0xB3, 0xC3]) == [0xC3, 0xB3, 0xEF, 0xBF, 0xBD])
        // With a byte-order mark the page is UTF-8 whatever the damage: repaired, and said so.
        let withBOM = try HTMLExtractor().extract(Page(id: "bom", bytes: [0xEF, 0xBB, 0xBF] + bytes))
        #expect(withBOM.paragraphs.first?.hasPrefix("Zażółć gęślą jaźń") == true)
        #expect(withBOM.warnings.contains("page starts with a UTF-8 byte-order mark and has 1 invalid byte sequence: replaced by U+FFFD"))
        #expect(utf8Damage([0x61, 0xC3, 0x2E, 0xC3, 0xB3]) == (invalid: 1, multiByte: 1))
    }

    @Test func utf8BytesUnderALegacyDeclarationReadAsUTF8() throws {
        // A page saved as UTF-8 that still says iso-8859-15 (news archives do): read as declared,
        // every "ó" would become "Ã³".
        let html = """
            <html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">
            <title>La sanción del campeón</title></head><body><article><h1>La sanción del campeón</h1>
            <p>El tetracampeón eligió los micrófonos de la televisión para lanzar toda su munición contra el piloto británico.</p>
            </article></body></html>
            """
        let a = try HTMLExtractor().extract(Page(id: "utf8-as-latin", bytes: Array(html.utf8)))
        #expect(a.title == "La sanción del campeón")
        #expect(a.paragraphs.first?.hasPrefix("El tetracampeón eligió los micrófonos") == true)
        #expect(a.warnings.contains { $0.contains("declares") && $0.contains("UTF-8") })
        // Plain ASCII under the same declaration is not a contradiction: no warning.
        let ascii = html.replacingOccurrences(of: "ó", with: "o").replacingOccurrences(of: "á", with: "a")
        let b = try HTMLExtractor().extract(Page(id: "ascii", bytes: Array(ascii.utf8)))
        #expect(!b.warnings.contains { $0.contains("declares") })
    }

    @Test func charsetLabels() {
        #expect(HTMLDocument.normalizedCharset(Array("ISO-8859-1".utf8)) == "windows-1252")
        #expect(HTMLDocument.normalizedCharset(Array("\"utf8\"".utf8)) == "UTF-8")
        #expect(HTMLDocument.normalizedCharset(Array("x-sjis".utf8)) == "SHIFT_JIS")
        #expect(HTMLDocument.metaCharset(in: Array("<META content='text/html; charset=euc-kr'>".utf8))
            == Array("euc-kr".utf8))
    }

    @Test func taxonomyClassesDoNotMakeAPostFurniture() throws {
        // `category-…`/`tag-…` beside a standalone `post` class label the post; the post is
        // shorter than its comments, so only this rule keeps it.
        let a = try extract("taxonomy_classes.html")
        #expect(a.paragraphs.first?.hasPrefix("The frost came back this week") == true)
        #expect(a.paragraphs.last?.hasSuffix("when the buds show again.") == true)
        #expect(!a.text.contains("Filed under"))  // `entry-meta`: both names in one token
        #expect(!a.text.contains("forsythia"))
    }

    @Test func boilerplateNamesReadTokens() {
        func names(_ s: String) -> BoilerplateNames {
            Array(s.utf8).withUnsafeBufferPointer { BoilerplateNames($0) }
        }
        #expect(!names("post-7 post category-news tag-x").weak)
        #expect(names("entry-meta").weak)
        #expect(names("post-meta tags").weak)
        #expect(names("sidebar").weak)
        #expect(names("post share-bar").strong)
        #expect(names("article-body").positive)
        #expect(names("sr-only").hidden)
    }

    @Test func articleSplitOverContainersIsTakenWhole() throws {
        let a = try extract("split_article.html")
        #expect(a.paragraphs.first?.hasPrefix("The four-kilometre extension") == true)
        #expect(a.paragraphs.last?.hasPrefix("The operator expects around eleven thousand") == true)
        #expect(!a.text.contains("privacy policy"))
    }
}
