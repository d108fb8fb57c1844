/// One article of a story made ready for ``ProvenanceAnalyzer``: its headline and sentences
/// tokenised, its word, bigram and shingle sets built, with its copy group. Making it is most
/// of the cost of an analysis; it depends on the article alone, so a caller that analyses a
/// growing story again and again (the store, once per batch) makes it once per article, keeps
/// it, and sets ``group`` when the article's copy group changes.
///
/// ```swift
/// var texts = articles.map { PreparedProvenanceInput($0, group: groupOf[$0.id]!) }
/// let before = ProvenanceAnalyzer().analyze(prepared: texts)
/// texts.append(PreparedProvenanceInput(late, group: groupOf[late.id]!))
/// let after = ProvenanceAnalyzer().analyze(prepared: texts)   // == analyze(story:) of the same
/// ```
///
/// Cost: O(bytes of the article) to make; memory about ``approximateBytes``.
public struct PreparedProvenanceInput: Sendable {
    var text: ArticleText

    /// Tokenises `article` for analysis as a member of copy group `group`: O(bytes of the article).
    public init(_ article: Article, group: String) {
        text = ArticleText(article: article, group: group)
    }

    /// The article, as given.
    public var article: Article { text.article }

    /// The article's id (``Article/id``).
    public var id: String { text.article.id }

    /// Its copy group's id (see ``ProvenanceInput/group``).
    public var group: String {
        get { text.group }
        set { text.group = newValue }
    }

    /// Roughly the memory it holds, in bytes: the article's text twice (the article and its
    /// sentences) and about 64 bytes per word (hashes, byte ranges, bigrams, shingles).
    public var approximateBytes: Int {
        var bytes = 256 + (text.article.title?.utf8.count ?? 0) * 2
        for p in text.article.paragraphs { bytes += 2 * p.utf8.count }
        return bytes + 64 * (text.wordCount + (text.title?.words.count ?? 0)) + 12 * text.postings.keys.count
    }
}
