/// How one Unicode scalar takes part in words after folding: the single place that says what
/// "the same word" means for every stage (copy groups, stories, provenance).
///
/// Folding lowercases (Latin, Greek, Cyrillic, full-width Latin), strips the diacritics of
/// Latin-1 and Latin Extended-A letters (`é` → `e`, `Ł` → `l`), drops apostrophes, soft
/// hyphens, zero-width characters and combining marks inside a word (`isn’t` = `isn't` =
/// `isnt`), and turns every punctuation mark, symbol and space into a word break. Han, kana
/// and other scripts written without spaces make one word per character.
///
/// ```swift
/// TextFolding.fold(scalar: 0xC9)   // .letter(0x65): "É" folds to "e"
/// TextFolding.fold(scalar: 0x2019) // .joiner: "’" vanishes inside a word
/// TextFolding.fold(scalar: 0x201C) // .separator: "“" breaks words
/// ```
///
/// Cost: O(1) per scalar (table look-ups and range tests); ASCII goes through ``asciiClass``,
/// a 256-entry table, so hot loops only call ``fold(scalar:)`` for non-ASCII scalars.
public enum TextFolding {
    /// The role of a scalar after folding.
    public enum Fold: Equatable, Sendable {
        /// Part of a word, as this (folded) scalar.
        case letter(UInt32)
        /// A word on its own (an ideograph): ends the current word, makes a one-scalar word.
        case ideograph(UInt32)
        /// Ignored: does not break the word it is in (apostrophes, combining marks, ZWJ).
        case joiner
        /// Breaks words (spaces, punctuation, symbols, invalid bytes).
        case separator
    }

    /// Classes of ASCII bytes: `0` separator, `1` letter or digit (see ``asciiFolded``),
    /// `2` joiner (the apostrophe), `3` first byte of a multi-byte UTF-8 sequence.
    public static let asciiClass: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(c)] = 1 }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(c)] = 1 }
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(c)] = 1 }
        t[Int(UInt8(ascii: "'"))] = 2
        for c in 0xC2...0xF4 { t[c] = 3 }
        return t
    }()

    /// One table for the tokenizer's hot loop: `0` separator (and bytes that cannot start a
    /// UTF-8 scalar), `1` joiner (the apostrophe), `2` first byte of a multi-byte scalar,
    /// otherwise the byte's folded value (a lowercase letter or digit, always ≥ `0x30`).
    public static let byteFold: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        for c in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(c)] = c }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(c)] = c + 0x20 }
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(c)] = c }
        t[Int(UInt8(ascii: "'"))] = 1
        for c in 0xC2...0xF4 { t[c] = 2 }
        return t
    }()

    /// ASCII bytes lowercased (other bytes unchanged).
    public static let asciiFolded: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        for c in 0..<256 { t[c] = UInt8(c) }
        for c in 0x41...0x5A { t[c] = UInt8(c + 0x20) }
        return t
    }()

    // U+00C0 ... U+00FF: base letter, '*' = keep (lowercased), '-' = separator.
    private static let latin1: [UInt32] = table(
        "aaaaaa*ceeeeiiii*nooooo-ouuuuy**" + "aaaaaa*ceeeeiiii*nooooo-ouuuuy*y", base: 0xC0)
    // U+0100 ... U+017F: base letters of Latin Extended-A.
    private static let latinExtA: [UInt32] = table(
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs",
        base: 0x100)

    private static func table(_ s: String, base: UInt32) -> [UInt32] {
        var out: [UInt32] = []
        var k: UInt32 = 0
        for b in s.utf8 {
            let scalar = base + k
            switch b {
            case UInt8(ascii: "-"): out.append(0)
            case UInt8(ascii: "*"):
                // Keep the letter itself, lowercased (Æ → æ, Þ → þ; ß, æ, þ stay).
                out.append((scalar >= 0xC0 && scalar <= 0xDE) ? scalar + 0x20 : scalar)
            default: out.append(UInt32(b))
            }
            k += 1
        }
        return out
    }

    /// Folds one non-ASCII scalar (ASCII is faster through ``asciiClass``/``asciiFolded``).
    @inlinable
    public static func fold(scalar s: UInt32) -> Fold {
        if s < 0x80 {
            let c = asciiClass[Int(s)]
            if c == 1 { return .letter(UInt32(asciiFolded[Int(s)])) }
            return c == 2 ? .joiner : .separator
        }
        return foldNonASCII(s)
    }

    @usableFromInline
    static func foldNonASCII(_ s: UInt32) -> Fold {
        switch s {
        case 0x80..<0xA0: return .separator  // C1 controls
        case 0xAD: return .joiner  // soft hyphen
        case 0xA0..<0xC0: return .separator  // Latin-1 punctuation and symbols, NBSP
        case 0xC0..<0x100:
            let f = latin1[Int(s - 0xC0)]
            return f == 0 ? .separator : .letter(f)
        case 0x100..<0x180: return .letter(latinExtA[Int(s - 0x100)])
        case 0x300..<0x370: return .joiner  // combining diacritical marks
        case 0x370..<0x400: return foldGreek(s)
        case 0x400..<0x410: return .letter(s + 0x50)  // Cyrillic Ѐ..Џ
        case 0x410..<0x430: return .letter(s + 0x20)  // Cyrillic А..Я
        case 0x2018, 0x2019, 0x201B, 0x2032: return .joiner  // apostrophes, prime
        case 0x200B...0x200D, 0x2060, 0xFEFF: return .joiner  // zero-width
        case 0xFE00...0xFE0F: return .joiner  // variation selectors
        case 0x2000..<0x2C00: return .separator  // punctuation, currency, arrows, maths, boxes
        case 0x2E00..<0x2E80: return .separator  // supplemental punctuation
        case 0x3000..<0x3040: return .separator  // CJK punctuation
        case 0x3040..<0x3100, 0x3400..<0x4DC0, 0x4E00..<0xA000, 0xF900..<0xFB00:
            return .ideograph(s)
        case 0x20000..<0x30000: return .ideograph(s)
        case 0xE000..<0xF900: return .separator  // private use
        case 0xFF10...0xFF19: return .letter(s - 0xFF10 + 0x30)  // full-width digits
        case 0xFF21...0xFF3A: return .letter(s - 0xFF21 + 0x61)  // full-width capitals
        case 0xFF41...0xFF5A: return .letter(s - 0xFF41 + 0x61)
        case 0xFF00..<0xFF66: return .separator  // full-width punctuation
        case 0x1F000..<0x20000: return .separator  // emoji, pictographs
        default: return .letter(s)
        }
    }

    /// Greek: lowercase, accents (tonos, dialytika) removed, final sigma as sigma.
    private static func foldGreek(_ s: UInt32) -> Fold {
        switch s {
        case 0x386, 0x3AC: return .letter(0x3B1)  // Ά ά → α
        case 0x388, 0x3AD: return .letter(0x3B5)  // Έ έ → ε
        case 0x389, 0x3AE: return .letter(0x3B7)  // Ή ή → η
        case 0x38A, 0x3AF, 0x3AA, 0x3CA, 0x390: return .letter(0x3B9)  // Ί ί Ϊ ϊ ΐ → ι
        case 0x38C, 0x3CC: return .letter(0x3BF)  // Ό ό → ο
        case 0x38E, 0x3CD, 0x3AB, 0x3CB, 0x3B0: return .letter(0x3C5)  // Ύ ύ Ϋ ϋ ΰ → υ
        case 0x38F, 0x3CE: return .letter(0x3C9)  // Ώ ώ → ω
        case 0x391...0x3A9: return .letter(s + 0x20)  // capitals
        case 0x3C2: return .letter(0x3C3)  // final sigma
        case 0x37E, 0x387: return .separator  // Greek question mark, ano teleia
        default: return .letter(s)
        }
    }

    /// Decodes the UTF-8 scalar starting at `i` (whose first byte is ≥ 0x80). Returns the
    /// scalar and its length, or `nil` with length 1 for an invalid sequence.
    @inlinable
    public static func decode(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> (scalar: UInt32?, length: Int) {
        let b0 = UInt32(p[i])
        let n = p.count
        @inline(__always) func cont(_ k: Int) -> UInt32? {
            guard k < n else { return nil }
            let b = p[k]
            return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
        }
        if b0 >= 0xC2 && b0 <= 0xDF {
            guard let c1 = cont(i + 1) else { return (nil, 1) }
            return ((b0 & 0x1F) << 6 | c1, 2)
        }
        if b0 >= 0xE0 && b0 <= 0xEF {
            guard let c1 = cont(i + 1), let c2 = cont(i + 2) else { return (nil, 1) }
            let s = (b0 & 0x0F) << 12 | c1 << 6 | c2
            guard s >= 0x800, !(0xD800...0xDFFF).contains(s) else { return (nil, 1) }
            return (s, 3)
        }
        if b0 >= 0xF0 && b0 <= 0xF4 {
            guard let c1 = cont(i + 1), let c2 = cont(i + 2), let c3 = cont(i + 3) else { return (nil, 1) }
            let s = (b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            guard s >= 0x10000, s <= 0x10FFFF else { return (nil, 1) }
            return (s, 4)
        }
        return (nil, 1)
    }
}
