/// One article as the story clusterer sees it: what identifies the event it reports, and the
/// copy group it belongs to.
///
/// Every field but ``id`` may be missing; the clusterer uses what is there. Articles that share a
/// ``group`` (a copy group from the dedup engine) always land in the same story: the story of the
/// first member seen.
///
/// ```swift
/// let input = StoryInput(id: "a1", title: article.title, text: article.text,
///                        published: article.published, site: article.site, group: "g7")
/// let assignment = clusterer.add(input)
/// ```
public struct StoryInput: Sendable, Equatable {
    /// The article's id, as written in the output.
    public var id: String
    /// The headline, if any. Its words count more than the body's.
    public var title: String?
    /// The body text.
    public var text: String
    /// When the article was published; `nil` lets it join any live story (no time window).
    public var published: NewsDate?
    /// The publication's name or domain, for reports.
    public var site: String?
    /// The copy group's id, or `nil` when the article is alone in its group.
    public var group: String?

    /// An input from its parts; only `id` is required.
    public init(
        id: String, title: String? = nil, text: String = "", published: NewsDate? = nil,
        site: String? = nil, group: String? = nil
    ) {
        self.id = id
        self.title = title
        self.text = text
        self.published = published
        self.site = site
        self.group = group
    }

    /// The input for an extracted ``Article``: the site falls back to the domain.
    public init(_ article: Article, group: String? = nil) {
        self.init(
            id: article.id, title: article.title, text: article.text, published: article.published,
            site: article.site ?? article.domain, group: group)
    }
}
