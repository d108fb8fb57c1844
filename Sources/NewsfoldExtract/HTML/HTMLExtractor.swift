import CLibXML2
import NewsfoldCore

/// Extracts the article from an HTML page: libxml2's recovering HTML parser, metadata from
/// structured data first (JSON-LD, Open Graph, `<meta>`, `itemprop`, `<time>`), and the body
/// by content scoring (see `BodySelection`).
///
/// ```swift
/// let page = Page(id: "p1", url: "https://example.com/a", bytes: Array(html.utf8))
/// let article = try HTMLExtractor().extract(page)
/// article.title; article.paragraphs; article.published; article.warnings
/// ```
///
/// Headings inside the body (`h2`–`h6`, and an `h1` that is not the headline) are kept as
/// paragraphs of their own when text follows them; the headline itself is only in ``Article/title``.
/// A byline at the top of the body is moved to ``Article/byline``/``Article/authors``.
///
/// Cost: linear in the page (one parse, one walk, one scoring pass). The value is `Sendable`
/// and holds no state: share one across threads.
///
/// Throws ``ExtractionError/empty`` for a blank page, ``ExtractionError/noBody(_:)`` when no
/// article text is found (an index, a video or an error page; the error carries the page's
/// metadata), and
/// ``ExtractionError/unparsable(_:)`` when libxml2 builds no document.
public struct HTMLExtractor: Sendable {
    /// An extractor; it holds no state.
    public init() {}

    /// The article of an HTML page, with the errors listed above; also
    /// ``ExtractionError/noArticle`` when the parser gives a document without a root element.
    public func extract(_ page: Page) throws -> Article {
        guard page.bytes.contains(where: { !isSpace($0) }) else { throw ExtractionError.empty }
        let document = try HTMLDocument(bytes: page.bytes, declaredCharset: page.declaredCharset)
        guard let root = document.root else { throw ExtractionError.noArticle }
        let scan = PageScan(root: root)
        var metadata = PageMetadata(
            raw: scan.metadata, pageURL: page.url, headlineLines: PageMetadata.linesNearHeadline(scan),
            pageLines: { PageMetadata.shortLines(scan) }, scriptDate: { PageMetadata.scriptDataDate(page.bytes) },
            crawled: page.crawled)
        let body = HTMLExtractor.body(of: scan, root: root, metadata: &metadata)
        var article = HTMLExtractor.article(for: page, metadata: metadata, warnings: document.warnings)

        var paragraphs = body.paragraphs.map { String(decoding: $0, as: UTF8.self) }
        if let hint = metadata.articleBody, let fuller = HTMLExtractor.fullerBody(visible: paragraphs, articleBody: hint) {
            metadata.warnings.append(
                paragraphs.isEmpty
                    ? "body taken from JSON-LD articleBody: no body found in the page"
                    : "body taken from JSON-LD articleBody: the page shows less than half of it")
            paragraphs = fuller
        }
        guard !paragraphs.isEmpty else {
            // No body: the metadata the page states is still the record's.
            article.warnings += metadata.warnings
            article.warnings.append(ExtractionError.noArticleText)
            throw ExtractionError.noBody(article)
        }
        HTMLExtractor.takeOpeningByline(from: &paragraphs, into: &article)
        HTMLExtractor.readDatelineAndCredit(paragraphs, into: &article)
        article.paragraphs = paragraphs
        article.warnings += metadata.warnings
        return article
    }

    /// The body of the page as `scan` read it. With too little text, the page is read again
    /// with a part the scan left out, and the reading that finds more is kept (with a warning
    /// in `metadata`): pages that stream the article into a hidden element and reveal it by
    /// script (React's `<div hidden id="S:…">`), then pages that show their article only to
    /// readers without scripts.
    private static func body(of scan: PageScan, root: Node, metadata: inout PageMetadata) -> BodySelection {
        var body = BodySelection(scan: scan, title: metadata.title)
        let fallbacks: [(when: Bool, scan: () -> PageScan, warning: String)] = [
            (scan.hasHiddenText, { PageScan(root: root, keepHidden: true) }, "body read from a hidden part of the page"),
            (scan.hasNoscriptMarkup, { PageScan(root: root, keepNoscript: true) }, "body read from the page's <noscript> version"),
        ]
        for fallback in fallbacks where fallback.when && body.byteCount < HTMLExtractor.minimumArticleBody {
            let other = BodySelection(scan: fallback.scan(), title: metadata.title)
            if other.byteCount > body.byteCount {
                body = other
                body.firstBlock = nil  // a block of the other scan
                metadata.warnings.append(fallback.warning)
            }
        }
        if metadata.published == nil, let first = body.firstBlock {
            metadata.takeDate(fromLines: PageMetadata.linesBeforeBody(scan, first: first))
        }
        return body
    }

    /// The article's record before its body: the page's identity and the metadata it
    /// states, with the parser's `warnings`.
    private static func article(for page: Page, metadata: PageMetadata, warnings: [String]) -> Article {
        var article = Article(id: page.id, source: page.source, url: metadata.url)
        article.title = metadata.title
        article.site = metadata.site
        article.language = metadata.language
        article.published = metadata.published
        article.publishedSource = metadata.publishedSource
        article.dateEvidence = metadata.dateEvidence
        article.updated = metadata.updated
        article.crawled = page.crawled
        article.authors = metadata.authors
        article.byline = metadata.byline
        article.wire = metadata.wire
        article.domain = metadata.url.flatMap(PageExtractor.domain(of:))
        article.warnings = warnings
        return article
    }

    /// Moves a byline among the first two paragraphs (of a body of two or more) to the
    /// article's byline, authors and wire, where those are not known yet.
    private static func takeOpeningByline(from paragraphs: inout [String], into article: inout Article) {
        for i in 0..<min(2, paragraphs.count) where paragraphs.count > 1 {
            let line = paragraphs[i]
            guard line.utf8.count < 120, let parsed = Byline.parse(line[...]) else { continue }
            if article.authors.isEmpty { article.authors = parsed.authors }
            if article.byline == nil { article.byline = line }
            if article.wire == nil { article.wire = parsed.wire }
            paragraphs.remove(at: i)
            break
        }
    }

    /// The place of a dateline opening the body (and its agency when no wire is known); then,
    /// while no wire is known, the agency of a credit line among the last two paragraphs
    /// ("Associated Press writer ... contributed to this report").
    private static func readDatelineAndCredit(_ paragraphs: [String], into article: inout Article) {
        if let first = paragraphs.first, let dateline = Dateline.parse(first) {
            article.dateline = dateline.place
            if article.wire == nil { article.wire = dateline.wire }
        }
        guard article.wire == nil else { return }
        for line in paragraphs.suffix(2).reversed() {
            if let wire = HTMLExtractor.creditLineWire(line) {
                article.wire = wire
                break
            }
        }
    }

    /// JSON-LD `articleBody` as paragraphs, when the page's own body is missing or holds less
    /// than ``articleBodyShare`` of its text (the article rendered by scripts, or cut behind a
    /// "read more"); else `nil`. An `articleBody` written as HTML is reduced to its text.
    /// O(length of both).
    static func fullerBody(visible: [String], articleBody: String) -> [String]? {
        guard articleBody.utf8.count >= minimumArticleBody else { return nil }
        var visibleBytes = 0
        for p in visible { visibleBytes += p.utf8.count }
        guard Double(visibleBytes) < articleBodyShare * Double(articleBody.utf8.count) else { return nil }
        let bytes = Array(articleBody.utf8)
        let looksLikeHTML = bytes.contains(0x3C) && bytes.contains(0x3E)
        let text = looksLikeHTML ? HTMLText.plainText(bytes, charset: "utf-8") : decodingEntities(articleBody)
        let paragraphs = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).compactMap { nonEmpty(String($0)) }
        var hintBytes = 0
        for p in paragraphs { hintBytes += p.utf8.count }
        guard hintBytes >= minimumArticleBody, Double(visibleBytes) < articleBodyShare * Double(hintBytes) else {
            return nil
        }
        return paragraphs
    }

    /// An `articleBody` shorter than this (bytes) is a teaser, not the article.
    static let minimumArticleBody = 200
    /// The page's body must hold at least this share of `articleBody`'s text to be kept: pages
    /// that show the article show all of it, so below half the visible body is a fragment
    /// (a standfirst, a paywall teaser) and the structured copy is the fuller one.
    static let articleBodyShare = 0.5

    /// The agency a closing credit line names, or `nil` when the line is not a credit: a line
    /// that says someone contributed ("... contributed to this report", "contributed
    /// reporting"), that opens with "Reporting by", "Additional reporting", "Writing by",
    /// "Compiled by", a copyright sign or "Copyright", that starts with a dash ("— Reuters"), or
    /// that is only a few words ("AFP", "(AP)"). A mention in running text ("according to the
    /// Associated Press") is not a credit. O(n) in the line.
    static func creditLineWire(_ line: String) -> String? {
        guard line.utf8.count < 300 else { return nil }
        let lower = line.lowercased()
        let trimmed = lower.drop(while: { $0 == " " || $0 == "(" || $0 == "[" })
        var credit = lower.contains("contributed to this") || lower.contains("contributed reporting")
            || lower.contains("contributed additional reporting")
        if !credit {
            credit = creditOpenings.contains(where: { trimmed.hasPrefix($0) })
        }
        if !credit, let first = trimmed.unicodeScalars.first, ["-", "\u{2013}", "\u{2014}", "\u{00A9}"].contains(first) {
            credit = true
        }
        if !credit {
            credit = line.split(whereSeparator: { $0 == " " }).count <= 4
        }
        return credit ? WireCredit.detect(in: line[...]) : nil
    }

    private static let creditOpenings = ["reporting by", "additional reporting", "writing by", "compiled by",
        "copyright", "(c)", "c)", "source:", "with reporting", "editing by"]
}
