import HeapModule

/// One story merged into another by the repair of fragments (``StoryClusterer/settle()``, and
/// the stories retired during ``StoryClusterer/add(_:profile:)``): the articles of `gone` now
/// belong to `into`, the lower id.
public struct StoryMerge: Sendable, Equatable, Hashable {
    /// The story merged away.
    public var gone: Int
    /// The story that took its articles (the lower id of the two, as in every merge).
    public var into: Int

    /// `gone` merged into `into`.
    public init(gone: Int, into: Int) {
        self.gone = gone
        self.into = into
    }
}

extension StoryClusterer {
    /// Ends a stream: repairs the fragments (and larger dated stories) among the live stories, as
    /// a story is repaired when it retires (see ``StorySettings/repairThreshold``). The stories stay live:
    /// a store settles at the end of each `ingest` run and goes on taking articles.
    ///
    /// Then decides, earliest first, which live stories continue earlier ones (``StoryLink``,
    /// ``StorySettings/threadGapDays``): once for each story, which keeps its link (or its
    /// lack of one) when it goes on growing.
    ///
    /// Returns the merges in the order they were made and the links; give them to
    /// ``StoryMembership/settle(_:)`` (``StoryBatch/finish()`` does). The pass runs until no
    /// proposal is left, so settling again right after rarely merges more (only a fragment
    /// whose runner-up was merged away meanwhile may then stand out).
    ///
    /// ```swift
    /// var clusterer = StoryClusterer(), membership = StoryMembership()
    /// for (i, input) in inputs.enumerated() { membership.add(i, clusterer.add(input)) }
    /// membership.settle(clusterer.settle())
    /// let stories = membership.stories()
    /// ```
    ///
    /// Cost: per live fragment, one index lookup and up to 8 story comparisons
    /// (`repairCandidates`); then as much per story a merge touches; per undecided story, one
    /// lookup and up to ``StorySettings/maxCandidates`` comparisons for its link.
    public mutating func settle() -> StorySettlement {
        var settling = Set(live.keys)
        let merges = repair(settling: &settling)
        return StorySettlement(merges: merges, links: decideThreads(Array(live.keys), withLive: true))
    }

    /// The repair pass. Each fragment (a live story of at most
    /// ``StorySettings/repairMaxArticles`` articles), and each larger dated story at the bar
    /// ``StorySettings/repairStoryThreshold``, proposes the story it is most similar to
    /// (``storySimilarity(_:_:probes:)``) among its candidates whose spans lie at most
    /// ``StorySettings/repairGapDays`` from its own, when that similarity reaches
    /// ``StorySettings/repairThreshold`` and stands out from the runner-up's by
    /// ``StorySettings/repairMargin`` (in a dense stream a fragment is near many stories: then
    /// none is its own); one of the two must be in `settling`. The best proposal merges (ties:
    /// the lowest ids; the lower id survives), the stories it touched propose again, until none
    /// is left. Deterministic: the order depends on ids and scores only. A merged story stays in
    /// `settling` only when both halves were in it.
    ///
    /// Candidates come from the index (the stories sharing the most of a story's heaviest words
    /// and names), so the pass never compares all pairs.
    mutating func repair(settling: inout Set<Int>) -> [StoryMerge] {
        guard settings.repairThreshold > 0, !settling.isEmpty else { return [] }
        var book = RepairBook()
        var choices: [Int: RepairChoice?] = [:]
        for id in settling.sorted() {
            for (pair, score) in repairProposals(around: id, settling: settling, choices: &choices) {
                book.set(pair, score)
            }
        }
        var merges: [StoryMerge] = []
        while let best = book.popBest() {
            // A proposal recorded before a merge nearby may no longer be made (its runner-up
            // grew): it merges only if one end still proposes it.
            guard repairProposal(of: best.low, settling: settling, choices: &choices)?.pair == best
                || repairProposal(of: best.high, settling: settling, choices: &choices)?.pair == best
            else {
                book.remove(best)
                continue
            }
            let (keep, gone) = (best.low, best.high)
            var partners = book.removeAll(involving: keep).union(book.removeAll(involving: gone))
            // Both live, always (the pairs of a merged story are removed above); a merge that
            // did not happen must never reach the caller's record.
            guard live.index(forKey: keep) != nil, live.index(forKey: gone) != nil else { continue }
            merge(gone, into: keep)
            merges.append(StoryMerge(gone: gone, into: keep))
            if !settling.contains(gone) { settling.remove(keep) }
            settling.remove(gone)
            partners.remove(gone)
            partners.insert(keep)
            for id in partners { choices[id] = nil }
            for id in partners.sorted() {
                if let p = repairProposal(of: id, settling: settling, choices: &choices) { book.set(p.pair, p.score) }
            }
        }
        return merges
    }

    /// The stories a fragment is compared with: those within the repair gap sharing the most
    /// of its heaviest words and names. A story's own event shares many: on the ECB+ sets 8
    /// and 16 give the same F1 within 0.003; the bound keeps a settle of ~10⁴ live stories
    /// cheap.
    static let repairCandidates = 8

    /// A settling story's most similar story within the repair gap, the runner-up's
    /// similarity, and the bar the first must reach.
    struct RepairChoice {
        var story: Int
        var score: Float
        var runnerUp: Float
        var bar: Float
    }

    /// The proposals that concern settling story `id`: its own, and, when it is larger than a
    /// fragment, those of the stories among its candidates that are not settling and choose it
    /// (they would not propose otherwise before it is gone). A settling fragment does not
    /// collect them: on ECB+ it changes no story, and on a dense stream it costs 2.6× the
    /// placement time. `choices`: the stories' choices so far.
    private func repairProposals(
        around id: Int, settling: Set<Int>, choices: inout [Int: RepairChoice?]
    ) -> [(RepairPair, Float)] {
        var out: [(RepairPair, Float)] = []
        if let p = repairProposal(of: id, settling: settling, choices: &choices) { out.append((p.pair, p.score)) }
        guard let slot = live.index(forKey: id), live.values[slot].members > Float(settings.repairMaxArticles) else {
            return out
        }
        for other in repairCandidates(of: live.values[slot]) where !settling.contains(other) {
            guard let p = repairProposal(of: other, settling: settling, choices: &choices), p.pair.involves(id) else {
                continue
            }
            out.append((p.pair, p.score))
        }
        return out
    }

    /// The merge story `id` proposes, if any (see ``repair(settling:)``).
    private func repairProposal(
        of id: Int, settling: Set<Int>, choices: inout [Int: RepairChoice?]
    ) -> (pair: RepairPair, score: Float)? {
        let known: RepairChoice?
        if let c = choices[id] {
            known = c
        } else {
            known = repairChoice(of: id)
            choices[id] = .some(known)
        }
        guard let c = known, c.score >= c.bar, c.score >= settings.repairMargin * c.runnerUp,
            settling.contains(id) || settling.contains(c.story)
        else { return nil }
        return (RepairPair(id, c.story), c.score)
    }

    /// Story `id`'s most similar candidate within the repair gap, with the runner-up's
    /// similarity (0 when none) and the bar it must reach: ``StorySettings/repairThreshold``
    /// for a fragment, ``StorySettings/repairStoryThreshold`` for a larger story, which must
    /// be dated and is compared with dated stories only (without dates nothing says the two
    /// ran at once). `nil` when it has no candidate, or is larger and the story bar is off.
    func repairChoice(of id: Int) -> RepairChoice? {
        guard let slot = live.index(forKey: id) else { return nil }
        let story = live.values[slot]
        let fragment = story.members <= Float(settings.repairMaxArticles)
        guard fragment || (settings.repairStoryThreshold > 0 && story.spans.main != nil) else { return nil }
        let bar = fragment ? settings.repairThreshold : settings.repairStoryThreshold
        var best: RepairChoice? = nil
        for other in repairCandidates(of: story, datedOnly: !fragment) {
            guard let b = live.index(forKey: other) else { continue }
            let score = storySimilarity(story, live.values[b])
            if var c = best, score <= c.score {
                c.runnerUp = max(c.runnerUp, score)
                best = c
            } else {
                best = RepairChoice(story: other, score: score, runnerUp: best?.score ?? 0, bar: bar)
            }
        }
        return best
    }

    /// The live stories within ``StorySettings/repairGapDays`` of `story` (and dated, when
    /// `datedOnly`) sharing the most of its heaviest words and names, ascending (the others
    /// cannot be repaired with it: they do not crowd it out).
    private func repairCandidates(of story: LiveStory, datedOnly: Bool = false) -> [Int] {
        let counts = sharingCounts(lookupKeys(terms: story.terms, entities: story.entities))
        let span = story.spans.main
        return counts.top(Self.repairCandidates) { other in
            guard other != story.id, let slot = live.index(forKey: other) else { return false }
            let otherSpan = live.values[slot].spans.main
            if datedOnly && otherSpan == nil { return false }
            return StorySpans.daysApart(span, otherSpan) <= settings.repairGapDays
        }
    }
}

/// The candidate merges of a repair pass: each pair's score, each story's partners, and the
/// pairs in the pass's order (a heap; an entry whose pair was removed or rescored is skipped).
/// ``set(_:_:)`` and ``popBest()`` O(log pairs), ``removeAll(involving:)`` O(partners).
struct RepairBook {
    private var scores: [RepairPair: Float] = [:]
    private var partners: [Int: Set<Int>] = [:]
    private var order = Heap<RankedPair>()

    /// A pair in the pass's order: a higher score first, then the lower ids.
    private struct RankedPair: Comparable {
        var score: Float
        var pair: RepairPair

        static func < (a: RankedPair, b: RankedPair) -> Bool {
            if a.score != b.score { return a.score < b.score }
            return (a.pair.low, a.pair.high) > (b.pair.low, b.pair.high)
        }
    }

    /// Records (or rescores) a candidate merge.
    mutating func set(_ pair: RepairPair, _ score: Float) {
        scores[pair] = score
        partners[pair.low, default: []].insert(pair.high)
        partners[pair.high, default: []].insert(pair.low)
        order.insert(RankedPair(score: score, pair: pair))
    }

    /// The best candidate merge still recorded, or `nil`; it stays recorded.
    mutating func popBest() -> RepairPair? {
        while let top = order.popMax() {
            if scores[top.pair] == top.score { return top.pair }
        }
        return nil
    }

    /// Forgets one pair.
    mutating func remove(_ pair: RepairPair) {
        scores[pair] = nil
        partners[pair.low]?.remove(pair.high)
        partners[pair.high]?.remove(pair.low)
    }

    /// Forgets every pair of story `id`; returns its partners.
    mutating func removeAll(involving id: Int) -> Set<Int> {
        let mine = partners.removeValue(forKey: id) ?? []
        for other in mine {
            scores[RepairPair(id, other)] = nil
            partners[other]?.remove(id)
        }
        return mine
    }
}

/// Two story ids, the lower first: a candidate merge of the repair pass.
struct RepairPair: Hashable, Sendable {
    let low: Int
    let high: Int

    init(_ a: Int, _ b: Int) {
        (low, high) = a < b ? (a, b) : (b, a)
    }

    func involves(_ id: Int) -> Bool { low == id || high == id }

}
