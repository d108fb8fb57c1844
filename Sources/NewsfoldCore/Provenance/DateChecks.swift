/// Checks of the publication dates of one story's articles against each other, their crawls and
/// their own text: which dates are credible, which contradict the story, and why.
///
/// A date is judged by the *consensus* of the story, never by one other date:
/// 1. A date after the page was crawled is impossible (``ProvenanceFlag/Severity/high``).
/// 2. The remaining dates are grouped where they run on without a gap of more than
///    ``ProvenanceThresholds/farDateSeconds`` (follow-ups chain on for weeks). The largest group
///    is the consensus when it holds at least ``ProvenanceThresholds/consensusMinDates`` articles
///    and more than any other group; a date
///    outside it is a `date-anomaly`, and the evidence names the articles that agree.
/// 3. With no such majority (two dated articles that disagree, or two groups of one size),
///    nothing is flagged on dates alone: the first paragraphs' weekdays (`said Monday`) decide
///    when they fit one side and not the other; otherwise the disagreement is stated, not blamed.
///
/// A weekday named in the first paragraph never flags a date on its own: a report of Saturday's
/// news is dated Monday after a weekend, and a weekly a week later.
///
/// Cost: O(n log n) for n articles, plus O(first paragraph) each for the weekday.
enum DateChecks {
    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let weekdayHashes: [UInt64] = weekdayNames.map { StableHash.words(of: $0)[0] }
    /// Reporting verbs that date the news to the weekday after them (`said Monday`).
    static let reportingVerbs = BucketTable(
        keys: StableHash.words(
            of: "said says told announced reported confirmed added noted stated warned disclosed revealed"))
    static let on = StableHash.words(of: "on")[0]
    /// A report is dated at most this many days after the weekday its first paragraph names
    /// for the news: the same day, the next, or after a weekend.
    static let weekdayLagDays = 3

    struct Result {
        var flags: [ProvenanceFlag] = []
        /// The date can be used to choose an original: valid, not after the crawl, not against
        /// the story's consensus.
        var credible = false
        /// A disagreement between dates that no evidence settles, said in the group's evidence.
        var note: String? = nil
    }

    /// One result per article, in the order given.
    static func check(_ texts: [ArticleText]) -> [Result] {
        var results = [Result](repeating: Result(), count: texts.count)
        var dated: [Int] = []
        for (i, t) in texts.enumerated() {
            guard let pub = t.article.published, pub.isValid else { continue }
            if let flag = afterCrawl(t, pub) {
                results[i].flags.append(flag)
                continue
            }
            results[i].credible = true
            dated.append(i)
        }
        dated.sort { (texts[$0].article.published!.instant, texts[$0].article.id) < (texts[$1].article.published!.instant, texts[$1].article.id) }
        let runs = chains(dated, texts)
        guard runs.count > 1 else { return results }
        let sizes = runs.map(\.count).sorted(by: >)
        if sizes[0] >= ProvenanceThresholds.consensusMinDates, sizes[0] > sizes[1] {
            let consensus = runs.first { $0.count == sizes[0] }!
            for run in runs where run != consensus {
                for i in run { flagAgainst(consensus, i, texts, &results, severity: consensus.count >= 3 ? .high : .medium) }
            }
            return results
        }
        settleTie(runs, texts, &results)
        return results
    }

    /// Dated articles (sorted by date) cut where two consecutive dates are more than
    /// ``ProvenanceThresholds/farDateSeconds`` apart.
    private static func chains(_ dated: [Int], _ texts: [ArticleText]) -> [[Int]] {
        var runs: [[Int]] = []
        var last = Int64.min
        for i in dated {
            let t = texts[i].article.published!.instant
            if runs.isEmpty || t - last > ProvenanceThresholds.farDateSeconds { runs.append([]) }
            runs[runs.count - 1].append(i)
            last = t
        }
        return runs
    }

    /// Flags article `i` as far from the consensus `agree`.
    private static func flagAgainst(
        _ agree: [Int], _ i: Int, _ texts: [ArticleText], _ results: inout [Result], severity: ProvenanceFlag.Severity,
        extra: String = ""
    ) {
        let pub = texts[i].article.published!
        let first = texts[agree.first!].article.published!, last = texts[agree.last!].article.published!
        let delta = pub.instant < first.instant ? first.instant - pub.instant : pub.instant - last.instant
        let span = dayText(first) == dayText(last) ? dayText(first) : "\(dayText(first)) to \(dayText(last))"
        let ids = agree.map { texts[$0].article.id }
        let shown = ids.count > 6 ? ids.prefix(6).joined(separator: ", ") + " and \(ids.count - 6) more" : ids.joined(separator: ", ")
        var evidence =
            "published \(dayText(pub)), \(delta / 86_400) days \(pub.instant < first.instant ? "before" : "after") the \(agree.count) other dated articles of the story, which agree on \(span) (\(shown))"
        if let w = weekdayInLead(texts[i]), !fits(w.day, pub) {
            evidence += "; its first paragraph says “\(w.text)”, but \(dayText(pub)) is a \(weekdayNames[pub.weekday])"
        }
        evidence += extra
        results[i].flags.append(ProvenanceFlag(kind: .dateAnomaly, evidence: evidence, text: pub.iso8601, severity: severity))
        results[i].credible = false
    }

    /// Groups of dates of one size that disagree: the side whose first paragraphs name weekdays
    /// that do not fit its dates, while the other side's do, is flagged; otherwise each article
    /// gets a note and none is blamed.
    private static func settleTie(_ runs: [[Int]], _ texts: [ArticleText], _ results: inout [Result]) {
        // Per run: does any member name a weekday, and do all that do fit their dates?
        let verdicts: [Bool?] = runs.map { run in
            let named = run.compactMap { i in weekdayInLead(texts[i]).map { fits($0.day, texts[i].article.published!) } }
            return named.isEmpty ? nil : named.allSatisfy { $0 }
        }
        let fitting = runs.indices.filter { verdicts[$0] == true }
        let failing = runs.indices.filter { verdicts[$0] == false }
        if fitting.count == 1, !failing.isEmpty {
            let agree = runs[fitting[0]]
            for r in failing {
                for i in runs[r] {
                    flagAgainst(
                        agree, i, texts, &results, severity: .medium,
                        extra: "; the dates alone do not say which is right, the weekdays in the text do")
                }
            }
            return
        }
        let listing = runs.map { run in run.map { "\(texts[$0].article.id) \(dayText(texts[$0].article.published!))" }.joined(separator: ", ") }
        let note =
            "the dated articles disagree (\(listing.joined(separator: "; "))) and nothing else (crawl dates, weekdays in the text, other reports) says which is right, so no date is flagged; the earliest is used"
        for run in runs { for i in run { results[i].note = note } }
    }

    /// A date after the page's crawl (beyond what missing times and zones allow).
    private static func afterCrawl(_ a: ArticleText, _ pub: NewsDate) -> ProvenanceFlag? {
        guard let crawled = a.article.crawled, crawled.isValid else { return nil }
        let tolerance: Int64 =
            (crawled.hasTime ? 0 : 86_400)
            + (crawled.hasOffset && pub.hasOffset ? 0 : ProvenanceThresholds.unzonedUncertaintySeconds)
        guard pub.instant > crawled.instant + tolerance else { return nil }
        return ProvenanceFlag(
            kind: .dateAnomaly, evidence: "published \(pub.iso8601), after the page was crawled (\(crawled.iso8601))",
            text: pub.iso8601, severity: .high)
    }

    /// Whether news of weekday `day` is reported on `pub`'s date: the same day or up to
    /// ``weekdayLagDays`` later.
    static func fits(_ day: Int, _ pub: NewsDate) -> Bool {
        (pub.weekday - day + 7) % 7 <= weekdayLagDays
    }

    /// `2023-09-04` of a date.
    static func dayText(_ d: NewsDate) -> String { String(d.iso8601.prefix(10)) }

    /// The weekday a reporting verb of the first paragraph names (`said Monday`,
    /// `announced on Friday`), with the words as written. Only the first paragraph: it tells
    /// the news of the day, while later ones recall earlier days of the week.
    static func weekdayInLead(_ a: ArticleText) -> (day: Int, text: String)? {
        guard let first = a.article.paragraphs.first else { return nil }
        let s = Sentence(first)
        for k in 0..<s.words.count where reportingVerbs.contains(s.words[k]) {
            var j = k + 1
            if j < s.words.count, s.words[j] == on { j += 1 }
            guard j < s.words.count, let day = weekdayHashes.firstIndex(of: s.words[j]) else { continue }
            return (day, s.surface(k..<(j + 1)))
        }
        return nil
    }
}
