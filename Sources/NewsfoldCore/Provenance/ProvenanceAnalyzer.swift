/// Works out the provenance of one story: for each copy group, the original and why; for each
/// article, its role, how it changed the original, and flags with evidence; for independent
/// reports, what they add.
///
/// Pure and deterministic: no I/O, the same inputs in any order give the same report (ties
/// are broken by id).
///
/// ```swift
/// let inputs = storyArticles.map { ProvenanceInput(article: $0, group: groupID[$0.id]!) }
/// let report = ProvenanceAnalyzer().analyze(story: inputs)
/// print(ProvenanceText.render(report))
/// ```
///
/// Method, in the order it runs:
/// 1. Each article's body is split into sentences (``SentenceSplitter``) of folded words
///    (``WordTokenizer``); a dateline lead (`WASHINGTON (AP) —`) is set apart.
/// 2. Dates: a date far from the median of the story's other dates, after the crawl, or
///    contradicting a weekday in the first paragraph is flagged; only the others are credible.
/// 3. Original: the member with the earliest credible date; members as early within
///    time-zone uncertainty (and all members when none is dated) are compared by completeness
///    (how much of the others it contains and how much of it they confirm), then wire credit.
/// 4. Each other member's sentences are aligned to the original's (Dice of word bigrams,
///    one-to-one, best pairs first, so reordering is allowed); aligned pairs are diffed word by
///    word (longest common subsequence) into edits; unaligned sentences are added or dropped.
/// 5. Flags: injected text (words no other member has, spliced into an otherwise verbatim
///    sentence or headline, or a whole new sentence), missing attribution, truncation.
/// 6. Articles alone in their group are rewrites (a third or more of their shingles in one
///    other article) or independent; both get what they add to the story.
///
/// Cost: O(story words) for tokens, shingle postings and vocabularies; per copy, alignment
/// through an inverted index of the original's word bigrams (O(bigrams × sentences sharing
/// each)) and O(w²) per aligned sentence pair (w words per sentence); choosing an original
/// compares at most ``ProvenanceThresholds/maxOriginalCandidates`` members with the others;
/// an article alone in its group is compared with every other article (O(articles × shingles)
/// by merging sorted shingle lists).
public struct ProvenanceAnalyzer: Sendable {
    /// An analyser; it holds no state (the thresholds are ``ProvenanceThresholds``), so one value
    /// can be shared by any number of tasks.
    public init() {}

    /// The provenance of the story made of `inputs` (its articles, in any order), by the method
    /// above. An article alone in its copy group with most of its words in sentences of another
    /// group's member (``ProvenanceThresholds/rewriteMaxAlignedShare``) joins that group, and the
    /// group's evidence says so. Empty input gives an empty report.
    public func analyze(story inputs: [ProvenanceInput]) -> ProvenanceReport {
        if inputs.count == 1 {
            return analyzeAlone(ArticleText(article: inputs[0].article, group: inputs[0].group, use: .alone))
        }
        return analyze(prepared: inputs.map { PreparedProvenanceInput($0.article, group: $0.group) })
    }

    /// The report of a story of one article, as ``analyze(prepared:)`` makes it (an independent
    /// report, alone in its copy group, with its dates checked and what it adds), from a text
    /// made for it alone (``ArticleText/Use/alone``): nothing is compared, so none of the sets
    /// that compare articles are built.
    func analyzeAlone(_ t: ArticleText) -> ProvenanceReport {
        let dates = DateChecks.check([t])
        let group = aloneInGroup(t, group: t.group, nearest: nil, dates: dates[0], vocabulary: StoryVocabulary(alone: t))
        return ProvenanceReport(groups: [group], articles: [t.id: ArticleFacts(t.article)])
    }

    /// ``analyze(story:)`` of articles tokenised beforehand: the same report, without the
    /// O(story bytes) tokenising, for a caller that analyses a growing story again and again
    /// and keeps each article's ``PreparedProvenanceInput`` (the store, once per batch).
    public func analyze(prepared inputs: [PreparedProvenanceInput]) -> ProvenanceReport {
        // Stable order whatever the input order: by id.
        let texts = inputs.sorted { $0.id < $1.id }.map(\.text)
        guard !texts.isEmpty else { return ProvenanceReport(groups: []) }
        let (groupOf, joinNotes) = regroup(texts)
        var groupOrder: [String] = []
        var membersOf: [String: [Int]] = [:]
        for i in texts.indices {
            if membersOf[groupOf[i]] == nil { groupOrder.append(groupOf[i]) }
            membersOf[groupOf[i], default: []].append(i)
        }

        // Dates, judged by the story's consensus; the words and word pairs of the whole story,
        // so that text another report carries is never taken for injected text.
        let dates = DateChecks.check(texts)
        let vocabulary = StoryVocabulary(texts)

        var groups: [ProvenanceGroup] = []
        var singletons: [Int] = []
        for g in groupOrder {
            let members = membersOf[g]!
            if members.count == 1 {
                singletons.append(members[0])
                continue
            }
            var group = analyzeGroup(id: g, members: members, texts: texts, dates: dates, vocabulary: vocabulary)
            if let notes = joinNotes[g] { group.evidence += "; " + notes.joined(separator: "; ") }
            groups.append(group)
        }
        // Articles alone in their group: rewrites or independent reports, compared with the
        // text of each other group (its original), not with every copy.
        let originals = Set(groups.map(\.original)).union(singletons.map { texts[$0].id })
        for i in singletons {
            groups.append(
                aloneInGroup(i, texts: texts, groupOf: groupOf, originals: originals, dates: dates, vocabulary: vocabulary))
        }
        Self.sortGroups(&groups, texts: texts)
        var facts: [String: ArticleFacts] = [:]
        for t in texts { facts[t.id] = ArticleFacts(t.article) }
        return ProvenanceReport(groups: groups, articles: facts)
    }

    /// The article sharing the most shingles with article `i`, among those allowed (ties: the
    /// smaller id).
    private func nearest(_ i: Int, in texts: [ArticleText], among allowed: (Int) -> Bool) -> (j: Int, shared: Int)? {
        var best: (j: Int, shared: Int)? = nil
        for j in texts.indices where j != i && allowed(j) {
            let c = SortedKeys.intersectionCount(texts[i].shingles, texts[j].shingles)
            guard c > 0 else { continue }
            if best == nil || c > best!.shared || (c == best!.shared && texts[j].id < texts[best!.j].id) {
                best = (j, c)
            }
        }
        return best
    }

    /// Groups as given, except that an article alone in its group whose sentences are mostly
    /// those of another article (an edited copy below the copy-group threshold) joins that
    /// one's group; with a note per group saying who joined and why.
    private func regroup(_ texts: [ArticleText]) -> (groupOf: [String], notes: [String: [String]]) {
        var groupOf = texts.map(\.group)
        var joinNotes: [String: [String]] = [:]
        var sizes: [String: Int] = [:]
        for g in groupOf { sizes[g, default: 0] += 1 }
        for i in texts.indices where sizes[groupOf[i]] == 1 {
            guard let b = nearest(i, in: texts, among: { groupOf[$0] != groupOf[i] }),
                Double(b.shared) >= ProvenanceThresholds.rewriteMinContainment * Double(max(texts[i].shingles.count, 1))
            else { continue }
            let share = alignedShare(texts[i], texts[b.j])
            guard share >= ProvenanceThresholds.rewriteMaxAlignedShare else { continue }
            sizes[groupOf[i]] = 0
            groupOf[i] = groupOf[b.j]
            sizes[groupOf[i], default: 0] += 1
            joinNotes[groupOf[i], default: []].append(
                "\(texts[i].id) joined the group: \(percent(share)) of its words are in sentences of \(texts[b.j].id)")
        }
        return (groupOf, joinNotes)
    }

    /// The group of article `i`, alone in its copy group: a rewrite of the nearest other
    /// group's original when enough of its text is found there, else an independent report.
    private func aloneInGroup(
        _ i: Int, texts: [ArticleText], groupOf: [String], originals: Set<String>, dates: [DateChecks.Result],
        vocabulary: StoryVocabulary
    ) -> ProvenanceGroup {
        let best = nearest(i, in: texts) { groupOf[$0] != groupOf[i] && originals.contains(texts[$0].id) }
        return aloneInGroup(
            texts[i], group: groupOf[i], nearest: best.map { (texts[$0.j], $0.shared) }, dates: dates[i],
            vocabulary: vocabulary)
    }

    /// The group of `t`, alone in its copy group `group`, given the other group's original
    /// that shares the most shingles with it (`nil`: none shares any).
    private func aloneInGroup(
        _ t: ArticleText, group: String, nearest best: (text: ArticleText, shared: Int)?, dates: DateChecks.Result,
        vocabulary: StoryVocabulary
    ) -> ProvenanceGroup {
        var member = ProvenanceMember(id: t.id, role: .independent, similarity: 0, containment: 0)
        if let b = best {
            let containment = t.shingles.isEmpty ? 0 : Double(b.shared) / Double(t.shingles.count)
            let union = t.shingles.count + b.text.shingles.count - b.shared
            member.comparedWith = b.text.id
            member.containment = containment
            member.similarity = union == 0 ? 0 : Double(b.shared) / Double(union)
            if containment >= ProvenanceThresholds.rewriteMinContainment { member.role = .rewrite }
        }
        member.flags = dates.flags
        member.adds = vocabulary.additions(of: t)
        let evidence =
            member.role == .rewrite
            ? "alone in its copy group; \(percent(member.containment)) of its text is found in \(member.comparedWith!)"
            : "alone in its copy group; its own words (at most \(percent(member.containment)) of its text is found in any other article of this story)"
        return ProvenanceGroup(id: group, original: t.id, evidence: evidence, members: [member])
    }

    /// Largest groups first, then by the original's date (undated last), then id.
    private static func sortGroups(_ groups: inout [ProvenanceGroup], texts: [ArticleText]) {
        let index = Dictionary(texts.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        groups.sort { a, b in
            if a.members.count != b.members.count { return a.members.count > b.members.count }
            let da = texts[index[a.original]!].article.published?.instant ?? .max
            let db = texts[index[b.original]!].article.published?.instant ?? .max
            if da != db { return da < db }
            return a.original < b.original
        }
    }

    // MARK: - One copy group

    private func analyzeGroup(
        id: String, members: [Int], texts: [ArticleText], dates: [DateChecks.Result], vocabulary: StoryVocabulary
    ) -> ProvenanceGroup {
        let groupWords = KeyCounts(members.lazy.map { texts[$0].words })
        var (o, evidence, equals) = chooseOriginal(
            members: members, texts: texts, dates: dates, vocabulary: vocabulary, groupWords: groupWords)
        if equals.count > 1,
            let swap = spliceInChosen(
                o, among: equals, members: members, texts: texts, dates: dates, vocabulary: vocabulary, groupWords: groupWords)
        {
            (o, evidence) = swap
        }
        var notes: [String] = []
        for m in members { if let n = dates[m].note, !notes.contains(n) { notes.append(n) } }
        if !notes.isEmpty { evidence += "; " + notes.joined(separator: "; ") }
        let original = texts[o]

        var out: [ProvenanceMember] = []
        var first = ProvenanceMember(id: original.id, role: .original)
        first.flags = dates[o].flags + missingAttribution(o, members: members, texts: texts)
        out.append(first)
        for m in members where m != o {
            let peers = members.lazy.filter { $0 != m && $0 != o }.prefix(ProvenanceThresholds.maxOriginalCandidates)
                .map { texts[$0] }
            var member = compare(
                copy: texts[m], original: original, vocabulary: vocabulary, groupWords: groupWords, peers: Array(peers))
            member.flags = dates[m].flags + member.flags + missingAttribution(m, members: members, texts: texts)
            out.append(member)
        }
        var published: [String: Int64] = [:]
        for m in members { published[texts[m].id] = texts[m].article.published?.instant ?? .max }
        let rest = out.dropFirst().sorted { a, b in
            let da = published[a.id] ?? .max
            let db = published[b.id] ?? .max
            return da != db ? da < db : a.id < b.id
        }
        return ProvenanceGroup(id: id, original: original.id, evidence: evidence, members: [out[0]] + rest)
    }

    /// The interval a date may stand for: exact with a zone, ± the zone uncertainty without
    /// one, the whole day (± zones) for a date alone.
    private func window(_ d: NewsDate) -> (lo: Int64, hi: Int64) {
        let u = ProvenanceThresholds.unzonedUncertaintySeconds
        if d.hasOffset { return (d.instant, d.instant) }
        if d.hasTime { return (d.instant - u, d.instant + u) }
        return (d.instant - u, d.instant + 86_400 + u)
    }

    /// When the original was chosen among equals (a date tie, or no dates) and, read as a copy
    /// of the runner-up, it carries injected text made of names that no other member and no
    /// other report has, the runner-up is the original: a farm's copy of a later, fuller
    /// version must not become the original because its day-only date ties the agency's.
    /// The runner-up must not carry injected text against it in turn. `nil` keeps the choice.
    private func spliceInChosen(
        _ o: Int, among equals: [Int], members: [Int], texts: [ArticleText], dates: [DateChecks.Result],
        vocabulary: StoryVocabulary, groupWords: KeyCounts
    ) -> (Int, String)? {
        // Names no other article of the story has, not even another copy.
        guard !Self.names(of: texts[o], vocabulary, headline: false, where: { vocabulary.words.count($0) == 1 }).isEmpty
        else { return nil }
        let (r, because, _) = chooseOriginal(
            members: members, texts: texts, dates: dates, vocabulary: vocabulary, groupWords: groupWords, excluding: o)
        guard equals.contains(r) else { return nil }
        let others = members.filter { $0 != o && $0 != r }.prefix(ProvenanceThresholds.maxOriginalCandidates).map { texts[$0] }
        func injected(_ copy: Int, _ original: Int) -> ProvenanceFlag? {
            compare(copy: texts[copy], original: texts[original], vocabulary: vocabulary, groupWords: groupWords, peers: others)
                .flags.first { $0.kind == .injectedText }
        }
        guard let flag = injected(o, r), injected(r, o) == nil else { return nil }
        return (r, "\(because); \(texts[o].id) would be more complete, but against \(texts[r].id) it adds \"\(flag.text)\", names no other report has")
    }

    /// The original of a group (the earliest credible date, then the most complete, then the
    /// fewest unsupported names), why, and the candidates it was chosen among (the equally
    /// early members, or all when none is dated). `excluding`: a member not to choose.
    private func chooseOriginal(
        members allMembers: [Int], texts: [ArticleText], dates: [DateChecks.Result], vocabulary: StoryVocabulary,
        groupWords: KeyCounts, excluding: Int? = nil
    ) -> (Int, String, candidates: [Int]) {
        var reasons: [String] = []
        let members = allMembers.filter { $0 != excluding }
        let dated = members.filter { dates[$0].credible }
        var candidates: [Int]
        var earliestNote: String? = nil
        if dated.isEmpty {
            candidates = members
            reasons.append("no member has a credible date")
        } else {
            let minHi = dated.map { window(texts[$0].article.published!).hi }.min()!
            candidates = dated.filter { window(texts[$0].article.published!).lo <= minHi }
            if candidates.count == 1 {
                earliestNote = "earliest date, \(texts[candidates[0]].article.published!.iso8601)"
            }
        }
        if candidates.count > ProvenanceThresholds.maxOriginalCandidates {
            candidates = Array(
                candidates.sorted { (texts[$0].shingles.count, texts[$1].id) > (texts[$1].shingles.count, texts[$0].id) }
                    .prefix(ProvenanceThresholds.maxOriginalCandidates))
        }
        let shingleCounts = KeyCounts(allMembers.lazy.map { texts[$0].shingles })
        let scored = candidates.map { ($0, completeness($0, members: allMembers, texts: texts, counts: shingleCounts)) }
        // Names no other article of the story has: a copier's spliced brand; an original's
        // names are carried by its copies.
        let unsupported = Dictionary(
            uniqueKeysWithValues: candidates.map {
                ($0, unsupportedNames(texts[$0], vocabulary, groupWords: groupWords, members: allMembers.count))
            })
        let best = scored.max { a, b in
            let (ia, sa) = a
            let (ib, sb) = b
            if abs(sa.score - sb.score) > ProvenanceThresholds.completenessMargin { return sa.score < sb.score }
            if unsupported[ia]! != unsupported[ib]! { return unsupported[ia]! > unsupported[ib]! }
            return later(texts[ia], than: texts[ib])
        }!
        let chosen = best.0
        let c = best.1
        if let note = earliestNote {
            reasons.append(note)
        } else if !dated.isEmpty {
            let others = candidates.filter { $0 != chosen }.map {
                "\(texts[$0].id) at \(texts[$0].article.published!.iso8601)"
            }
            let mine = texts[chosen].article.published!.iso8601
            reasons.append(
                "earliest date, \(mine), together with \(others.joined(separator: ", ")) (dates without a time zone can be off by up to 14 hours); chosen as the most complete")
        } else if candidates.count > 1 {
            reasons.append("chosen as the most complete")
        }
        let others = allMembers.count - 1
        reasons.append(
            "contains \(percent(c.contains)) of the other \(others == 1 ? "member" : "\(others) members") on average; \(percent(c.confirmed)) of its text is found in them")
        if let credit = texts[chosen].credit { reasons.append("credits \(credit)") }
        let excluded = allMembers.filter { texts[$0].article.published != nil && !dates[$0].credible }
        for e in excluded {
            reasons.append("\(texts[e].id)'s date \(texts[e].article.published!.iso8601) not used (date-anomaly)")
        }
        return (chosen, reasons.joined(separator: "; "), candidates)
    }

    /// Completeness of candidate `c`: how much of the other members it contains, how much of
    /// it they confirm, and their mean (the score).
    private func completeness(
        _ c: Int, members: [Int], texts: [ArticleText], counts: KeyCounts
    ) -> (score: Double, contains: Double, confirmed: Double) {
        let cs = texts[c].shingles
        var sum = 0.0
        var n = 0
        for m in members where m != c {
            let ms = texts[m].shingles
            guard !ms.isEmpty else { continue }
            sum += Double(SortedKeys.intersectionCount(ms, cs)) / Double(ms.count)
            n += 1
        }
        let contains = n == 0 ? 1 : sum / Double(n)
        let confirmed = cs.isEmpty ? 0 : Double(counts.sharedCount(of: cs)) / Double(cs.count)
        return ((contains + confirmed) / 2, contains, confirmed)
    }

    /// The last tie-breaks between two equally complete candidates: `a` ranks below `b` when
    /// it credits no agency and `b` does, then when it is dated later, then by id.
    private func later(_ a: ArticleText, than b: ArticleText) -> Bool {
        if (a.credit != nil) != (b.credit != nil) { return a.credit == nil }
        let da = a.article.published?.instant ?? .max
        let db = b.article.published?.instant ?? .max
        if da != db { return da > db }
        return a.id > b.id
    }

    /// The number of distinct name words of `t` (headline and body) that no report outside its
    /// copy group has and at most half of the group's members have: a copier's brand, where an
    /// original's names are carried by its copies.
    private func unsupportedNames(_ t: ArticleText, _ vocabulary: StoryVocabulary, groupWords: KeyCounts, members: Int) -> Int {
        Self.names(of: t, vocabulary, headline: true) { w in
            let inGroup = groupWords.count(w)
            return vocabulary.words.count(w) == inGroup && 2 * inGroup <= members
        }.count
    }

    /// The distinct name words of `t`'s body (and headline when `headline`) that `keep`.
    private static func names(
        of t: ArticleText, _ vocabulary: StoryVocabulary, headline: Bool, where keep: (UInt64) -> Bool
    ) -> Set<UInt64> {
        var seen = Set<UInt64>()
        func scan(_ s: Sentence, headline: Bool) {
            for k in s.words.indices where vocabulary.isName(s, word: k, headline: headline) && keep(s.words[k]) {
                seen.insert(s.words[k])
            }
        }
        if headline, let title = t.title { scan(title, headline: true) }
        for s in t.sentences { scan(s, headline: false) }
        return seen
    }

    // MARK: - A copy against its original

    private func compare(
        copy: ArticleText, original: ArticleText, vocabulary: StoryVocabulary, groupWords: KeyCounts,
        peers: [ArticleText]
    ) -> ProvenanceMember {
        var member = ProvenanceMember(id: copy.id, role: .copy, comparedWith: original.id)
        let inter = SortedKeys.intersectionCount(copy.shingles, original.shingles)
        let union = copy.shingles.count + original.shingles.count - inter
        member.similarity = union == 0 ? 1 : Double(inter) / Double(union)
        member.containment = copy.shingles.isEmpty ? 1 : Double(inter) / Double(copy.shingles.count)

        var comparison = CopyComparison(
            copy: copy, original: original, vocabulary: vocabulary, groupWords: groupWords, peers: peers)
        comparison.compareHeadline()
        comparison.compareSentences()
        comparison.addedSentences()
        comparison.droppedSentences()

        if comparison.alignedShare < ProvenanceThresholds.rewriteMaxAlignedShare {
            member.role = .rewrite
        } else if Double(comparison.changedWords)
            > ProvenanceThresholds.copyMaxChangedShare * Double(max(original.wordCount, 1))
        {
            member.role = .editedCopy
        }
        member.changes = comparison.changes
        member.flags = comparison.flags
        return member
    }

    /// Share of `a`'s words in sentences with a counterpart in `b`.
    private func alignedShare(_ a: ArticleText, _ b: ArticleText) -> Double {
        let pairs = ProvenanceAnalyzer.align(a.sentences, b.sentences, postings: b.postings)
        let words = pairs.reduce(0) { $0 + a.sentences[$1.0].words.count }
        return Double(words) / Double(max(a.wordCount, 1))
    }

    /// One-to-one sentence pairs `(copy, original)` with Dice ≥ ``ProvenanceThresholds/sentenceMatch``,
    /// best first (ties: closest positions). Candidates come from a sorted index of the
    /// original's word bigrams, so the cost is O(bigrams × log + sentences sharing each) rather
    /// than O(c × o) comparisons.
    static func align(_ copy: [Sentence], _ original: [Sentence]) -> [(Int, Int)] {
        align(copy, original, postings: SentencePostings(original))
    }

    /// ``align(_:_:)`` with the original's postings made ahead (``ArticleText/postings``).
    static func align(_ copy: [Sentence], _ original: [Sentence], postings: SentencePostings) -> [(Int, Int)] {
        let keys = postings.keys, owners = postings.owners
        var candidates: [(Double, Int, Int)] = []
        var shared = [Int](repeating: 0, count: original.count)
        var touched: [Int] = []
        for (c, cs) in copy.enumerated() {
            var k = 0  // the sentence's bigrams ascend: each is looked for past the one before
            for b in cs.bigrams {
                k = SortedKeys.lowerBound(keys, b, from: k)
                while k < keys.count, keys[k] == b {
                    let o = Int(owners[k])
                    if shared[o] == 0 { touched.append(o) }
                    shared[o] += 1
                    k += 1
                }
            }
            for o in touched {
                let total = cs.bigrams.count + original[o].bigrams.count
                let d = cs.words == original[o].words ? 1.0 : 2 * Double(shared[o]) / Double(max(total, 1))
                if d >= ProvenanceThresholds.sentenceMatch { candidates.append((d, c, o)) }
                shared[o] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        candidates.sort { a, b in
            if a.0 != b.0 { return a.0 > b.0 }
            let da = abs(a.1 - a.2)
            let db = abs(b.1 - b.2)
            return da != db ? da < db : (a.1, a.2) < (b.1, b.2)
        }
        var usedC = [Bool](repeating: false, count: copy.count)
        var usedO = [Bool](repeating: false, count: original.count)
        var out: [(Int, Int)] = []
        for (_, c, o) in candidates where !usedC[c] && !usedO[o] {
            usedC[c] = true
            usedO[o] = true
            out.append((c, o))
        }
        return out
    }

    /// A copy of a wire story that credits no agency while other members do.
    private func missingAttribution(_ i: Int, members: [Int], texts: [ArticleText]) -> [ProvenanceFlag] {
        let t = texts[i]
        guard t.credit == nil else { return [] }
        let crediting = members.filter { $0 != i && texts[$0].credit != nil }
        guard !crediting.isEmpty else { return [] }
        let agencies = Array(Set(crediting.map { texts[$0].credit! })).sorted()
        let ids = crediting.map { texts[$0].id }.sorted()
        let opening = t.sentences.first?.text ?? t.article.title ?? ""
        return [
            ProvenanceFlag(
                kind: .missingAttribution,
                evidence:
                    "\(crediting.count) of the other \(members.count - 1) members credit \(agencies.joined(separator: ", ")) (\(ids.joined(separator: ", "))); this copy names no agency in its byline, dateline or credit lines",
                text: opening, severity: .low)
        ]
    }
}

/// Length of the longest strictly increasing subsequence. O(n log n).
func longestIncreasing(_ xs: [Int]) -> Int {
    var tails: [Int] = []
    for x in xs {
        var lo = 0
        var hi = tails.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tails[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        if lo == tails.count { tails.append(x) } else { tails[lo] = x }
    }
    return tails.count
}

/// `98%`.
func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
