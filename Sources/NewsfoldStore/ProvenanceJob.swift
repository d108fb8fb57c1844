import NewsfoldCore
import NewsfoldIO

/// One story's provenance analysis made ready under the write transaction, to run on any
/// thread: its members (sorted by id, with their copy groups: what the report depends on) and
/// their tokenised articles, from the memo or, where it lacks one (after a restart, or past
/// its budget), the article's stored form, parsed and tokenised with the analysis.
///
/// ```swift
/// let work = [try ProvenanceJob(story: 7, members: members, session, memo: &memo)]
/// let reports = try ProvenanceJob.collect(work, ProvenanceJob.run(work), memo: &memo, rememberTexts: true)
/// ```
struct ProvenanceJob: Sendable {
    var story: Int
    var members: [ProvenanceMemo.Member]
    /// In member order.
    var texts: [Text] = []

    /// A member's article, ready or to read.
    enum Text: Sendable {
        /// Tokenised, with the member's group.
        case tokenised(PreparedProvenanceInput)
        /// The stored article (``ArticleJSON``), to tokenise.
        case stored(String)
    }

    /// What one analysis gave: its report and the articles it tokenised.
    typealias Outcome = Result<(report: ProvenanceReport, tokenised: [PreparedProvenanceInput]), any Error>

    /// An analysis with nothing to analyse (a story too large to analyse on ingest).
    init(story: Int) {
        self.story = story
        members = []
    }

    /// Makes a story's analysis ready from the memo's tokenised articles; those it lacks are
    /// read from the database (one query for the story), to be tokenised by ``run(_:)``.
    init(story: Int, members: [ProvenanceMemo.Member], _ db: some SQLSession, memo: inout ProvenanceMemo) throws {
        self.story = story
        self.members = members
        texts.reserveCapacity(members.count)
        var docs: [String: String]? = nil
        for m in members {
            if var known = memo.text(m.id) {
                known.group = m.group
                texts.append(.tokenised(known))
                continue
            }
            if docs == nil {
                var read: [String: String] = [:]
                for row in try db.rows("SELECT id, doc FROM article WHERE story = ?", [SQLValue(story)]) {
                    read[try row.text(0)] = try row.text(1)
                }
                docs = read
            }
            texts.append(.stored(docs?[m.id] ?? ""))
        }
    }

    /// A story's members with their copy groups (`id` in column 0, the group in column
    /// `group`), sorted by id: what its provenance depends on.
    static func members(_ rows: [SQLRow], group: Int) throws -> [ProvenanceMemo.Member] {
        try rows.map { ProvenanceMemo.Member(id: try $0.text(0), group: try $0.text(group)) }.sorted { $0.id < $1.id }
    }

    /// Runs analyses on all cores (each is pure: the reports are what ``ProvenanceAnalyzer``
    /// gives, in order), tokenising there the articles the memo lacked.
    static func run(_ work: [ProvenanceJob]) -> [Outcome] {
        OrderedParallelMap<ProvenanceJob, Outcome>.map(work, workers: PipelineLimits.defaultWorkers, outcome)
    }

    /// One analysis, tokenising the articles the memo lacked (pure: any thread).
    @Sendable static func outcome(_ a: ProvenanceJob) -> Outcome {
        Result {
            var tokenised: [PreparedProvenanceInput] = []
            var texts: [PreparedProvenanceInput] = []
            texts.reserveCapacity(a.members.count)
            for (m, text) in zip(a.members, a.texts) {
                switch text {
                case .tokenised(let t): texts.append(t)
                case .stored(let doc):
                    let t = PreparedProvenanceInput(try StoreReads.article(doc: doc), group: m.group)
                    tokenised.append(t)
                    texts.append(t)
                }
            }
            return (ProvenanceAnalyzer().analyze(prepared: texts), tokenised)
        }
    }

    /// The reports of ``run(_:)``, with what they made remembered (tokenised articles and
    /// reports); throws the first analysis's error.
    static func collect(
        _ work: [ProvenanceJob], _ made: [Outcome], memo: inout ProvenanceMemo, rememberTexts: Bool
    ) throws -> [ProvenanceReport] {
        var reports: [ProvenanceReport] = []
        reports.reserveCapacity(work.count)
        for (w, result) in zip(work, made) {
            let (report, tokenised) = try result.get()
            if rememberTexts { for t in tokenised { memo.remember(t) } }
            memo.remember(report, story: w.story, members: w.members)
            reports.append(report)
        }
        return reports
    }
}
