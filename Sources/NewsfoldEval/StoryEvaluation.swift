import Foundation
import NewsfoldCore
import NewsfoldIO

/// Scores story clustering on a dev set laid out as `ecbplus/`: `articles.jsonl` (one
/// `{"id", "title", "text", "published"?, "site"?}` per line) and `gold.json` (`{id: event}`).
///
/// ```swift
/// let set = try StoryEvaluationSet(path: "../shared/eval/ecbplus")
/// let result = set.evaluate()
/// print(result.scores.f1, result.articlesPerSecond)
/// ```
public struct StoryEvaluationSet: Sendable {
    /// The articles, in file order.
    public var inputs: [StoryInput]
    /// The gold event of each article id.
    public var gold: [String: String]

    /// Why a set could not be read; each says which file to fix.
    public enum LoadError: Error, CustomStringConvertible {
        /// A file is missing or is not the JSON expected.
        case unreadable(path: String, reason: String)
        /// A line of `articles.jsonl` is not an object with an id; the line is skipped and this
        /// becomes a warning.
        case badRecord(path: String, line: Int, reason: String)

        /// The file (and line) concerned and why.
        public var description: String {
            switch self {
            case .unreadable(let p, let r): return "cannot read \(p): \(r)"
            case .badRecord(let p, let l, let r): return "\(p):\(l): \(r) (the line is skipped)"
            }
        }
    }

    /// Problems with single records; the set is loaded without them.
    public var warnings: [String] = []

    /// Loads `PATH/articles.jsonl` and `PATH/GOLD` (not a hot path). `gold`
    /// names another answer file of the set, such as the time-local events that
    /// `Benchmarks/stories/make_dated.py` writes as `gold-local.json`.
    public init(path: String, gold goldFile: String = "gold.json") throws {
        let articlesPath = path + "/articles.jsonl", goldPath = path + "/" + goldFile
        guard let data = FileManager.default.contents(atPath: articlesPath) else {
            throw LoadError.unreadable(path: articlesPath, reason: "no such file")
        }
        guard let goldData = FileManager.default.contents(atPath: goldPath) else {
            throw LoadError.unreadable(path: goldPath, reason: "no such file")
        }
        guard let g = try? JSONSerialization.jsonObject(with: goldData) as? [String: Any] else {
            throw LoadError.unreadable(path: goldPath, reason: "not a JSON object {id: event}")
        }
        gold = g.compactMapValues { v in (v as? String) ?? (v as? NSNumber)?.stringValue }
        inputs = []
        var lineNumber = 0
        for line in data.split(separator: 0x0A) {
            lineNumber += 1
            guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) else { continue }
            guard let o = try? JSONValue.parse(Array(line)), case .object = o, let id = o["id"]?.stringOrNumber else {
                warnings.append(LoadError.badRecord(
                    path: articlesPath, line: lineNumber, reason: "not a JSON object with an id").description)
                continue
            }
            // Dates as `stories` reads them (any form feeds write), and said when unreadable.
            let published = JSONDate(o["published"], field: "published")
            if let w = published.warning {
                warnings.append("\(articlesPath):\(lineNumber): \(w)")
            }
            inputs.append(StoryInput(
                id: id, title: o["title"]?.string, text: o["text"]?.string ?? "", published: published.date,
                site: o["site"]?.string, group: o["group"]?.string))
        }
    }

    /// What one run gave.
    public struct Result: Sendable {
        /// The clustering's scores against the gold events.
        public var scores: StoryScores
        /// The scores of the threads (each story with the stories it continues, and those that
        /// continue it: ``Story/continues`` followed) against the gold events.
        public var threadScores: StoryScores
        /// How many stories continue an earlier one.
        public var links: Int
        /// Articles clustered per second, one core (the clustering only: the set is in memory).
        public var articlesPerSecond: Double
        /// The stories found, in ``Story/reportOrder(_:_:)``.
        public var stories: [Story]
        /// Live stories at the end (the bounded part of the memory).
        public var liveStories: Int
    }

    /// Clusters the set in publication order and scores it.
    public func evaluate(settings: StorySettings = StorySettings()) -> Result {
        let sorted = inputs.sorted(by: StoryInput.publicationOrder)
        let clock = ContinuousClock()
        var clusterer = StoryClusterer(settings: settings)
        var collection = StoryCollection()
        let start = clock.now
        for input in sorted { collection.add(input, clusterer.add(input)) }
        collection.settle(clusterer.settle())
        let elapsed = clock.now - start
        let stories = collection.stories
        var predicted: [String: Int] = [:], threads: [String: Int] = [:]
        for s in stories { for a in s.articles { predicted[a] = s.id } }
        let thread = Story.threads(stories.map { ($0.id, $0.continues) })
        for s in stories { for a in s.articles { threads[a] = thread[s.id] } }
        return Result(
            scores: StoryScores(predicted: predicted, gold: gold),
            threadScores: StoryScores(predicted: threads, gold: gold),
            links: stories.filter { $0.continues != nil }.count,
            articlesPerSecond: Double(sorted.count) / max(seconds(elapsed), 1e-9),
            stories: stories, liveStories: clusterer.liveStoryCount)
    }

    /// Throughput on a longer stream: the set `repeats` times, each pass dated 60 days after the
    /// last (articles spread over its first day) with fresh ids, so old stories retire. Returns
    /// articles per second and the live stories at the end.
    public func throughput(repeats: Int, settings: StorySettings = StorySettings()) -> (
        articlesPerSecond: Double, articles: Int, liveStories: Int
    ) {
        let base = inputs.sorted { $0.id < $1.id }
        var stream: [StoryInput] = []
        stream.reserveCapacity(base.count * repeats)
        for r in 0..<repeats {
            let day0 = NewsDate(year: 2000, month: 1, day: 1).instant / 86_400 + Int64(60 * r)
            for (i, var a) in base.enumerated() {
                let t = day0 * 86_400 + Int64(i * 86_400 / max(base.count, 1))
                a.id = "\(r)/\(a.id)"
                a.published = NewsDate(utcInstant: t)
                stream.append(a)
            }
        }
        let clock = ContinuousClock()
        var clusterer = StoryClusterer(settings: settings)
        let start = clock.now
        var sink = 0
        for a in stream { sink &+= clusterer.add(a).story }
        let settled = clusterer.settle()
        sink &+= settled.merges.count + settled.links.count
        let elapsed = clock.now - start
        precondition(sink != 0)
        return (Double(stream.count) / max(seconds(elapsed), 1e-9), stream.count, clusterer.liveStoryCount)
    }
}

private func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
