/// All articles about one event, as found by ``StoryClusterer``: what a reader of a news
/// aggregator sees as one item.
///
/// ```swift
/// for story in StoryClusterer.cluster(inputs) {
///     print(story.title ?? "(untitled)", story.articles.count, "articles,",
///           story.groups.count, "independent reports")
/// }
/// ```
public struct Story: Sendable, Equatable {
    /// The clusterer's id: 1, 2, 3, ... in order of creation.
    public var id: Int
    /// The headline of its first article that has one, or its original's once provenance is
    /// known (``described(by:)``).
    public var title: String?
    /// Earliest and latest publication dates of its articles (`nil` when none is dated); its
    /// credible dates once provenance is known (``described(by:)``).
    public var firstSeen: NewsDate?
    /// The latest publication date (see ``firstSeen``).
    public var lastSeen: NewsDate?
    /// Article ids in publication order.
    public var articles: [String]
    /// Its copy groups in order of first appearance: each independent report with its copies.
    public var groups: [Group]
    /// Distinct sites in order of first appearance.
    public var sites: [String]
    /// The earlier story this one continues (``StoryLink``), if any: following it from story
    /// to story gives the event's thread.
    public var continues: Int?

    /// One copy group inside a story. An article given without a group is alone in a group
    /// named by its own id.
    public struct Group: Sendable, Equatable {
        /// The copy group's id: ``StoryInput/group``, or the article's own id when it had none.
        public var id: String
        /// Its articles' ids, in the order of ``Story/articles``.
        public var members: [String]

        /// A copy group of these members.
        public init(id: String, members: [String]) {
            self.id = id
            self.members = members
        }
    }

    /// A story from its parts; ``init(id:members:)`` builds one from its articles.
    public init(
        id: Int, title: String? = nil, firstSeen: NewsDate? = nil, lastSeen: NewsDate? = nil,
        articles: [String] = [], groups: [Group] = [], sites: [String] = [], continues: Int? = nil
    ) {
        self.id = id
        self.title = title
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.articles = articles
        self.groups = groups
        self.sites = sites
        self.continues = continues
    }

    /// The story as its provenance tells it: ``title`` is the report's (the original's headline,
    /// never a tampered one: ``ProvenanceReport/title``) and the span its credible dates
    /// (``ProvenanceReport/span``: a date flagged `date-anomaly` does not stretch the story).
    /// Every output that has a report (batch `stories`, the store, the API, the pages) shows
    /// the story this way; without one, the first headline and every date stand.
    ///
    /// ```swift
    /// let story = Story(id: 1, members: inputs).described(by: report)
    /// ```
    public func described(by report: ProvenanceReport?) -> Story {
        guard let report else { return self }
        var s = self
        if let t = report.title { s.title = t }
        if let span = report.span {
            s.firstSeen = span.first
            s.lastSeen = span.last
        }
        return s
    }

    /// Largest first, then the most recent (latest ``lastSeen``; undated last), then by id.
    public static func reportOrder(_ a: Story, _ b: Story) -> Bool {
        if a.articles.count != b.articles.count { return a.articles.count > b.articles.count }
        let x = a.lastSeen?.instant, y = b.lastSeen?.instant
        if x != y {
            guard let x else { return false }
            guard let y else { return true }
            return x > y
        }
        return a.id < b.id
    }
}

/// The stories of a run with all their members, built from ``StoryClusterer`` assignments.
///
/// The clusterer keeps only live stories; this keeps every article's id, headline, date, site
/// and group (not its text), so it grows with the batch (O(articles)). Use it for reports on
/// batches that fit in memory; ``StoryBatch`` reports batches of any size. ``add(_:_:)`` is O(1)
/// amortised, ``stories`` O(articles).
///
/// ```swift
/// var clusterer = StoryClusterer(), collection = StoryCollection()
/// for input in inputs { collection.add(input, clusterer.add(input)) }
/// collection.settle(clusterer.settle())   // the stream ends: fragments repaired, links decided
/// let report = collection.stories
/// ```
public struct StoryCollection: Sendable {
    private var membership = StoryMembership()
    private var inputs: [StoryInput] = []

    /// An empty collection.
    public init() {}

    /// Records that `input` went to `assignment.story` (and the stories it merged into it).
    public mutating func add(_ input: StoryInput, _ assignment: StoryAssignment) {
        var kept = input
        kept.text = ""
        membership.add(inputs.count, assignment)
        inputs.append(kept)
    }

    /// Records what a settle decided: its merges and links (``StoryClusterer/settle()``).
    public mutating func settle(_ settlement: StorySettlement) {
        membership.settle(settlement)
    }

    /// All stories in ``Story/reportOrder(_:_:)``.
    public var stories: [Story] {
        membership.stories().map { Story(id: $0.id, members: $0.articles.map { inputs[$0] }, continues: $0.continues) }
            .sorted(by: Story.reportOrder)
    }
}
