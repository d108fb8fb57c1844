/// What one line of crawled plain text looks like: the features that tell article prose from
/// the page around it, computed on UTF-8 bytes.
struct LineShape: Equatable {
    /// The class a line falls in before its neighbours are considered.
    enum Kind: Equatable {
        /// Article prose: a long line that ends a sentence.
        case good
        /// A short line that ends a sentence: prose when it stands between good lines.
        case neutral
        /// A long line of prose that does not end a sentence (a paragraph cut short, a line that
        /// introduces a quote or a list with a colon): kept between body lines, but it neither
        /// opens nor ends a body, since headlines and link text have this shape too. (A page's
        /// last line that holds whole sentences is taken as good: the text was cut there.)
        case prose
        /// Anything else: menus, headings, bullets, dates, captions, teasers.
        case bad
    }

    var kind: Kind = .bad
    var words = 0
    var chars = 0
    /// Ends with `.`, `!`, `?` or the full stop or question mark of another script (`。`, `？`,
    /// `؟`, `।`...), possibly followed by a closing quote or bracket.
    var endsSentence = false
    /// Starts with a list bullet (`- `, `• `, `* `).
    var isBullet = false
    /// Ends with an ellipsis or `[…]`: a teaser or a truncated caption.
    var isTeaser = false
    /// Mostly a date or time.
    var isDate = false
    /// Holds a digit (cheap pre-check for date search).
    var hasDigit = false
    /// Share of words that start with a capital letter.
    var capitalised = 0.0
    /// The same text appears elsewhere on the page (repeated captions and headlines, or a line
    /// that a longer one contains).
    var echoed = false

    /// Long prose has at least this many words (a typical news sentence has 15–25).
    static let goodWords = 10
    /// A neutral line has at least this many words.
    static let neutralWords = 4
    /// Above this share of capitalised words a line is a headline or a list of names, not prose.
    static let maxCapitalised = 0.7

    /// Classifies every line of a page; repetition is judged across the page.
    static func classify(_ lines: [Substring]) -> [LineShape] {
        var shapes = lines.map { LineShape(line: $0) }
        // Echoes: exact repeats, or a line contained in another (headline inside a breadcrumb).
        // Byte arrays: hashing and searching bytes avoids String's Unicode normalisation.
        let bytes = lines.map { Array($0.utf8) }
        var counts: [[UInt8]: Int] = [:]
        for l in bytes { counts[l, default: 0] += 1 }
        for (i, l) in bytes.enumerated() where counts[l, default: 0] > 1 { shapes[i].echoed = true }
        // Containment only for headline-sized lines.
        for (i, l) in bytes.enumerated() where !shapes[i].echoed && shapes[i].words >= 4 && shapes[i].words <= 30 {
            for (j, other) in bytes.enumerated() where j != i && other.count > l.count {
                if contains(other, l) {
                    shapes[i].echoed = true
                    break
                }
            }
        }
        for i in shapes.indices { shapes[i].kind = shapes[i].decideKind() }
        return shapes
    }

    init(line: Substring) {
        var words = 0
        var capitals = 0
        var inWord = false
        var digit = false
        var dateChars = 0
        var ideographs = 0
        var previous: UInt8 = 0
        for b in line.utf8 {
            let space = b == 0x20 || b == 0x09
            if !space && !inWord {
                words += 1
                if b >= 0x41 && b <= 0x5A { capitals += 1 }
            }
            inWord = !space
            if b >= 0x30 && b <= 0x39 {
                digit = true
                dateChars += 1
            }
            // Han and kana (``isIdeograph(_:_:)``), counted at their second byte.
            if isIdeograph(previous, b) && b < 0xC0 { ideographs += 1 }
            previous = b
        }
        // Chinese and Japanese put no spaces between words: two characters count as one word.
        self.words = words + ideographs / 2
        self.chars = line.utf8.count
        self.hasDigit = digit
        self.capitalised = words == 0 ? 0 : Double(capitals) / Double(words)
        let bytes = Array(line.utf8)
        self.isBullet =
            bytes.count >= 2
            && ((bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "*")) && bytes[1] == 0x20
                || line.hasPrefix("• ") || line.hasPrefix("· "))
        self.isTeaser =
            line.hasSuffix("...") || line.hasSuffix("…") || line.hasSuffix("[…]") || line.hasSuffix("[...]")
            || line.hasSuffix("… ]")
        // Last meaningful byte, skipping closing quotes and brackets.
        var k = bytes.count - 1
        while k >= 0 {
            let b = bytes[k]
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") || b == UInt8(ascii: ")") || b == UInt8(ascii: "]") {
                k -= 1
                continue
            }
            // ” ’ » are 3- or 2-byte sequences ending in 0x9D, 0x99, 0xBB.
            if k >= 2, bytes[k - 2] == 0xE2, bytes[k - 1] == 0x80, bytes[k] == 0x9D || bytes[k] == 0x99 {
                k -= 3
                continue
            }
            // 」 』 》 〉 】 (E3 80 8D, 8F, 8B, 89, 91) and the full-width ） (EF BC 89).
            if k >= 2, bytes[k - 2] == 0xE3, bytes[k - 1] == 0x80, [0x8D, 0x8F, 0x8B, 0x89, 0x91].contains(bytes[k])
                || (bytes[k - 2] == 0xEF && bytes[k - 1] == 0xBC && bytes[k] == 0x89)
            {
                k -= 3
                continue
            }
            if k >= 1, bytes[k - 1] == 0xC2, bytes[k] == 0xBB {
                k -= 2
                continue
            }
            break
        }
        if k >= 0 {
            let b = bytes[k]
            endsSentence =
                b == UInt8(ascii: ".") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?")
                || LineShape.sentenceMarks.contains { mark in
                    k + 1 >= mark.count && bytes[(k + 1 - mark.count)...k].elementsEqual(mark)
                }
        }
        // A date line: short, with digits making up a good part of it, and a date in it.
        if digit, words <= 12, dateChars * 8 >= chars {
            isDate = DateParser.find(in: line) != nil
        }
    }

    /// Sentence-final marks of other scripts, as UTF-8: `。` `！` `？` `．` (Chinese and
    /// Japanese, full width), `؟` `۔` (Arabic, Urdu), `।` `॥` (Devanagari), `።` (Ethiopic),
    /// `။` (Myanmar), `։` (Armenian).
    static let sentenceMarks: [[UInt8]] = [
        [0xE3, 0x80, 0x82], [0xEF, 0xBC, 0x81], [0xEF, 0xBC, 0x9F], [0xEF, 0xBC, 0x8E], [0xD8, 0x9F], [0xDB, 0x94],
        [0xE0, 0xA5, 0xA4], [0xE0, 0xA5, 0xA5], [0xE1, 0x8D, 0xA2], [0xE1, 0x81, 0x8B], [0xD6, 0x89],
    ]

    /// Whether a sentence ends inside `line` (`. ` before a capital letter, a quote or a
    /// non-ASCII letter, or a mark of ``sentenceMarks``): prose cut short after at least one
    /// whole sentence. O(n).
    static func holdsSentenceEnd(_ line: Substring) -> Bool {
        let bytes = Array(line.utf8)
        var i = 0
        while i + 2 < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: ".") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?"), bytes[i + 1] == 0x20 {
                let next = bytes[i + 2]
                if (next >= 0x41 && next <= 0x5A) || next == UInt8(ascii: "\"") || next >= 0xC0 { return true }
            }
            if b >= 0xD0, sentenceMarks.contains(where: { mark in
                i + mark.count < bytes.count && bytes[i..<(i + mark.count)].elementsEqual(mark)
            }) {
                return true
            }
            i += 1
        }
        return false
    }

    func decideKind() -> Kind {
        if isBullet || isTeaser || isDate || echoed { return .bad }
        guard endsSentence else {
            return words >= LineShape.goodWords && capitalised <= LineShape.maxCapitalised ? .prose : .bad
        }
        if words >= LineShape.goodWords && capitalised <= LineShape.maxCapitalised { return .good }
        if words >= LineShape.neutralWords { return .neutral }
        return .bad
    }
}
