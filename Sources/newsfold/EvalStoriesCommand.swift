import ArgumentParser
import NewsfoldCore
import NewsfoldEval
import NewsfoldIO

/// `newsfold eval stories --set PATH`: B-cubed and ARI of story clustering on a dev set.
struct EvalStoriesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories", abstract: "Score story clustering on a dev set.",
        discussion: """
            The set is a folder with articles.jsonl ({"id", "title", "text", "published"?, \
            "site"?, "group"?} per line) and gold.json ({id: event}), as ../shared/eval/ecbplus. \
            Prints B-cubed precision, recall and F1, the adjusted Rand index, the number of \
            clusters, and articles/s of the clustering on one core; then the same scores for the \
            threads (each story with the stories it continues and that continue it). --repeat N also measures \
            throughput on the set fed N times, 60 days apart, and reports the live stories left \
            (memory is bounded by them). Benchmarks/stories/run.sh prints this next to a \
            scikit-learn baseline.
            """)

    @Option(help: "The dev set folder.")
    var set: String

    @Option(help: "The answer file in the set folder (gold-local.json: the time-local events of a dated stream).")
    var gold: String = "gold.json"

    @OptionGroup var model: StoryModelOptions

    @Option(help: "Also measure throughput on the set fed this many times.")
    var `repeat`: Int?

    @Flag(help: "Write one JSON line instead of text.")
    var json = false

    @Option(help: ArgumentHelp(
        "Also write the stories found to this file, one JSON line each ({\"story\", \"title\", \"continues\", \"articles\"}), to read the errors beside the gold.",
        valueName: "file"))
    var writeStories: String?

    func run() throws {
        let data: StoryEvaluationSet
        do {
            data = try StoryEvaluationSet(path: set, gold: gold)
        } catch {
            throw ValidationError("\(error)")
        }
        let err = OutputSink.standardError()
        for w in data.warnings { err.write("newsfold eval stories: \(w)\n") }
        try err.flush()
        let settings = model.settings
        let r = data.evaluate(settings: settings)
        let s = r.scores
        let t = self.repeat.map { data.throughput(repeats: max(1, $0), settings: settings) }
        if let writeStories { try write(r.stories, to: writeStories) }
        let out = OutputSink.standardOutput()
        if json {
            var w = JSONWriter()
            w.beginObject()
            w.key("system"); w.string("newsfold (online, join \(settings.joinThreshold), repair \(settings.repairThreshold))")
            w.key("set"); w.string(set)
            w.key("gold"); w.string(gold)
            w.key("precision"); w.number(s.precision, places: 4)
            w.key("recall"); w.number(s.recall, places: 4)
            w.key("f1"); w.number(s.f1, places: 4)
            w.key("ari"); w.number(s.adjustedRand, places: 4)
            w.key("clusters"); w.number(s.predictedClusters)
            w.key("links"); w.number(r.links)
            w.key("thread_precision"); w.number(r.threadScores.precision, places: 4)
            w.key("thread_recall"); w.number(r.threadScores.recall, places: 4)
            w.key("thread_f1"); w.number(r.threadScores.f1, places: 4)
            w.key("articles_per_s"); w.number(r.articlesPerSecond, places: 0)
            if let t {
                w.key("stream_articles"); w.number(t.articles)
                w.key("stream_articles_per_s"); w.number(t.articlesPerSecond, places: 0)
                w.key("stream_live_stories"); w.number(t.liveStories)
            }
            w.endObject()
            w.newline()
            out.write(w.bytes)
        } else {
            out.write(
                "\(set): \(s.items) articles, \(s.goldClusters) gold events\n"
                    + "B-cubed P \(fmt(s.precision)) R \(fmt(s.recall)) F1 \(fmt(s.f1)); ARI \(fmt(s.adjustedRand)); "
                    + "\(s.predictedClusters) clusters; \(Int(r.articlesPerSecond)) articles/s\n"
                    + "threads (\(r.links) stories continue an earlier one): B-cubed P \(fmt(r.threadScores.precision)) "
                    + "R \(fmt(r.threadScores.recall)) F1 \(fmt(r.threadScores.f1))\n")
            if let t {
                out.write(
                    "stream of \(t.articles) articles: \(Int(t.articlesPerSecond)) articles/s, "
                        + "\(t.liveStories) live stories at the end\n")
            }
        }
        try out.close()
    }

    /// One JSON line per story: its id, title and article ids in publication order.
    private func write(_ stories: [Story], to path: String) throws {
        let file: OutputSink
        do {
            file = try OutputSink(path: path)
        } catch {
            throw ValidationError("cannot write --write-stories \(path): \(error)")
        }
        for story in stories {
            var w = JSONWriter()
            w.beginObject()
            w.key("story"); w.number(story.id)
            w.key("title"); if let t = story.title { w.string(t) } else { w.null() }
            w.key("continues"); if let c = story.continues { w.number(c) } else { w.null() }
            w.key("articles"); w.beginArray()
            for a in story.articles { w.string(a) }
            w.endArray()
            w.endObject()
            w.newline()
            file.write(w.bytes)
        }
        try file.close()
    }

    private func fmt(_ x: Double) -> String {
        let r = (x * 1000).rounded() / 1000
        return "\(r)"
    }
}
