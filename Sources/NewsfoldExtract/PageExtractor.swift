import NewsfoldCore

/// Turns any ``Page`` into an ``Article``: looks at the content to tell HTML from crawled
/// plain text, then runs ``HTMLExtractor`` or ``TextExtractor``.
///
/// ```swift
/// let extractor = PageExtractor()
/// let article = try extractor.extract(Page(id: "p1", bytes: Array(html.utf8)))
/// ```
public struct PageExtractor: Sendable {
    /// Pages larger than this are refused with ``ExtractionError/tooLarge(bytes:limit:)``:
    /// no news article is anywhere near it, and parsing one would hold a core for seconds.
    public var maxPageBytes: Int

    /// An extractor that refuses pages over `maxPageBytes` bytes (16 MiB by default).
    public init(maxPageBytes: Int = 16 << 20) {
        self.maxPageBytes = maxPageBytes
    }

    /// The article of `page`. Throws ``ExtractionError``; a page whose body is not found throws
    /// ``ExtractionError/noBody(_:)`` with its metadata, completed as an article would be.
    public func extract(_ page: Page) throws -> Article {
        guard page.bytes.count <= maxPageBytes else {
            throw ExtractionError.tooLarge(bytes: page.bytes.count, limit: maxPageBytes)
        }
        let kind = page.declaredKind ?? PageExtractor.sniff(page.bytes)
        let article: Article
        do {
            switch kind {
            case .html: article = try HTMLExtractor().extract(page)
            case .text: article = try TextExtractor().extract(page)
            }
        } catch ExtractionError.noBody(let metadata) {
            throw ExtractionError.noBody(PageExtractor.completing(metadata, page))
        }
        return PageExtractor.completing(article, page)
    }

    /// What every article gets from its page whatever the extractor: the page's warnings, the
    /// crawl date, the address and domain, a language, and the warning for a date after the
    /// crawl.
    static func completing(_ extracted: Article, _ page: Page) -> Article {
        var article = extracted
        if !page.warnings.isEmpty { article.warnings = page.warnings + article.warnings }
        if article.crawled == nil { article.crawled = page.crawled }
        if article.url == nil { article.url = page.url }
        if article.domain == nil, let url = article.url { article.domain = PageExtractor.domain(of: url) }
        if article.language == nil { article.language = LanguageGuess.guess(article.paragraphs) }
        if let p = article.published, let c = article.crawled, p.instant > c.instant + 86_400 {
            article.warnings.append(
                "published \(p.iso8601) is after the crawl date \(c.iso8601)")
        }
        return article
    }

    /// Tells HTML from plain text by content: markup tags near the start mean HTML.
    public static func sniff(_ bytes: [UInt8]) -> PageKind {
        // UTF-16 with a byte-order mark: sniff its first characters as UTF-8.
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            return sniff(TextDecoding.utf8FromUTF16(Array(bytes.prefix(8192))) ?? [])
        }
        let n = min(bytes.count, 4096)
        var i = 0
        // Skip a UTF-8 BOM and white space.
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < n, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
            i += 1
        }
        if i < n, bytes[i] == UInt8(ascii: "<") {
            return .html
        }
        // Markup further in (a page with leading junk): look for common tags.
        let head = bytes[0..<n].map { $0 | 0x20 }  // ASCII lowercase (good enough for tags)
        for tag in ["<html", "<body", "<head", "<!doctype", "<div", "<p>"] {
            if contains(head, Array(tag.utf8)) { return .html }
        }
        return .text
    }

    /// The host of a URL, lowercased, without `www.`; `nil` when there is none.
    public static func domain(of url: String) -> String? {
        var rest = Substring(url)
        if let r = rest.firstRange(of: "://") { rest = rest[r.upperBound...] } else if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
        } else {
            return nil
        }
        let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        var host = rest[..<end]
        if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
        if let colon = host.lastIndex(of: ":"), !host.contains("]") { host = host[..<colon] }
        var h = host.lowercased()
        if h.hasPrefix("www.") { h.removeFirst(4) }
        return h.isEmpty ? nil : h
    }
}
