/// A lower-cased word of up to 16 UTF-8 bytes packed into two integers, so that vocabulary
/// look-ups (month names, zones, labels) hash two words instead of allocating a `String`.
///
/// ASCII `A`–`Z` and the Latin-1 capitals `À`–`Þ` (UTF-8 `C3 80`–`C3 9E`) are lower-cased;
/// other bytes are kept. Words longer than 16 bytes get ``WordKey/none``. O(length) to build.
struct WordKey: Hashable, Sendable {
    var a: UInt64
    var b: UInt64

    static let none = WordKey(a: .max, b: .max)

    init(a: UInt64, b: UInt64) {
        self.a = a
        self.b = b
    }

    /// The key of `bytes[start..<end]`.
    init(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        guard end - start <= 16, end > start else {
            self = .none
            return
        }
        var a: UInt64 = 0
        var b: UInt64 = 0
        var k = 0
        var i = start
        while i < end {
            var c = bytes[i]
            if c >= 0x41 && c <= 0x5A {
                c |= 0x20
            } else if c >= 0x80 && c <= 0x9E && c != 0x97 && i > start && bytes[i - 1] == 0xC3 {
                c |= 0x20
            }
            if k < 8 { a |= UInt64(c) << (8 * UInt64(k)) } else { b |= UInt64(c) << (8 * UInt64(k - 8)) }
            k += 1
            i += 1
        }
        self.a = a
        self.b = b
    }

    /// The key of a literal (used to build vocabularies once).
    init(_ text: String) {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [0] }
        self = bytes.withUnsafeBufferPointer { WordKey($0, 0, $0.count) }
    }
}

/// One token of a short line, for the metadata parsers: a run of digits, a run of letters
/// (ASCII letters and any non-punctuation non-ASCII character), or one punctuation mark.
struct MetaToken: Sendable {
    enum Kind: UInt8, Sendable { case number, word, punct }
    var kind: Kind
    /// Byte offsets in the line.
    var start: Int
    var end: Int
    /// Number: its value (digits beyond 18 are ignored). Punct: the byte, or one of the
    /// ``MetaToken`` codes for non-ASCII marks (``dash``, ``bullet``, ``otherMark``).
    var value: Int
    /// Number: how many digits.
    var digits: Int
    /// Word: the lower-cased key.
    var key: WordKey
    /// `true` when white space separates this token from the one before.
    var spaceBefore: Bool

    /// `–`, `—`, `‒`, `―`, `−`.
    static let dash = 0x100
    /// `•`, `·`.
    static let bullet = 0x101
    /// Any other mark from U+2000–U+206F, `«`, `»`.
    static let otherMark = 0x102

    /// Splits a line into tokens. O(n) in bytes.
    static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>) -> [MetaToken] {
        var tokens: [MetaToken] = []
        tokens.reserveCapacity(16)
        var i = 0
        let n = bytes.count
        var space = true
        while i < n {
            let c = bytes[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                space = true
                i += 1
                continue
            }
            if c >= 0x30 && c <= 0x39 {
                let s = i
                var v = 0
                while i < n, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                    if i - s < 18 { v = v * 10 + Int(bytes[i] - 0x30) }
                    i += 1
                }
                tokens.append(MetaToken(kind: .number, start: s, end: i, value: v, digits: i - s,
                                        key: .none, spaceBefore: space))
                space = false
                continue
            }
            if c >= 0x80 {
                let (len, code) = special(bytes, i)
                if len > 0 {
                    if code == 0 {
                        space = true
                    } else {
                        tokens.append(MetaToken(kind: .punct, start: i, end: i + len, value: code,
                                                digits: 0, key: .none, spaceBefore: space))
                        space = false
                    }
                    i += len
                    continue
                }
            }
            if isLetterStart(c) {
                let s = i
                while i < n {
                    let d = bytes[i]
                    if d >= 0x80 {
                        if special(bytes, i).0 > 0 { break }
                    } else if !isASCIILetter(d) {
                        break
                    }
                    i += 1
                }
                tokens.append(MetaToken(kind: .word, start: s, end: i, value: 0, digits: 0,
                                        key: WordKey(bytes, s, i), spaceBefore: space))
                space = false
                continue
            }
            tokens.append(MetaToken(kind: .punct, start: i, end: i + 1, value: Int(c), digits: 0,
                                    key: .none, spaceBefore: space))
            space = false
            i += 1
        }
        return tokens
    }

    @inline(__always) static func isASCIILetter(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    @inline(__always) static func isLetterStart(_ c: UInt8) -> Bool {
        isASCIILetter(c) || c >= 0x80
    }

    /// Non-ASCII spaces and marks at `i`: (length, 0 for a space or a punct code); (0, 0) for
    /// anything else (a letter).
    @inline(__always)
    static func special(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Int) {
        let c = b[i]
        let n = b.count
        if c == 0xC2, i + 1 < n {
            switch b[i + 1] {
            case 0xA0: return (2, 0)
            case 0xB7: return (2, bullet)
            case 0xAB, 0xBB: return (2, otherMark)
            default: return (0, 0)
            }
        }
        if c == 0xE2, i + 2 < n {
            if b[i + 1] == 0x80 {
                let d = b[i + 2]
                if d <= 0x8B || d == 0xAF { return (3, 0) }  // U+2000–U+200B, U+202F: spaces
                if d >= 0x92 && d <= 0x95 { return (3, dash) }
                if d == 0xA2 { return (3, bullet) }
                return (3, otherMark)
            }
            if b[i + 1] == 0x81, b[i + 2] <= 0xAF { return (3, otherMark) }
            if b[i + 1] == 0x88, b[i + 2] == 0x92 { return (3, dash) }  // U+2212 minus
        }
        if c == 0xE3, i + 2 < n, b[i + 1] == 0x80, b[i + 2] == 0x80 { return (3, 0) }
        if c == 0xEF, i + 2 < n, b[i + 1] == 0xBB, b[i + 2] == 0xBF { return (3, 0) }  // BOM
        return (0, 0)
    }
}

extension MetaToken {
    @inline(__always) func isPunct(_ c: UInt8) -> Bool { kind == .punct && value == Int(c) }
    @inline(__always) func isWord(_ k: WordKey) -> Bool { kind == .word && key == k }
}

/// Runs `body` on the UTF-8 bytes of `text` without copying when the storage is contiguous.
@inline(__always)
func withUTF8Bytes<R>(_ text: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    if let r = text.utf8.withContiguousStorageIfAvailable(body) { return r }
    let copy = Array(text.utf8)
    return copy.withUnsafeBufferPointer(body)
}
