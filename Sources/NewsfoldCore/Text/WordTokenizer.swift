/// One word of a text: its hash after folding, and where it stands in the original UTF-8 bytes.
public struct Word: Sendable, Equatable {
    /// The 64-bit ``StableHash`` of the folded word: equal for `Café`, `cafe` and `CAFÉ`.
    public var hash: UInt64
    /// Byte offsets of the word in the original UTF-8 text (folding does not move them).
    public var range: Range<Int>

    /// A word from its folded hash and its byte range in the original text.
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
    /// A tokenizer; it holds no state.
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
                    if start < 0 {
                        start = i
                        // A whole word of ASCII letters and digits ended by an ASCII separator:
                        // eight bytes at a time. Anything else goes on byte by byte below, from
                        // where this stopped (same hash either way).
                        let end = Self.asciiWord(p, from: i, state: &state)
                        if end > i {
                            body(Word(hash: state.finish(), range: i..<end))
                            start = -1
                            i = end + 1  // the separator
                        } else {
                            i += Int(state.length)  // whole blocks hashed; the rest byte by byte
                        }
                        continue
                    }
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

    /// The fast path of ``forEachWord(in:_:)-(UnsafeBufferPointer<UInt8>,_)`` for a word starting
    /// at `i` with a fresh `state`: folds and hashes its letters and digits 8 bytes at a time
    /// (SWAR: every byte of a 64-bit load classified and lowercased at once). Returns the index
    /// of the separator that ends the word when the word is all ASCII letters and digits and that
    /// separator is a plain ASCII one (`state` then holds the whole word); otherwise `i`, having
    /// hashed only whole 8-byte blocks into `state` (its first `state.length` bytes), for the
    /// byte loop to go on from there (a word with `'` or a non-ASCII letter, or near the end).
    @inlinable @inline(__always)
    static func asciiWord(_ p: UnsafeBufferPointer<UInt8>, from i: Int, state: inout WordHashState) -> Int {
        let n = p.count
        let raw = UnsafeRawPointer(p.baseAddress!)
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        var j = i
        while j + 8 <= n {
            let x = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: j, as: UInt64.self))
            let seven = x & ~high
            // Per byte (of the low 7 bits): ≥ lo sets the top bit of x + (0x80 − lo); > hi sets it of x + (0x7F − hi).
            let digit = (seven &+ ones &* (0x80 - 0x30)) & ~(seven &+ ones &* (0x7F - 0x39))
            let lower = seven | (ones &* 0x20)
            let letter = (lower &+ ones &* (0x80 - 0x61)) & ~(lower &+ ones &* (0x7F - 0x7A))
            let word = (digit | letter) & ~x & high  // bytes ≥ 0x80 are never ASCII letters
            let folded = x | ((letter & ~x & high) >> 2)  // 0x20 into each letter: lowercase
            let run = (~word & high).trailingZeroBitCount >> 3  // letters and digits before the first other byte
            if run == 8 {
                state.appendBlock(folded.byteSwapped)
                j += 8
                continue
            }
            let end = j + run
            // The byte that ends the word must be a plain separator (not `'`, not a UTF-8 lead byte).
            let stop = p[end]
            guard stop < 0x80, stop != UInt8(ascii: "'") else { return i }
            if run > 0 {
                let keep = folded & ((1 << UInt64(run * 8)) &- 1)
                state.appendTail(keep.byteSwapped >> UInt64(64 - run * 8), count: run)
            }
            return end
        }
        return i
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

    /// Appends 8 folded bytes at once (`block`: the first byte in the top bits); only when the
    /// length is a multiple of 8, as after ``appendBlock(_:)`` calls from a fresh state.
    @inlinable @inline(__always)
    mutating func appendBlock(_ block: UInt64) {
        h = (h ^ block) &* StableHash.prime
        h = (h << 29) | (h >> 35)
        length &+= 8
    }

    /// Appends the last `count` (< 8) folded bytes of a word (`tail`: the first byte in the
    /// highest of its `count` bytes); only when the length is a multiple of 8.
    @inlinable @inline(__always)
    mutating func appendTail(_ tail: UInt64, count: Int) {
        pack = tail
        length &+= UInt64(count)
    }

    /// The word's hash; resets for the next word.
    @inlinable @inline(__always)
    mutating func finish() -> UInt64 {
        let out = StableHash.mix((h ^ pack) &* StableHash.prime ^ length)
        self = WordHashState()
        return out
    }
}
