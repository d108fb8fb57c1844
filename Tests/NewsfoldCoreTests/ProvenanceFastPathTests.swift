import Testing
@testable import NewsfoldCore

/// The shortcuts that make provenance cheaper give what the long way gives: the sorts, the
/// shingles made from a text's sentence words, the report of a story of one article, and the
/// sentences a copy keeps byte for byte.
@Suite struct ProvenanceFastPathTests {
    typealias Mix = ExactVerificationTests.Mix

    /// Keys of three kinds: spread hashes, small numbers (every one in the first bucket) and a
    /// few values repeated many times (crowded buckets).
    static func keys(_ n: Int, kind: Int, _ mix: inout Mix) -> [UInt64] {
        (0..<n).map { _ in
            switch kind {
            case 0: return mix.next()
            case 1: return mix.next() % 97
            default: return [0, 7, .max, 1 << 63][Int(mix.next() % 4)] ^ (mix.next() % 3 == 0 ? mix.next() : 0)
            }
        }
    }

    @Test func sortByHashIsAStableSortByKey() {
        var mix = Mix(state: 11)
        for n in [0, 1, 2, 16, 31, 32, 33, 64, 100, 1000, 4000] {
            for kind in 0..<3 {
                let pairs = Self.keys(n, kind: kind, &mix).enumerated().map { ($0.element, Int32($0.offset)) }
                var sorted = pairs
                ExactJaccard.sortByHash(&sorted) { $0.0 }
                let reference = pairs.sorted { $0.0 < $1.0 }  // the standard library's sort is stable
                #expect(sorted.map(\.0) == reference.map(\.0), "n \(n), kind \(kind)")
                #expect(sorted.map(\.1) == reference.map(\.1), "n \(n), kind \(kind)")
            }
        }
    }

    @Test func sortedUniqueMatchesSortingOnEveryKindOfInput() {
        var mix = Mix(state: 5)
        for n in [0, 1, 3, 32, 33, 200, 3000] {
            for kind in 0..<3 {
                let values = Self.keys(n, kind: kind, &mix)
                #expect(ExactJaccard.sortedUnique(values) == Array(Set(values)).sorted(), "n \(n), kind \(kind)")
                var all = values
                ExactJaccard.sortHashes(&all)
                #expect(all == values.sorted())
            }
        }
    }

    @Test func unionAndCountsOfSortedSets() {
        var mix = Mix(state: 9)
        let a = ExactJaccard.sortedUnique(Self.keys(300, kind: 1, &mix) + Self.keys(50, kind: 0, &mix))
        let b = ExactJaccard.sortedUnique(Self.keys(200, kind: 1, &mix) + Self.keys(40, kind: 0, &mix))
        #expect(SortedKeys.union(a, b) == SortedKeys.make(a + b))
        #expect(SortedKeys.union([], b) == b)
        #expect(SortedKeys.union(a, []) == a)
        let one = KeyCounts([a])
        let two = KeyCounts([a, b])
        for k in a + b + [12_345, .max] {
            #expect(one.count(k) == (a.contains(k) ? 1 : 0))
            #expect(two.count(k) == (a.contains(k) ? 1 : 0) + (b.contains(k) ? 1 : 0))
        }
    }

    @Test func keyCountsMergedOrSortedCountTheSetsHoldingEachKey() {
        var mix = Mix(state: 31)
        for k in [0, 2, 3, 5, KeyCounts.mergedSets, KeyCounts.mergedSets + 1, 20] {
            // Sets that overlap (small keys) and keys of their own (hashes).
            let sets = (0..<k).map { _ in
                ExactJaccard.sortedUnique(Self.keys(40, kind: 1, &mix) + Self.keys(Int(mix.next() % 60), kind: 0, &mix))
            }
            let counts = KeyCounts(sets)
            var naive: [UInt64: Int] = [:]
            for set in sets { for key in set { naive[key, default: 0] += 1 } }
            for (key, n) in naive { #expect(counts.count(key) == n, "\(k) sets") }
            #expect(counts.count(12_345_678) == 0)
            for set in sets.prefix(3) + [[1, 2, 3, 500, .max]] {
                #expect(counts.sharedCount(of: set) == set.filter { counts.count($0) > 1 }.count, "\(k) sets")
            }
        }
    }

    @Test func hashSetsFindTheirKeysOnly() {
        let words = StableHash.words(of: "copyright subscribe the of")
        let table = BucketTable(keys: words + [0])
        for w in words + [0] { #expect(table.contains(w)) }
        for w in StableHash.words(of: "freight train derailed") { #expect(!table.contains(w)) }
    }

    // MARK: Shingles from sentence words

    /// Paragraphs made of pieces that test where sentences are cut: stops, quotes, closing
    /// brackets, abbreviations, no-break spaces, apostrophes, dashes, non-ASCII letters.
    static let pieces = [
        "word", "Next", "the", "U.S.", "Mr.", "Sept.", "3.5", "A.", "J.", "isn't", "players'", "école", "Ürün",
        "“Yes,”", "‘no’", "(AP)", "—", "--", ".", "!", "?", "…", "\"", "'", "’", "”", ")", "«", "»", "„", "#", "🙂", "42",
    ]
    static let gaps = [" ", " ", " ", "  ", "\u{00A0}", "\t", ""]

    static func paragraph(_ mix: inout Mix) -> String {
        var out = ""
        for _ in 0..<Int(mix.next() % 40) {
            out += pieces[Int(mix.next() % UInt64(pieces.count))]
            out += gaps[Int(mix.next() % UInt64(gaps.count))]
        }
        return out
    }

    /// The shingles as they were made before: the paragraphs' text shingled again.
    static func shinglesOfText(_ paragraphs: [String]) -> [UInt64] {
        var out: [UInt64] = []
        let shingler = Shingler(n: ArticleText.shingleWords)
        for p in paragraphs { shingler.forEachShingle(in: p) { out.append($0) } }
        return SortedKeys.make(out)
    }

    @Test func shinglesOfWordHashesAreThoseOfTheText() {
        var mix = Mix(state: 3)
        for n in [1, 2, 5, 7] {
            let shingler = Shingler(n: n)
            for _ in 0..<50 {
                let text = Self.paragraph(&mix)
                var words: [UInt64] = []
                WordTokenizer().forEachWord(in: text) { words.append($0.hash) }
                var fromText: [UInt64] = []
                var fromWords: [UInt64] = []
                shingler.forEachShingle(in: text) { fromText.append($0) }
                words.withUnsafeBufferPointer { shingler.forEachShingle(ofWords: $0) { fromWords.append($0) } }
                #expect(fromWords == fromText, "\(text)")
            }
        }
    }

    @Test func articleShinglesAreThoseOfItsParagraphs() {
        var mix = Mix(state: 17)
        for i in 0..<300 {
            let paragraphs = (0..<(1 + Int(mix.next() % 4))).map { _ in Self.paragraph(&mix) }
            let article = Article(id: "a\(i)", title: "T", paragraphs: paragraphs)
            let text = ArticleText(article: article, group: "g")
            var cut = paragraphs
            if let first = cut.first, let lead = ArticleText.datelineLead(first) { cut[0] = lead.rest }
            #expect(text.shingles == Self.shinglesOfText(cut), "\(paragraphs)")
        }
        let wire = Wire.article("w")  // with its dateline lead, which is cut off first
        #expect(ArticleText(article: wire, group: "g").shingles == Self.shinglesOfText(Wire.paragraphs(lead: nil)))
    }

    // MARK: A story of one article

    /// Single articles of every kind the report tells apart.
    static var loneArticles: [Article] {
        var mix = Mix(state: 23)
        var out = [
            Wire.article("wire"),
            Wire.article("no-title", title: ""),
            Wire.article("undated", published: nil, wire: nil),
            Wire.independent,
            Article(
                id: "future", title: "Mayor Ana Ortiz opens the Lakeside Bridge",
                paragraphs: [
                    "SPRINGVALE, Ore. (AP) — Mayor Ana Ortiz opened the Lakeside Bridge on Monday, said Monday officials.",
                    "The $14 million bridge took 3 years; Governor Tom Reyes of Oregon attended with 200 residents.",
                    "Copyright 2024 The Associated Press. All rights reserved.",
                ],
                published: Wire.date(2024, 5, 9, 12), crawled: Wire.date(2024, 5, 1, 12)),
            Article(id: "empty", title: "Nothing", paragraphs: []),
            Article(id: "credit", paragraphs: ["Short text here. Reuters contributed reporting to this story."]),
        ]
        for i in 0..<40 {
            out.append(
                Article(
                    id: "r\(i)", title: i % 3 == 0 ? nil : Self.paragraph(&mix),
                    paragraphs: (0..<Int(mix.next() % 5)).map { _ in Self.paragraph(&mix) },
                    published: i % 2 == 0 ? Wire.date(2024, 1, 1 + i % 28, 10) : nil,
                    crawled: i % 4 == 0 ? Wire.date(2024, 1, 10) : nil, wire: i % 5 == 0 ? "AFP" : nil))
        }
        return out
    }

    @Test func aStoryOfOneArticleGetsTheReportOfTheGeneralPath() {
        let analyzer = ProvenanceAnalyzer()
        var named = 0
        for a in Self.loneArticles {
            let fast = analyzer.analyze(story: [ProvenanceInput(article: a, group: "g-" + a.id)])
            let general = analyzer.analyze(prepared: [PreparedProvenanceInput(a, group: "g-" + a.id)])
            #expect(fast == general, "\(a.id)")
            named += fast.groups.first?.members.first?.adds?.entities.count ?? 0
        }
        #expect(named > 0)  // the articles do add names: the comparison covers what they add
    }

    // MARK: Sentences a copy keeps

    @Test func aVerbatimSentenceHasNoEditEvenWithQuotationMarks() {
        for text in [
            "“It sounded like thunder,” said Maria Delgado.", "He said \"no\" and left.", "«Oui», dit-il „ja“ »nein«.",
            "\"Unclosed quote at the end", "Closing only” here.",
        ] {
            let s = Sentence(text)
            #expect(s.isVerbatim(Sentence(text)))
            #expect(EditDescriber.edits(original: s, copy: s, diff: WordDiff(s.words, s.words)).isEmpty, "\(text)")
        }
        #expect(!Sentence("He said “no.”").isVerbatim(Sentence("He said \"no.\"")))
        #expect(!Sentence("A b c.").isVerbatim(Sentence("A b d.")))
    }

    // MARK: Word diffs and shortened quotes

    /// The word diff as it was made before the common start was taken out of its table: the
    /// whole suffix-LCS table, walked from the start.
    static func fullTableDiff(_ a: [UInt64], _ b: [UInt64]) -> (matches: [Int], hunks: [DiffHunk]) {
        let n = a.count, m = b.count, w = m + 1
        var t = [Int32](repeating: 0, count: (n + 1) * w)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                t[i * w + j] = a[i] == b[j] ? t[(i + 1) * w + j + 1] + 1 : max(t[(i + 1) * w + j], t[i * w + j + 1])
            }
        }
        var matches: [Int] = [], hunks: [DiffHunk] = []
        var i = 0, j = 0, hi = 0, hj = 0
        while i < n, j < m {
            if a[i] == b[j] {
                if i > hi || j > hj { hunks.append(DiffHunk(o: hi..<i, c: hj..<j)) }
                matches += [i, j]
                i += 1
                j += 1
                hi = i
                hj = j
            } else if t[(i + 1) * w + j] >= t[i * w + j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        if n > hi || m > hj { hunks.append(DiffHunk(o: hi..<n, c: hj..<m)) }
        return (matches, hunks)
    }

    @Test func wordDiffWithACommonStartIsTheFullTablesDiff() {
        var mix = Mix(state: 29)
        for _ in 0..<400 {
            // Few distinct words, so that many alignments tie; a shared start of any length.
            let start = (0..<Int(mix.next() % 6)).map { _ in mix.next() % 3 }
            let a = start + (0..<Int(mix.next() % 12)).map { _ in mix.next() % 4 }
            let b = start + (0..<Int(mix.next() % 12)).map { _ in mix.next() % 4 }
            let d = WordDiff(a, b)
            let reference = Self.fullTableDiff(a, b)
            #expect(d.matches.flatMap { [$0.0, $0.1] } == reference.matches, "\(a) \(b)")
            #expect(d.hunks == reference.hunks, "\(a) \(b)")
        }
    }

    /// `shorten` as it was: through an array of the text's scalars.
    static func shortenByArray(_ s: String, max: Int) -> String {
        let scalars = Array(s.unicodeScalars)
        guard scalars.count > max else { return s }
        let head = max * 3 / 5
        let tail = max - head - 2
        var a = String(String.UnicodeScalarView(scalars[0..<head]))
        var b = String(String.UnicodeScalarView(scalars[(scalars.count - tail)...]))
        if let sp = a.lastIndex(of: " ") { a = String(a[..<sp]) }
        if let sp = b.firstIndex(of: " ") { b = String(b[b.index(after: sp)...]) }
        return a + " … " + b
    }

    @Test func shortenCutsAsTheArrayOfScalarsDid() {
        var mix = Mix(state: 37)
        let text = "Les élèves ont dit « non » à l’école, après des années d’attente e\u{301} 🙂."
        var texts = [text, String(text.reversed())]
        for _ in 0..<100 { texts.append((0..<3).map { _ in Self.paragraph(&mix) }.joined(separator: " ")) }
        for t in texts {
            for max in [10, 40, 50, 60, t.unicodeScalars.count - 1, t.unicodeScalars.count, t.utf8.count] where max >= 5 {
                #expect(EditDescriber.shorten(t, max: max) == Self.shortenByArray(t, max: max), "\(max): \(t)")
            }
        }
    }
}
