/// Checks of one article's publication date against its story, its crawl and its own text.
///
/// Cost: O(articles) for the median, O(first paragraph) for the weekday.
enum DateChecks {
    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let weekdayHashes: [UInt64] = weekdayNames.map { StableHash.words(of: $0)[0] }
    /// Reporting verbs that date the news to the weekday after them (`said Monday`).
    static let reportingVerbs: Set<UInt64> = Set(
        StableHash.words(
            of: "said says told announced reported confirmed added noted stated warned disclosed revealed"))
    static let on = StableHash.words(of: "on")[0]

    struct Result {
        var flags: [ProvenanceFlag] = []
        /// The date can be used to choose an original: valid, near the story, not after the crawl.
        var credible = false
    }

    static func check(_ a: ArticleText, otherDates: [NewsDate]) -> Result {
        var r = Result()
        guard let pub = a.article.published, pub.isValid else { return r }
        r.credible = true
        let others = otherDates.filter(\.isValid).sorted()
        if others.count >= ProvenanceThresholds.farDateMinOthers {
            let median = others[others.count / 2]
            let delta = pub.instant - median.instant
            if abs(delta) > ProvenanceThresholds.farDateSeconds {
                let days = abs(delta) / 86_400
                let span =
                    others.first!.day == others.last!.day && others.first!.month == others.last!.month
                    && others.first!.year == others.last!.year
                    ? dayText(others.first!) : "\(dayText(others.first!)) to \(dayText(others.last!))"
                r.flags.append(
                    ProvenanceFlag(
                        kind: .dateAnomaly,
                        evidence:
                            "published \(dayText(pub)), \(days) days \(delta > 0 ? "after" : "before") the story's other \(others.count) dated articles (\(span), median \(dayText(median)))",
                        text: pub.iso8601))
                r.credible = false
            }
        }
        if let crawled = a.article.crawled, crawled.isValid {
            let tolerance: Int64 = (crawled.hasTime ? 0 : 86_400) + (crawled.hasOffset && pub.hasOffset ? 0 : ProvenanceThresholds.unzonedUncertaintySeconds)
            if pub.instant > crawled.instant + tolerance {
                r.flags.append(
                    ProvenanceFlag(
                        kind: .dateAnomaly,
                        evidence: "published \(pub.iso8601), after the page was crawled (\(crawled.iso8601))",
                        text: pub.iso8601))
                r.credible = false
            }
        }
        if let w = weekdayInLead(a) {
            let p = pub.weekday
            if p != w.day && p != (w.day + 1) % 7 {
                r.flags.append(
                    ProvenanceFlag(
                        kind: .dateAnomaly,
                        evidence:
                            "the first paragraph says “\(w.text)”, but \(dayText(pub)) is a \(weekdayNames[p]) (a report of \(weekdayNames[w.day])'s news is dated that day or the next)",
                        text: w.text))
            }
        }
        return r
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
