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
        var summary = run.summary
        var stored = 0, already = 0
        var pending: [PreparedArticle] = []
        // Committed, waiting for the next provenance analysis to be acknowledged.
        var unacknowledged: [IngestResult] = []
        var acks = JSONWriter(reservingCapacity: 1 << 16)
        let timing: ProvenanceTiming = analyseEvery <= batchSize ? .now : .deferred

        // Each batch is placed in the store's engine on this thread while the one before is
        // written (one transaction) on the writer's.
        let writer = IngestWriter(store: store)

        /// Hands the batch read so far to the writer, and settles the batch before it.
        func commit() throws {
            guard !pending.isEmpty else { return }
            defer { pending = [] }
            if let done = writer.submit(pending, provenance: timing) { try settle(done) }
        }

        /// Waits for the batch being written, and settles it.
        func drain() throws {
            if let done = writer.finish() { try settle(done) }
        }

        /// Counts a committed batch, reports its refused articles, and acknowledges the others
        /// now (provenance analysed with the batch) or keeps them for ``acknowledge()``.
        func settle(_ done: IngestWriter.Written) throws {
            let results: [Result<IngestResult, StoreError>]
            switch done.outcome {
            case .success(let r): results = r
            case .failure(let error):
                // Nothing of the batch was written: say so for each article, and go on.
                summary.errors += done.articles.count
                for p in done.articles { try run.report("\(p.article.id): not stored (its batch failed): \(error)") }
                return
            }
            for (p, result) in zip(done.articles, results) {
                switch result {
                case .failure(let e):
                    summary.errors += 1
                    try run.report("\(p.article.id): \(e)")
                case .success(let r):
                    if r.alreadyStored { already += 1 } else { stored += 1 }
                    unacknowledged.append(r)
                }
            }
            if timing == .now { try write(unacknowledged) }
        }

        /// Analyses the stale stories, then acknowledges every article committed since the last time.
        func acknowledge() throws {
            guard timing == .deferred, !unacknowledged.isEmpty else { return }
            let results: [IngestResult]
            do {
                results = try store.refreshProvenanceBlocking(unacknowledged)
            } catch {
                // The articles are stored (their batches committed); only the analysis failed.
                // Acknowledge them without role and flags: a writer analyses them when it next opens.
                try run.report("provenance analysis failed (the stored articles are kept): \(error)")
                results = unacknowledged
            }
            try write(results)
        }

        /// Writes the acknowledgements of committed articles and empties the waiting list.
        func write(_ results: [IngestResult]) throws {
            defer { unacknowledged.removeAll(keepingCapacity: true) }
            acks.reset()
            for r in results {
                acks.beginObject()
                acks.key("id"); acks.string(r.id)
                acks.key("group"); acks.string(r.group)
                acks.key("story"); acks.number(r.story)
                acks.key("role"); acks.string(r.role?.rawValue)
                // Each kind once (a page may carry several injected sentences, each a flag).
                var kinds: [String] = []
                for f in r.flags where !kinds.contains(f.kind.rawValue) { kinds.append(f.kind.rawValue) }
                acks.key("flags"); acks.strings(kinds)
                acks.key("status"); acks.string(r.alreadyStored ? "already-stored" : "stored")
                acks.endObject()
                acks.newline()
            }
            out.write(acks.bytes)
            // The lines are the acknowledgement: they leave only after the commit.
            do { try out.flush() } catch { try run.report("cannot write acknowledgements: \(error)") }
        }

        // Extraction, the fingerprint and the story profile (the costly parts) run on all cores.
        // Two batches queued at each stage (not one): the writer's pace varies with what a batch
        // changes, and the stages upstream keep working meanwhile.
        var limits = run.limits
        limits.queuedBatches = 2
        let pipeline = RecordPipeline(reader: run.reader, limits: limits) { record in
            ArticleSource.article(from: record, extractor: extractor, jsonLines: .articlesOrPages).map {
                $0.hasText ? store.prepare($0, provenance: timing) : nil  // nil: no body, skipped
            }
        }
        try pipeline.run(
            progress: run.progress,
            consume: { result in
                summary.records += 1
                switch result {
                case .failure(let e):
                    try run.fail(e, &summary)
                case .success(nil):
                    summary.withoutText += 1
                case .success(let prepared?):
                    summary.articles += 1
                    pending.append(prepared)
                }
            },
            atBatchEnd: { end in
                try commit()
                if unacknowledged.count >= analyseEvery || !end.nextBatchReady {
                    try drain()
                    try acknowledge()
                }
            })
        try commit()
        try drain()
        try acknowledge()
        try out.close()
        summary.details = "\(stored) stored, \(already) already stored"
        try run.finish(summary)
        if summary.errors > 0 { throw ExitCode(1) }
    }
}
