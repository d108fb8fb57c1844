/// How many articles of a story hold each word and each word pair, to tell what one article
/// says that no other does.
///
/// Cost: O(W log W) to build for W words in the story; look-ups O(log W); memory 12 bytes per
/// distinct word and word pair of each article.
struct StoryVocabulary {
    /// Number of articles holding each word.
    let words: KeyCounts
    /// Number of articles holding each word bigram (headline included).
    let bigrams: KeyCounts
    /// Words seen starting with a lowercase letter somewhere (so a capitalised one at a
    /// sentence start is not a name), as ``SortedKeys``.
    let lowercaseSeen: [UInt64]

    init(_ texts: [ArticleText]) {
        words = KeyCounts(texts.lazy.map(\.words))
        bigrams = KeyCounts(texts.lazy.map { t in t.title.map { SortedKeys.union(t.bigrams, $0.bigrams) } ?? t.bigrams })
        lowercaseSeen = Self.lowercase(texts)
    }

    /// The vocabulary of a story of one article, for ``additions(of:)`` alone: every word and
    /// pair is held by that one article, so none is shared, and ``words`` and ``bigrams`` are
    /// left empty (the article's ``ArticleText/Use/alone`` text has no sets to count).
    init(alone t: ArticleText) {
        words = KeyCounts([])
        bigrams = KeyCounts([])
        lowercaseSeen = Self.lowercase([t])
    }

    /// Whether another article of the story holds word `w` too (never, in a story of one).
    private func isShared(word w: UInt64) -> Bool { words.count(w) > 1 }

    /// Whether another article of the story holds the word pair `b` too.
    private func isShared(bigram b: UInt64) -> Bool { bigrams.count(b) > 1 }

    /// The words of `texts`' sentences written somewhere starting with a lowercase letter.
    /// The words repeat across sentences and copies: each is filed once, then the distinct
    /// ones sorted.
    private static func lowercase(_ texts: [ArticleText]) -> [UInt64] {
        var lower = KeySums<Int32>(expected: 1024)
        for t in texts {
            for s in t.sentences {
                var text = s.text
                text.withUTF8 { u in
                    for (k, r) in s.ranges.enumerated() where (0x61...0x7A).contains(u[r.lowerBound]) {
                        lower.add(s.words[k], 0)
                    }
                }
            }
        }
        var distinct = lower.keys
        ExactJaccard.sortHashes(&distinct)
        return distinct
    }

    /// Whether word `k` of `s` is part of a name: capitalised, not a month or weekday, and not
    /// just a sentence's first word (one the story also writes in lowercase, or a function
    /// word); in a headline, where every word may be capitalised, any capitalised word.
    func isName(_ s: Sentence, word k: Int, headline: Bool) -> Bool {
        guard s.isCapitalised(k), !StoryVocabulary.calendar.contains(s.words[k]) else { return false }
        if headline || k > 0 { return true }
        return !SortedKeys.contains(lowercaseSeen, s.words[0]) && !StoryVocabulary.openers.contains(s.words[0])
    }

    /// What `t` (one of the articles counted) says that no other article does.
    func additions(of t: ArticleText) -> Additions {
        var out = Additions()
        var seenEntities = Set<String>()
        var seenNumbers = Set<String>()
        // Novel sentences with the names and numbers (facts) and the words only they carry.
        var novel: [(facts: Int, newWords: Int, text: String)] = []
        for s in t.sentences {
            var facts = 0
            var text = s.text
            text.withUTF8 { u in
                names(in: s, u) { run, isNumber in
                    let unique = run.contains { !isShared(word: s.words[$0]) }
                    guard unique else { return }
                    facts += 1
                    var text = s.surface(run)
                    for suffix in ["’s", "'s"] where text.hasSuffix(suffix) { text.removeLast(2) }
                    let key = WordTokenizer().normalize(text)
                    if isNumber {
                        if seenNumbers.insert(key).inserted { out.numbers.append(text) }
                    } else if seenEntities.insert(key).inserted {
                        out.entities.append(text)
                    }
                }
            }
            if s.words.count >= ProvenanceThresholds.novelSentenceMinWords, !Boilerplate.isBoilerplate(s) {
                let shared = s.bigrams.filter { isShared(bigram: $0) }.count
                if Double(shared) < ProvenanceThresholds.novelSentenceMaxShared * Double(s.bigrams.count) {
                    novel.append((facts, SortedKeys.make(s.words.filter { !isShared(word: $0) }).count, s.text))
                }
            }
        }
        // Most new names and numbers first, then most new words (stable: reading order).
        out.sentences = novel.enumerated().sorted { a, b in
            let x = a.element
            let y = b.element
            if x.facts != y.facts { return x.facts > y.facts }
            return x.newWords != y.newWords ? x.newWords > y.newWords : a.offset < b.offset
        }.map(\.element.text)
        return out
    }

    /// Calls `body` with each name (a run of capitalised words, joined by spaces, hyphens or
    /// `of`, numbers included: `Group of 20`, `Hwasong-18`) and each number standing alone
    /// (with a capitalised word just before it: `Sept. 13`).
    private func names(in s: Sentence, _ u: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>, Bool) -> Void) {
        let n = s.words.count
        func isCapital(_ k: Int) -> Bool { Sentence.isCapital(u, at: s.ranges[k].lowerBound) }
        func isDigit(_ k: Int) -> Bool { (0x30...0x39).contains(u[s.ranges[k].lowerBound]) }
        func gapJoins(_ k: Int) -> Bool {  // only spaces or hyphens between word k-1 and k
            for i in s.ranges[k - 1].upperBound..<s.ranges[k].lowerBound where u[i] != 0x20 && u[i] != 0x2D {
                return false
            }
            return true
        }
        let of = StoryVocabulary.of
        var k = 0
        while k < n {
            if isDigit(k) {
                var start = k
                if k > 0, isCapital(k - 1), s.ranges[k].lowerBound - s.ranges[k - 1].upperBound <= 2 { start = k - 1 }
                body(start..<(k + 1), true)
                k += 1
                continue
            }
            guard isCapital(k) else { k += 1; continue }
            var start = k
            var end = k + 1
            while end < n {
                if (isCapital(end) || isDigit(end)) && gapJoins(end) {
                    end += 1
                } else if s.ranges[end].lowerBound - s.ranges[end - 1].upperBound == 1,
                    u[s.ranges[end].lowerBound - 1] == 0x2D
                {
                    end += 1  // a hyphenated lowercase part: "Sang-bum"
                } else if s.words[end] == of, end + 1 < n, isCapital(end + 1) || isDigit(end + 1), gapJoins(end),
                    gapJoins(end + 1)
                {
                    end += 2
                } else {
                    break
                }
            }
            // A capitalised first word of a sentence that the story also writes in lowercase
            // ("Last", "The") is not part of a name.
            if start == 0, SortedKeys.contains(lowercaseSeen, s.words[0]) || StoryVocabulary.openers.contains(s.words[0]) {
                start = 1
            }
            let single = end - start == 1
            if single, StoryVocabulary.calendar.contains(s.words[start]) {
                // A month or weekday alone is a date, not a name.
            } else if end - start >= 2 || (single && start > 0) {
                body(start..<end, false)
            }
            k = end
        }
    }

    static let of = StableHash.words(of: "of")[0]

    /// English function words that open sentences capitalised without being names.
    static let openers = BucketTable(
        keys: StableHash.words(
            of: """
                a an the this that these those it its he she they we i you his her their our \
                in on at by for from with without to of into after before during while when where \
                if as but and or so yet still then there here also another such some many most both \
                each every all no not what who why how which should would could can will may might \
                must did does do is are was were has have had according citing last next recently \
                privately meanwhile however earlier later now today
                """))

    /// Month and weekday names.
    static let calendar = BucketTable(
        keys: StableHash.words(
            of: """
                january february march april may june july august september october november december \
                monday tuesday wednesday thursday friday saturday sunday
                """))
}

/// Lines that pages add around an article (credits, copyright, sharing and sign-up prompts,
/// photo and agency credits such as `… / Agence France-Presse` or `via AP`, "Advertisement
/// Continue reading the main story"), recognised by generic vocabulary: one of the ``strong``
/// words, two or more of the others, or one in a line of at most four words. Such lines (and
/// such text spliced into a sentence) are neither injected text nor facts a report adds.
enum Boilerplate {
    static let vocabulary = BucketTable(
        keys: StableHash.words(
            of: """
                copyright rights reserved subscribe subscription subscribers newsletter newsletters sign \
                signup login follow click download app advertisement advertising sponsored contributed \
                contributing reporting editing writer writers correspondent photo photos photograph image \
                images video videos read related share comment comments cookies privacy terms email \
                twitter facebook instagram whatsapp telegram youtube linkedin tiktok update updated published \
                continue reading broadcast rewritten redistributed via file pool getty ap afp agence presse \
                reuters epa upi xinhua shutterstock
                """))

    /// Words that mark a line as the page's own on their own: nobody reports news with them.
    /// (`redistributed`: the agencies' "may not be published, broadcast, rewritten or
    /// redistributed" notice.)
    static let strong = BucketTable(
        keys: StableHash.words(of: "copyright newsletter newsletters subscribe unsubscribe redistributed"))

    static func isBoilerplate(_ s: Sentence) -> Bool {
        let vocabulary = Self.vocabulary, strong = Self.strong
        var hits = 0
        for w in s.words where vocabulary.contains(w) {
            if strong.contains(w) { return true }
            hits += 1
        }
        return hits >= 2 || (hits == 1 && s.words.count <= 4)
    }
}
