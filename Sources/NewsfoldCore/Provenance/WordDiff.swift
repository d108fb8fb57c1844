/// A run of words that differ between two sentences: `original[o]` became `copy[c]`
/// (either may be empty).
struct DiffHunk: Sendable, Equatable {
    var o: Range<Int>
    var c: Range<Int>
}

/// The word-level difference of two sentences: a longest common subsequence of folded words,
/// and the runs between matched words.
///
/// Cost: O(n × m) time and memory for n and m words; sentences longer than
/// ``WordDiff/maxWords`` are compared as one replaced run (news sentences have 10–60 words).
struct WordDiff: Sendable {
    /// Matched word pairs `(original index, copy index)`, increasing.
    var matches: [(Int, Int)]
    /// The differing runs, in order.
    var hunks: [DiffHunk]

    /// Beyond this many words a side, the O(n × m) table is not built.
    static let maxWords = 400

    init(_ a: [UInt64], _ b: [UInt64]) {
        let n = a.count
        let m = b.count
        // The same words (most sentences of a copy): every word matches its twin, which is what
        // the table below gives, without building it.
        guard a != b else {
            matches = (0..<n).map { ($0, $0) }
            hunks = []
            return
        }
        guard n <= WordDiff.maxWords, m <= WordDiff.maxWords else {
            matches = []
            hunks = [DiffHunk(o: 0..<n, c: 0..<m)]
            return
        }
        // The walk below matches equal words as it meets them, so it takes a common start as
        // it is and reads the table only past it: the table starts there.
        var p = 0
        while p < n, p < m, a[p] == b[p] { p += 1 }
        // Suffix LCS lengths: t[i - p][j - p] = LCS of a[i...] and b[j...], for i, j ≥ p.
        let w = m - p + 1
        var t = [Int32](repeating: 0, count: (n - p + 1) * w)
        if n > p && m > p {
            for i in stride(from: n - p - 1, through: 0, by: -1) {
                for j in stride(from: m - p - 1, through: 0, by: -1) {
                    t[i * w + j] =
                        a[p + i] == b[p + j] ? t[(i + 1) * w + j + 1] + 1 : max(t[(i + 1) * w + j], t[i * w + j + 1])
                }
            }
        }
        var matches: [(Int, Int)] = []
        var hunks: [DiffHunk] = []
        var i = 0
        var j = 0
        var hi = 0
        var hj = 0
        func flush() {
            if i > hi || j > hj { hunks.append(DiffHunk(o: hi..<i, c: hj..<j)) }
        }
        while i < n, j < m {
            if a[i] == b[j] {
                flush()
                matches.append((i, j))
                i += 1
                j += 1
                hi = i
                hj = j
            } else if t[(i + 1 - p) * w + j - p] >= t[(i - p) * w + j + 1 - p] {
                i += 1
            } else {
                j += 1
            }
        }
        i = n
        j = m
        flush()
        self.matches = matches
        self.hunks = hunks
    }

    /// Words of the original that the copy kept.
    var matchedCount: Int { matches.count }
}

/// Turns the differences between two sentences into ``WordEdit``s a person can read.
enum EditDescriber {
    /// The word edits of `copy` against `original` (quotation marks included).
    static func edits(original: Sentence, copy: Sentence, diff: WordDiff) -> [WordEdit] {
        var out: [WordEdit] = []
        for h in diff.hunks { out.append(edit(h, original: original, copy: copy)) }
        out.append(contentsOf: quoteEdits(original: original, copy: copy, diff: diff))
        return out
    }

    static func edit(_ h: DiffHunk, original: Sentence, copy: Sentence) -> WordEdit {
        let from = withAbbreviationDot(original.surface(h.o), original, h.o)
        let to = withAbbreviationDot(copy.surface(h.c), copy, h.c)
        if h.c.isEmpty { return WordEdit(kind: .deleted, from: from, to: "", summary: "−“\(shorten(from))”") }
        if h.o.isEmpty { return WordEdit(kind: .inserted, from: "", to: to, summary: "+“\(shorten(to))”") }
        let tok = WordTokenizer()
        let f = tok.normalize(from)
        let t = tok.normalize(to)
        let spelling =
            f.replacingSpaces == t.replacingSpaces
            || (h.o.count == 1 && h.c.count == 1 && SpellingVariants.areVariants(Array(f.utf8), Array(t.utf8)))
        return WordEdit(
            kind: spelling ? .spelling : .wording, from: from, to: to,
            summary: "\(shorten(from))→\(shorten(to))")
    }

    /// `U.S` → `U.S.`: the period after a dotted abbreviation belongs to it.
    static func withAbbreviationDot(_ text: String, _ s: Sentence, _ words: Range<Int>) -> String {
        guard !words.isEmpty else { return text }
        let u = Array(text.utf8)
        guard u.count >= 3, u[u.count - 2] == UInt8(ascii: "."), s.ranges[words.upperBound - 1].count == 1 else {
            return text
        }
        let end = s.ranges[words.upperBound - 1].upperBound
        let all = s.text.utf8
        guard end < all.count, all[all.index(all.startIndex, offsetBy: end)] == UInt8(ascii: ".") else { return text }
        return text + "."
    }

    // MARK: Quotation marks

    /// A double quotation mark in a sentence: its byte offset and whether it opens a quote.
    struct Quote {
        var at: Int
        var opens: Bool
    }

    /// Double quotation marks (`"`, `“`, `”`, `«`, `»`, `„`) in order; a straight `"` opens when it
    /// is at the start or after a space or opening bracket.
    static func quotes(_ s: Sentence) -> [Quote] {
        var out: [Quote] = []
        let u = Array(s.text.utf8)
        var i = 0
        while i < u.count {
            let b = u[i]
            if b == 0x22 {
                let prev: UInt8 = i > 0 ? u[i - 1] : 0x20
                out.append(Quote(at: i, opens: prev == 0x20 || prev == 0x28 || prev == 0x0A || prev == 0x09))
            } else if b == 0xE2, i + 2 < u.count, u[i + 1] == 0x80, u[i + 2] == 0x9C || u[i + 2] == 0x9D || u[i + 2] == 0x9E {
                out.append(Quote(at: i, opens: u[i + 2] != 0x9D))
                i += 2
            } else if b == 0xC2, i + 1 < u.count, u[i + 1] == 0xAB || u[i + 1] == 0xBB {
                out.append(Quote(at: i, opens: u[i + 1] == 0xAB))
                i += 1
            }
            i += 1
        }
        return out
    }

    /// Index of the word a quotation mark belongs to: the next word for an opening mark, the
    /// previous one for a closing mark.
    static func anchorWord(_ q: Quote, in s: Sentence) -> Int? {
        if q.opens { return s.ranges.firstIndex { $0.lowerBound > q.at } }
        return s.ranges.lastIndex { $0.upperBound <= q.at }
    }

    /// Quotation marks the copy dropped or added around words both sentences share.
    static func quoteEdits(original: Sentence, copy: Sentence, diff: WordDiff) -> [WordEdit] {
        // No quotation mark on either side (most sentences): nothing dropped or added.
        guard !quotes(original).isEmpty || !quotes(copy).isEmpty else { return [] }
        var oToC: [Int: Int] = [:]
        var cToO: [Int: Int] = [:]
        for (i, j) in diff.matches {
            oToC[i] = j
            cToO[j] = i
        }
        let dropped = missingQuotes(from: original, in: copy, map: oToC)
        let added = missingQuotes(from: copy, in: original, map: cToO)
        var out: [WordEdit] = []
        for span in dropped {
            let from = shorten(original.slice(span.bytes), max: 60)
            let to = span.mapped.map { shorten(copy.surface($0), max: 60) } ?? ""
            let what = span.marks == 2 ? "quotation marks dropped" : (span.opening ? "opening quotation mark dropped" : "closing quotation mark dropped")
            out.append(WordEdit(kind: .punctuation, from: from, to: to, summary: what))
        }
        for span in added {
            let to = shorten(copy.slice(span.bytes), max: 60)
            let from = span.mapped.map { shorten(original.surface($0), max: 60) } ?? ""
            out.append(WordEdit(kind: .punctuation, from: from, to: to, summary: "quotation marks added"))
        }
        return out
    }

    struct QuoteSpan {
        var bytes: Range<Int>
        var mapped: Range<Int>?
        var marks: Int
        var opening: Bool
    }

    /// Quotation marks of `a` with no counterpart next to the matching word of `b`, grouped by
    /// quoted passage.
    static func missingQuotes(from a: Sentence, in b: Sentence, map: [Int: Int]) -> [QuoteSpan] {
        let qa = quotes(a)
        guard !qa.isEmpty else { return [] }
        let qb = quotes(b)
        var spans: [QuoteSpan] = []
        var k = 0
        while k < qa.count {
            // Pair an opening mark with the next closing one.
            var group = [qa[k]]
            if qa[k].opens, k + 1 < qa.count, !qa[k + 1].opens { group.append(qa[k + 1]) }
            k += group.count
            var missing = 0
            var openingMissing = false
            for q in group {
                guard let w = anchorWord(q, in: a), let wb = map[w] else { continue }
                let present: Bool
                if q.opens {
                    let lo = wb > 0 ? b.ranges[wb - 1].upperBound : 0
                    present = qb.contains { $0.at >= lo && $0.at < b.ranges[wb].lowerBound }
                } else {
                    let hi = wb + 1 < b.ranges.count ? b.ranges[wb + 1].lowerBound : Int.max
                    present = qb.contains { $0.at >= b.ranges[wb].upperBound && $0.at < hi }
                }
                if !present {
                    missing += 1
                    if q.opens { openingMissing = true }
                }
            }
            guard missing > 0 else { continue }
            let start = group[0].at
            let last = group[group.count - 1]
            let end = min(a.text.utf8.count, last.at + (last.opens ? 1 : quoteLength(a, at: last.at)))
            var lo = start
            var hi = end
            // A lone mark: show the quoted words up to the sentence's end or start.
            if group.count == 1 {
                if group[0].opens { hi = a.text.utf8.count } else { lo = 0 }
            }
            let words = (0..<a.ranges.count).filter { a.ranges[$0].lowerBound >= lo && a.ranges[$0].upperBound <= hi }
            var mapped: Range<Int>? = nil
            if let f = words.first, let l = words.last, let mf = map[f], let ml = map[l], mf <= ml { mapped = mf..<(ml + 1) }
            spans.append(QuoteSpan(bytes: lo..<hi, mapped: mapped, marks: missing, opening: openingMissing))
        }
        return spans
    }

    static func quoteLength(_ s: Sentence, at i: Int) -> Int {
        let u = s.text.utf8
        let b = u[u.index(u.startIndex, offsetBy: i)]
        return b == 0x22 ? 1 : (b == 0xC2 ? 2 : 3)
    }

    /// Cuts a long text to about `max` characters, keeping its start and end: `“We have … Russia.”`.
    static func shorten(_ s: String, max: Int = 50) -> String {
        // At most `max` bytes, or at most `max` scalars (bytes that do not continue one): kept
        // whole. Longer: cut by scalar indices, without making an array of its scalars.
        if s.utf8.count <= max { return s }
        var count = 0
        for b in s.utf8 where b & 0xC0 != 0x80 { count += 1 }
        guard count > max else { return s }
        let scalars = s.unicodeScalars
        let head = max * 3 / 5
        let tail = max - head - 2
        var a = String(scalars[..<scalars.index(scalars.startIndex, offsetBy: head)])
        var b = String(scalars[scalars.index(scalars.endIndex, offsetBy: -tail)...])
        if let sp = a.lastIndex(of: " ") { a = String(a[..<sp]) }
        if let sp = b.firstIndex(of: " ") { b = String(b[b.index(after: sp)...]) }
        return a + " … " + b
    }
}

extension String {
    /// The folded text without its spaces (`u s` and `us` compare equal).
    fileprivate var replacingSpaces: String { String(decoding: utf8.filter { $0 != 0x20 }, as: UTF8.self) }
}

/// American and British spellings of one word: `authorized/authorised`, `defense/defence`,
/// `color/colour`, `center/centre`, `traveled/travelled`, `catalog/catalogue`,
/// `program/programme`, `judgment/judgement`.
///
/// ```swift
/// SpellingVariants.areVariants(Array("authorized".utf8), Array("authorised".utf8))  // true
/// SpellingVariants.areVariants(Array("defense".utf8), Array("offense".utf8))        // false
/// ```
///
/// Works on folded (lowercase) UTF-8 words; O(length).
public enum SpellingVariants {
    /// `true` when `a` and `b` are the same word in American and British spelling.
    public static func areVariants(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if a == b || a.count < 4 || b.count < 4 { return false }
        return oneSwap(a, b) || oneSwap(b, a) || extraLetters(a, b) || extraLetters(b, a) || reSwap(a, b)
    }

    private static let z = UInt8(ascii: "z")
    private static let s = UInt8(ascii: "s")
    private static let c = UInt8(ascii: "c")
    private static let e = UInt8(ascii: "e")
    private static let i = UInt8(ascii: "i")
    private static let y = UInt8(ascii: "y")
    private static let n = UInt8(ascii: "n")

    /// Same length, one letter different: `-ize/-ise`, `-yze/-yse` (z→s after i or y),
    /// `-ense/-ence` and `licence` (s→c before e).
    private static func oneSwap(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff = -1
        for k in 0..<a.count where a[k] != b[k] {
            if diff >= 0 { return false }
            diff = k
        }
        guard diff > 0, diff + 1 < a.count else { return false }
        let before = a[diff - 1]
        if a[diff] == z, b[diff] == s, before == i || before == y { return true }
        // defense/defence, offense/offence, license/licence (not advise/advice, device/devise).
        if a[diff] == s, b[diff] == c, a[diff + 1] == e, before == n { return true }
        return false
    }

    /// `b` is `a` with letters added: `o→ou` before r (`color/colour`), a doubled `l`
    /// (`traveled/travelled`), `-og/-ogue`, `-am/-amme`, `dg→dge` (`judgment/judgement`).
    private static func extraLetters(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let extra = b.count - a.count
        guard extra == 1 || extra == 2 else { return false }
        var k = 0
        while k < a.count, a[k] == b[k] { k += 1 }
        // a[..<k] == b[..<k]; b has `extra` letters at k.
        guard Array(a[k...]) == Array(b[(k + extra)...]) else { return false }
        let inserted = Array(b[k..<(k + extra)])
        let prev: UInt8 = k > 0 ? a[k - 1] : 0
        let next: UInt8 = k < a.count ? a[k] : 0
        if inserted == [UInt8(ascii: "u")], prev == UInt8(ascii: "o"), next == UInt8(ascii: "r") { return true }
        if inserted == [UInt8(ascii: "l")], prev == UInt8(ascii: "l") || next == UInt8(ascii: "l") { return true }
        if inserted == [e], prev == UInt8(ascii: "g"), k >= 2, a[k - 2] == UInt8(ascii: "d") { return true }
        if k == a.count {
            if inserted == Array("ue".utf8), a.count >= 2, a[(a.count - 2)...] == [UInt8(ascii: "o"), UInt8(ascii: "g")] {
                return true
            }
            if inserted == Array("me".utf8), prev == UInt8(ascii: "m") { return true }
        }
        return false
    }

    /// `-er/-re`: `center/centre`, `theater/theatre`, also before `s`/`d` (`centers/centres`).
    private static func reSwap(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count, a.count >= 4 else { return false }
        var first = -1
        for k in 0..<a.count where a[k] != b[k] {
            first = k
            break
        }
        guard first >= 0, first + 1 < a.count else { return false }
        let r = UInt8(ascii: "r")
        let swapped =
            (a[first] == e && a[first + 1] == r && b[first] == r && b[first + 1] == e)
            || (a[first] == r && a[first + 1] == e && b[first] == e && b[first + 1] == r)
        return swapped && a[(first + 2)...] == b[(first + 2)...]
    }
}
