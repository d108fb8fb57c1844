import ArgumentParser
import Foundation
import NewsfoldCore
import NewsfoldEval

/// `newsfold eval extraction --set PATH [--limit N] [--json]`: scores article extraction on a
/// dev set (trafilatura's `evaldata.json`, Readability's `test-pages/`, fundus's `test_data/`;
/// the kind is detected from the folder).
struct EvalExtractionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extraction", abstract: "Score article extraction on a dev set.",
        discussion: """
            Body: trafilatura-style snippet precision/recall/F1/accuracy, or token-level \
            (bag of words) precision/recall/F1 averaged over pages; fundus adds paragraph-level \
            scores. Title, author and date are exact matches where the set has them. Speed is \
            the extraction alone on one thread.
            """)

    @Option(help: "The dev set's folder (e.g. ../shared/eval/trafilatura).")
    var set: String

    @Option(help: "Score only the first N pages.")
    var limit: Int?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "List the worst-scoring pages.")
    var worst = false

    func run() async throws {
        let evalSet: ExtractionSet
        do { evalSet = try ExtractionSet(path: set, limit: limit) } catch {
            throw ValidationError("\(error)")
        }
        let report = ExtractionEvaluation.run(evalSet)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            var out = report
            if !worst { out.worst = [] }
            print(String(decoding: try encoder.encode(out), as: UTF8.self))
            return
        }
        func pct(_ v: Double) -> String { String(format: "%.3f", v) }
        print("set        \(report.set) (\(report.kind.rawValue), \(report.pages) pages, \(report.failures) without article)")
        print("body       P \(pct(report.body.precision))  R \(pct(report.body.recall))  F1 \(pct(report.body.f1))"
            + (report.accuracy.map { "  accuracy \(pct($0))" } ?? ""))
        if let p = report.paragraphs {
            print("paragraphs P \(pct(p.precision))  R \(pct(p.recall))  F1 \(pct(p.f1))")
        }
        for (name, acc) in [("title", report.title), ("author", report.author), ("date", report.date)] {
            if let a = acc { print("\(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(pct(a.value)) (\(a.correct)/\(a.total))") }
        }
        print(String(format: "speed      %.1f pages/s (%.2f s extracting), peak RSS %.1f MiB",
            report.pagesPerSecond, report.seconds, report.peakRSSMiB))
        if worst {
            for w in report.worst { print(String(format: "  %.2f  %@  %@", w.f1, w.id, w.note)) }
        }
    }
}
