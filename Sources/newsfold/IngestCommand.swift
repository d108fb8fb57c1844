import ArgumentParser
import NewsfoldCore
import NewsfoldExtract
import NewsfoldIO
import NewsfoldStore

/// `newsfold ingest --db PATH INPUT...`: adds articles to a store, one transaction per batch.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Add pages or articles to a store, updating copy groups, stories and provenance.",
        discussion: """
            Reads what `extract` reads (pages of any kind, JSONL of pages or of extracted articles). \
            Articles are committed in batches (--batch-size), each batch in one transaction together \
            with every copy-group, story and provenance change it causes; then each article is \
            acknowledged with one JSON line on standard output: \
            {"id", "group", "story", "role", "flags", "status": "stored" | "already-stored"}. \
            An acknowledged article survives a crash, even `kill -9`; rerunning the same command \
            skips what is stored (same id and content, or same content) and completes the rest. \
            The store is an SQLite file (WAL, FTS5), created on first use, or a PostgreSQL \
            database given as postgres://user[:password]@host[:port]/database.
            """)

    @Option(help: "The store: an SQLite file path (created when missing) or a postgres:// address.")
    var db: String

    @Option(
        help: """
            Articles per transaction. Each batch is acknowledged once committed; larger batches \
            analyse each touched story once for many articles. 1 commits and acknowledges every \
            article on its own (for a slow stream on standard input).
            """)
    var batchSize = 200

    @Argument(help: "Files or directories to read; '-' or nothing reads standard input.")
    var paths: [String] = []

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        let clock = ContinuousClock.now
        let err = OutputSink.standardError()
        let out = try OutputSink(path: common.output)
        let store = try openStore(db)
        let extractor = PageExtractor(maxPageBytes: common.maxPageBytes)
        var records = 0, stored = 0, already = 0, errors = 0
        var pending: [PreparedArticle] = []
        func commit() {
            guard !pending.isEmpty else { return }
            defer { pending.removeAll(keepingCapacity: true) }
            let results: [Result<IngestResult, StoreError>]
            do {
                results = try store.ingestBlocking(pending)
            } catch {
                // Nothing of the batch was written: say so for each article, and go on.
                errors += pending.count
                for p in pending { err.write("newsfold ingest: \(p.article.id): not stored (its batch failed): \(error)\n") }
                return
            }
            var w = JSONWriter(reservingCapacity: 256 * results.count)
            for (p, result) in zip(pending, results) {
                switch result {
                case .failure(let e):
                    errors += 1
                    err.write("newsfold ingest: \(p.article.id): \(e)\n")
                case .success(let r):
                    if r.alreadyStored { already += 1 } else { stored += 1 }
                    w.beginObject()
                    w.key("id"); w.string(r.id)
                    w.key("group"); w.string(r.group)
                    w.key("story"); w.number(r.story)
                    w.key("role"); w.string(r.role?.rawValue)
                    w.key("flags"); w.strings(r.flags.map(\.kind.rawValue))
                    w.key("status"); w.string(r.alreadyStored ? "already-stored" : "stored")
                    w.endObject()
                    w.newline()
                }
            }
            out.write(w.bytes)
            // The lines are the acknowledgement: they leave only after the commit.
            do { try out.flush() } catch { err.write("newsfold ingest: cannot write acknowledgements: \(error)\n") }
        }
        let map = OrderedParallelMap<InputRecord, Result<PreparedArticle, RecordError>>(
            workers: common.workers, weight: { $0.weight },
            transform: { record in
                // Extraction and the fingerprint (the costly parts) run on all cores.
                ArticleSource.article(from: record, extractor: extractor, jsonLines: .articlesOrPages).map { store.prepare($0) }
            },
            consume: { result in
                records += 1
                switch result {
                case .failure(let e):
                    errors += 1
                    err.write("newsfold ingest: \(e)\n")
                case .success(let prepared):
                    pending.append(prepared)
                    if pending.count >= batchSize { commit() }
                }
            })
        try InputReader(paths: paths.isEmpty ? ["-"] : paths, maxPageBytes: common.maxPageBytes).forEach {
            try map.submit($0)
        }
        try map.finish()
        commit()
        try out.close()
        if !common.quiet {
            err.write(
                "newsfold ingest: \(records) records, \(stored) stored, \(already) already stored, \(errors) errors; "
                    + "\(formatSeconds((ContinuousClock.now - clock).seconds))\n")
        }
        try err.flush()
        if errors > 0 { throw ExitCode(1) }
    }
}
