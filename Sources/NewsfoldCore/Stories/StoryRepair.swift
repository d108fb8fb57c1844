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
    /// Ends a stream: repairs the fragments among the live stories, as a story's fragments are
    /// repaired when it retires (see ``StorySettings/repairThreshold``). The stories stay live:
    /// a store settles at the end of each `ingest` run and goes on taking articles.
    ///
    /// Returns the merges in the order they were made; give them to
    /// ``StoryMembership/merge(_:)`` (``StoryBatch/finish()`` does). Settling twice in a row
    /// merges nothing the second time.
    ///
    /// ```swift
    /// var clusterer = StoryClusterer(), membership = StoryMembership()
    /// for (i, input) in inputs.enumerated() { membership.add(i, clusterer.add(input)) }
    /// membership.merge(clusterer.settle())
    /// let stories = membership.stories()
    /// ```
    ///
    /// Cost: one index lookup and up to ``StorySettings/maxCandidates`` story comparisons per live
    /// story, then one lookup per merge.
    public mutating func settle() -> [StoryMerge] {
        var settling = Set(live.keys)
        return repairFragments(settling: &settling)
    }

    /// The repair pass: while some pair of stories, one of them in `settling`, the smaller of
    /// at most ``StorySettings/repairMaxArticles`` articles, spans at most
    /// ``StorySettings/repairGapDays`` apart, is at least ``StorySettings/repairThreshold``
    /// similar (``storySimilarity(_:_:probes:)``), the most similar such pair merges (ties: the
    /// lowest ids; the lower id survives). Deterministic: the order depends on ids and scores
    /// only. A merged story stays in `settling` only when both halves were in it.
    ///
    /// Candidates come from the index (the stories sharing one of a story's heaviest words or
    /// names), so the pass never compares all pairs.
    mutating func repairFragments(settling: inout Set<Int>) -> [StoryMerge] {
        guard settings.repairThreshold > 0, !settling.isEmpty else { return [] }
        var pairs: [RepairPair: Float] = [:]
        for id in settling.sorted() {
            for (pair, score) in repairPairs(of: id, settling: settling) { pairs[pair] = score }
        }
        var merges: [StoryMerge] = []
        while let best = pairs.max(by: { RepairPair.ranks($0, below: $1) }) {
            let (keep, gone) = (best.key.low, best.key.high)
            var partners = Set<Int>()
            for pair in pairs.keys where pair.involves(keep) || pair.involves(gone) {
                partners.insert(pair.other(than: pair.involves(keep) ? keep : gone))
            }
            pairs = pairs.filter { !$0.key.involves(keep) && !$0.key.involves(gone) }
            merge(gone, into: keep)
            merges.append(StoryMerge(gone: gone, into: keep))
            if !settling.contains(gone) { settling.remove(keep) }
            settling.remove(gone)
            partners.remove(keep)
            partners.remove(gone)
            for (pair, score) in repairPairs(of: keep, settling: settling, also: partners) { pairs[pair] = score }
        }
        return merges
    }

    /// The pairs of story `id` with its candidates (and `also`) that may be repaired, scored.
    private func repairPairs(of id: Int, settling: Set<Int>, also: Set<Int> = []) -> [(RepairPair, Float)] {
        guard let story = live[id] else { return [] }
        let keys = story.terms.topKeys(settings.lookupFeatures) + story.entities.topKeys(settings.lookupFeatures)
        let postings = keys.compactMap { index[$0] }
        var counts = CandidateCounts(postings: postings.reduce(0) { $0 + $1.count })
        for posting in postings {
            for other in posting { counts.add(other) }
        }
        var out: [(RepairPair, Float)] = []
        for other in Set(counts.top(settings.maxCandidates)).union(also).sorted() where other != id {
            guard settling.contains(id) || settling.contains(other), let b = live[other],
                let score = repairScore(story, b)
            else { continue }
            out.append((RepairPair(id, other), score))
        }
        return out
    }

    /// The repair score of two stories, or `nil` when they may not be repaired together.
    private func repairScore(_ a: LiveStory, _ b: LiveStory) -> Float? {
        guard min(a.members, b.members) <= Float(settings.repairMaxArticles) else { return nil }
        if let x = a.spans.main, let y = b.spans.main {
            let apart = Double(max(x.lo, y.lo) - min(x.hi, y.hi)) / 86_400
            guard apart <= settings.repairGapDays else { return nil }
        }
        let score = storySimilarity(a, b)
        return score >= settings.repairThreshold ? score : nil
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

    func other(than id: Int) -> Int { low == id ? high : low }

    /// Order of the pass: a higher score first, then the lower ids.
    static func ranks(_ a: (key: RepairPair, value: Float), below b: (key: RepairPair, value: Float)) -> Bool {
        if a.value != b.value { return a.value < b.value }
        return (a.key.low, a.key.high) > (b.key.low, b.key.high)
    }
}
