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
            Formats: jsonl (one line per article, input order: {"id", "story", "group", "title", \
            "published", "site"}); json (one report, stories largest first); text (a summary to read; \
            the default on a terminal).
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

    @OptionGroup var common: CommonOptions

    func run() throws {
        guard joinThreshold > 0, joinThreshold <= 1 else {
            throw ValidationError("--join-threshold must be in (0, 1], got \(joinThreshold)")
        }
        guard halfLifeDays > 0 else { throw ValidationError("--half-life-days must be > 0, got \(halfLifeDays)") }
        let parameters: DedupParameters
        do {
            parameters = try DedupParameters(threshold: copyThreshold)
        } catch let e as DedupParameterError {
            throw ValidationError(e.description)
        }
        var settings = StorySettings()
        settings.joinThreshold = joinThreshold
        settings.halfLifeDays = halfLifeDays

        let clock = ContinuousClock.now
        let err = OutputSink.standardError()
        let out = try OutputSink(path: common.output)
        let chosen = format ?? (common.output == nil && out.isTerminal ? .text : .jsonl)

        // 1. Articles and their fingerprints (parallel, in input order).
        let fingerprinter = Fingerprinter(parameters: parameters)
        let extractor = PageExtractor(maxPageBytes: common.maxPageBytes)
        var inputs: [StoryInput] = []
        var fingerprints: [DocumentFingerprint] = []
        var records = 0, errors = 0
        let map = OrderedParallelMap<InputRecord, Result<(StoryInput, DocumentFingerprint), RecordError>>(
            workers: common.workers, weight: { $0.weight },
            transform: { record in
                StoriesCommand.article(record, extractor).map { a in
                    (StoryInput(a), fingerprinter.fingerprint(id: a.id, text: a.text, published: a.published))
                }
            },
            consume: { result in
                records += 1
                switch result {
                case .success(let (input, fp)):
                    inputs.append(input)
                    fingerprints.append(fp)
                case .failure(let e):
                    errors += 1
                    err.write("newsfold stories: \(e)\n")
                }
            })
        try InputReader(paths: paths.isEmpty ? ["-"] : paths, maxPageBytes: common.maxPageBytes).forEach {
            try map.submit($0)
        }
        try map.finish()

        // 2. Copy groups: a group joins a story whole.
        var copies = CopyGroupIndex(parameters: parameters)
        copies.insert(fingerprints)
        for w in copies.takeWarnings() { err.write("newsfold stories: warning: \(w)\n") }
        for a in copies.assignments() where a.index < inputs.count { inputs[a.index].group = a.group }

        // 3. Stories, in publication order.
        let stories = StoryClusterer.cluster(inputs, settings: settings)

        switch chosen {
        case .jsonl: writeLines(inputs, stories, to: out)
        case .json: writeReport(stories, to: out)
        case .text: out.write(StoriesCommand.summary(stories, inputs))
        }
        try out.close()
        if !common.quiet {
            let multi = stories.filter { $0.groups.count > 1 }.count
            err.write(
                "newsfold stories: \(records) records, \(inputs.count) articles, \(errors) errors; "
                    + "\(stories.count) stories (\(multi) with several reports); "
                    + "\(formatSeconds((ContinuousClock.now - clock).seconds))\n")
        }
        try err.flush()
        if errors > 0 { throw ExitCode(1) }
    }

    /// One record → an article: an extracted JSONL article, else a raw page to extract.
    static func article(_ record: InputRecord, _ extractor: PageExtractor) -> Result<Article, RecordError> {
        let asArticle = ArticleSource.article(from: record, extractor: extractor, jsonLines: .articles)
        if case .failure = asArticle, case .jsonLine = record.content,
            case .success(let a) = ArticleSource.article(from: record, extractor: extractor, jsonLines: .pages)
        {
            return .success(a)
        }
        return asArticle
    }

    private func writeLines(_ inputs: [StoryInput], _ stories: [Story], to out: OutputSink) {
        var storyOf: [String: Int] = [:]
        for s in stories { for a in s.articles { storyOf[a] = s.id } }
        var w = JSONWriter(reservingCapacity: 1 << 16)
        for input in inputs {
            w.beginObject()
            w.key("id"); w.string(input.id)
            w.key("story"); if let s = storyOf[input.id] { w.number(s) } else { w.null() }
            w.key("group"); w.string(input.group ?? input.id)
            w.key("title"); w.string(input.title)
            w.key("published"); w.string(input.published?.iso8601)
            w.key("site"); w.string(input.site)
            w.endObject()
            w.newline()
            if w.bytes.count > 1 << 16 {
                out.write(w.bytes)
                w.reset()
            }
        }
        out.write(w.bytes)
    }

    private func writeReport(_ stories: [Story], to out: OutputSink) {
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
            w.key("groups")
            w.beginArray()
            for g in s.groups {
                w.beginObject()
                w.key("id"); w.string(g.id)
                w.key("members"); w.strings(g.members)
                w.endObject()
            }
            w.endArray()
            w.endObject()
            if w.bytes.count > 1 << 16 {
                out.write(w.bytes)
                w.reset()
            }
        }
        w.endArray()
        w.endObject()
        w.newline()
        out.write(w.bytes)
    }

    /// The text report: per story its title, dates, sources and copies, then articles by site.
    static func summary(_ stories: [Story], _ inputs: [StoryInput]) -> String {
        var byID: [String: StoryInput] = [:]
        for i in inputs { byID[i.id] = i }
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
            s += "\(copies) cop\(copies == 1 ? "y" : "ies"), \(story.sites.count) site\(story.sites.count == 1 ? "" : "s")\n"
            for group in story.groups {
                for (k, id) in group.members.enumerated() {
                    let a = byID[id]
                    let site = a?.site ?? "?"
                    let date = a?.published?.iso8601 ?? "undated"
                    let mark = k == 0 ? "  - " : "      copy: "
                    s += "\(mark)\(site) · \(date) · \(id)"
                    if k == 0, let t = a?.title, t != story.title { s += " · \(t)" }
                    s += "\n"
                }
            }
            s += "\n"
        }
        return s
    }
}
