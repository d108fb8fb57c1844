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
            published, updated, crawled, site, domain, wire, dateline, language, warnings.
            A record that cannot be read or holds no article is reported on stderr (naming it) and \
            the batch goes on; the exit status is 1 when any record failed.
            """)

    @Argument(help: "Files or directories to read (recursively); '-' or nothing reads standard input.")
    var paths: [String] = []

    @OptionGroup var common: CommonOptions

    func run() throws {
        let out = try OutputSink(path: common.output)
        let err = OutputSink.standardError()
        var writer = JSONWriter(reservingCapacity: 1 << 16)
        let clock = ContinuousClock.now
        let source = ArticleSource(
            paths: paths.isEmpty ? ["-"] : paths, jsonLines: .pages,
            extractor: PageExtractor(maxPageBytes: common.maxPageBytes), workers: common.workers)
        let stats = try source.run { result in
            switch result {
            case .success(let article):
                writer.reset()
                ArticleJSON.write(article, to: &writer)
                out.write(writer.bytes)
            case .failure(let error):
                err.write("newsfold extract: \(error)\n")
                try err.flush()
            }
        }
        try out.close()
        if !common.quiet {
            let seconds = (ContinuousClock.now - clock).seconds
            err.write(
                "newsfold extract: \(stats.records) records, \(stats.articles) articles, \(stats.errors) errors in \(formatSeconds(seconds))\n"
            )
            try err.flush()
        }
        if stats.errors > 0 { throw ExitCode(1) }
    }
}

/// Options shared by the batch commands.
struct CommonOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Write to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "Worker threads for extraction (default: all cores).")
    var workers: Int = OrderedParallelMap<Int, Int>.defaultWorkers

    @Option(name: .long, help: "Refuse pages (and JSONL lines) larger than this many bytes.")
    var maxPageBytes: Int = 16 << 20

    @Flag(name: .shortAndLong, help: "Do not print the summary line on stderr.")
    var quiet = false
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }
}

/// `0.42 s`, `12.3 s`.
func formatSeconds(_ s: Double) -> String {
    let r = (s * 100).rounded() / 100
    return "\(r) s"
}
