/// One word of a text: its hash after folding, and where it stands in the original UTF-8 bytes.
public struct Word: Sendable, Equatable {
    /// The 64-bit ``StableHash`` of the folded word: equal for `Café`, `cafe` and `CAFÉ`.
    public var hash: UInt64
    /// Byte offsets of the word in the original UTF-8 text (folding does not move them).
    public var range: Range<Int>

    @inlinable
    public init(hash: UInt64, range: Range<Int>) {
        self.hash = hash
        self.range = range
    }
}

/// Splits UTF-8 text into folded words in one pass over the bytes, without building strings.
///
/// Words are runs of letters and digits after ``TextFolding``: lowercased, diacritics
/// stripped, apostrophes dropped, every punctuation mark a break. Each word comes out as a
/// ``Word`` (hash + byte range), which is what shingles, copy groups and stories need;
/// ``normalize(_:)`` gives the folded text itself when a person has to read it.
///
/// ```swift
/// let tokenizer = WordTokenizer()
/// tokenizer.forEachWord(in: "Kim’s “visit”, in Vladivostok") { word in
///     print(word.hash, word.range)  // 4 words: kims, visit, in, vladivostok
/// }
/// tokenizer.normalize("The Café’s DOOR—open!")  // "the cafes door open"
/// ```
///
/// Cost: O(bytes), one table look-up per ASCII byte and one multiply per 8 bytes of a word;
/// no allocation. Measured with the signing benchmark (see `Benchmarks/dedup/README.md`).
public struct WordTokenizer: Sendable {
    public init() {}

    /// Calls `body` for each word of `text`, in order.
    @inlinable
    public func forEachWord(in text: String, _ body: (Word) -> Void) {
        var text = text
        text.withUTF8 { forEachWord(in: $0, body) }
    }

    /// Calls `body` for each word of the UTF-8 bytes `p`, in order. Invalid UTF-8 breaks words.
    @inlinable
    public func forEachWord(in p: UnsafeBufferPointer<UInt8>, _ body: (Word) -> Void) {
        var state = WordHashState()
        var start = -1
        var i = 0
        let n = p.count
        TextFolding.byteFold.withUnsafeBufferPointer { table in
            while i < n {
                let t = table[Int(p[i])]
                if t > 2 {  // ASCII letter or digit: the common case, run to the word's end
                    if start < 0 { start = i }
                    state.append(t)
                    i += 1
                    while i < n {
                        let u = table[Int(p[i])]
                        if u <= 2 { break }
                        state.append(u)
                        i += 1
                    }
                    continue
                }
                if t == 0 {
                    if start >= 0 {
                        body(Word(hash: state.finish(), range: start..<i))
                        start = -1
                    }
                    i += 1
                    continue
                }
                if t == 1 { i += 1; continue }  // apostrophe: joins
                // Multi-byte scalar.
                let (scalar, length) = TextFolding.decode(p, at: i)
                let f: TextFolding.Fold = scalar.map { TextFolding.fold(scalar: $0) } ?? .separator
                switch f {
                case .letter(let s):
                    if start < 0 { start = i }
                    state.append(scalar: s)
                case .joiner:
                    break
                case .separator:
                    if start >= 0 {
                        body(Word(hash: state.finish(), range: start..<i))
                        start = -1
                    }
                case .ideograph(let s):
                    if start >= 0 {
                        body(Word(hash: state.finish(), range: start..<i))
                        start = -1
                    }
                    state.append(scalar: s)
                    body(Word(hash: state.finish(), range: i..<(i + length)))
                }
                i += length
            }
        }
        if start >= 0 { body(Word(hash: state.finish(), range: start..<n)) }
    }

    /// The folded text: words separated by single spaces. For display and tests; hot paths
    /// use ``forEachWord(in:_:)-(UnsafeBufferPointer<UInt8>,_)``.
    public func normalize(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var text = text
        text.withUTF8 { p in
            var inWord = false
            var i = 0
            func space() {
                if inWord { out.append(0x20); inWord = false }
            }
            while i < p.count {
                let b = p[i]
                var length = 1
                let f: TextFolding.Fold
                if b < 0x80 {
                    f = TextFolding.fold(scalar: UInt32(b))
                } else {
                    let d = TextFolding.decode(p, at: i)
                    length = d.length
                    f = d.scalar.map { TextFolding.fold(scalar: $0) } ?? .separator
                }
                switch f {
                case .letter(let s):
                    appendUTF8(s, to: &out)
                    inWord = true
                case .joiner: break
                case .separator: space()
                case .ideograph(let s):
                    space()
                    appendUTF8(s, to: &out)
                    inWord = true
                    space()
                }
                i += length
            }
        }
        while out.last == 0x20 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }
}

private func appendUTF8(_ s: UInt32, to out: inout [UInt8]) {
    if s < 0x80 {
        out.append(UInt8(s))
    } else if s < 0x800 {
        out.append(UInt8(0xC0 | (s >> 6)))
        out.append(UInt8(0x80 | (s & 0x3F)))
    } else if s < 0x10000 {
        out.append(UInt8(0xE0 | (s >> 12)))
        out.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (s & 0x3F)))
    } else {
        out.append(UInt8(0xF0 | (s >> 18)))
        out.append(UInt8(0x80 | ((s >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (s & 0x3F)))
    }
}

/// Running hash of one folded word: bytes packed 8 at a time, one multiply per 8 bytes.
/// The hash of a word equals the hash of its folded UTF-8 bytes, however they were reached.
@usableFromInline
struct WordHashState {
    @usableFromInline var h: UInt64 = 0x243F_6A88_85A3_08D3
    @usableFromInline var pack: UInt64 = 0
    @usableFromInline var length: UInt64 = 0

    @inlinable init() {}

    @inlinable @inline(__always)
    mutating func append(_ b: UInt8) {
        pack = pack << 8 | UInt64(b)
        length &+= 1
        if length & 7 == 0 {
            h = (h ^ pack) &* StableHash.prime
            h = (h << 29) | (h >> 35)
            pack = 0
        }
    }

    @inlinable
    mutating func append(scalar s: UInt32) {
        if s < 0x80 {
            append(UInt8(s))
        } else if s < 0x800 {
            append(UInt8(0xC0 | (s >> 6)))
            append(UInt8(0x80 | (s & 0x3F)))
        } else if s < 0x10000 {
            append(UInt8(0xE0 | (s >> 12)))
            append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            append(UInt8(0x80 | (s & 0x3F)))
        } else {
            append(UInt8(0xF0 | (s >> 18)))
            append(UInt8(0x80 | ((s >> 12) & 0x3F)))
            append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            append(UInt8(0x80 | (s & 0x3F)))
        }
    }

    /// The word's hash; resets for the next word.
    @inlinable @inline(__always)
    mutating func finish() -> UInt64 {
        let out = StableHash.mix((h ^ pack) &* StableHash.prime ^ length)
        self = WordHashState()
        return out
    }
}
