import Foundation
import NewsfoldCore
import NewsfoldExtract

/// The scores of one extraction run over a dev set.
public struct ExtractionReport: Sendable, Codable {
    /// The dev set's folder, as given.
    public var set: String
    /// Which benchmark the set is (how pages and gold answers are read and scored).
    public var kind: ExtractionSetKind
    /// Pages scored.
    public var pages: Int
    /// Pages for which the extractor threw (counted as empty bodies).
    public var failures: Int
    /// Body: over all snippets (trafilatura) or the mean of per-page token scores.
    public var body: PRF
    /// trafilatura only: (tp + tn) / all snippets.
    public var accuracy: Double?
    /// fundus only: paragraph-level scores over all paragraphs.
    public var paragraphs: PRF?
    /// Exact title matches (after trimming), over the pages whose gold has a title.
    public var title: Accuracy?
    /// Author matches, over the pages whose gold names authors.
    public var author: Accuracy?
    /// Publication dates right to the day (or the minute, where the set says so), over the
    /// pages whose gold has a date.
    public var date: Accuracy?
    /// Date accuracy by the source of the chosen date (``Article/publishedSource``; `none` for
    /// pages given no date), over the pages whose gold has a date: each source's precision.
    public var dateBySource: [String: Accuracy] = [:]
    /// Extraction alone (reading and scoring excluded), on one thread.
    public var pagesPerSecond: Double
    /// Seconds spent extracting (the time behind ``pagesPerSecond``).
    public var seconds: Double
    /// Peak resident memory of the process (getrusage), in MiB.
    public var peakRSSMiB: Double
    /// The worst pages by body F1 (token sets) or snippet errors (trafilatura), for study.
    public var worst: [PageScore]
    /// Pages whose gold date was missed: gold, predicted and how the date was found.
    public var dateMisses: [PageScore] = []
    /// The date misses by kind, so that a reader can tell the extractor's errors from a gold
    /// that answers another question: `no date given`, `gold not ISO 8601`, `gold is the
    /// modified date` (the gold is the day of the page's modified date while the page states an
    /// earlier publication day: the set dates such pages by their update), `gold stated,
    /// another chosen` (the gold is among ``Article/dateEvidence``: a choice error), `gold not
    /// stated` (no source the extractor reads gives it).
    public var dateMissKinds: [String: Int] = [:]
    /// Pages whose gold date is among the dates the page states (``Article/dateEvidence``, any
    /// source), over the pages whose gold has a date: the most any choice among them could score.
    public var dateStated: Accuracy?
    /// Pages whose title was not the gold one, with both.
    public var titleMisses: [PageScore] = []

    /// Right answers among pages that have a gold value.
    public struct Accuracy: Sendable, Codable {
        /// Pages answered right.
        public var correct: Int
        /// Pages with a gold answer.
        public var total: Int
        /// ``correct`` / ``total`` (0 when there is no gold answer).
        public var value: Double { total > 0 ? Double(correct) / Double(total) : 0 }
    }

    /// One page's body score.
    public struct PageScore: Sendable, Codable {
        /// The page (its file or gold key).
        public var id: String
        /// Its body F1 (token sets), or for trafilatura the share of its snippets right.
        public var f1: Double
        /// What went wrong, for a reader (missing snippets, kept boilerplate, an error).
        public var note: String
    }
}

/// Runs an extractor over a dev set and scores it as /work/shared/eval/README.md says.
///
/// ```swift
/// let set = try ExtractionSet(path: "../shared/eval/trafilatura")
/// let report = ExtractionEvaluation.run(set)
/// print(report.body.f1, report.pagesPerSecond)
/// ```
///
/// Pages are read one at a time (the read is not timed), extracted with ``PageExtractor``
/// (timed), then scored; a page that fails to extract scores as an empty body.
public enum ExtractionEvaluation {
    /// Extracts and scores every page of `set`; the report's speed counts extraction alone.
    public static func run(_ set: ExtractionSet, extractor: PageExtractor = PageExtractor()) -> ExtractionReport {
        var tally = Tally(kind: set.kind)
        var elapsed: UInt64 = 0
        for c in set.cases {
            let bytes: [UInt8]
            do { bytes = try c.loadBytes() } catch {
                tally.failures += 1
                continue
            }
            let extraction = extract(c, bytes: bytes, with: extractor)
            elapsed += extraction.nanoseconds
            tally.score(extraction, gold: c.gold, id: c.id)
        }
        return tally.report(set: set, seconds: Double(elapsed) / 1e9)
    }

    /// One page as the extractor read it.
    struct PageExtraction {
        /// The article; for a page without body, its metadata (its body is scored as empty).
        var article: Article?
        /// The extractor's error, or `""`.
        var note = ""
        /// Whether the extractor threw.
        var failed = false
        /// Time spent extracting.
        var nanoseconds: UInt64 = 0
    }

    /// Extracts the page of `c`, timing the extraction alone.
    static func extract(_ c: ExtractionCase, bytes: [UInt8], with extractor: PageExtractor) -> PageExtraction {
        let page = Page(id: c.id, source: c.path, url: c.url, bytes: bytes, declaredKind: .html)
        let start = DispatchTime.now().uptimeNanoseconds
        var result = PageExtraction()
        do { result.article = try extractor.extract(page) } catch {
            // A page without body still has its metadata scored (its body is empty).
            if case ExtractionError.noBody(let metadata) = error { result.article = metadata }
            result.failed = true
            result.note = "\(error)"
        }
        result.nanoseconds = DispatchTime.now().uptimeNanoseconds - start
        return result
    }

    /// The scores of a run, page by page: body, title, authors and date against the gold.
    struct Tally {
        let kind: ExtractionSetKind
        var failures = 0
        var snippetCounts = (tp: 0, fn: 0, fp: 0, tn: 0)
        var sumP = 0.0, sumR = 0.0, tokenPages = 0
        var paragraphCounts = (tp: 0, fp: 0, fn: 0)
        var title = ExtractionReport.Accuracy(correct: 0, total: 0)
        var author = ExtractionReport.Accuracy(correct: 0, total: 0)
        var dates = DateTally()
        var pageScores: [ExtractionReport.PageScore] = []
        var titleMisses: [ExtractionReport.PageScore] = []

        init(kind: ExtractionSetKind) { self.kind = kind }

        /// Scores one page against its gold.
        mutating func score(_ extraction: PageExtraction, gold: ExtractionGold, id: String) {
            if extraction.failed { failures += 1 }
            let article = extraction.article
            scoreBody(article, note: extraction.note, gold: gold, id: id)
            if let t = gold.title { scoreTitle(article, gold: t, id: id) }
            if let a = gold.authors, !a.isEmpty { scoreAuthors(article, gold: a) }
            if let d = gold.date { dates.score(article, gold: d, id: id, kind: kind) }
        }

        /// The body: snippets found and wrongly kept (trafilatura), token precision and recall
        /// (readability, fundus), paragraphs (fundus); `note` explains the page's score.
        mutating func scoreBody(_ article: Article?, note: String, gold: ExtractionGold, id: String) {
            let text = article?.text ?? ""
            switch kind {
            case .trafilatura:
                let r = ExtractionScoring.snippets(body: text, with: gold.with, without: gold.without)
                snippetCounts.tp += r.tp
                snippetCounts.fn += r.fn
                snippetCounts.fp += r.fp
                snippetCounts.tn += r.tn
                let f1 = PRF(tp: r.tp, fp: r.fp, fn: r.fn).f1
                pageScores.append(.init(id: id, f1: f1, note: note.isEmpty ? "fn=\(r.fn) fp=\(r.fp)" : note))
            case .readability, .fundus:
                if let g = gold.body {
                    let s = ExtractionScoring.tokenPRF(predicted: text, gold: g)
                    sumP += s.precision
                    sumR += s.recall
                    tokenPages += 1
                    pageScores.append(.init(
                        id: id, f1: s.f1,
                        note: note.isEmpty ? String(format: "p=%.2f r=%.2f", s.precision, s.recall) : note))
                }
                if kind == .fundus {
                    let r = ExtractionScoring.paragraphCounts(predicted: article?.paragraphs ?? [], gold: gold.paragraphs)
                    paragraphCounts.tp += r.tp
                    paragraphCounts.fp += r.fp
                    paragraphCounts.fn += r.fn
                }
            }
        }

        /// The title, against the gold `t`; a miss is kept with both titles.
        mutating func scoreTitle(_ article: Article?, gold t: String, id: String) {
            title.total += 1
            if ExtractionScoring.same(article?.title, t) {
                title.correct += 1
            } else {
                titleMisses.append(.init(id: id, f1: 0, note: "gold \"\(t)\"  got \"\(article?.title ?? "-")\""))
            }
        }

        /// The authors, against the gold `a` (not empty): the whole list for fundus, the first
        /// gold author against the joined list or the byline for the others.
        mutating func scoreAuthors(_ article: Article?, gold a: [String]) {
            author.total += 1
            let predicted = article?.authors ?? []
            let ok: Bool
            if kind == .fundus {
                ok = predicted.map(ExtractionScoring.collapse) == a.map(ExtractionScoring.collapse)
            } else {
                ok = ExtractionScoring.same(predicted.joined(separator: kind == .trafilatura ? "; " : ", "), a[0])
                    || ExtractionScoring.same(article?.byline, a[0])
            }
            if ok { author.correct += 1 }
        }

        /// The report of `set`, whose extraction took `seconds`.
        func report(set: ExtractionSet, seconds: Double) -> ExtractionReport {
            var report = ExtractionReport(
                set: set.root, kind: set.kind, pages: set.cases.count, failures: failures,
                body: PRF(precision: 0, recall: 0), accuracy: nil, paragraphs: nil,
                title: title.total > 0 ? title : nil, author: author.total > 0 ? author : nil,
                date: dates.all.total > 0 ? dates.all : nil,
                pagesPerSecond: seconds > 0 ? Double(set.cases.count) / seconds : 0, seconds: seconds,
                peakRSSMiB: ExtractionEvaluation.peakRSSMiB(), worst: Array(pageScores.sorted { $0.f1 < $1.f1 }.prefix(15)))
            report.dateMisses = dates.misses
            report.dateMissKinds = dates.missKinds
            report.dateBySource = dates.bySource
            report.dateStated = dates.all.total > 0 ? dates.stated : nil
            report.titleMisses = titleMisses
            switch kind {
            case .trafilatura:
                report.body = PRF(tp: snippetCounts.tp, fp: snippetCounts.fp, fn: snippetCounts.fn)
                let all = snippetCounts.tp + snippetCounts.fn + snippetCounts.fp + snippetCounts.tn
                report.accuracy = all > 0 ? Double(snippetCounts.tp + snippetCounts.tn) / Double(all) : 0
            case .readability, .fundus:
                let n = Double(max(tokenPages, 1))
                report.body = PRF(precision: sumP / n, recall: sumR / n)
                if kind == .fundus {
                    report.paragraphs = PRF(tp: paragraphCounts.tp, fp: paragraphCounts.fp, fn: paragraphCounts.fn)
                }
            }
            return report
        }
    }

    /// Date accuracy over the pages that have a gold date: in all, by the source of the chosen
    /// date, and the misses with what was found.
    struct DateTally {
        var all = ExtractionReport.Accuracy(correct: 0, total: 0)
        var bySource: [String: ExtractionReport.Accuracy] = [:]
        var misses: [ExtractionReport.PageScore] = []
        var missKinds: [String: Int] = [:]
        var stated = ExtractionReport.Accuracy(correct: 0, total: 0)

        mutating func score(_ article: Article?, gold d: String, id: String, kind: ExtractionSetKind) {
            all.total += 1
            stated.total += 1
            let source = article?.publishedSource?.rawValue ?? "none"
            bySource[source, default: .init(correct: 0, total: 0)].total += 1
            let precision: ExtractionScoring.DatePrecision = kind == .fundus ? .minute : .day
            let isStated = (article?.dateEvidence ?? []).contains { ExtractionScoring.sameDate($0.date, gold: d, precision: precision) }
            if isStated { stated.correct += 1 }
            if ExtractionScoring.sameDate(article?.published, gold: d, precision: precision) {
                all.correct += 1
                bySource[source]!.correct += 1
                return
            }
            // A gold value that is not an ISO 8601 date (`2022-29-11`, `2022-01.26` in the
            // trafilatura set) can match nothing: say so rather than blame the extractor.
            let readable = NewsDate(iso8601: d) ?? NewsDate(iso8601: String(d.prefix(10)))
            let how =
                readable == nil
                ? "gold is not an ISO 8601 date" : article?.warnings.first(where: { $0.contains("date") }) ?? "metadata"
            misses.append(.init(id: id, f1: 0, note: "gold \(d)  got \(article?.published?.iso8601 ?? "-") [\(source)]  (\(how))"))
            missKinds[Self.missKind(article, gold: readable, stated: isStated), default: 0] += 1
        }

        /// Why a date was missed, in the words of ``ExtractionReport/dateMissKinds``. `stated`:
        /// the gold is among the page's dates.
        static func missKind(_ article: Article?, gold: NewsDate?, stated: Bool) -> String {
            guard let g = gold else { return "gold not ISO 8601" }
            guard let p = article?.published else { return "no date given" }
            func sameDay(_ a: NewsDate, _ b: NewsDate) -> Bool { (a.year, a.month, a.day) == (b.year, b.month, b.day) }
            if let u = article?.updated, sameDay(u, g), p < u, !sameDay(p, u) {
                return "gold is the modified date"
            }
            return stated ? "gold stated, another chosen" : "gold not stated"
        }
    }

    /// Peak resident set size of this process in MiB (`ru_maxrss` is in KiB on Linux).
    public static func peakRSSMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
