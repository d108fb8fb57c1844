import NewsfoldCore

/// The stages of `newsfold stories` after reading, on a ``StoryBatch`` whose articles wait in a
/// ``SpillFile``: clustering in publication order and provenance story by story, each on all
/// cores in chunks, so memory holds the copy-group index, ~100 bytes per article and the
/// stories of one chunk, whatever the size of the input.
///
/// ```swift
/// var batch = StoryBatch(parameters: .storyView)
/// let spill = try SpillFile.temporary()
/// for a in articles {                       // as the reading pipeline delivers them
///     var w = JSONWriter(); ArticleJSON.write(a, to: &w); try spill.append(w.bytes)
///     batch.add(id: a.id, published: a.published, fingerprint: fingerprinter.fingerprint(...))
/// }
/// try spill.finishWriting()
/// batch.settleGroups()
/// try StoryStages.cluster(&batch, spill: spill, workers: 2)
/// _ = try StoryStages.writeLines(batch, spill: spill, workers: 2, to: out)
/// ```
public enum StoryStages {
    /// What the reading stage hands to the consumer: the article as its spill line, with what
    /// the batch keeps of it.
    public struct Read: Sendable {
        /// The article's id.
        public var id: String
        /// The article's publication date, if known.
        public var published: NewsDate?
        /// The article as one ``ArticleJSON`` line, newline included: what ``SpillFile/append(_:)``
        /// takes.
        public var line: [UInt8]
        /// The article's fingerprint, made on the reading workers.
        public var fingerprint: DocumentFingerprint
        /// What ``JSONDate`` said of its date fields, as lines for the command to print
        /// (`path:line: warning: ...`).
        public var dateWarnings: [String] = []

        /// What the reading stage hands over for one article.
        public init(id: String, published: NewsDate?, line: [UInt8], fingerprint: DocumentFingerprint) {
            self.id = id
            self.published = published
            self.line = line
            self.fingerprint = fingerprint
        }
    }

    /// What writing the stories found.
    public struct Written {
        /// Stories with more than one copy group (more than one independent report).
        public var storiesWithSeveralReports = 0
    }

    /// Articles handled per parallel chunk when clustering and reporting (the default `chunk`).
    public static let chunkArticles = 2048

    /// Article `i` of the spill.
    public static func article(_ i: Int, in spill: SpillFile) throws -> Article {
        let line = try spill.line(i)
        do {
            return try ArticleJSON.read(line: line.dropLast(), locator: "\(spill.path):\(i + 1)")
        } catch {
            throw SpillError(description: "\(spill.path): line \(i + 1) does not read back as an article: \(error)")
        }
    }

    /// The articles already in `spill` (a `--resume` checkpoint's), in order, parsed on all cores.
    public static func readBack(_ spill: SpillFile, workers: Int, chunk: Int = chunkArticles, _ each: (Article) throws -> Void) throws {
        var start = 0
        while start < spill.count {
            let range = Array(start..<min(spill.count, start + max(1, chunk)))
            for r in OrderedParallelMap<Int, Result<Article, Error>>.map(range, workers: workers, { i in
                Result { try article(i, in: spill) }
            }) { try each(try r.get()) }
            start = range.count + start
        }
    }

    /// Stage 3: places every article in a story in publication order, a chunk at a time, in a
    /// pipeline (``ChunkPlan``): while chunk n is placed (sequential, on this thread), chunk
    /// n + 1, planned to start where chunk n's plan ends, is scored against the stories as they
    /// stand before chunk n, and chunk n + 2 is read back and profiled (copies of a group placed
    /// earlier are not profiled: the clusterer never weighs them). The placement redoes what
    /// placing chunk n changed under chunk n + 1's scores, so the stories are the same at any
    /// worker count or chunk size; `workers == 1` runs the same steps one after another.
    public static func cluster(
        _ batch: inout StoryBatch, spill: SpillFile, workers: Int, chunk: Int = chunkArticles, progress: ProgressMeter? = nil
    ) throws {
        let order = batch.publicationOrder()
        let reader = ChunkReader(order: order, groups: batch.copyGroups, firsts: batch.firstOfGroup(in: order), spill: spill)
        let size = max(1, chunk)
        let background = workers > 1
        var current = try loaded(reader.start(0..<min(order.count, size), workers: workers, background: false))
        var currentPlan = try plan(&current, batch: batch, after: nil, workers: workers)
        var currentScores = scoring(current, plan: currentPlan, scorer: batch.scorer, workers: workers, background: false).wait()
        var nextRead = reader.start(current.count..<min(order.count, current.count + size), workers: workers, background: background)
        var start = 0
        while start < order.count {
            let end = start + current.count
            guard end < order.count else {
                batch.place(current, scored: currentScores)
                break
            }
            var next = try loaded(nextRead)
            let nextPlan = try plan(&next, batch: batch, after: currentPlan, workers: workers)
            let nextScores = scoring(next, plan: nextPlan, scorer: batch.scorer, workers: workers, background: background)
            nextRead = reader.start(
                (end + next.count)..<min(order.count, end + next.count + size), workers: workers, background: background)
            batch.place(current, scored: currentScores, nextScoredAhead: true)
            currentScores = nextScores.wait()
            (current, currentPlan) = (next, nextPlan)
            start = end
            progress?.update(stage: "clustering", done: start, total: order.count, unit: "articles")
        }
        batch.finish()
    }

    /// Profiles what `chunk`'s plan weighs and the reader left out, then plans it.
    private static func plan(_ chunk: inout [Loaded], batch: StoryBatch, after previous: ChunkPlan?, workers: Int) throws -> ChunkPlan {
        let inputs = chunk.map(\.input)
        try fillProfiles(&chunk, needed: batch.plannedCopies(inputs, after: previous).map { !$0 }, workers: workers)
        return batch.planChunk(inputs, profiles: chunk.map(\.profile), after: previous)
    }

    /// Step 2 of ``ChunkPlan``: a chunk's scores, made in the background on all cores but the
    /// one that places the chunk before meanwhile, or now on all cores. The scorer (a snapshot
    /// of the clusterer) is released once they are made.
    private static func scoring(
        _ chunk: [Loaded], plan: ChunkPlan, scorer: StoryClusterer, workers: Int, background: Bool
    ) -> StagedMap<ScoredArticle?> {
        StagedMap(chunk.count, workers: background ? max(1, workers - 1) : workers, background: background) { j in
            chunk[j].profile.flatMap { scorer.score(j, of: plan, profile: $0, published: chunk[j].input.published) }
        }
    }

    /// A chunk read back (``ChunkReader/start(_:workers:background:)``); the first error of a
    /// record that did not read back.
    private static func loaded(_ chunk: StagedMap<Result<Loaded, Error>>) throws -> [Loaded] {
        try chunk.wait().map { try $0.get() }
    }

    /// One article of a chunk to place: its input ordinal, input and profile (`nil` for a copy).
    typealias Loaded = (ordinal: Int, input: StoryInput, profile: EventProfile?)

    /// Reads chunks of articles back in publication order, profiling the first article of each
    /// copy group (the others are copies unless the clusterer forgot their group).
    struct ChunkReader: Sendable {
        let order: [Int]
        let groups: [String]
        let firsts: [Bool]
        let spill: SpillFile

        /// The articles at `positions` of the publication order, read on `workers` threads:
        /// in the background (the caller goes on) or now.
        func start(_ positions: Range<Int>, workers: Int, background: Bool) -> StagedMap<Result<Loaded, Error>> {
            StagedMap(positions.count, workers: workers, background: background) { [self] k in
                Result {
                    let p = positions.lowerBound + k
                    let i = order[p]
                    let input = StoryInput(try article(i, in: spill), group: groups[i])
                    return (i, input, firsts[p] ? EventProfile(title: input.title, text: input.text) : nil)
                }
            }
        }
    }

    /// Profiles the articles that `needed` says the plan weighs and the reader left out (copies
    /// of a group the clusterer no longer remembers).
    private static func fillProfiles(_ chunk: inout [Loaded], needed: [Bool], workers: Int) throws {
        let missing = chunk.indices.filter { needed[$0] && chunk[$0].profile == nil }
        guard !missing.isEmpty else { return }
        let inputs = missing.map { chunk[$0].input }
        let made = OrderedParallelMap<StoryInput, EventProfile>.map(inputs, workers: workers) {
            EventProfile(title: $0.title, text: $0.text)
        }
        for (j, p) in zip(missing, made) { chunk[j].profile = p }
    }

    /// One story with its members read back (in arrival order), built and analysed.
    public struct Analysed: Sendable {
        /// The story, titled and dated by its report (``Story/described(by:)``).
        public var story: Story
        /// The story's provenance.
        public var report: ProvenanceReport
        /// Its articles in arrival order: each one's ordinal in the spill and its input with its
        /// copy group.
        public var inputs: [(ordinal: Int, input: StoryInput)]
    }

    /// Stage 4: analyses the stories in `batch.stories` order, chunk by chunk on all cores, and
    /// hands each chunk's results, rendered by `render` on the workers, to `consume` in order.
    public static func forEachStory<Rendered: Sendable>(
        _ batch: StoryBatch, spill: SpillFile, workers: Int, chunk: Int = chunkArticles, progress: ProgressMeter? = nil,
        render: @escaping @Sendable (Analysed) -> Rendered, consume: (Analysed.Summary, Rendered) throws -> Void
    ) throws {
        let stories = batch.stories
        var start = 0, articlesDone = 0
        while start < stories.count {
            var end = start, weight = 0
            while end < stories.count, end == start || weight + stories[end].articles.count <= chunk {
                weight += stories[end].articles.count
                end += 1
            }
            let part = Array(stories[start..<end])
            let results = OrderedParallelMap<StoryMembership.Members, Result<(Analysed.Summary, Rendered), Error>>.map(
                part, workers: workers
            ) { members in
                Result {
                    var loaded: [(ordinal: Int, article: Article)] = []
                    loaded.reserveCapacity(members.articles.count)
                    for i in members.articles { loaded.append((i, try article(i, in: spill))) }
                    let inputs = loaded.map { (ordinal: $0.ordinal, input: batch.input($0.article, at: $0.ordinal)) }
                    let report = batch.provenance(of: loaded)
                    let story = Story(id: members.id, members: inputs.map(\.input), continues: members.continues)
                        .described(by: report)
                    let analysed = Analysed(story: story, report: report, inputs: inputs)
                    return (Analysed.Summary(reports: story.groups.count), render(analysed))
                }
            }
            for r in results {
                let (summary, rendered) = try r.get()
                try consume(summary, rendered)
            }
            start = end
            articlesDone += weight
            progress?.update(stage: "provenance", done: articlesDone, total: batch.count, unit: "articles")
        }
    }

    /// `--format jsonl`: one line per article in input order. Lines are rendered per story, kept
    /// in a second spill, then copied out in input order.
    public static func writeLines(_ batch: StoryBatch, spill: SpillFile, workers: Int, chunk: Int = chunkArticles, progress: ProgressMeter? = nil, to out: OutputSink) throws -> Written {
        var written = Written()
        let lines = try SpillFile.temporary(prefix: "newsfold-lines")
        var lineOf = [Int32](repeating: -1, count: batch.count)
        let threads = Story.threads(batch.stories.map { ($0.id, $0.continues) })
        try forEachStory(batch, spill: spill, workers: workers, chunk: chunk, progress: progress, render: { a in
            a.inputs.map { m -> (Int, [UInt8]) in
                var w = JSONWriter(reservingCapacity: 512)
                StoryOutput.writeLine(m.input, story: a.story.id, thread: threads[a.story.id], report: a.report, to: &w)
                return (m.ordinal, w.bytes)
            }
        }, consume: { summary, rendered in
            if summary.reports > 1 { written.storiesWithSeveralReports += 1 }
            for (ordinal, bytes) in rendered {
                lineOf[ordinal] = Int32(lines.count)
                try lines.append(bytes)
            }
        })
        try lines.finishWriting()
        for i in 0..<batch.count {
            guard lineOf[i] >= 0 else { continue }  // never placed: cannot happen, every article is
            out.write(try lines.line(Int(lineOf[i])))
        }
        return written
    }

    /// `--format json`: one report, stories largest first.
    public static func writeReport(_ batch: StoryBatch, spill: SpillFile, workers: Int, chunk: Int = chunkArticles, progress: ProgressMeter? = nil, to out: OutputSink) throws -> Written {
        var written = Written()
        out.write(StoryOutput.reportOpening)
        var first = true
        try forEachStory(batch, spill: spill, workers: workers, chunk: chunk, progress: progress, render: { a in
            var w = JSONWriter(reservingCapacity: 4096)
            StoryOutput.writeStory(a.story, report: a.report, to: &w)
            return w.bytes
        }, consume: { summary, bytes in
            if summary.reports > 1 { written.storiesWithSeveralReports += 1 }
            if !first { out.write(Array(",".utf8)) }
            first = false
            out.write(bytes)
        })
        out.write(StoryOutput.reportClosing)
        return written
    }

    /// `--format text`: the readable summary, stories largest first.
    public static func writeSummary(_ batch: StoryBatch, spill: SpillFile, workers: Int, chunk: Int = chunkArticles, progress: ProgressMeter? = nil, to out: OutputSink) throws -> Written {
        var written = Written()
        try forEachStory(batch, spill: spill, workers: workers, chunk: chunk, progress: progress, render: { a in
            var byID: [String: StoryInput] = [:]
            for m in a.inputs where byID[m.input.id] == nil { byID[m.input.id] = m.input }
            return StoryOutput.summary(of: a.story, report: a.report, inputs: byID)
        }, consume: { summary, text in
            if summary.reports > 1 { written.storiesWithSeveralReports += 1 }
            out.write(text)
        })
        return written
    }
}

extension StoryStages.Analysed {
    /// What the consumer counts of each story.
    public struct Summary: Sendable {
        /// The story's independent reports: its number of copy groups.
        public var reports: Int
    }
}
