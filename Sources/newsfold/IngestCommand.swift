import ArgumentParser
import NewsfoldCore
import NewsfoldExtract
import NewsfoldIO
import NewsfoldStore

/// `newsfold ingest --db PATH INPUT...`: adds articles to a store, one transaction per batch,
/// on the batch pipeline (``RecordPipeline`` through ``BatchRun``) as the other batch commands.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Add pages or articles to a store, updating copy groups, stories and provenance.",
        discussion: """
            Reads what `extract` reads (pages of any kind, JSONL of pages or of extracted articles). \
            Pages are read, extracted and made ready (fingerprint, story profile) on all cores, and \
            committed in input order in batches (--batch-size), each batch in one transaction together \
            with every copy-group and story change it causes (while one batch is written, the next is \
            placed in copy groups and stories). Provenance (roles and flags) is analysed \
            once per stale story, not once per batch: after --analyse-every articles, whenever the \
            input does not keep the store busy (a slow stream), and at the end. Then each article is \
            acknowledged with one JSON line on standard output, with its story, group, role and flags \
            as they are at that moment: \
            {"id", "group", "story", "role", "flags", "status": "stored" | "already-stored"}. \
            The last batch also settles the stories, as `stories` does at the end of its input (a \
            story of one or two articles joins the most similar story within a week if similar \
            enough and clearly more similar than to any other), so one run gives the stories of \
            `stories` on the same input; an article \
            acknowledged before may move story then, as when a later article merges two stories. \
            An acknowledged article survives a crash, even `kill -9` (a committed one too; stories a \
            crash left unanalysed are analysed when a writer next opens the store). There is no --resume: ingest \
            is idempotent, so rerunning the same command is the resume; it skips what is stored \
            (same id and content, or same content) and completes the rest. \
            The store is an SQLite file (WAL, FTS5), created on first use, or a PostgreSQL \
            database given as postgres://user[:password]@host[:port]/database.
            """)

    @Option(help: "The store: an SQLite file path (created when missing) or a postgres:// address.")
    var db: String

    @Option(
        help: """
            Records per transaction (and per pipeline batch). Each batch is acknowledged once \
            committed; larger batches analyse each touched story once for many articles. 1 commits \
            and acknowledges every article on its own (for a slow stream on standard input).
            """)
    var batchSize = 200

    @Option(
        help: """
            Articles ingested between two provenance analyses (each story touched since is analysed \
            once, and the acknowledgements leave). At most --batch-size analyses every batch in its \
            own transaction.
            """)
    var analyseEvery = 20_000

    @Argument(help: "Files or directories to read; '-' or nothing reads standard input.")
    var paths: [String] = []

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard analyseEvery >= 1 else { throw ValidationError("--analyse-every must be at least 1") }
    }

    func run() throws {
        // The pipeline's batch is the transaction; --resume does not apply (see the discussion).
        let options = try PipelineOptions.parse(["--batch-size", "\(batchSize)"])
        let run = try BatchRun(command: "ingest", common: common, pipeline: options, paths: paths)
        let out = try run.openOutput()
        let store = try openStore(db)
        let extractor = PageExtractor(maxPageBytes: common.maxPageBytes)
        let timing: ProvenanceTiming = analyseEvery <= batchSize ? .now : .deferred
        let ingest = IngestRun(batch: run, store: store, out: out, timing: timing, analyseEvery: analyseEvery)

        // Extraction, the fingerprint and the story profile (the costly parts) run on all cores.
        // Two batches queued at each stage (not one): the writer's pace varies with what a batch
        // changes, and the stages upstream keep working meanwhile.
        var limits = run.limits
        limits.queuedBatches = 2
        let pipeline = RecordPipeline(reader: run.reader, limits: limits) { record in
            ArticleSource.reading(from: record, extractor: extractor, jsonLines: .articlesOrPages).map {
                a, dateWarnings -> IngestRun.Read? in
                guard a.hasText else { return nil }  // no body, skipped
                return IngestRun.Read(
                    prepared: store.prepare(a, provenance: timing),
                    warnings: dateWarnings.map(record.warningLine))
            }
        }
        try pipeline.run(progress: run.progress, consume: ingest.consume, atBatchEnd: ingest.batchEnded)
        try ingest.finish()
        if ingest.summary.errors > 0 { throw ExitCode(1) }
    }
}
