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
        let out = OutputSink.standardOutput()
        out.write("Newsfold demo: \(articles.count) pages from \(folder)\n\n")
        for a in articles {
            out.write("\(a.id)\n")
            out.write("  title     \(a.title ?? "-")\n")
            out.write("  published \(a.published?.iso8601 ?? "-")   crawled \(a.crawled?.iso8601 ?? "-")\n")
            out.write("  wire      \(a.wire ?? "-")   dateline \(a.dateline ?? "-")   authors \(a.authors.isEmpty ? "-" : a.authors.joined(separator: ", "))\n")
            out.write("  body      \(a.paragraphs.count) paragraphs, \(a.text.utf8.count) bytes: \"\(String(a.text.prefix(70)))…\"\n")
            for w in a.warnings { out.write("  warning   \(w)\n") }
            out.write("\n")
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
