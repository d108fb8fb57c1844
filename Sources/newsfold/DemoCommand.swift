import ArgumentParser
import Foundation
import NewsfoldCore
import NewsfoldExtract
import NewsfoldIO

/// `newsfold demo`: the main job on the seed pages shipped in the repo.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Newsfold on the sample pages shipped in the repo (Samples/seeds).",
        discussion: "Five crawled pages of one AP story: three copies (one tampered with) and two independent reports.")

    @Option(help: "Folder of sample pages (default: Samples/seeds of this checkout).")
    var samples: String?

    func run() throws {
        let folder = samples ?? DemoCommand.defaultSamples()
        var articles: [Article] = []
        var failures: [RecordError] = []
        try ArticleSource(paths: [folder], jsonLines: .pages).run { r in
            switch r {
            case .success(let a): articles.append(a)
            case .failure(let e): failures.append(e)
            }
        }
        let parameters = DedupParameters.storyView
        let fingerprinter = Fingerprinter(parameters: parameters)
        let analysis = StoryAnalysis(
            articles: articles,
            fingerprints: articles.map { fingerprinter.fingerprint(id: $0.id, text: $0.text, published: $0.published) },
            parameters: parameters)

        let out = OutputSink.standardOutput()
        out.write("Newsfold demo: \(articles.count) crawled pages from \(folder)\n\n")
        out.write("1. ARTICLES (newsfold extract): boilerplate removed, metadata read from the page\n")
        for a in articles {
            let date = a.published?.iso8601 ?? "no date"
            let credit = [a.wire.map { "wire \($0)" }, a.dateline.map { "dateline \($0)" }].compactMap { $0 }
            out.write("   \(a.id.prefix(3))  \(date.padding(toLength: 25, withPad: " ", startingAt: 0)) \(a.paragraphs.count) paragraphs")
            out.write(credit.isEmpty ? "\n" : ", " + credit.joined(separator: ", ") + "\n")
            out.write("        \(String((a.title ?? "(no title)").prefix(72)))\n")
        }
        out.write("\n2. STORIES AND PROVENANCE (newsfold stories)\n\n")
        for story in analysis.stories {
            if let report = analysis.provenance[story.id] { out.write(ProvenanceText.render(report) + "\n") }
        }
        for f in failures { out.write("error: \(f)\n") }
        try out.close()
    }

    /// `Samples/seeds` in the working directory, else beside this source file's checkout.
    static func defaultSamples() -> String {
        let local = "Samples/seeds"
        if FileManager.default.fileExists(atPath: local) { return local }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Samples/seeds").standardizedFileURL.path
    }
}
