/// What shingling saw in one text.
public struct ShingleSummary: Sendable, Equatable {
    /// Number of folded words.
    public var words: Int
    /// Number of shingles produced: `words - n + 1`, or 1 for a tiny text, 0 for an empty one.
    public var shingles: Int
    /// Hash of the whole folded word sequence: equal iff the texts are the same after
    /// ``TextFolding`` (up to 64-bit collisions). Used to find exact copies first.
    public var contentHash: UInt64
    /// `true` when the text has fewer words than `n`: it got one shingle of all its words.
    public var isTiny: Bool { words > 0 && words < n }
    /// The n-gram length these counts were made with.
    public var n: Int

    /// A summary from its counts, as ``Shingler`` makes them.
    @inlinable
    public init(words: Int, shingles: Int, contentHash: UInt64, n: Int) {
        self.words = words
        self.shingles = shingles
        self.contentHash = contentHash
        self.n = n
    }
}

/// Word n-gram shingles of UTF-8 text, hashed to 64 bits, in one pass and without allocation.
///
/// A shingle is `n` consecutive folded words (see ``WordTokenizer``); its hash is a
/// polynomial of the word hashes (rolling, O(1) per word) passed through ``StableHash/mix(_:)``.
/// A text with fewer than `n` words (but at least one) gets a single shingle of all its words,
/// so that short texts can still be matched exactly; ``ShingleSummary/isTiny`` says so.
///
/// ```swift
/// let shingler = Shingler(n: 5)
/// var hashes: [UInt64] = []
/// let summary = shingler.forEachShingle(in: "one two three four five six") { hashes.append($0) }
/// // summary.words == 6, hashes.count == 2
/// ```
///
/// Cost: O(bytes) for the words plus O(1) per word; no allocation.
public struct Shingler: Sendable {
    /// Words per shingle (1 ... 32).
    public let n: Int
    @usableFromInline let pn: UInt64

    /// A shingler of `n` words per shingle; `n` must be 1 ... 32 (a precondition).
    public init(n: Int = 5) {
        precondition((1...32).contains(n), "shingle length must be 1...32 words")
        self.n = n
        var p: UInt64 = 1
        for _ in 0..<n { p &*= StableHash.prime }
        pn = p
    }

    /// Calls `body` with the hash of each shingle of `text`, in order.
    @inlinable @discardableResult
    public func forEachShingle(in text: String, _ body: (UInt64) -> Void) -> ShingleSummary {
        var text = text
        return text.withUTF8 { forEachShingle(in: $0, body) }
    }

    /// Calls `body` with the hash of each shingle of the UTF-8 bytes `p`, in order.
    @inlinable @discardableResult
    public func forEachShingle(in p: UnsafeBufferPointer<UInt8>, _ body: (UInt64) -> Void) -> ShingleSummary {
        let n = self.n
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 32) { ring in
            var words = 0
            var rolling: UInt64 = 0
            var content: UInt64 = 0x1357_9BDF_2468_ACE0
            WordTokenizer().forEachWord(in: p) { word in
                let w = word.hash
                // Order-sensitive (each word weighted by its position) yet off the critical path.
                content &+= (w ^ (UInt64(words) &* 0xD6E8_FEB8_6659_FD93)) &* StableHash.prime
                rolling = roll(rolling, in: w, out: words >= n ? ring[(words - n) & 31] : nil)
                ring[words & 31] = w
                words += 1
                if words >= n { body(Self.hash(rolling, words: n)) }
            }
            var shingles = words >= n ? words - n + 1 : 0
            if words > 0 && words < n {
                body(Self.hash(rolling, words: words))
                shingles = 1
            }
            return ShingleSummary(
                words: words, shingles: shingles, contentHash: StableHash.mix(content ^ UInt64(words)), n: n)
        }
    }

    /// Calls `body` with the hash of each shingle of a text whose folded words' hashes
    /// (``WordTokenizer``) are `words`, in order: the same hashes as `forEachShingle(in:)` of that
    /// text, for a caller that has its words already.
    @inlinable
    public func forEachShingle(ofWords words: UnsafeBufferPointer<UInt64>, _ body: (UInt64) -> Void) {
        var rolling: UInt64 = 0
        for k in 0..<words.count {
            rolling = roll(rolling, in: words[k], out: k >= n ? words[k - n] : nil)
            if k + 1 >= n { body(Self.hash(rolling, words: n)) }
        }
        if words.count > 0 && words.count < n { body(Self.hash(rolling, words: words.count)) }
    }

    /// The rolling polynomial of the last `n` word hashes after word `w` comes in and, once
    /// there are `n` before it, word `out` leaves: O(1) a word.
    @inlinable @inline(__always)
    func roll(_ rolling: UInt64, in w: UInt64, out: UInt64?) -> UInt64 {
        let r = rolling &* StableHash.prime &+ w
        guard let out else { return r }
        return r &- out &* pn
    }

    /// A shingle's hash: the rolling polynomial of its `words` words, mixed.
    @inlinable @inline(__always)
    static func hash(_ rolling: UInt64, words: Int) -> UInt64 {
        StableHash.mix(rolling ^ UInt64(words))
    }
}
