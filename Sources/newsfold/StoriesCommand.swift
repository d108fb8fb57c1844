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
            mixes TF-IDF cosines of words and of names and numbers, decayed by the time between \
            an article and a story. The same input gives the same output at any --workers.
            Each story's provenance follows: the original of each copy group and why, each member's \
            role (original, copy, edited-copy, rewrite, independent), its changes against the original, \
            flags (injected-text, date-anomaly, missing-attribution, truncated) with their evidence, and \
            what independent reports add.
            Formats: jsonl (one line per article, input order: {"id", "story", "group", "title", \
            "published", "site", "role", "original", "flags"}); json (one report, stories largest first, \
            each group with "original" and its members' roles, changes and flags); text (a summary to \
            read; the default on a terminal).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, json, text
    }

    @Argument(help: "Files or directories to read; '-' or nothing reads standard input.")
    var paths: [String] = []

    @Option(help: "jsonl, json or text (default: text on a terminal, jsonl otherwise).")
    var format: Format?

    @Option(help: "Minimum similarity for an article to join a story (0...1).")
    var joinThreshold: Float = StorySettings().joinThreshold

    @Option(help: "Days over which similarity halves between an article and a story.")
    var halfLifeDays: Double = StorySettings().halfLifeDays

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

    func run() throws {
        guard joinThreshold > 0, joinThreshold <= 1 else {
            throw ValidationError("--join-threshold must be in (0, 1], got \(joinThreshold)")
        }
        guard halfLifeDays > 0 else { throw ValidationError("--half-life-days must be > 0, got \(halfLifeDays)") }
        let parameters: DedupParameters
        do {
            parameters = try DedupParameters(threshold: copyThreshold, containment: copyContainment > 0 ? copyContainment : nil)
        } catch let e as DedupParameterError {
            throw ValidationError(e.description)
        }
        var settings = StorySettings()
        settings.joinThreshold = joinThreshold
        settings.halfLifeDays = halfLifeDays

        if let db {
            guard !pipeline.resume else { throw ValidationError("--resume is for reading inputs, not --db") }
            let out = try OutputSink(path: common.output)
            let chosen = format ?? (common.output == nil && out.isTerminal ? .text : .jsonl)
            try StoriesFromStore.write(db: db, format: chosen, to: out)
            try out.close()
            return
        }
        let run = try BatchRun(command: "stories", common: common, pipeline: pipeline, paths: paths)
        let err = run.err
        let out = try run.openOutput()
        let chosen = format ?? (common.output == nil && out.isTerminal ? .text : .jsonl)

        // 1. Articles and their fingerprints (parallel, in input order).
        let fingerprinter = Fingerprinter(parameters: parameters)
        let extractor = PageExtractor(maxPageBytes: common.maxPageBytes)
        var articles: [Article] = []
        var fingerprints: [DocumentFingerprint] = []
        var summary = run.summary

        // --resume: the articles read so far, appended as JSONL at each checkpoint.
        let articlesFile = "articles.jsonl"
        var saved = 0
        if let path = run.dataPath(articlesFile) {
            run.dataFiles = [articlesFile]
            if run.resumed != nil {
                articles = try StoriesCommand.readArticles(path)
                fingerprints = OrderedParallelMap<Article, DocumentFingerprint>.map(articles, workers: common.workers) {
                    fingerprinter.fingerprint(id: $0.id, text: $0.text, published: $0.published)
                }
                saved = articles.count
            }
        }
        func saveProgress() throws {
            guard let path = run.dataPath(articlesFile) else { return }
            let sink = try OutputSink(resuming: path, at: ResumeCheckpoint.size(of: path) ?? 0)
            var w = JSONWriter(reservingCapacity: 1 << 16)
            for a in articles[saved...] {
                ArticleJSON.write(a, to: &w)
                if w.bytes.count > 1 << 20 {
                    sink.write(w.bytes)
                    w.reset()
                }
            }
            sink.write(w.bytes)
            try sink.close()
            saved = articles.count
        }

        let reading = RecordPipeline(reader: run.reader, limits: run.limits) { record in
            ArticleSource.article(from: record, extractor: extractor, jsonLines: .articlesOrPages).map { a in
                (a, fingerprinter.fingerprint(id: a.id, text: a.text, published: a.published))
            }
        }
        try reading.run(
            from: run.start, progress: run.progress,
            consume: { result in
                summary.records += 1
                switch result {
                case .success(let (article, fp)):
                    summary.articles += 1
                    articles.append(article)
                    fingerprints.append(fp)
                case .failure(let e):
                    summary.errors += 1
                    try run.report("\(e)")
                }
            },
            afterBatch: { position in try run.afterBatch(position, summary: summary, flush: saveProgress) })

        // 2–4. Copy groups (a group joins a story whole), stories in publication order, provenance.
        let analysis = StoryAnalysis(
            articles: articles, fingerprints: fingerprints, parameters: parameters, settings: settings)
        for w in analysis.warnings { err.write("newsfold stories: warning: \(w)\n") }
        let stories = analysis.stories

        switch chosen {
        case .jsonl: StoriesCommand.writeLines(analysis, to: out)
        case .json: StoriesCommand.writeReport(analysis, to: out)
        case .text: out.write(StoriesCommand.summary(analysis))
        }
        try out.close()
        summary.articles = analysis.inputs.count
        summary.duplicates = analysis.assignments.filter { !$0.isRepresentative }.count
        summary.stories = stories.count
        summary.details = "\(stories.filter { $0.groups.count > 1 }.count) stories with several reports"
        try run.finish(summary)
        if summary.errors > 0 { throw ExitCode(1) }
    }

    /// The `--resume` file of articles read so far (JSONL, as `extract` writes).
    static func readArticles(_ path: String) throws -> [Article] {
        var articles: [Article] = []
        try LineReader(source: ByteSource(path: path)).forEachLine { number, line in
            guard case .success(let bytes) = line, !bytes.isEmpty else { return }
            articles.append(try ArticleJSON.read(line: bytes, locator: "\(path):\(number)"))
        }
        return articles
    }

    static func writeLines(_ analysis: StoryAnalysis, to out: OutputSink) {
        var storyOf: [String: Int] = [:]
        for s in analysis.stories { for a in s.articles { storyOf[a] = s.id } }
        var w = JSONWriter(reservingCapacity: 1 << 16)
        for input in analysis.inputs {
            w.beginObject()
            w.key("id"); w.string(input.id)
            w.key("story"); if let s = storyOf[input.id] { w.number(s) } else { w.null() }
            w.key("group"); w.string(input.group ?? input.id)
            w.key("title"); w.string(input.title)
            w.key("published"); w.string(input.published?.iso8601)
            w.key("site"); w.string(input.site)
            if let s = storyOf[input.id], let report = analysis.provenance[s] {
                ProvenanceJSON.writeArticleFields(report, id: input.id, to: &w)
            }
            w.endObject()
            w.newline()
            if w.bytes.count > 1 << 16 {
                out.write(w.bytes)
                w.reset()
            }
        }
        out.write(w.bytes)
    }

    static func writeReport(_ analysis: StoryAnalysis, to out: OutputSink) {
        let stories = analysis.stories
        var w = JSONWriter(reservingCapacity: 1 << 16)
        w.beginObject()
        w.key("stories")
        w.beginArray()
        for s in stories {
            w.beginObject()
            w.key("id"); w.number(s.id)
            w.key("title"); w.string(s.title)
            w.key("first_seen"); w.string(s.firstSeen?.iso8601)
            w.key("last_seen"); w.string(s.lastSeen?.iso8601)
            w.key("articles"); w.strings(s.articles)
            // Each copy group with its original and every member's role, changes and flags.
            w.key("groups")
            if let report = analysis.provenance[s.id] {
                ProvenanceJSON.writeGroups(report, to: &w)
            } else {
                w.beginArray()
                w.endArray()
            }
            w.endObject()
            if w.bytes.count > 1 << 16 {  // inside the array: keep the writer's nesting, drop the bytes
                out.write(w.bytes)
                w.bytes.removeAll(keepingCapacity: true)
            }
        }
        w.endArray()
        w.endObject()
        w.newline()
        out.write(w.bytes)
    }

    /// The text report: per story its title, dates, sources and copies, then articles by site.
    static func summary(_ analysis: StoryAnalysis) -> String {
        var byID: [String: StoryInput] = [:]
        for i in analysis.inputs { byID[i.id] = i }
        let stories = analysis.stories
        var s = ""
        for story in stories {
            let copies = story.articles.count - story.groups.count
            let span: String
            switch (story.firstSeen, story.lastSeen) {
            case let (f?, l?) where f.iso8601 != l.iso8601: span = "\(f.iso8601) – \(l.iso8601)"
            case let (f?, _): span = f.iso8601
            default: span = "undated"
            }
            s += "Story \(story.id): \(story.title ?? "(untitled)")\n"
            s += "  \(span) · \(story.articles.count) article\(story.articles.count == 1 ? "" : "s"), "
            s += "\(story.groups.count) independent report\(story.groups.count == 1 ? "" : "s"), "
            s += "\(copies) cop\(copies == 1 ? "y" : "ies")" + (story.sites.isEmpty ? "" : ", \(story.sites.count) site\(story.sites.count == 1 ? "" : "s")") + "\n"
            for group in story.groups {
                for (k, id) in group.members.enumerated() {
                    let a = byID[id]
                    let site = a?.site ?? "site unknown"
                    let date = a?.published?.iso8601 ?? "undated"
                    let mark = k == 0 ? "  - " : "      copy: "
                    s += "\(mark)\(site) · \(date) · \(id)"
                    if k == 0, let t = a?.title, t != story.title { s += " · \(t)" }
                    s += "\n"
                }
            }
            // Several articles: who copied whom, how, and what looks tampered with.
            if story.articles.count > 1, let report = analysis.provenance[story.id] {
                s += "\n" + ProvenanceText.render(report).split(separator: "\n", omittingEmptySubsequences: false)
                    .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n") + "\n"
            }
            s += "\n"
        }
        return s
    }
}
