/// One copy held against its group's original, sentence by sentence: what changed, and what
/// looks injected. Used by ``ProvenanceAnalyzer``, one step at a time, in this order:
/// ``compareHeadline()``, ``compareSentences()``, ``addedSentences()``,
/// ``droppedSentences()``; then ``flags`` and ``changes`` hold the verdict.
///
/// Injected text is an accusation, so it is kept narrow: a span spliced into an otherwise
/// verbatim sentence or headline that brings at least ``ProvenanceThresholds/injectedMinWords``
/// words the original lacks, at least half of them names (a copier's brand: `PredictIQ
/// Quantitative Think Tank Center`), one of which no report outside the copy group has (a fact
/// that an independent report carries is news, not an injection), and that is not a credit or
/// boilerplate line (`Copyright 2017 The Associated Press`, `via AP`,
/// `Advertisement`). Words added to the headline count only when the same name is spliced into
/// the text too. Credit and boilerplate lines are not listed as added or dropped either.
/// A whole added sentence is injected only when it repeats a name already
/// found spliced into the copy; otherwise it is an edit (a write-through adds sentences).
///
/// Cost: alignment through an inverted index of the original's word bigrams, then O(w²) per
/// aligned sentence pair (w words per sentence).
struct CopyComparison {
    let copy: ArticleText
    let original: ArticleText
    let vocabulary: StoryVocabulary
    /// How many members of the copy's group hold each word.
    let groupWords: KeyCounts
    /// The group's other members (a later version the copy took sentences from), at most
    /// ``ProvenanceThresholds/maxOriginalCandidates``.
    let peers: [ArticleText]

    var changes = ProvenanceChanges()
    /// Flags other than injected text (truncation).
    private var otherFlags: [ProvenanceFlag] = []
    /// Words changed outside flagged injections, boilerplate and a truncated tail.
    var changedWords = 0
    /// Share of the copy's words in sentences with a counterpart in the original.
    private(set) var alignedShare = 0.0
    /// Injected-text candidates: the flag, its names' word hashes, and whether it is in the
    /// headline.
    private var injections: [(flag: ProvenanceFlag, names: Set<UInt64>, headline: Bool)] = []
    private var oMatched: [Int?] = []
    private var cMatched: [Int?] = []

    init(
        copy: ArticleText, original: ArticleText, vocabulary: StoryVocabulary, groupWords: KeyCounts,
        peers: [ArticleText] = []
    ) {
        self.copy = copy
        self.original = original
        self.vocabulary = vocabulary
        self.groupWords = groupWords
        self.peers = peers
    }

    /// Words of the copy that neither the original nor any report outside the copy group has
    /// (other copies of one text may share them: a farm republishing its copy is one source).
    private func isOwn(_ w: UInt64, reference: ArticleText) -> Bool {
        vocabulary.words.count(w) == groupWords.count(w) && !SortedKeys.contains(reference.words, w)
    }

    mutating func compareHeadline() {
        guard let ct = copy.title, let ot = original.title, ct.words != ot.words else { return }
        let diff = WordDiff(ot.words, ct.words)
        let edits = EditDescriber.edits(original: ot, copy: ct, diff: diff)
        changes.headline = SentenceChange(original: ot.text, copy: ct.text, edits: edits)
        guard Double(diff.matchedCount) >= ProvenanceThresholds.verbatimWordShare * Double(ot.words.count) else { return }
        for h in diff.hunks {
            guard let (span, names) = injected(h, copy: ct, original: ot, reference: original, headline: true) else { continue }
            record(
                span, names, headline: true,
                evidence:
                    "spliced into the headline, otherwise word for word \(original.id)'s (“\(EditDescriber.shorten(ot.text, max: 70))”); neither the original nor any other report of the story has these words")
        }
    }

    mutating func compareSentences() {
        let pairs = ProvenanceAnalyzer.align(copy.sentences, original.sentences, postings: original.postings)
        oMatched = [Int?](repeating: nil, count: original.sentences.count)
        cMatched = [Int?](repeating: nil, count: copy.sentences.count)
        for (c, o) in pairs {
            oMatched[o] = c
            cMatched[c] = o
        }
        var alignedWords = 0
        for c in copy.sentences.indices {
            guard let o = cMatched[c] else { continue }
            let cs = copy.sentences[c], os = original.sentences[o]
            alignedWords += cs.words.count
            // The same bytes: no word and no quotation mark differs (marks are never inside a
            // word), so there is no edit to describe.
            if cs.isVerbatim(os) { continue }
            let diff = WordDiff(os.words, cs.words)
            let edits = EditDescriber.edits(original: os, copy: cs, diff: diff)
            guard !edits.isEmpty else { continue }
            changes.edited.append(SentenceChange(original: os.text, copy: cs.text, edits: edits))
            let verbatim = Double(diff.matchedCount) >= ProvenanceThresholds.verbatimWordShare * Double(os.words.count)
            for h in Self.joiningNames(diff.hunks, copy: cs, original: os) {
                if verbatim, let (span, names) = injected(h, copy: cs, original: os, reference: original, headline: false) {
                    record(
                        span, names,
                        evidence:
                            "spliced into a sentence otherwise word for word \(original.id)'s: “\(EditDescriber.shorten(os.text, max: 70))” became “\(EditDescriber.shorten(cs.text, max: 70))”; neither the original nor any other report of the story has these words")
                } else if !isCredit(h, cs) {
                    changedWords += max(h.o.count, h.c.count)
                }
            }
            changedWords += edits.filter { $0.kind == .punctuation }.count
        }
        alignedShare = Double(alignedWords) / Double(max(copy.wordCount, 1))
    }

    /// Sentences only the copy has: boilerplate is skipped; a sentence repeating a name found
    /// spliced elsewhere in the copy is injected; any other is an edit.
    mutating func addedSentences() {
        let spliced = injections.filter { !$0.headline }.reduce(into: Set<UInt64>()) { $0.formUnion($1.names) }
        for c in copy.sentences.indices where cMatched[c] == nil {
            let s = copy.sentences[c]
            // A caption or credit line other copies carry too is checked for splices, then
            // left out of the changes like any boilerplate.
            let boilerplate = Boilerplate.isBoilerplate(s)
            let inPeer = spliceIntoPeer(s)
            if boilerplate { continue }
            changes.added.append(s.text)
            if inPeer {
                changedWords += s.words.count
                continue
            }
            let repeated = s.words.indices.filter { spliced.contains(s.words[$0]) }
            if alignedShare >= ProvenanceThresholds.rewriteMaxAlignedShare, !repeated.isEmpty {
                record(
                    s.text, Set(repeated.map { s.words[$0] }),
                    evidence:
                        "a sentence found in no other member of the group, inside a copy of \(original.id), naming “\(s.surface(repeated.first!..<(repeated.last! + 1)))”, which is also spliced into the copy elsewhere")
            } else {
                changedWords += s.words.count
            }
        }
    }

    /// An added sentence that another member of the group has (the later version of a wire
    /// story that the copy took) is judged against that member's: a name spliced into it is
    /// injected as into any other sentence. Returns whether the sentence was found there.
    private mutating func spliceIntoPeer(_ s: Sentence) -> Bool {
        for peer in peers {
            guard let (_, o) = ProvenanceAnalyzer.align([s], peer.sentences, postings: peer.postings).first else { continue }
            let ps = peer.sentences[o]
            let diff = WordDiff(ps.words, s.words)
            guard Double(diff.matchedCount) >= ProvenanceThresholds.verbatimWordShare * Double(ps.words.count) else {
                return true
            }
            for h in Self.joiningNames(diff.hunks, copy: s, original: ps) {
                guard let (span, names) = injected(h, copy: s, original: ps, reference: peer, headline: false) else { continue }
                record(
                    span, names,
                    evidence:
                        "spliced into a sentence otherwise word for word \(peer.id)'s (a later version of \(original.id)): “\(EditDescriber.shorten(ps.text, max: 70))” became “\(EditDescriber.shorten(s.text, max: 70))”; no other report of the story has these words")
            }
            return true
        }
        return false
    }

    /// Sentences only the original has: the tail after the last aligned one is truncation.
    mutating func droppedSentences() {
        let lastAligned = oMatched.lastIndex { $0 != nil } ?? -1
        var tailWords = 0
        var tailChanged = 0
        for o in original.sentences.indices where oMatched[o] == nil {
            let s = original.sentences[o]
            let boilerplate = Boilerplate.isBoilerplate(s)
            if !boilerplate { changes.dropped.append(s.text) }
            if o > lastAligned {
                tailWords += s.words.count
                if !boilerplate { tailChanged += s.words.count }
            } else if !boilerplate {
                changedWords += s.words.count
            }
        }
        let tailShare = Double(tailWords) / Double(max(original.wordCount, 1))
        let cut = cutMidSentence()
        if tailShare >= ProvenanceThresholds.truncatedMinTailShare || (cut && lastAligned >= 0) {
            var why = "stops after \(lastAligned + 1) of the original's \(original.sentences.count) sentences"
            if cut { why += ", in the middle of a sentence" }
            why += "; \(percent(tailShare)) of \(original.id)'s words are missing at the end"
            otherFlags.append(ProvenanceFlag(kind: .truncated, evidence: why, text: copy.sentences.last?.text ?? "", severity: .low))
        } else {
            changedWords += tailChanged
        }
        // Reordering: original sentences out of order in the copy.
        let order = copy.sentences.indices.compactMap { cMatched[$0] }
        changes.reordered = order.count - longestIncreasing(order)
        changedWords += changes.reordered
    }

    /// The flags, injected text first. Words added to the headline count only when their name
    /// is also spliced into the text: sites rewrite headlines and label them with sections and
    /// their own names (`Men's Basketball Tops …`, `UPDATE 1-…`, `… | Daily News`). A name
    /// spliced into two or more places is strong evidence; one splice is medium.
    var flags: [ProvenanceFlag] {
        let inText = injections.filter { !$0.headline }.reduce(into: Set<UInt64>()) { $0.formUnion($1.names) }
        let kept = injections.filter { !$0.headline || !$0.names.isDisjoint(with: inText) }
        var out: [ProvenanceFlag] = []
        for (i, k) in kept.enumerated() {
            var f = k.flag
            let elsewhere = kept.indices.contains { $0 != i && !kept[$0].names.isDisjoint(with: k.names) }
            f.severity = elsewhere ? .high : .medium
            out.append(f)
        }
        return out + otherFlags
    }

    private mutating func record(_ span: String, _ names: Set<UInt64>, headline: Bool = false, evidence: String) {
        injections.append((ProvenanceFlag(kind: .injectedText, evidence: evidence, text: span, severity: .medium), names, headline))
    }

    /// Hunks with the one word between them joined, where that word is capitalised in the copy
    /// and not in the original: the word diff matched a spliced name's word (`Policy` of
    /// `Vexylix Strategic Policy Forum`) with the same word of the sentence (`policy`), cutting
    /// the splice in two.
    static func joiningNames(_ hunks: [DiffHunk], copy: Sentence, original: Sentence) -> [DiffHunk] {
        var out: [DiffHunk] = []
        for h in hunks {
            if let last = out.last, h.o.lowerBound == last.o.upperBound + 1, h.c.lowerBound == last.c.upperBound + 1,
                copy.isCapitalised(last.c.upperBound), !original.isCapitalised(last.o.upperBound)
            {
                out[out.count - 1] = DiffHunk(o: last.o.lowerBound..<h.o.upperBound, c: last.c.lowerBound..<h.c.upperBound)
            } else {
                out.append(h)
            }
        }
        return out
    }

    /// Whether the copy's last sentence stops inside its counterpart, without a full stop.
    private func cutMidSentence() -> Bool {
        guard let last = copy.sentences.last, let o = cMatched[copy.sentences.count - 1] else { return false }
        let os = original.sentences[o]
        guard last.words.count < os.words.count, Array(os.words.prefix(last.words.count)) == last.words else {
            return false
        }
        let end = last.text.utf8.last ?? 0
        return end != UInt8(ascii: ".") && end != UInt8(ascii: "!") && end != UInt8(ascii: "?")
    }

    /// Whether the copy's words of a hunk are a credit or boilerplate (`via AP`, `Copyright …`).
    private func isCredit(_ h: DiffHunk, _ s: Sentence) -> Bool {
        !h.c.isEmpty && Boilerplate.isBoilerplate(Sentence(s.surface(h.c)))
    }

    /// The copy's text of a hunk that adds at least ``ProvenanceThresholds/injectedMinWords``
    /// words of its own (net of those it replaces), a name among them, and is no credit line;
    /// with the names' word hashes. A word glued to a replaced one (`Centerofficial` for
    /// `official`) is cut back to the spliced part.
    private func injected(
        _ h: DiffHunk, copy: Sentence, original: Sentence, reference: ArticleText, headline: Bool
    ) -> (String, Set<UInt64>)? {
        // The words the original lacks; among them, those no report outside the group has.
        let new = h.c.filter { !SortedKeys.contains(reference.words, copy.words[$0]) }
        guard h.c.count - h.o.count >= ProvenanceThresholds.injectedMinWords,
            new.count >= ProvenanceThresholds.injectedMinWords
        else { return nil }
        // A brand is names, one of them at least found nowhere else (farms share words such
        // as `Media` or `Group`); a fact a later version adds is mostly plain words.
        let names = new.filter { vocabulary.isName(copy, word: $0, headline: headline) }
        guard names.contains(where: { isOwn(copy.words[$0], reference: reference) }), 2 * names.count >= new.count, !isCredit(h, copy),
            let first = names.first, let last = names.last
        else { return nil }
        var start = copy.ranges[first].lowerBound
        var end = copy.ranges[last].upperBound
        if !h.o.isEmpty {
            let lastSurface = copy.slice(copy.ranges[last])
            let firstSurface = copy.slice(copy.ranges[first])
            // Cut glued words on ASCII only, where lowercasing keeps byte offsets.
            if lastSurface.utf8.allSatisfy({ $0 < 0x80 }), firstSurface.utf8.allSatisfy({ $0 < 0x80 }) {
                let lastWord = lastSurface.lowercased()
                let replacedLast = original.slice(original.ranges[h.o.upperBound - 1]).lowercased()
                if lastWord.utf8.count > replacedLast.utf8.count, lastWord.hasSuffix(replacedLast) {
                    end -= replacedLast.utf8.count
                }
                let firstWord = firstSurface.lowercased()
                let replacedFirst = original.slice(original.ranges[h.o.lowerBound]).lowercased()
                if firstWord.utf8.count > replacedFirst.utf8.count, firstWord.hasPrefix(replacedFirst) {
                    start += replacedFirst.utf8.count
                }
            }
        }
        guard end > start else { return nil }
        return (copy.slice(start..<end), Set(names.map { copy.words[$0] }))
    }
}
