import NewsfoldCore

/// What a writing store remembers between batches so that analysing a story again costs
/// little: each article's tokenised form (``PreparedProvenanceInput``, the costly part of an
/// analysis), and each story's last report with the exact inputs it was made from.
///
/// Both are exact, never stale: a report is a pure function of its story's members and their
/// copy groups, and a stored article never changes under its id. The one exception is a
/// rolled-back transaction, whose articles were remembered but not kept: the store calls
/// ``removeAll()`` then (the same moment it rebuilds its engine).
///
/// ```swift
/// var memo = ProvenanceMemo()
/// memo.remember(PreparedProvenanceInput(article, group: group))
/// let members = [ProvenanceMemo.Member(id: article.id, group: group)]
/// if memo.report(story: 7, members: members) == nil {
///     memo.remember(ProvenanceAnalyzer().analyze(prepared: [memo.text(article.id)!]), story: 7, members: members)
/// }
/// ```
///
/// Memory: at most ``textBudgetBytes`` of tokenised articles and ``maxReports`` reports; past
/// either, the least recently used half is dropped (and read back from the database when
/// needed again). Look-ups O(1); a drop O(n log n) once per n/2 additions.
struct ProvenanceMemo {
    /// Tokenised articles kept, in bytes (``PreparedProvenanceInput/approximateBytes``): enough
    /// for the live stories of a busy stream (a few thousand news articles), small beside the
    /// index of a large store.
    static let textBudgetBytes = 128 << 20
    /// Story reports kept (one per story, the last one made). A report is about the size of
    /// its story's text; stories analysed on ingest have at most
    /// ``StoreState/maxArticlesAnalysedOnIngest`` articles.
    static let maxReports = 1024

    /// One member of a story as the analysis sees it.
    struct Member: Equatable, Sendable {
        var id: String
        var group: String
    }

    private var texts: [String: (text: PreparedProvenanceInput, used: UInt64)] = [:]
    private var textBytes = 0
    /// By story id, with the members (sorted by id) each report was made from.
    private var reports: [Int: (members: [Member], report: ProvenanceReport, used: UInt64)] = [:]
    private var clock: UInt64 = 0

    /// The tokenised article with this id, if remembered.
    mutating func text(_ id: String) -> PreparedProvenanceInput? {
        guard let hit = texts[id] else { return nil }
        clock += 1
        texts[id]?.used = clock
        return hit.text
    }

    mutating func remember(_ text: PreparedProvenanceInput) {
        clock += 1
        if let old = texts.updateValue((text, clock), forKey: text.id) { textBytes -= old.text.approximateBytes }
        textBytes += text.approximateBytes
        if textBytes > Self.textBudgetBytes {
            let keep = texts.sorted { $0.value.used > $1.value.used }
            texts.removeAll(keepingCapacity: true)
            textBytes = 0
            for (id, entry) in keep where textBytes + entry.text.approximateBytes <= Self.textBudgetBytes / 2 {
                texts[id] = entry
                textBytes += entry.text.approximateBytes
            }
        }
    }

    /// The story's last report, if it was made from exactly these members (sorted by id).
    mutating func report(story: Int, members: [Member]) -> ProvenanceReport? {
        guard let hit = reports[story], hit.members == members else { return nil }
        clock += 1
        reports[story]?.used = clock
        return hit.report
    }

    mutating func remember(_ report: ProvenanceReport, story: Int, members: [Member]) {
        clock += 1
        reports[story] = (members, report, clock)
        if reports.count > Self.maxReports {
            let keep = reports.sorted { $0.value.used > $1.value.used }.prefix(Self.maxReports / 2)
            reports = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
        }
    }

    /// Forgets everything (after a rolled-back transaction).
    mutating func removeAll() {
        texts.removeAll()
        textBytes = 0
        reports.removeAll()
    }
}
