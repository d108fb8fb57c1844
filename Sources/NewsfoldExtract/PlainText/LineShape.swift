/// What one line of crawled plain text looks like: the features that tell article prose from
/// the page around it, computed on UTF-8 bytes.
struct LineShape: Equatable {
    /// The class a line falls in before its neighbours are considered.
    enum Kind: Equatable {
        /// Article prose: a long line that ends a sentence.
        case good
        /// A short line that ends a sentence: prose when it stands between good lines.
        case neutral
        /// Anything else: menus, headings, bullets, dates, captions, teasers.
        case bad
    }

    var kind: Kind = .bad
    var words = 0
    var chars = 0
    /// Ends with `.`, `!`, `?` (possibly followed by a closing quote or bracket).
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
        }
        self.words = words
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
            if k >= 1, bytes[k - 1] == 0xC2, bytes[k] == 0xBB {
                k -= 2
                continue
            }
            break
        }
        if k >= 0 {
            let b = bytes[k]
            endsSentence = b == UInt8(ascii: ".") || b == UInt8(ascii: "!") || b == UInt8(ascii: "?")
        }
        // A date line: short, with digits making up a good part of it, and a date in it.
        if digit, words <= 12, dateChars * 8 >= chars {
            isDate = DateParser.find(in: line) != nil
        }
    }

    func decideKind() -> Kind {
        if isBullet || isTeaser || isDate || echoed { return .bad }
        guard endsSentence else { return .bad }
        if words >= LineShape.goodWords && capitalised <= LineShape.maxCapitalised { return .good }
        if words >= LineShape.neutralWords { return .neutral }
        return .bad
    }
}
