/// Splits a paragraph into sentences, on UTF-8 bytes.
///
/// A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets after it)
/// followed by white space and then a capital letter, a digit or an opening quote. A period
/// does not end a sentence after a single letter (`U.S.`, `J. Smith`), after a word with a
/// period inside (`U.S`), or after a common English abbreviation of a title or month
/// (`Mr.`, `Gen.`, `Sept.`).
///
/// ```swift
/// SentenceSplitter().split("The U.S. said so. Mr. Kim left on Sept. 5. “Yes,” he said.")
/// // ["The U.S. said so.", "Mr. Kim left on Sept. 5.", "“Yes,” he said."]
/// ```
///
/// Cost: O(bytes); one look-back over the word before each period.
public struct SentenceSplitter: Sendable {
    /// A splitter; it holds no state, so one value can be shared by any number of tasks.
    public init() {}

    /// The sentences of `text`, trimmed of surrounding white space.
    public func split(_ text: String) -> [String] {
        var text = text
        return text.withUTF8 { p in
            ranges(p).map { String(decoding: UnsafeBufferPointer(rebasing: p[$0]), as: UTF8.self) }
        }
    }

    /// Byte ranges of the sentences of `p`, trimmed of white space.
    public func ranges(_ p: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        let n = p.count
        var start = 0
        var i = 0
        func push(_ end: Int) {
            var s = start
            var e = end
            while s < e, isSpace(p, s) { s += spaceLength(p, s) }
            while e > s, p[e - 1] == 0x20 || p[e - 1] == 0x0A || p[e - 1] == 0x09 || p[e - 1] == 0x0D { e -= 1 }
            if e > s { out.append(s..<e) }
        }
        while i < n {
            let b = p[i]
            var end = -1
            if b == UInt8(ascii: ".") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?") {
                end = i + 1
            } else if b == 0xE2, i + 2 < n, p[i + 1] == 0x80, p[i + 2] == 0xA6 {  // …
                end = i + 3
            }
            guard end > 0 else { i += 1; continue }
            // Closing quotes and brackets belong to the sentence.
            var j = end
            while j < n {
                if p[j] == UInt8(ascii: "\"") || p[j] == UInt8(ascii: "'") || p[j] == UInt8(ascii: ")") {
                    j += 1
                } else if p[j] == 0xE2, j + 2 < n, p[j + 1] == 0x80, p[j + 2] == 0x9D || p[j + 2] == 0x99 {
                    j += 3  // ” ’
                } else {
                    break
                }
            }
            // White space, then a sentence start.
            var k = j
            var sawSpace = false
            while k < n, isSpace(p, k) {
                sawSpace = true
                k += spaceLength(p, k)
            }
            guard sawSpace, k < n, startsSentence(p, k) else { i = j > i ? j : i + 1; continue }
            if b == UInt8(ascii: "."), isAbbreviation(p, before: i) { i = j; continue }
            push(j)
            start = k
            i = k
        }
        push(n)
        return out
    }

    @inline(__always)
    private func isSpace(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let b = p[i]
        if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D { return true }
        return b == 0xC2 && i + 1 < p.count && p[i + 1] == 0xA0  // no-break space
    }

    @inline(__always)
    private func spaceLength(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int { p[i] == 0xC2 ? 2 : 1 }

    /// A capital, a digit, an opening quote or bracket.
    private func startsSentence(_ p: UnsafeBufferPointer<UInt8>, _ k: Int) -> Bool {
        let b = p[k]
        if (0x41...0x5A).contains(b) || (0x30...0x39).contains(b) { return true }
        if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: "(") { return true }
        if b == 0xE2, k + 2 < p.count, p[k + 1] == 0x80, p[k + 2] == 0x9C || p[k + 2] == 0x98 { return true }
        // A non-ASCII capital (Latin-1 À..Þ, Greek, Cyrillic): decode and check.
        if b >= 0xC3, b < 0xD4 {
            let (scalar, _) = TextFolding.decode(p, at: k)
            if let s = scalar {
                return (0xC0...0xDE).contains(s) || (0x391...0x3A9).contains(s) || (0x400...0x42F).contains(s)
            }
        }
        return false
    }

    /// `true` when the word ending just before the period at `dot` is an abbreviation.
    private func isAbbreviation(_ p: UnsafeBufferPointer<UInt8>, before dot: Int) -> Bool {
        var s = dot
        while s > 0 {
            let c = p[s - 1]
            let isLetter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A
            if isLetter || c == UInt8(ascii: ".") { s -= 1 } else { break }
        }
        let word = UnsafeBufferPointer(rebasing: p[s..<dot])
        if word.isEmpty { return false }
        if word.count == 1 { return (0x41...0x5A).contains(word[0]) }  // an initial: "J."
        if word.contains(UInt8(ascii: ".")) { return true }  // "U.S", "a.m"
        guard word.count <= 5 else { return false }
        var key: UInt64 = 0
        for c in word { key = key << 8 | UInt64(c | 0x20) }
        return SentenceSplitter.abbreviations.contains(key)
    }

    /// Titles, months and other abbreviations that are followed by a capital or a number
    /// inside a sentence (English news style), packed as up to 5 lowercase ASCII bytes.
    static let abbreviations: Set<UInt64> = {
        let words = """
            mr mrs ms dr st jr sr gen sen rep gov lt col sgt capt cmdr adm maj pres prof rev \
            jan feb apr aug sep sept oct nov dec vs inc corp co ltd dept fig mt ft \
            ave blvd univ calif ariz colo conn fla kan mich minn nev okla tenn wis
            """
        var s = Set<UInt64>()
        for w in words.split(separator: " ") {
            var key: UInt64 = 0
            for c in w.utf8 { key = key << 8 | UInt64(c) }
            s.insert(key)
        }
        return s
    }()
}
