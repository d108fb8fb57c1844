import ArgumentParser
import NewsfoldCore
import NewsfoldExtract
import NewsfoldIO

/// `newsfold extract`: pages in, articles (JSONL) out.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the article of each page as JSONL.",
        discussion: """
            Reads HTML (.html, .htm, .html.gz, any declared encoding), crawled plain text (.txt) and \
            JSONL ({id?, url?, html | text} per line), told apart by content. Writes one JSON object \
            per input record, in input order: id, source, url, title, text, paragraphs, authors, byline, \
            published, published_source, published_evidence, updated, crawled, site, domain, wire, dateline, language, warnings.
            A record that cannot be read or holds no article is reported on stderr (naming it) and \
            the batch goes on; the exit status is 1 when any record failed. A page whose body is not \
            found is such an error, and its line is still written: the metadata the page states \
            (title, dates, site, authors), an empty text and the warning "no article text found on \
            the page".
            """)

    @Argument(help: "Files or directories to read (recursively); '-' or nothing reads standard input.")
    var paths: [String] = []

    @OptionGroup var common: CommonOptions

    @OptionGroup var pipeline: PipelineOptions

    func run() throws {
        let run = try BatchRun(command: "extract", common: common, pipeline: pipeline, paths: paths)
        let out = try run.openOutput()
        var writer = JSONWriter(reservingCapacity: 1 << 16)
        let source = ArticleSource(
            paths: run.reader.paths, jsonLines: .pages,
            extractor: PageExtractor(maxPageBytes: common.maxPageBytes), workers: common.workers)
        var summary = run.summary
        try source.pipeline(limits: run.limits).run(
            from: run.start, progress: run.progress,
            consume: { result in
                summary.records += 1
                switch result {
                case .success(let article):
                    summary.articles += 1
                    writer.reset()
                    ArticleJSON.write(article, to: &writer)
                    out.write(writer.bytes)
                case .failure(let error):
                    try run.fail(error, &summary)
                    // A page without body: its metadata is still the record's line.
                    if let metadata = error.article {
                        writer.reset()
                        ArticleJSON.write(metadata, to: &writer)
                        out.write(writer.bytes)
                    }
                }
            },
            afterBatch: { position in try run.afterBatch(position, summary: summary, flush: { try out.flush() }) })
        try out.close()
        try run.finish(summary)
        if summary.errors > 0 { throw ExitCode(1) }
    }
}

/// Options shared by the batch commands.
struct CommonOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Write to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "Worker threads for extraction (default: all cores).")
    var workers: Int = PipelineLimits.defaultWorkers

    @Option(name: .long, help: "Refuse pages (and JSONL lines) larger than this many bytes.")
    var maxPageBytes: Int = 16 << 20

    @Flag(name: .shortAndLong, help: "Print neither the progress line (shown on a terminal) nor the summary on stderr.")
    var quiet = false
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }
}

/// `0.42 s`, `12.3 s` (as in ``RunSummary``).
func formatSeconds(_ s: Double) -> String { RunSummary.seconds(s) }
