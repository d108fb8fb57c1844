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
/// Everything stays in memory; ``StoryBatch`` (which this runs) serves batches that do not fit.
public struct StoryAnalysis: Sendable {
    /// The articles, in input order, each with its copy group in ``StoryInput/group``.
    public private(set) var inputs: [StoryInput]
    /// The number of articles that are not their copy group's representative.
    public private(set) var duplicates: Int
    /// Stories in report order (largest first, then most recent).
    public private(set) var stories: [Story]
    /// The provenance report of each story, by story id.
    public private(set) var provenance: [Int: ProvenanceReport]
    /// Warnings from the copy-group stage (duplicate ids, texts too short to fingerprint).
    public private(set) var warnings: [String]

    /// Results computed elsewhere (e.g. read back from a store), for the same reports.
    public init(
        inputs: [StoryInput], stories: [Story], provenance: [Int: ProvenanceReport] = [:],
        duplicates: Int = 0, warnings: [String] = []
    ) {
        self.inputs = inputs
        self.stories = stories
        self.provenance = provenance
        self.duplicates = duplicates
        self.warnings = warnings
    }

    /// Runs all stages. `fingerprints[i]` must belong to `articles[i]`.
    public init(
        articles: [Article], fingerprints: [DocumentFingerprint], parameters: DedupParameters,
        settings: StorySettings = StorySettings(), analyzer: ProvenanceAnalyzer = ProvenanceAnalyzer()
    ) {
        precondition(articles.count == fingerprints.count, "one fingerprint per article")
        var batch = StoryBatch(parameters: parameters, settings: settings, analyzer: analyzer)
        for (a, fp) in zip(articles, fingerprints) { batch.add(id: a.id, published: a.published, fingerprint: fp) }
        batch.settleGroups()
        let inputs = articles.indices.map { batch.input(articles[$0], at: $0) }
        for i in batch.publicationOrder() { batch.place(i, inputs[i]) }
        batch.finish()
        var stories: [Story] = []
        var reports: [Int: ProvenanceReport] = [:]
        for m in batch.stories {
            let report = batch.provenance(of: m.articles.map { ($0, articles[$0]) })
            stories.append(Story(id: m.id, members: m.articles.map { inputs[$0] }, continues: m.continues).described(by: report))
            reports[m.id] = report
        }
        self.inputs = inputs
        self.stories = stories
        provenance = reports
        duplicates = batch.duplicates
        warnings = batch.warnings
    }
}
