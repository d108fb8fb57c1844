import Foundation
import NewsfoldCore

/// Chooses an article's published date from every date its page states, as evidence rather
/// than first match.
///
/// 1. A date after the crawl (else after the moment of extraction), more than a day of time
///    zones past it, is refused: nothing is published after it was fetched.
/// 2. A date more than ``farBeforeSeconds`` before every other date the page states (modified
///    and "updated" dates left aside), where one of those is from a strong source, is refused: an
///    old item embedded in the page, a template's default.
/// 3. Of the rest, the date with the most support wins: each source that agrees with it adds its
///    ``weight(_:)`` once (structured data weighs most; the URL's day confirms or breaks ties;
///    the visible lines count once together; a date that only repeats the modified time of a
///    page whose strong sources state an earlier one counts for nothing).
///    Equal support goes to the most trusted source (the order of the candidates). The date
///    is written as its source states it: a day-only date borrows no time from another source
///    (a page's day and a teaser's time are not one statement).
/// 4. Refused dates and strong sources that disagree with the choice are named in the warnings,
///    and so is any other date more than ``farBeforeSeconds`` after the choice.
///
/// Two dates agree when they fall on the same calendar day as each states it, when both carry
/// an offset and are the same moment, or when one is a UTC time that a real offset (−12 h …
/// +14 h) puts on the other's day: zones are compared as the page wrote them, never invented.
/// Refused dates are still chosen when nothing else is there. O(n²) in the candidates (a dozen).
enum DateEvidence {
    /// The chosen date, its source, and what a reader should know about the choice.
    struct Choice: Equatable {
        var date: NewsDate
        var source: DateSource
        var warnings: [String]
    }

    /// How much a source's agreement counts. JSON-LD is the article's own structured record;
    /// `<meta>` tags are written by the CMS too, but some hold the print edition's day or a live
    /// page's last update, so `<meta>` and one visible line do not outvote JSON-LD (a tie keeps
    /// the more trusted source); `itemprop`, a `<time>` marked as published and the URL's day
    /// are nearly as deliberate; visible lines may belong to something else on the page (a
    /// teaser, the header's "today"); modified and "updated" dates say when it changed, not
    /// when it appeared.
    static func weight(_ source: DateSource) -> Int {
        switch source {
        case .jsonLD: return 4
        case .meta: return 3
        case .itemprop, .time, .url: return 2
        case .modified, .updateLine: return 0
        default: return 1
        }
    }

    /// Far before: a year. A page's own dates (published, URL, byline line) lie days apart at
    /// most, an embedded old item or a template's default years apart.
    static let farBeforeSeconds: Int64 = 365 * 86_400
    /// A date may pass the crawl by a day: a UTC crawl time and a local publication day differ
    /// by up to 14 hours.
    static let boundSlackSeconds: Int64 = 86_400

    /// Chooses among `candidates` (most trusted first). `modified`: the page's modified date, if
    /// any (see ``updateEchoes(_:modified:)``). `latest`: the instant no publication can follow
    /// (seconds since 1970) and how to call it in a warning. `nil` when there is no candidate.
    static func choose(
        _ candidates: [DateCandidate], modified: NewsDate? = nil, latest: Int64, latestName: String
    ) -> Choice? {
        guard let first = candidates.first else { return nil }
        var warnings: [String] = []
        var kept = candidates.filter { $0.date.instant <= latest + boundSlackSeconds }
        guard !kept.isEmpty else {
            return Choice(date: first.date, source: first.source, warnings: [
                "published date \(first.date.iso8601) (\(first.source.rawValue)) is after \(latestName), and the page states no other"
            ])
        }
        for c in candidates where c.date.instant > latest + boundSlackSeconds {
            warnings.append("published date \(c.date.iso8601) (\(c.source.rawValue)) refused: after \(latestName)")
        }
        let early = kept.filter { isFarBefore($0, others: kept) }
        if early.count < kept.count {
            for c in early {
                warnings.append(
                    "published date \(c.date.iso8601) (\(c.source.rawValue)) refused: more than a year before the page's other dates")
            }
            kept.removeAll { c in early.contains(c) }
        }
        let updates = updateEchoes(kept, modified: modified)
        var best = 0, bestSupport = -1
        for (i, c) in kept.enumerated() {
            let s = support(c, among: kept, updates: updates)
            if s > bestSupport { (best, bestSupport) = (i, s) }
        }
        let chosen = kept[best]
        let against = kept.filter { weight($0.source) >= 2 && !updates.contains($0) && !agree($0.date, chosen.date) }
        if !against.isEmpty {
            let others = against.map { "\($0.source.rawValue) \($0.date.iso8601)" }.joined(separator: ", ")
            warnings.append("published date sources disagree: \(chosen.source.rawValue) \(chosen.date.iso8601) chosen; \(others)")
        }
        // A choice far older than any other date the page states is said, whatever the weight
        // of that date: a re-dated copy or an old record kept by a CMS looks like this.
        let later = kept.filter {
            weight($0.source) > 0 && !updates.contains($0) && !against.contains($0)
                && $0.date.instant > chosen.date.instant + farBeforeSeconds
        }
        if !later.isEmpty {
            let others = later.map { "\($0.source.rawValue) \($0.date.iso8601)" }.joined(separator: ", ")
            warnings.append(
                "published date \(chosen.date.iso8601) (\(chosen.source.rawValue)) is more than a year before the page's other dates: \(others)")
        }
        if let note = note(chosen.source) { warnings.insert(note, at: 0) }
        return Choice(date: chosen.date, source: chosen.source, warnings: warnings)
    }

    /// Sum of the weights of the sources that agree with `c`, each family of sources once
    /// (see ``family(_:)``) at its greatest weight. `updates`: candidates that only repeat the
    /// page's modified time, which count for nothing.
    static func support(_ c: DateCandidate, among all: [DateCandidate], updates: [DateCandidate]) -> Int {
        var best: [Int: Int] = [:]
        for o in all where !updates.contains(o) && agree(o.date, c.date) {
            best[family(o.source)] = max(best[family(o.source)] ?? 0, weight(o.source))
        }
        return best.values.reduce(0, +)
    }

    /// Sources that may be one statement read twice count once: the visible lines (a date-named
    /// element is often also the line under the headline, and the first `<time>` the same date
    /// again) are one family; `itemprop` and the published `<time>` are another (`<time
    /// itemprop="datePublished">` is both); JSON-LD, `<meta>` and the URL are each their own.
    static func family(_ source: DateSource) -> Int {
        switch source {
        case .dateLine, .headline, .pageTime, .pageLine, .title: return 100
        case .itemprop, .time: return 101
        default: return DateSource.allCases.firstIndex(of: source) ?? 0
        }
    }

    /// The candidates that are the page's modified time again (to the minute), when JSON-LD
    /// states a publication time on an earlier day: a live page that writes its last update
    /// into the other published fields, while its structured record tells the two apart.
    /// Empty otherwise (an article never updated has them all equal; another source's earlier
    /// day is no such statement).
    static func updateEchoes(_ kept: [DateCandidate], modified: NewsDate?) -> [DateCandidate] {
        guard let m = modified, m.hasTime,
            kept.contains(where: { $0.source == .jsonLD && $0.date.hasTime && $0.date < m && !sameDay($0.date, m) })
        else { return [] }
        return kept.filter { $0.source != .jsonLD && $0.date.hasTime && abs($0.date.instant - m.instant) < 60 }
    }

    /// More than ``farBeforeSeconds`` before every other dated source (modified and updated
    /// dates aside), when at least one of them is strong (weight ≥ 2).
    static func isFarBefore(_ c: DateCandidate, others all: [DateCandidate]) -> Bool {
        guard weight(c.source) > 0 else { return false }
        let others = all.filter { $0.source != c.source && weight($0.source) > 0 }
        guard others.contains(where: { weight($0.source) >= 2 }) else { return false }
        return others.allSatisfy { c.date.instant < $0.date.instant - farBeforeSeconds }
    }

    /// The same calendar day as each date writes it.
    static func sameDay(_ a: NewsDate, _ b: NewsDate) -> Bool {
        a.year == b.year && a.month == b.month && a.day == b.day
    }

    /// Whether two dates can be the same publication (see the type's discussion).
    static func agree(_ a: NewsDate, _ b: NewsDate) -> Bool {
        if sameDay(a, b) { return true }
        if a.hasOffset && b.hasOffset { return abs(a.instant - b.instant) < 60 }
        if a.utcOffsetMinutes == 0 { return utcReaches(a, dayOf: b) }
        if b.utcOffsetMinutes == 0 { return utcReaches(b, dayOf: a) }
        return false
    }

    /// Whether some UTC offset (−12 h … +14 h) puts the UTC time `utc` on the calendar day of `local`.
    static func utcReaches(_ utc: NewsDate, dayOf local: NewsDate) -> Bool {
        let day = NewsDate(year: local.year, month: local.month, day: local.day).instant
        return utc.instant + 14 * 3600 >= day && utc.instant - 12 * 3600 < day + 86_400
    }

    /// The warning that says where a date not from structured data was read.
    static func note(_ source: DateSource) -> String? {
        switch source {
        case .jsonLD, .meta, .itemprop: return nil
        case .time: return "published date taken from <time> not metadata"
        case .dateLine: return "published date taken from a date line on the page, not metadata"
        case .url: return "published date guessed from the URL"
        case .headline: return "published date guessed from a line next to the headline"
        case .pageTime: return "published date taken from the first <time> on the page, not metadata"
        case .pageLine: return "published date guessed from the first short dated line of the page"
        case .title: return "published date guessed from the title"
        case .modified: return "published date guessed from the modified date: the page states no other"
        case .updateLine: return "published date guessed from an 'updated' line: the page states no other"
        case .textLine: return nil
        case .scriptData: return "published date guessed from a script's data: the page states no other"
        }
    }
}

extension PageMetadata {
    /// The dates the page states for its publication, most trusted first: JSON-LD, `<meta>`,
    /// `itemprop`, a published `<time>`, date-named elements, the URL, the lines by the
    /// headline, the first `<time>`. Only when none of them is before `latest` (plus a day):
    /// the short dated lines of the page (`pageLines`, read only then), the title, a
    /// publication field of the scripts' data (`scriptDate`, read only then), the modified date
    /// and "updated" lines, the last resorts.
    static func dateCandidates(
        raw: RawMetadata, ld: JSONLDArticle, url: String?, headlineLines: [String], pageLines: () -> [String],
        scriptDate: () -> NewsDate? = { nil }, order: NumericDateOrder, latest: Int64
    ) -> [DateCandidate] {
        let meta = raw.meta
        var out: [DateCandidate] = []
        func add(_ date: NewsDate?, _ source: DateSource) {
            if let date { out.append(DateCandidate(date: date, source: source)) }
        }
        add(ld.published, .jsonLD)
        add(firstDate(meta, keys: publishedKeys, order: order)?.date, .meta)
        add((raw.itemprops["datepublished"] ?? raw.itemprops["datecreated"]).flatMap { date(in: $0, order: order) }, .itemprop)
        add(raw.times.first(where: { $0.published }).flatMap { date(in: $0.value, order: order) }, .time)
        add(visibleDate(raw.dateTexts, order: order), .dateLine)
        add(url.flatMap(dateInURL), .url)
        add(visibleDate(headlineLines, order: order), .headline)
        // The first `<time>` only when it is not the published one, which is read above.
        if raw.times.first?.published != true {
            add(raw.times.lazy.compactMap { date(in: $0.value, order: order) }.first, .pageTime)
        }
        if out.contains(where: { $0.date.instant <= latest + DateEvidence.boundSlackSeconds }) { return out }
        let lines = pageLines()
        add(visibleDate(lines, order: order), .pageLine)
        add([raw.titleElement, meta["og:title"], meta["twitter:title"]].lazy
            .compactMap { $0.flatMap { DateParser.find(in: $0[...], order: order)?.date } }.first, .title)
        add(scriptDate(), .scriptData)
        add(ld.modified ?? firstDate(meta, keys: modifiedKeys, order: order)?.date, .modified)
        add(visibleDate(raw.dateTexts + headlineLines + lines, order: order, updates: true), .updateLine)
        return out
    }

    /// The latest instant a publication date may have: the crawl, else now; and its name.
    static func latestDate(crawled: NewsDate?) -> (instant: Int64, name: String) {
        if let c = crawled { return (c.instant, "the crawl date \(c.iso8601)") }
        return (Int64(Date().timeIntervalSince1970), "the time of extraction")
    }
}
