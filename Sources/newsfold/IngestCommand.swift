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
            Pages are read, extracted and made ready (fingerprint, tokenised text) on all cores, and \
            committed in input order in batches (--batch-size), each batch in one transaction together \
            with every copy-group, story and provenance change it causes; then each article is \
            acknowledged with one JSON line on standard output: \
            {"id", "group", "story", "role", "flags", "status": "stored" | "already-stored"}. \
            An acknowledged article survives a crash, even `kill -9`. There is no --resume: ingest \
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

    @Argument(help: "Files or directories to read; '-' or nothing reads standard input.")
    var paths: [String] = []

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        // The pipeline's batch is the transaction; --resume does not apply (see the discussion).
        let options = try PipelineOptions.parse(["--batch-size", "\(batchSize)"])
        let run = try BatchRun(command: "ingest", common: common, pipeline: options, paths: paths)
        let out = try run.openOutput()
        let store = try openStore(db)
        let extractor = PageExtractor(maxPageBytes: common.maxPageBytes)
        var summary = run.summary
        var stored = 0, already = 0
        var pending: [PreparedArticle] = []
        var acks = JSONWriter(reservingCapacity: 1 << 16)

        /// Commits the batch read so far in one transaction, then acknowledges its articles.
        func commit() throws {
            guard !pending.isEmpty else { return }
            defer { pending.removeAll(keepingCapacity: true) }
            let results: [Result<IngestResult, StoreError>]
            do {
                results = try store.ingestBlocking(pending)
            } catch {
                // Nothing of the batch was written: say so for each article, and go on.
                summary.errors += pending.count
                for p in pending { try run.report("\(p.article.id): not stored (its batch failed): \(error)") }
                return
            }
            acks.reset()
            for (p, result) in zip(pending, results) {
                switch result {
                case .failure(let e):
                    summary.errors += 1
                    try run.report("\(p.article.id): \(e)")
                case .success(let r):
                    if r.alreadyStored { already += 1 } else { stored += 1 }
                    acks.beginObject()
                    acks.key("id"); acks.string(r.id)
                    acks.key("group"); acks.string(r.group)
                    acks.key("story"); acks.number(r.story)
                    acks.key("role"); acks.string(r.role?.rawValue)
                    acks.key("flags"); acks.strings(r.flags.map(\.kind.rawValue))
                    acks.key("status"); acks.string(r.alreadyStored ? "already-stored" : "stored")
                    acks.endObject()
                    acks.newline()
                }
            }
            out.write(acks.bytes)
            // The lines are the acknowledgement: they leave only after the commit.
            do { try out.flush() } catch { try run.report("cannot write acknowledgements: \(error)") }
        }

        // Extraction, the fingerprint and the tokenised text (the costly parts) run on all cores.
        let pipeline = RecordPipeline(reader: run.reader, limits: run.limits) { record in
            ArticleSource.article(from: record, extractor: extractor, jsonLines: .articlesOrPages).map(store.prepare)
        }
        try pipeline.run(
            progress: run.progress,
            consume: { result in
                summary.records += 1
                switch result {
                case .failure(let e):
                    summary.errors += 1
                    try run.report("\(e)")
                case .success(let prepared):
                    summary.articles += 1
                    pending.append(prepared)
                }
            },
            afterBatch: { _ in try commit() })
        try commit()
        try out.close()
        summary.details = "\(stored) stored, \(already) already stored"
        try run.finish(summary)
        if summary.errors > 0 { throw ExitCode(1) }
    }
}
