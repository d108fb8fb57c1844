import Foundation
import Testing
import NewsfoldCore
@testable import NewsfoldExtract

/// Pages built the way a hostile or broken crawl delivers them (issue 21).
@Suite struct HostilePageTests {
    static let body = """
        <p>The harbour authority said on Tuesday that the new breakwater had halved the damage from winter storms along the town front.</p>
        <p>Engineers replaced the deck and two of the piers, and the cost rose by a third over the first estimate, officials said.</p>
        """

    static func page(title: String = "Breakwater halves storm damage", inner: String = body) -> String {
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>\(title)</title></head><body><article>\(inner)</article></body></html>"
    }

    @Test func utf16WithAByteOrderMarkIsDecoded() throws {
        let text = Self.page(title: "Brücke halbiert Sturmschäden")
        for little in [true, false] {
            var bytes: [UInt8] = little ? [0xFF, 0xFE] : [0xFE, 0xFF]
            for unit in text.utf16 {
                let (lo, hi) = (UInt8(unit & 0xFF), UInt8(unit >> 8))
                bytes += little ? [lo, hi] : [hi, lo]
            }
            #expect(PageExtractor.sniff(bytes) == .html)
            let a = try PageExtractor().extract(Page(id: "u16", bytes: bytes))
            #expect(a.title == "Brücke halbiert Sturmschäden")
            #expect(a.text.contains("halved the damage from winter storms"))
        }
    }

    @Test func utf16PlainTextIsDecoded() throws {
        let text = "Council expands bus network\n\nThe council voted on Tuesday to expand the bus network across the northern districts of the town, officials said."
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let decoded = try TextDecoding.decode(bytes)
        #expect(decoded.text == text)
        #expect(decoded.warning == nil)
    }

    @Test func htmlThatIsNotUTF8AndDeclaresNothingSaysItWasReadAsWindows1252() throws {
        let html = "<html><head><title>Caf\u{E9} reopens</title></head><body><article>"
            + Self.body.replacingOccurrences(of: "Tuesday", with: "Tuesday \u{E9}t\u{E9}") + "</article></body></html>"
        let bytes = html.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }  // Latin-1, no declaration
        let a = try PageExtractor().extract(Page(id: "latin", bytes: bytes))
        #expect(a.title == "Café reopens")
        #expect(a.warnings.contains { $0.hasPrefix("page is not valid UTF-8 (first bad byte at offset") && $0.hasSuffix("read as Windows-1252") })
    }

    @Test func nestingDeeperThan255LevelsIsParsed() throws {
        let depth = 600
        let inner = String(repeating: "<div>", count: depth) + Self.body + String(repeating: "</div>", count: depth)
        let a = try PageExtractor().extract(Page(id: "deep", bytes: Array(Self.page(inner: inner).utf8)))
        #expect(a.text.contains("halved the damage from winter storms"))
    }

    @Test func aTextNodeOverTenMegabytesIsKeptWhole() throws {
        let sentence = "The harbour authority said on Tuesday that the new breakwater had halved the damage. "
        let long = String(repeating: sentence, count: 10_100_000 / sentence.utf8.count + 1)
        let html = Self.page(inner: "<p>" + long + "END OF TEXT.</p>")
        let a = try PageExtractor(maxPageBytes: 16 << 20).extract(Page(id: "long", bytes: Array(html.utf8)))
        #expect(a.text.utf8.count > 10_100_000)
        #expect(a.text.hasSuffix("END OF TEXT."))
    }

    @Test func aPageOfMoreTagsThanTheLimitIsRefusedWithTheReason() throws {
        let tags = HTMLDocument.maxTags / 2 + 1  // an opening and a closing tag each
        let html = "<html><body><article>" + String(repeating: "<p>x</p>", count: tags) + "</article></body></html>"
        #expect(HTMLDocument.tagCount(Array(html.utf8)) == tags * 2 + 6)
        #expect(throws: ExtractionError.self) { try PageExtractor().extract(Page(id: "many", bytes: Array(html.utf8))) }
        do {
            _ = try PageExtractor().extract(Page(id: "many", bytes: Array(html.utf8)))
        } catch {
            #expect("\(error)".contains("over the limit of \(HTMLDocument.maxTags)"))
        }
        // Scripts do not count: they are gone before the count.
        let scripted = Self.page(inner: Self.body + "<script>" + String(repeating: "<b>", count: HTMLDocument.maxTags) + "</script>")
        #expect(try PageExtractor().extract(Page(id: "s", bytes: Array(scripted.utf8))).text.contains("winter storms"))
    }

    @Test func aHugeTitleAndSiteNameAreStrippedCorrectly() {
        let site = String(repeating: "Coastal Courier ", count: 256).trimmingCharacters(in: .whitespaces)  // 4 KB
        let headline = String(repeating: "Breakwater halves storm damage ", count: 6_600)  // 200 KB
        let stripped = PageMetadata.stripSiteName(headline + "| " + site, site: site, domain: nil, headings: [])
        #expect(stripped == headline.trimmingCharacters(in: .whitespaces))
        // A long site name that is not in the title leaves it whole (the search finds nothing).
        let other = String(repeating: "a", count: 5000)
        let title = String(repeating: "a", count: 200_000) + "b | " + String(repeating: "a", count: 4999) + "b word"
        #expect(PageMetadata.stripSiteName(title, site: other + "c", domain: nil, headings: []).hasSuffix("b word"))
    }

    @Test func byteSearchFindsLongNeedlesLikeShortOnes() {
        let hay = Array((String(repeating: "ab", count: 500) + "abc" + String(repeating: "ab", count: 50)).utf8)
        for n in [1, 5, 31, 32, 33, 64, 201] {
            let needle = Array((String(repeating: "ab", count: n) + "c").utf8)
            let expected = n <= 500 ? 1002 - 2 * n : nil
            let got = hay.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { firstIndex(of: $0, in: h, from: 0) } }
            #expect(got == expected, "needle of \(needle.count) bytes")
        }
        #expect(contains(Array("xyz".utf8), []))
        #expect(!contains(Array("xy".utf8), Array("xyz".utf8)))
    }
}
