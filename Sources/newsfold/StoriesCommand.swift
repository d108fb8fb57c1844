import ArgumentParser
import NewsfoldCore
import NewsfoldExtract
import NewsfoldIO

/// `newsfold stories`: articles about the same event, with their copy groups.
struct StoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories", abstract: "Group articles about the same event into stories.",
        discussion: """
            Reads what `dedup` reads: extracted JSONL (`id`, `text`, and `title`, `published`, \
            `site` when known) or pages of any kind (extracted on the fly). Finds copy groups \
            (as `dedup` does), then clusters in one pass in publication order: each article joins \
            the most similar live story or starts one; a copy group joins a story whole. Similarity \
            is the article's average TF-IDF similarity to the story's members (words, and names and \
            numbers); a story stays open --window-days after its latest article, needing a little \
            more similarity as the gap grows. A story of one or two articles is repaired when it \
            retires or the input ends: it joins the most similar story within a week if similar \
            enough and clearly more similar than to any other; a larger dated story does the same \
            at an article's bar. A story begun after a week of silence continues an earlier \
            one (its "thread") when it began at most 28 days after that story ended (of two or more \
            reports), is as similar to it as an article must be to join, and clearly more than to \
            any other. The same input gives the same output at any --workers.
            Each story's provenance follows: the original of each copy group and why, each member's \
            role (original, copy, edited-copy, rewrite, independent), its changes against the original, \
            flags (injected-text, date-anomaly, missing-attribution, truncated) with their evidence, and \
            what independent reports add.
            Memory: articles wait in a temporary file in $TMPDIR (about the size of `extract`'s \
            output for the same input), so memory holds the copy-group index, ~100 bytes per \
            article and the live stories, not the articles.
            Formats: jsonl (one line per article, input order: {"id", "story", "thread", "group", \
            "title", "published", "site", "role", "original", "flags"}; "thread" is the first story \
            of the chain its story continues); json (one report, stories largest first, each with \
            "continues" and each group with "original" and its members' roles, changes and flags); \
            text (a summary to read; the default on a terminal).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, json, text
    }

    @Argument(help: "Files or directories to read; '-' or nothing reads standard input.")
    var paths: [String] = []

    @Option(help: "jsonl, json or text (default: text on a terminal, jsonl otherwise).")
    var format: Format?

    @OptionGroup var story: StoryOptions

    @Option(help: "Minimum shingle similarity for two articles to be copies (as dedup --threshold).")
    var copyThreshold: Double = 0.8

    @Option(
        help: """
            Also count an article as a copy when this share of its shingles is in another \
            (an edited or trimmed syndicated copy; 0 turns it off).
            """)
    var copyContainment: Double = 0.8

    @Option(help: "Read the stories of a store made by `newsfold ingest` (a SQLite path or postgres://…) instead of inputs.")
    var db: String?

    @OptionGroup var common: CommonOptions

    @OptionGroup var pipeline: PipelineOptions

    func validate() throws {
        _ = try copyParameters()
        if db != nil, pipeline.resume { throw ValidationError("--resume is for reading inputs, not --db") }
    }

    /// The copy-group parameters of `--copy-threshold` and `--copy-containment`; a bad value is
    /// a ``ValidationError``.
    private func copyParameters() throws -> DedupParameters {
        do {
            return try DedupParameters(threshold: copyThreshold, containment: copyContainment > 0 ? copyContainment : nil)
        } catch let e as DedupParameterError {
            throw ValidationError(e.description)
        }
    }

    /// Where the articles wait between reading and the report: the --resume data file (kept up
    /// to the checkpoint), else a temporary spill.
    private static func spill(for run: BatchRun) throws -> SpillFile {
        let articlesFile = "articles.jsonl"
        guard let path = run.dataPath(articlesFile) else { return try SpillFile.temporary(prefix: "newsfold-stories") }
        run.dataFiles = [articlesFile]
        return try SpillFile(path: path, keeping: run.resumed != nil ? ResumeCheckpoint.size(of: path) ?? 0 : 0)
    }

    /// Stage 4 in the chosen format.
    private static func write(
        _ format: Format, _ batch: StoryBatch, spill: SpillFile, workers: Int, progress: ProgressMeter, to out: OutputSink
    ) throws -> StoryStages.Written {
        switch format {
        case .jsonl: return try StoryStages.writeLines(batch, spill: spill, workers: workers, progress: progress, to: out)
        case .json: return try StoryStages.writeReport(batch, spill: spill, workers: workers, progress: progress, to: out)
        case .text: return try StoryStages.writeSummary(batch, spill: spill, workers: workers, progress: progress, to: out)
        }
    }

    /// `--db`: the stories of a store, in the chosen format.
    private func writeStories(ofStore db: String) throws {
        let out = try OutputSink(path: common.output)
        let chosen = format ?? (common.output == nil && out.isTerminal ? .text : .jsonl)
        try StoriesFromStore.write(db: db, format: chosen, to: out)
        try out.close()
    }

    /// Stage 1: each article into `batch`, its fingerprint into the copy-group index (built on
    /// a thread of its own) and its line into `spill`, read in parallel, added in input order;
    /// `--resume` first takes back the articles of the checkpoint. Returns the index.
    private func readArticles(
        run: BatchRun, spill: SpillFile, fingerprinter: Fingerprinter, into batch: inout StoryBatch,
        summary: inout RunSummary
    ) throws -> CopyGroupIndex {
        let copies = BackgroundCopyGroups(parameters: batch.parameters, workers: common.workers)
        try StoryStages.readBack(spill, workers: common.workers) { article in
            batch.add(id: article.id, published: article.published)
            copies.add(fingerprinter.fingerprint(id: article.id, text: article.text, published: article.published))
        }
        let extractor = PageExtractor(maxPageBytes: common.maxPageBytes)
        let reading = RecordPipeline(reader: run.reader, limits: run.limits) { record in
            ArticleSource.reading(from: record, extractor: extractor, jsonLines: .articlesOrPages).map {
                a, dateWarnings -> StoryStages.Read? in
                guard a.hasText else { return nil }  // an extracted page whose body was not found
                var w = JSONWriter(reservingCapacity: a.text.utf8.count * 2 + 512)
                ArticleJSON.write(a, to: &w)
                var read = StoryStages.Read(
                    id: a.id, published: a.published, line: w.bytes,
                    fingerprint: fingerprinter.fingerprint(id: a.id, text: a.text, published: a.published))
                read.dateWarnings = dateWarnings.map(record.warningLine)
                return read
            }
        }
        try reading.run(
            from: run.start, progress: run.progress,
            consume: { result in
                summary.records += 1
                switch result {
                case .success(nil):
                    summary.withoutText += 1
                case .success(let read?):
                    summary.articles += 1
                    try spill.append(read.line)
                    batch.add(id: read.id, published: read.published)
                    copies.add(read.fingerprint)
                    for w in read.dateWarnings { try run.warn(w) }
                case .failure(let e):
                    try run.fail(e, &summary)
                }
            },
            afterBatch: { position in try run.afterBatch(position, summary: summary, flush: { try spill.flush() }) })
        try spill.finishWriting()
        return copies.finish()
    }

    func run() throws {
        let parameters = try copyParameters(), settings = story.settings
        if let db { return try writeStories(ofStore: db) }
        let run = try BatchRun(command: "stories", common: common, pipeline: pipeline, paths: paths)
        let err = run.err
        let out = try run.openOutput()
        let chosen = format ?? (common.output == nil && out.isTerminal ? .text : .jsonl)
        var summary = run.summary

        // The articles go to disk as they are read; memory keeps the copy-group index and ~100
        // bytes per article.
        let spill = try Self.spill(for: run)
        let fingerprinter = Fingerprinter(parameters: parameters)
        var batch = StoryBatch(parameters: parameters, settings: settings)
        let workers = common.workers

        // 1. Articles and their fingerprints (parallel, in input order).
        let copies = try readArticles(run: run, spill: spill, fingerprinter: fingerprinter, into: &batch, summary: &summary)

        // 2. Copy groups settle (a group joins a story whole); 3. stories in publication order.
        batch.settleGroups(copies: copies)
        if !batch.warnings.isEmpty { run.progress.finish() }
        for w in batch.warnings { err.write("newsfold stories: warning: \(w)\n") }
        try StoryStages.cluster(&batch, spill: spill, workers: workers, progress: run.progress)

        // 4. Provenance, story by story, written in the chosen format.
        let written = try Self.write(chosen, batch, spill: spill, workers: workers, progress: run.progress, to: out)
        try out.close()
        summary.articles = batch.count
        summary.duplicates = batch.duplicates
        summary.stories = batch.stories.count
        summary.details = "\(written.storiesWithSeveralReports) stories with several reports"
        try run.finish(summary)
        if summary.errors > 0 { throw ExitCode(1) }
    }
}
