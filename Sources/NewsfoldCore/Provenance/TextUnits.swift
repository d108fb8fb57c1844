/// A sentence (or headline) cut into folded words, kept with its own text so that edits can be
/// shown as the page wrote them.
///
/// Cost: O(bytes) to build (``WordTokenizer``), plus sorting its word bigrams.
struct Sentence: Sendable {
    /// The text as the page wrote it.
    let text: String
    /// Hashes of its folded words (``WordTokenizer``).
    let words: [UInt64]
    /// Byte range of each word in ``text``.
    let ranges: [Range<Int>]
    /// Sorted, unique hashes of consecutive word pairs (a one-word sentence: its word).
    let bigrams: [UInt64]

    init(_ text: String) {
        self.text = text
        var words: [UInt64] = []
        var ranges: [Range<Int>] = []
        // Room for the words at once (one more than the spaces: the arrays are kept with the
        // sentence, so no more than that): growing them word by word was the provenance
        // stage's main allocation.
        var spaces = 0
        for b in text.utf8 where b == 0x20 { spaces += 1 }
        words.reserveCapacity(spaces + 1)
        ranges.reserveCapacity(spaces + 1)
        WordTokenizer().forEachWord(in: text) { w in
            words.append(w.hash)
            ranges.append(w.range)
        }
        self.words = words
        self.ranges = ranges
        var b: [UInt64] = []
        b.reserveCapacity(words.count)
        if words.count == 1 { b.append(words[0]) }
        if words.count > 1 {
            for i in 1..<words.count { b.append(StableHash.mix(words[i - 1] &* StableHash.prime &+ words[i])) }
        }
        bigrams = SortedKeys.make(b)
    }

    /// Whether `other` is the same text, byte for byte (and so the same words).
    func isVerbatim(_ other: Sentence) -> Bool {
        guard words == other.words else { return false }
        var a = text, b = other.text
        return a.withUTF8 { x in b.withUTF8 { y in x.elementsEqual(y) } }
    }

    /// The page's text of words `lo..<hi` (from the first one's start to the last one's end).
    func surface(_ words: Range<Int>) -> String {
        guard !words.isEmpty else { return "" }
        let start = ranges[words.lowerBound].lowerBound
        let end = ranges[words.upperBound - 1].upperBound
        return slice(start..<end)
    }

    /// Whether word `k` starts with a capital letter (ASCII, or Latin-1 `À`–`Þ`).
    func isCapitalised(_ k: Int) -> Bool {
        let start = ranges[k].lowerBound
        return text.utf8.withContiguousStorageIfAvailable { Sentence.isCapital($0, at: start) } ?? false
    }

    /// Whether the letter at byte `start` of `u` is a capital (ASCII, or Latin-1 `À`–`Þ`).
    static func isCapital(_ u: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        let b = u[start]
        if (0x41...0x5A).contains(b) { return true }
        if b >= 0xC3, let scalar = TextFolding.decode(u, at: start).scalar { return (0xC0...0xDE).contains(scalar) }
        return false
    }

    /// The page's text of a byte range.
    func slice(_ bytes: Range<Int>) -> String {
        let u = text.utf8
        let a = u.index(u.startIndex, offsetBy: bytes.lowerBound)
        let b = u.index(u.startIndex, offsetBy: bytes.upperBound)
        return String(text[a..<b])
    }
}

/// One article made ready for comparison: its headline and body sentences tokenised, its
/// dateline lead set apart, its word and shingle sets.
///
/// Cost: O(bytes of the article) to build; memory about 40 bytes per word.
/// The (bigram, sentence) pairs of a text's sentences, sorted by bigram: where
/// ``ProvenanceAnalyzer/align(_:_:)`` finds the sentences that share a bigram, in sentence
/// order for one bigram. O(n) expected to build for n bigrams (``ExactJaccard/sortByHash(_:key:)``);
/// 12 bytes a bigram.
struct SentencePostings: Sendable {
    let keys: [UInt64]
    let owners: [Int32]

    init(_ sentences: [Sentence]) {
        var pairs: [(UInt64, Int32)] = []
        for (o, s) in sentences.enumerated() { for b in s.bigrams { pairs.append((b, Int32(o))) } }
        ExactJaccard.sortByHash(&pairs) { $0.0 }
        keys = pairs.map(\.0)
        owners = pairs.map(\.1)
    }
}

struct ArticleText: Sendable {
    let article: Article
    /// Its copy group (set anew when the group changes: the rest depends on the article alone).
    var group: String
    let title: Sentence?
    /// A leading `PLACE (AGENCY) —` or `PLACE, Sept. 5 (AGENCY) --` cut off the first
    /// paragraph: copies keep or drop it, so it is compared separately.
    let lead: String?
    /// Body sentences in reading order (the lead cut off).
    let sentences: [Sentence]
    /// Every folded word of the headline and body (``SortedKeys``).
    let words: [UInt64]
    /// Word bigrams of the body sentences (``SortedKeys``).
    let bigrams: [UInt64]
    /// Word 5-shingles of the body, as ``Shingler`` makes them (``SortedKeys``).
    let shingles: [UInt64]
    /// The body sentences' bigrams indexed for ``ProvenanceAnalyzer/align(_:_:)``: built once
    /// per article, not once per comparison.
    let postings: SentencePostings
    /// Number of body words.
    let wordCount: Int
    /// The agency the text credits: ``Article/wire``, else the `(AP)` of the dateline lead.
    let credit: String?

    /// What an ``ArticleText`` is made for.
    enum Use {
        /// Any analysis: every field.
        case compared
        /// Only the report of a story of this one article
        /// (``ProvenanceAnalyzer/analyzeAlone(_:)``), which compares it with nothing: the sets
        /// made for comparing (``words``, ``bigrams``, ``shingles``, ``postings``) are left empty.
        case alone
    }

    init(article: Article, group: String, use: Use = .compared) {
        self.article = article
        self.group = group
        let title = article.title.flatMap { $0.isEmpty ? nil : Sentence($0) }
        self.title = title
        var paragraphs = article.paragraphs
        var lead: String? = nil
        if let first = paragraphs.first, let cut = ArticleText.datelineLead(first) {
            lead = cut.lead
            paragraphs[0] = cut.rest
        }
        self.lead = lead
        let compared = use == .compared
        let splitter = SentenceSplitter()
        let shingler = Shingler(n: ArticleText.shingleWords)
        var sentences: [Sentence] = []
        var shingles: [UInt64] = []
        // A paragraph's words are its sentences' words: the splitter cuts only at white space.
        var paragraphWords: [UInt64] = []
        for p in paragraphs {
            paragraphWords.removeAll(keepingCapacity: true)
            for s in splitter.split(p) {
                let sentence = Sentence(s)
                guard !sentence.words.isEmpty else { continue }
                sentences.append(sentence)
                if compared { paragraphWords.append(contentsOf: sentence.words) }
            }
            if compared {
                paragraphWords.withUnsafeBufferPointer { shingler.forEachShingle(ofWords: $0) { shingles.append($0) } }
            }
        }
        self.sentences = sentences
        self.wordCount = sentences.reduce(0) { $0 + $1.words.count }
        if compared {
            self.postings = SentencePostings(sentences)
            var words: [UInt64] = title?.words ?? []
            var bigrams: [UInt64] = []
            words.reserveCapacity(words.count + wordCount)
            bigrams.reserveCapacity(wordCount)
            for s in sentences {
                words.append(contentsOf: s.words)
                bigrams.append(contentsOf: s.bigrams)
            }
            self.words = SortedKeys.make(words)
            self.bigrams = SortedKeys.make(bigrams)
            self.shingles = SortedKeys.make(shingles)
        } else {
            self.postings = SentencePostings([])
            self.words = []
            self.bigrams = []
            self.shingles = []
        }
        self.credit = article.wire ?? lead.flatMap(ArticleText.agencyInLead) ?? ArticleText.agencyInCreditLine(sentences)
    }

    /// Agencies named in credit lines (`Copyright 2017 The Associated Press`, `… contributed to
    /// this report`), by the words that name them, and the credit each stands for.
    static let agencyNames: [(words: [UInt64], credit: String)] = [
        (StableHash.words(of: "associated press"), "AP"), (StableHash.words(of: "reuters"), "Reuters"),
        (StableHash.words(of: "agence france presse"), "AFP"), (StableHash.words(of: "afp"), "AFP"),
        (StableHash.words(of: "united press international"), "UPI"), (StableHash.words(of: "upi"), "UPI"),
    ]

    /// The agency a page credits in a credit line of its body: a boilerplate sentence (see
    /// ``Boilerplate``) naming an agency. A page that ends with `Copyright 2017 The Associated
    /// Press` credits AP even with no byline.
    static func agencyInCreditLine(_ sentences: [Sentence]) -> String? {
        for s in sentences.reversed() where Boilerplate.isBoilerplate(s) {
            for (name, credit) in agencyNames where s.words.count >= name.count {
                for k in 0...(s.words.count - name.count) where s.words[k..<(k + name.count)].elementsEqual(name) {
                    return credit
                }
            }
        }
        return nil
    }

    /// Words per shingle for similarity and containment: 5, as copy groups use by default.
    static let shingleWords = 5

    /// Longest dateline lead considered, in bytes: `DEATH VALLEY JUNCTION, Calif. (AP) —` is 37.
    static let maxLeadBytes = 80

    /// Splits `WASHINGTON (AP) — A U.S. official…` into the lead and the rest. The lead ends at
    /// the first dash (` — `, ` – `, ` -- `, ` - `) within ``maxLeadBytes``, and either starts
    /// with a word in capitals or ends with a parenthesis (`Rosenberg, TX (AP) —`).
    static func datelineLead(_ paragraph: String) -> (lead: String, rest: String)? {
        let u = Array(paragraph.utf8.prefix(maxLeadBytes + 6))
        var i = 0
        while i < u.count {
            var dashEnd = -1
            if u[i] == 0x20 {
                if i + 4 < u.count, u[i + 1] == 0xE2, u[i + 2] == 0x80, u[i + 3] == 0x94 || u[i + 3] == 0x93,
                    u[i + 4] == 0x20
                {
                    dashEnd = i + 5
                } else if i + 3 < u.count, u[i + 1] == 0x2D, u[i + 2] == 0x2D, u[i + 3] == 0x20 {
                    dashEnd = i + 4
                } else if i + 2 < u.count, u[i + 1] == 0x2D, u[i + 2] == 0x20 {
                    dashEnd = i + 3
                }
            }
            if dashEnd > 0 {
                guard i <= maxLeadBytes, i >= 2 else { return nil }
                let head = u[0..<i]
                var capitals = 0
                var k = 0
                while k < head.count, (0x41...0x5A).contains(head[k]) {
                    capitals += 1
                    k += 1
                }
                let firstWordCaps = capitals >= 2 && (k == head.count || !((0x61...0x7A).contains(head[k])))
                guard firstWordCaps || head.last == UInt8(ascii: ")") else { return nil }
                let lead = String(decoding: u[0..<i], as: UTF8.self)
                let restBytes = Array(paragraph.utf8.dropFirst(dashEnd))
                return (lead, String(decoding: restBytes, as: UTF8.self))
            }
            i += 1
        }
        return nil
    }

    /// `AP` in `WASHINGTON (AP)`: 2 to 8 capitals in the lead's last parentheses.
    static func agencyInLead(_ lead: String) -> String? {
        let u = Array(lead.utf8)
        guard let close = u.lastIndex(of: UInt8(ascii: ")")),
            let open = u[..<close].lastIndex(of: UInt8(ascii: "("))
        else { return nil }
        let inside = u[(open + 1)..<close]
        guard (2...8).contains(inside.count), inside.allSatisfy({ (0x41...0x5A).contains($0) }) else { return nil }
        return String(decoding: inside, as: UTF8.self)
    }

    var id: String { article.id }
}

/// Sets of 64-bit hashes as sorted arrays without duplicates: built by one sort, compared by
/// merging, looked up by binary search. The keys are hashes already, so this avoids hashing
/// them again (a `Set<UInt64>` spends most of its time in `Hasher`).
enum SortedKeys {
    /// Sorted, duplicates removed. (One implementation: ``ExactJaccard/sortedUnique(_:)``.)
    static func make(_ xs: consuming [UInt64]) -> [UInt64] {
        ExactJaccard.sortedUnique(xs)
    }

    /// Size of the intersection. O(a + b). (One implementation: ``ExactJaccard/intersection(_:_:)``.)
    static func intersectionCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        ExactJaccard.intersection(a, b)
    }

    /// The keys of `a` or `b`, sorted, without repeats: a merge, O(a + b).
    static func union(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var out: [UInt64] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count && j < b.count {
            let x = a[i], y = b[j]
            if x <= y { out.append(x); i += 1 } else { out.append(y); j += 1 }
            if x == y { j += 1 }
        }
        out.append(contentsOf: a[i...])
        out.append(contentsOf: b[j...])
        return out
    }

    /// First index, from `from` on, whose key is not below `x`. O(log n).
    static func lowerBound(_ a: [UInt64], _ x: UInt64, from: Int = 0) -> Int {
        var lo = from
        var hi = a.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    static func contains(_ a: [UInt64], _ x: UInt64) -> Bool {
        let i = lowerBound(a, x)
        return i < a.count && a[i] == x
    }
}

/// How many of several key sets (each sorted, without repeats: ``SortedKeys``) hold each key.
/// Build: up to ``mergedSets`` sets, merged two by two in rounds, O(N log k) for N keys in k
/// sets, sequential; more, counted in ``KeySums`` and each distinct key sorted once, O(N)
/// expected.
/// Look-up O(log N).
struct KeyCounts {
    private var keys: [UInt64] = []
    private var counts: [Int32] = []

    /// Most sets merged rather than sorted together.
    static let mergedSets = 8

    init<S: Sequence>(_ sets: S) where S.Element == [UInt64] {
        let sets = Array(sets)
        if sets.count <= Self.mergedSets {
            var parts = sets.map { (keys: $0, counts: [Int32](repeating: 1, count: $0.count)) }
            while parts.count > 1 {
                var next: [(keys: [UInt64], counts: [Int32])] = []
                next.reserveCapacity((parts.count + 1) / 2)
                for i in stride(from: 0, to: parts.count, by: 2) {
                    next.append(i + 1 < parts.count ? Self.merge(parts[i], parts[i + 1]) : parts[i])
                }
                parts = next
            }
            if let only = parts.first { (keys, counts) = only }
            return
        }
        // Many sets (copies of one text, a story's articles) repeat most keys: count them in a
        // table, then sort each key once.
        var sums = KeySums<Int32>(expected: 2 * (sets.map(\.count).max() ?? 0))
        for s in sets { for k in s { sums.add(k, 1) } }
        (keys, counts) = sums.sorted()
    }

    /// Two counted key lists as one: the keys of either, counts added. O(a + b).
    private static func merge(
        _ a: (keys: [UInt64], counts: [Int32]), _ b: (keys: [UInt64], counts: [Int32])
    ) -> (keys: [UInt64], counts: [Int32]) {
        var keys: [UInt64] = [], counts: [Int32] = []
        keys.reserveCapacity(a.keys.count + b.keys.count)
        counts.reserveCapacity(a.keys.count + b.keys.count)
        var i = 0, j = 0
        while i < a.keys.count && j < b.keys.count {
            let x = a.keys[i], y = b.keys[j]
            if x < y {
                keys.append(x); counts.append(a.counts[i]); i += 1
            } else if y < x {
                keys.append(y); counts.append(b.counts[j]); j += 1
            } else {
                keys.append(x); counts.append(a.counts[i] + b.counts[j]); i += 1; j += 1
            }
        }
        keys.append(contentsOf: a.keys[i...]); counts.append(contentsOf: a.counts[i...])
        keys.append(contentsOf: b.keys[j...]); counts.append(contentsOf: b.counts[j...])
        return (keys, counts)
    }

    /// How many keys of `set` (sorted, without repeats) more than one set holds: one merge
    /// walk, O(set + N), rather than a look-up per key.
    func sharedCount(of set: [UInt64]) -> Int {
        var i = 0, n = 0
        for x in set {
            while i < keys.count && keys[i] < x { i += 1 }
            if i < keys.count && keys[i] == x && counts[i] > 1 { n += 1 }
        }
        return n
    }

    /// Number of sets holding `key`.
    func count(_ key: UInt64) -> Int {
        let i = SortedKeys.lowerBound(keys, key)
        return i < keys.count && keys[i] == key ? Int(counts[i]) : 0
    }
}
