import Testing
@testable import NewsfoldExtract

@Suite struct PageExtractorTests {
    @Test func sniffsKindFromContent() {
        #expect(PageExtractor.sniff(Array("<!DOCTYPE html><html>".utf8)) == .html)
        #expect(PageExtractor.sniff(Array("\u{FEFF}  <html>".utf8)) == .html)
        #expect(PageExtractor.sniff(Array(" date 2023-09-05 Advertisement\nWorld News".utf8)) == .text)
        #expect(PageExtractor.sniff(Array("junk before\n<div class=x><p>text".utf8)) == .html)
    }

    @Test func domainOfURL() {
        #expect(PageExtractor.domain(of: "https://www.upi.com/Top_News/x.html") == "upi.com")
        #expect(PageExtractor.domain(of: "http://user@Example.COM:8080/a?b") == "example.com")
        #expect(PageExtractor.domain(of: "not a url") == nil)
    }
}
