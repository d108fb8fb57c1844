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
    /// The headline of its first article that has one.
    public var title: String?
    /// Earliest and latest publication dates of its articles (`nil` when none is dated).
    public var firstSeen: NewsDate?
    public var lastSeen: NewsDate?
    /// Article ids in publication order.
    public var articles: [String]
    /// Its copy groups in order of first appearance: each independent report with its copies.
    public var groups: [Group]
    /// Distinct sites in order of first appearance.
    public var sites: [String]

    /// One copy group inside a story. An article given without a group is alone in a group
    /// named by its own id.
    public struct Group: Sendable, Equatable {
        public var id: String
        public var members: [String]

        public init(id: String, members: [String]) {
            self.id = id
            self.members = members
        }
    }

    public init(
        id: Int, title: String? = nil, firstSeen: NewsDate? = nil, lastSeen: NewsDate? = nil,
        articles: [String] = [], groups: [Group] = [], sites: [String] = []
    ) {
        self.id = id
        self.title = title
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.articles = articles
        self.groups = groups
        self.sites = sites
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
/// The clusterer keeps only live stories; this keeps every article id, so it grows with the
/// batch (O(articles)). Use it for reports; a feed that only needs each article's story can
/// skip it. ``add(_:_:)`` is O(1) amortised.
///
/// ```swift
/// var clusterer = StoryClusterer(), collection = StoryCollection()
/// for input in inputs { collection.add(input, clusterer.add(input)) }
/// let report = collection.stories
/// ```
public struct StoryCollection: Sendable {
    private var byID: [Int: Story] = [:]
    private var groupIndex: [Int: [String: Int]] = [:]
    private var arrival: [String: Int] = [:]

    public init() {}

    /// Records that `input` went to `assignment.story`, after moving the stories it merged.
    public mutating func add(_ input: StoryInput, _ assignment: StoryAssignment) {
        let id = assignment.story
        for gone in assignment.merged { absorb(gone, into: id) }
        arrival[input.id] = arrival.count
        var story = byID[id] ?? Story(id: id)
        if story.title == nil, let t = input.title, !t.isEmpty { story.title = t }
        widen(&story, input.published, input.published)
        story.articles.append(input.id)
        let groupID = input.group ?? input.id
        if let g = groupIndex[id]?[groupID] {
            story.groups[g].members.append(input.id)
        } else {
            groupIndex[id, default: [:]][groupID] = story.groups.count
            story.groups.append(Story.Group(id: groupID, members: [input.id]))
        }
        if let site = input.site, !site.isEmpty, !story.sites.contains(site) { story.sites.append(site) }
        byID[id] = story
    }

    /// The number of stories so far.
    public var count: Int { byID.count }

    /// All stories in ``Story/reportOrder(_:_:)``.
    public var stories: [Story] { byID.values.sorted(by: Story.reportOrder) }

    private func widen(_ story: inout Story, _ first: NewsDate?, _ last: NewsDate?) {
        if let d = first, story.firstSeen.map({ d < $0 }) ?? true { story.firstSeen = d }
        if let d = last, story.lastSeen.map({ $0 < d }) ?? true { story.lastSeen = d }
    }

    /// Moves all of story `gone` into `keep`, keeping publication (arrival) order.
    private mutating func absorb(_ gone: Int, into keep: Int) {
        guard gone != keep, let g = byID.removeValue(forKey: gone) else { return }
        groupIndex[gone] = nil
        var k = byID[keep] ?? Story(id: keep)
        let order = arrival
        func firstArrival(_ s: Story) -> Int { s.articles.first.flatMap { order[$0] } ?? .max }
        if k.title == nil || firstArrival(g) < firstArrival(k) { k.title = g.title ?? k.title }
        widen(&k, g.firstSeen, g.lastSeen)
        k.articles = (k.articles + g.articles).sorted { (arrival[$0] ?? 0) < (arrival[$1] ?? 0) }
        for group in g.groups {
            if let i = groupIndex[keep]?[group.id] {
                k.groups[i].members = (k.groups[i].members + group.members)
                    .sorted { (arrival[$0] ?? 0) < (arrival[$1] ?? 0) }
            } else {
                groupIndex[keep, default: [:]][group.id] = k.groups.count
                k.groups.append(group)
            }
        }
        for site in g.sites where !k.sites.contains(site) { k.sites.append(site) }
        byID[keep] = k
    }
}
