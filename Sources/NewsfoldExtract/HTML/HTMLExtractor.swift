import CLibXML2
import NewsfoldCore

/// Extracts the article from an HTML page (libxml2's HTML parser, structured data first,
/// then content scoring).
public struct HTMLExtractor: Sendable {
    public init() {}

    public func extract(_ page: Page) throws -> Article {
        throw ExtractionError.noArticle
    }
}
