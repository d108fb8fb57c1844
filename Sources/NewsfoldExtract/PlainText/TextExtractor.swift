import NewsfoldCore

/// Extracts the article from crawled plain text: a page flattened to lines, with navigation,
/// captions, link lists and ads still in.
public struct TextExtractor: Sendable {
    public init() {}

    public func extract(_ page: Page) throws -> Article {
        throw ExtractionError.noArticle
    }
}
