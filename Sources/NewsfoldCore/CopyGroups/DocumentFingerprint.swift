/// What copy-group detection keeps of one document: its MinHash signature and a few numbers,
/// never the text (about `4 × permutations + 60` bytes plus the id).
///
/// Make them with ``Fingerprinter`` (in parallel if you like), then feed them to
/// ``CopyGroupIndex/add(_:)``; a `SignatureIndex` file (NewsfoldIO) stores them between runs.
public struct DocumentFingerprint: Sendable, Equatable {
    /// The document's id (unique in a collection; a repeat gets a warning, both are kept).
    public var id: String
    /// Seconds since 1970 of the document's `published` date (``NewsDate/instant``), if known.
    public var published: Int64?
    /// Number of folded words.
    public var words: Int
    /// Number of distinct-position shingles (the set size used for containment).
    public var shingles: Int
    /// Hash of the folded word sequence: exact copies share it.
    public var contentHash: UInt64
    /// The MinHash signature (``DedupParameters/permutations`` slots).
    public var signature: [UInt32]

    /// A fingerprint from its parts, as read back from storage; ``Fingerprinter`` makes new ones.
    public init(id: String, published: Int64?, words: Int, shingles: Int, contentHash: UInt64, signature: [UInt32]) {
        self.id = id
        self.published = published
        self.words = words
        self.shingles = shingles
        self.contentHash = contentHash
        self.signature = signature
    }

    /// `true` when the text has no words at all.
    public var isEmpty: Bool { words == 0 }
}

/// Turns texts into ``DocumentFingerprint``s: fold, shingle, hash, MinHash.
///
/// A value type with no shared state: call it from as many tasks as you have cores.
///
/// ```swift
/// let fingerprinter = Fingerprinter(parameters: try DedupParameters())
/// let fp = fingerprinter.fingerprint(id: "a", text: article.text, published: article.published)
/// let many = await fingerprinter.fingerprints(of: documents, parallelism: 2)
/// ```
///
/// Cost: O(bytes + shingles × permutations / 8); one temporary buffer per call.
public struct Fingerprinter: Sendable {
    /// The parameters the fingerprints are made for: shingle length, signature length and scheme.
    public let parameters: DedupParameters
    /// The shingler of ``DedupParameters/ngram`` words.
    public let shingler: Shingler
    /// The MinHash of ``DedupParameters/permutations`` slots in ``DedupParameters/scheme``.
    public let hasher: MinHasher

    /// A fingerprinter whose fingerprints ``CopyGroupIndex`` accepts under the same `parameters`.
    public init(parameters: DedupParameters) {
        self.parameters = parameters
        shingler = Shingler(n: parameters.ngram)
        hasher = MinHasher(permutations: parameters.permutations, scheme: parameters.scheme)
    }

    /// The fingerprint of UTF-8 text.
    public func fingerprint(id: String, utf8 text: UnsafeBufferPointer<UInt8>, published: Int64?) -> DocumentFingerprint {
        var scratch: [UInt32] = []
        if hasher.scheme == .permutations { scratch.reserveCapacity(text.count / 5 + 8) }
        var signature = [UInt32](repeating: .max, count: hasher.permutations)
        let summary = signature.withUnsafeMutableBufferPointer {
            hasher.sketch(utf8: text, shingler: shingler, into: $0, scratch: &scratch)
        }
        return DocumentFingerprint(
            id: id, published: published, words: summary.words, shingles: summary.shingles,
            contentHash: summary.contentHash, signature: signature)
    }

    /// The fingerprint of UTF-8 text held in an array.
    public func fingerprint(id: String, utf8 text: [UInt8], published: NewsDate? = nil) -> DocumentFingerprint {
        text.withUnsafeBufferPointer { fingerprint(id: id, utf8: $0, published: published?.instant) }
    }

    /// The fingerprint of a text.
    public func fingerprint(id: String, text: String, published: NewsDate? = nil) -> DocumentFingerprint {
        var text = text
        return text.withUTF8 { fingerprint(id: id, utf8: $0, published: published?.instant) }
    }

    /// Fingerprints of `(id, text, published)` triples, in order, on up to `parallelism` tasks.
    public func fingerprints(
        of documents: [(id: String, text: String, published: NewsDate?)], parallelism: Int = 2
    ) async -> [DocumentFingerprint] {
        let n = documents.count
        let chunks = max(1, min(n, parallelism * 4))
        return await withTaskGroup(of: (Int, [DocumentFingerprint]).self) { group in
            for c in 0..<chunks {
                let lo = n * c / chunks, hi = n * (c + 1) / chunks
                let slice = Array(documents[lo..<hi])
                group.addTask {
                    (c, slice.map { fingerprint(id: $0.id, text: $0.text, published: $0.published) })
                }
            }
            var parts = [[DocumentFingerprint]](repeating: [], count: chunks)
            for await (c, part) in group { parts[c] = part }
            return parts.flatMap { $0 }
        }
    }
}
