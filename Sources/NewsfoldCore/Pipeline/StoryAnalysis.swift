/// The whole batch analysis of a set of articles: copy groups, then stories, then the
/// provenance of each story. One place where the stages meet, so that `newsfold stories`,
/// `newsfold demo` and the store run the same code.
///
/// ```swift
/// let fingerprinter = Fingerprinter(parameters: try DedupParameters(threshold: 0.8))
/// let prints = articles.map { fingerprinter.fingerprint(id: $0.id, text: $0.text, published: $0.published) }
/// let analysis = StoryAnalysis(articles: articles, fingerprints: prints,
///                              parameters: fingerprinter.parameters)
/// for story in analysis.stories {
///     print(ProvenanceText.render(analysis.provenance[story.id]!))
/// }
/// ```
///
/// Cost: copy groups O(n) (see ``CopyGroupIndex``), stories O(n × candidates) (see
/// ``StoryClusterer``), provenance O(Σ story size²) sentence comparisons within each story.
public struct StoryAnalysis: Sendable {
    /// The articles, in input order, each with its copy group in ``StoryInput/group``.
    public private(set) var inputs: [StoryInput]
    /// Copy-group assignments, in input order.
    public private(set) var assignments: [Assignment]
    /// Stories in report order (largest first, then most recent).
    public private(set) var stories: [Story]
    /// The provenance report of each story, by story id.
    public private(set) var provenance: [Int: ProvenanceReport]
    /// Warnings from the copy-group stage (duplicate ids, texts too short to fingerprint).
    public private(set) var warnings: [String]

    /// Results computed elsewhere (e.g. read back from a store), for the same reports.
    public init(
        inputs: [StoryInput], stories: [Story], provenance: [Int: ProvenanceReport] = [:],
        assignments: [Assignment] = [], warnings: [String] = []
    ) {
        self.inputs = inputs
        self.stories = stories
        self.provenance = provenance
        self.assignments = assignments
        self.warnings = warnings
    }

    /// Runs all stages. `fingerprints[i]` must belong to `articles[i]`.
    public init(
        articles: [Article], fingerprints: [DocumentFingerprint], parameters: DedupParameters,
        settings: StorySettings = StorySettings(), analyzer: ProvenanceAnalyzer = ProvenanceAnalyzer()
    ) {
        precondition(articles.count == fingerprints.count, "one fingerprint per article")
        var copies = CopyGroupIndex(parameters: parameters)
        copies.insert(fingerprints)
        warnings = copies.takeWarnings()
        assignments = copies.assignments()
        var inputs = articles.map { StoryInput($0) }
        for a in assignments where a.index < inputs.count { inputs[a.index].group = a.group }
        self.inputs = inputs
        stories = StoryClusterer.cluster(inputs, settings: settings)

        var byID: [String: Int] = [:]
        for (i, a) in articles.enumerated() where byID[a.id] == nil { byID[a.id] = i }
        var reports: [Int: ProvenanceReport] = [:]
        for story in stories {
            let members = story.articles.compactMap { id -> ProvenanceInput? in
                guard let i = byID[id] else { return nil }
                return ProvenanceInput(article: articles[i], group: inputs[i].group ?? id)
            }
            reports[story.id] = analyzer.analyze(story: members)
        }
        provenance = reports
    }
}
