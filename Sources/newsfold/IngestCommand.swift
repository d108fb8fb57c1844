import ArgumentParser
import NewsfoldCore
import NewsfoldExtract
import NewsfoldIO
import NewsfoldStore

/// `newsfold ingest --db PATH INPUT...`: adds articles to a store, one transaction each.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest", abstract: "Add pages or articles to a store, updating copy groups, stories and provenance.",
        discussion: """
            Reads what `extract` reads (pages of any kind, JSONL of pages or of extracted articles). \
            Each article is committed in its own transaction together with every copy-group, story \
            and provenance change it causes, then acknowledged with one JSON line on standard output: \
            {"id", "group", "story", "role", "flags", "status": "stored" | "already-stored"}. \
            An acknowledged article survives a crash, even `kill -9`; rerunning the same command \
            skips what is stored (same id and content, or same content) and completes the rest. \
            The store is an SQLite file (WAL, FTS5), created on first use.
            """)

    @Option(help: "The store: an SQLite file path (created when missing).")
    var db: String

    @Argument(help: "Files or directories to read; '-' or nothing reads standard input.")
    var paths: [String] = []

    @OptionGroup var common: CommonOptions

    func run() throws {
        guard !db.hasPrefix("postgres://"), !db.hasPrefix("postgresql://") else {
            throw ValidationError("PostgreSQL stores are not available in this build: use an SQLite file path")
        }
        let clock = ContinuousClock.now
        let err = OutputSink.standardError()
        let out = try OutputSink(path: common.output)
        let store = try SQLiteStore(path: db)
        let extractor = PageExtractor(maxPageBytes: common.maxPageBytes)
        var records = 0, stored = 0, already = 0, errors = 0
        let map = OrderedParallelMap<InputRecord, Result<Article, RecordError>>(
            workers: common.workers, weight: { $0.weight },
            transform: { ArticleSource.article(from: $0, extractor: extractor, jsonLines: .articlesOrPages) },
            consume: { result in
                records += 1
                switch result {
                case .failure(let e):
                    errors += 1
                    err.write("newsfold ingest: \(e)\n")
                case .success(let article):
                    do {
                        let r = try store.ingestBlocking(article)
                        if r.alreadyStored { already += 1 } else { stored += 1 }
                        var w = JSONWriter(reservingCapacity: 256)
                        w.beginObject()
                        w.key("id"); w.string(r.id)
                        w.key("group"); w.string(r.group)
                        w.key("story"); w.number(r.story)
                        w.key("role"); w.string(r.role?.rawValue)
                        w.key("flags"); w.strings(r.flags.map(\.kind.rawValue))
                        w.key("status"); w.string(r.alreadyStored ? "already-stored" : "stored")
                        w.endObject()
                        w.newline()
                        out.write(w.bytes)
                        // The line is the acknowledgement: it leaves only after the commit.
                        try out.flush()
                    } catch {
                        errors += 1
                        err.write("newsfold ingest: \(article.id): \(error)\n")
                    }
                }
            })
        try InputReader(paths: paths.isEmpty ? ["-"] : paths, maxPageBytes: common.maxPageBytes).forEach {
            try map.submit($0)
        }
        try map.finish()
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
