import Foundation
import NewsfoldCore
import NewsfoldExtract
import NewsfoldStore
import Testing

/// Shared helpers: the seed pages, generated articles, temporary stores.
enum Fixtures {
    /// The repository root (from this file's path).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let seedDirectory = root.appendingPathComponent("Samples/seeds")

    /// The five seed pages, extracted with the real extractor, in publication order (as a
    /// crawler meets them; the undated last); ids are the file names' first three characters
    /// (`000` ... `004`). Each gets a made-up address (the pages do not state theirs), as a
    /// crawler would give it, so each has a domain to show.
    static func seeds() throws -> [Article] {
        let files = try FileManager.default.contentsOfDirectory(atPath: seedDirectory.path)
            .filter { $0.hasSuffix(".txt") }.sorted()
        let articles = try files.map { name in
            let data = try Data(contentsOf: seedDirectory.appendingPathComponent(name))
            let id = String(name.prefix(3))
            let page = Page(id: id, source: name, url: "https://seed\(id).example/story", bytes: [UInt8](data))
            return try PageExtractor().extract(page)
        }
        let order = articles.map { StoryInput($0) }.sorted(by: StoryInput.publicationOrder).map(\.id)
        return order.compactMap { id in articles.first { $0.id == id } }
    }

    /// The five seed pages in file order (`000` first: the content farm's copy, dated 19
    /// months after the others), as `newsfold ingest Samples/seeds` reads them.
    static func seedsInFileOrder() throws -> [Article] {
        try seeds().sorted { $0.id < $1.id }
    }

    /// Other news around the seeds, dated like real coverage: `events` events of a few reports
    /// each, on the days before and after 4 September 2023, with names and numbers of their own
    /// (made up here), so that they are stories of their own beside the seeds' one.
    static func otherNews(events: Int) -> [Article] {
        let kinds = ["flood", "fire", "strike", "election", "bridge", "festival", "storm", "trial"]
        let actions = [
            "Floodwater surged through", "A warehouse fire broke out in", "Transit workers walked out in",
            "Voters chose a new council in", "A road bridge collapsed in", "A harvest festival opened in",
            "A hailstorm battered", "A fraud trial began in",
        ]
        var rng = SplitMix(state: 99)
        let syllables = ["tar", "nov", "mir", "pel", "dun", "ska", "vol", "ren", "hal", "bri", "cor", "zem", "lut", "ova"]
        func name() -> String {
            let n = (0..<3).map { _ in syllables[Int(rng.next() % UInt64(syllables.count))] }.joined()
            return n.prefix(1).uppercased() + n.dropFirst()
        }
        var out: [Article] = []
        for e in 0..<events {
            let place = name(), official = "\(name()) \(name())", company = "\(name()) Holdings"
            let kind = kinds[e % kinds.count], action = actions[e % actions.count]
            let households = 100 + Int(rng.next() % 900)
            for r in 0..<3 {
                let day = 1 + (e * 3 + r) % 9  // 1 to 9 September 2023
                let paragraphs = [
                    "\(action) \(place) on \(day) September, \(official), the mayor of \(place), said.",
                    "The \(kind) in \(place) affected \(households) households and \(company), according to \(official).",
                    r == 0
                        ? "\(official) asked the regional government for help with the \(kind) in \(place)."
                        : "In \(place), \(official) thanked volunteers; \(company) said it would help with repairs after the \(kind).",
                ]
                out.append(
                    Article(
                        id: "n\(e)-\(r)", url: "https://news\(r).example/\(e)", title: "\(place) \(kind): \(official) speaks",
                        paragraphs: paragraphs,
                        published: NewsDate(year: 2023, month: 9, day: day, hour: 6 + 5 * r, minute: 0, second: 0, utcOffsetMinutes: 0),
                        domain: "news\(r).example"))
            }
        }
        return out
    }

    /// The batch pipeline on the same articles (as `newsfold stories`): each article's copy
    /// group, and the stories as sets of ids.
    static func batch(_ articles: [Article], settings: StorySettings = StorySettings()) throws -> (
        groups: [String: String], stories: Set<Set<String>>
    ) {
        let parameters = DedupParameters.storyView
        let fingerprinter = Fingerprinter(parameters: parameters)
        var index = CopyGroupIndex(parameters: parameters)
        index.insert(articles.map { fingerprinter.fingerprint(id: $0.id, text: $0.text, published: $0.published) })
        var groups: [String: String] = [:]
        for a in index.assignments() { groups[a.id] = a.group }
        let stories = StoryClusterer.cluster(articles.map { StoryInput($0, group: groups[$0.id]) }, settings: settings)
        return (groups, Set(stories.map { Set($0.articles) }))
    }

    /// The raw text of seed `prefix`.
    static func seedText(_ prefix: String) throws -> String {
        let files = try FileManager.default.contentsOfDirectory(atPath: seedDirectory.path)
        let name = try #require(files.first { $0.hasPrefix(prefix) })
        return try String(contentsOf: seedDirectory.appendingPathComponent(name), encoding: .utf8)
    }

    /// One directory per test process for everything these tests write, removed when the
    /// process exits (a crash leaves it behind; its name says which process made it).
    static let scratch: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("newsfold-store-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Fixtures.scratch) }
        return url
    }()

    /// A fresh directory inside ``scratch``, removed by the caller if it likes (and at exit).
    static func temporaryDirectory() throws -> URL {
        let url = scratch.appendingPathComponent("dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `count` made-up articles about `events` different events: each event has its own
    /// vocabulary of names; every third article is a near-copy of its event's first article
    /// (one word changed), so there are copy groups, stories with several sources, and merges.
    static func generated(count: Int, events: Int, seed: UInt64 = 7) -> [Article] {
        var rng = SplitMix(state: seed)
        let common = (0..<400).map { "word\($0)" }
        var firsts: [Int: Article] = [:]
        var out: [Article] = []
        for i in 0..<count {
            let e = i % events
            let names = (0..<12).map { "Name\(e)x\($0)" }
            let day = 1 + e % 27
            if i % 3 == 2, var copy = firsts[e] {
                copy.id = "g\(i)"
                copy.url = "https://copies\(i % 5).example/\(i)"
                copy.domain = "copies\(i % 5).example"
                copy.site = nil
                if var p = copy.paragraphs.first {
                    p = p.replacingOccurrences(of: "word", with: "wurd", options: [], range: p.range(of: "word"))
                    copy.paragraphs[0] = p
                }
                out.append(copy)
                continue
            }
            var paragraphs: [String] = []
            for _ in 0..<4 {
                var words: [String] = []
                for k in 0..<30 {
                    words.append(k % 4 == 0 ? names[Int(rng.next() % 12)] : common[Int(rng.next() % 400)])
                }
                paragraphs.append(words.joined(separator: " ") + ".")
            }
            let a = Article(
                id: "g\(i)", url: "https://site\(i % 7).example/\(i)", title: "\(names[0]) \(names[1]) event \(e)",
                paragraphs: paragraphs,
                published: NewsDate(year: 2024, month: 3, day: day, hour: i % 24, minute: 0, second: 0, utcOffsetMinutes: 0),
                domain: "site\(i % 7).example")
            if firsts[e] == nil { firsts[e] = a }
            out.append(a)
        }
        return out
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 { StableHash.splitMix(&state) }
}
