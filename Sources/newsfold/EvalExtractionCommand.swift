import ArgumentParser
import Foundation
import NewsfoldCore
import NewsfoldEval
import NewsfoldExtract

/// `newsfold eval extraction --set PATH [--limit N] [--json]`: scores article extraction on a
/// dev set (trafilatura's `evaldata.json`, Readability's `test-pages/`, fundus's `test_data/`;
/// the kind is detected from the folder).
struct EvalExtractionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extraction", abstract: "Score article extraction on a dev set.",
        discussion: """
            Body: trafilatura-style snippet precision/recall/F1/accuracy, or token-level \
            (bag of words) precision/recall/F1 averaged over pages; fundus adds paragraph-level \
            scores. Title and author are exact matches where the set has them; the date must be \
            the same minute on fundus and the same day on the other sets, and its accuracy is also \
            given by the source of the chosen date (json-ld, meta, url, ...; none: no date given). \
            "Gold among the page's dates" is how often the gold is one of the dates the page \
            states (published_evidence): the most any choice among them could score. Speed is \
            the extraction alone on one thread.
            """)

    @Option(help: "The dev set's folder (e.g. ../shared/eval/trafilatura).")
    var set: String

    @Option(help: "Score only the first N pages.")
    var limit: Int?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "List the worst-scoring pages and the pages whose date or title was missed.")
    var worst = false

    @Option(help: "Print what is extracted from the pages whose id contains this text, then stop.")
    var show: String?

    func run() async throws {
        let evalSet: ExtractionSet
        do { evalSet = try ExtractionSet(path: set, limit: limit) } catch {
            throw ValidationError("\(error)")
        }
        if let show {
            for c in evalSet.cases where c.id.contains(show) {
                print("== \(c.id)")
                do {
                    let a = try PageExtractor().extract(
                        Page(id: c.id, url: c.url, bytes: try c.loadBytes(), declaredKind: .html))
                    print("title: \(a.title ?? "-")  published: \(a.published?.iso8601 ?? "-")  authors: \(a.authors)")
                    print("gold:  \(c.gold.title ?? "-")  \(c.gold.date ?? "-")  \(c.gold.authors ?? [])")
                    print("warnings: \(a.warnings)")
                    print("dates stated: " + a.dateEvidence.map { "\($0.source.rawValue) \($0.date.iso8601)" }.joined(separator: ", "))
                    for p in a.paragraphs { print("  | " + p) }
                } catch { print("error: \(error)") }
            }
            return
        }
        let report = ExtractionEvaluation.run(evalSet)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            var out = report
            if !worst {
                out.worst = []
                out.dateMisses = []
                out.titleMisses = []
            }
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
        for (source, a) in report.dateBySource.sorted(by: { ($0.value.total, $1.key) > ($1.value.total, $0.key) }) {
            print("  date from \(source.padding(toLength: 12, withPad: " ", startingAt: 0)) \(pct(a.value)) (\(a.correct)/\(a.total))")
        }
        if let stated = report.dateStated {
            print("  gold among the page's dates \(pct(stated.value)) (\(stated.correct)/\(stated.total)): the best a choice could do")
        }
        if !report.dateMissKinds.isEmpty {
            let kinds = report.dateMissKinds.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            print("  date misses: " + kinds.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        print(String(format: "speed      %.1f pages/s (%.2f s extracting), peak RSS %.1f MiB",
            report.pagesPerSecond, report.seconds, report.peakRSSMiB))
        if worst {
            for w in report.worst { print(String(format: "  %.2f  %@  %@", w.f1, w.id, w.note)) }
            if !report.dateMisses.isEmpty { print("date misses (\(report.dateMisses.count)):") }
            for m in report.dateMisses { print("  \(m.id)  \(m.note)") }
            if !report.titleMisses.isEmpty { print("title misses (\(report.titleMisses.count)):") }
            for m in report.titleMisses { print("  \(m.id)  \(m.note)") }
        }
    }
}
