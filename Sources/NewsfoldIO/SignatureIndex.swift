#if canImport(Glibc)
    import Glibc
#endif
import NewsfoldCore

/// A file of ``DocumentFingerprint``s, so that a later `newsfold dedup --index PATH` adds new
/// documents to the groups of earlier runs without reading their texts again.
///
/// Format (all integers little-endian), append-only:
///
/// ```text
/// header  "NFSIGIX1" (8 bytes) · UInt32 version = 1 · UInt32 permutations · UInt32 ngram
///         · UInt32 scheme (0 one-permutation, 1 permutations)
/// record  UInt32 id length · id (UTF-8) · Int64 published (Int64.min = unknown)
///         UInt32 words · UInt32 shingles · UInt64 content hash · permutations × UInt32 signature
/// ```
///
/// LSH bands are not stored: they are recomputed from the signatures when the file is loaded
/// (O(bands) per document, far cheaper than signing), so a later run may use another
/// `--threshold`, `--bands` or `--rows`. `--permutations`, `--ngram` and `--sketch` must stay the same:
/// signatures made otherwise don't compare, and ``forEachBatch(path:parameters:batchSize:_:)`` says so.
/// Reading and writing stream through 1 MiB buffers: neither holds the file or a second copy
/// of the fingerprints.
///
/// ```swift
/// try SignatureIndex.forEachBatch(path: "corpus.nfsig", parameters: parameters) { index.insert($0) }
/// ...
/// try SignatureIndex.append(newFingerprints, to: "corpus.nfsig", parameters: parameters)
/// ```
///
/// Size: `32 + 4 × permutations` bytes plus the id per document (544 + id bytes at 128).
public enum SignatureIndex {
    static let magic: [UInt8] = Array("NFSIGIX1".utf8)
    static let version: UInt32 = 1

    /// The fingerprints stored at `path`, in the order they were added; `[]` if there is no file.
    /// Holds them all: to add a large index to a ``CopyGroupIndex``, use
    /// ``forEachBatch(path:parameters:batchSize:_:)``.
    ///
    /// - Throws: ``SignatureIndexError`` when the file is not an index, was made with another
    ///   `--permutations`/`--ngram`, or is truncated.
    public static func load(path: String, parameters: DedupParameters) throws -> [DocumentFingerprint] {
        var out: [DocumentFingerprint] = []
        try forEachBatch(path: path, parameters: parameters) { out += $0 }
        return out
    }

    /// Reads the fingerprints stored at `path` in order, `batchSize` at a time, streaming the
    /// file through a 1 MiB buffer: memory is one batch, not the index (544 MB at 1M documents).
    /// Nothing is called when there is no file.
    ///
    /// ```swift
    /// try SignatureIndex.forEachBatch(path: "corpus.nfsig", parameters: parameters) { index.insert($0) }
    /// ```
    ///
    /// - Throws: ``SignatureIndexError`` as ``load(path:parameters:)``, or what `body` throws.
    public static func forEachBatch(
        path: String, parameters: DedupParameters, batchSize: Int = 4096, _ body: ([DocumentFingerprint]) throws -> Void
    ) throws {
        guard let f = fopen(path, "rb") else {
            if errno == ENOENT { return }
            throw SignatureIndexError("\(path): cannot open signature index: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var r = Reader(file: f, path: path)
        guard try r.fill(1) else { return }  // an empty file: no index yet
        try readHeader(&r, parameters: parameters)
        let k = parameters.permutations
        var batch: [DocumentFingerprint] = []
        batch.reserveCapacity(max(1, batchSize))
        while try r.fill(1) {
            let idLength = Int(try r.u32())
            let id = String(decoding: try r.bytes(idLength), as: UTF8.self)
            let published = Int64(bitPattern: try r.u64())
            let words = Int(try r.u32()), shingles = Int(try r.u32())
            let hash = try r.u64()
            var sig = [UInt32](repeating: 0, count: k)
            for i in 0..<k { sig[i] = try r.u32() }
            batch.append(
                DocumentFingerprint(
                    id: id, published: published == .min ? nil : published, words: words, shingles: shingles,
                    contentHash: hash, signature: sig))
            if batch.count >= batchSize {
                try body(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try body(batch) }
    }

    /// Reads and checks the 24-byte header: the magic, the format version, and the settings
    /// the signatures were made with (they must be `parameters`').
    private static func readHeader(_ r: inout Reader, parameters: DedupParameters) throws {
        guard try r.fill(24), Array(r.buffer[r.at..<(r.at + 8)]) == magic else {
            throw SignatureIndexError("\(r.path): not a Newsfold signature index (give a new path to start one)")
        }
        r.at += 8
        let v = try r.u32()
        guard v == version else { throw SignatureIndexError("\(r.path): index format version \(v) is not supported") }
        let k = Int(try r.u32()), n = Int(try r.u32()), scheme = try r.u32()
        let schemeName = scheme == 0 ? MinHasher.Scheme.onePermutation : .permutations
        guard k == parameters.permutations, n == parameters.ngram, schemeName == parameters.scheme else {
            throw SignatureIndexError(
                "\(r.path): index made with --permutations \(k) --ngram \(n) --sketch \(schemeName.rawValue); run with those, or start a new index"
            )
        }
    }

    /// Whether `path` starts with the header of an index of these `parameters` (whatever
    /// follows, even a record cut short by an interrupted append); `false` when there is no
    /// such file, it is empty, or it is something else.
    public static func hasHeader(path: String, parameters: DedupParameters) -> Bool {
        guard let f = fopen(path, "rb") else { return false }
        defer { fclose(f) }
        var r = Reader(file: f, path: path)
        return (try? readHeader(&r, parameters: parameters)) != nil
    }

    /// Appends `fingerprints` to the index at `path`, creating it (with its header) if needed.
    /// Fingerprints are written as the sequence yields them (through a 1 MiB buffer), so a lazy
    /// sequence (`(0..<n).lazy.map { index.fingerprint(at: $0) }`) is never held whole.
    public static func append<Fingerprints: Sequence<DocumentFingerprint>>(
        _ fingerprints: Fingerprints, to path: String, parameters: DedupParameters
    ) throws {
        let exists = access(path, F_OK) == 0
        guard let f = fopen(path, "ab") else {
            throw SignatureIndexError("\(path): cannot write signature index: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        var buf: [UInt8] = []
        if !exists || ftell(f) == 0 {
            buf += magic
            put32(&buf, version)
            put32(&buf, UInt32(parameters.permutations))
            put32(&buf, UInt32(parameters.ngram))
            put32(&buf, parameters.scheme == .onePermutation ? 0 : 1)
        }
        for fp in fingerprints {
            precondition(fp.signature.count == parameters.permutations)
            let id = Array(fp.id.utf8)
            put32(&buf, UInt32(id.count))
            buf += id
            put64(&buf, UInt64(bitPattern: fp.published ?? .min))
            put32(&buf, UInt32(clamping: fp.words))
            put32(&buf, UInt32(clamping: fp.shingles))
            put64(&buf, fp.contentHash)
            for v in fp.signature { put32(&buf, v) }
            if buf.count > 1 << 20 { try flush(&buf, f, path) }
        }
        try flush(&buf, f, path)
    }

    private static func flush(_ buf: inout [UInt8], _ f: UnsafeMutablePointer<FILE>, _ path: String) throws {
        let written = buf.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
        guard written == buf.count else {
            throw SignatureIndexError("\(path): write failed: \(String(cString: strerror(errno)))")
        }
        buf.removeAll(keepingCapacity: true)
    }

    private static func put32(_ b: inout [UInt8], _ v: UInt32) {
        b.append(UInt8(truncatingIfNeeded: v))
        b.append(UInt8(truncatingIfNeeded: v >> 8))
        b.append(UInt8(truncatingIfNeeded: v >> 16))
        b.append(UInt8(truncatingIfNeeded: v >> 24))
    }

    private static func put64(_ b: inout [UInt8], _ v: UInt64) {
        put32(&b, UInt32(truncatingIfNeeded: v))
        put32(&b, UInt32(truncatingIfNeeded: v >> 32))
    }

    /// Reads the file through a buffer of at least 1 MiB, refilled as records are consumed.
    private struct Reader {
        let file: UnsafeMutablePointer<FILE>
        let path: String
        var buffer: [UInt8] = []
        /// What each `fread` fills, kept between refills.
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var at = 0
        /// Bytes consumed before `buffer[0]` (for error messages).
        var base = 0

        init(file: UnsafeMutablePointer<FILE>, path: String) {
            self.file = file
            self.path = path
        }

        /// Makes `n` bytes available from `at`; `false` when the file ends first (having read
        /// what there was).
        mutating func fill(_ n: Int) throws -> Bool {
            if buffer.count - at >= n { return true }
            if at > 0 {
                buffer.removeSubrange(0..<at)
                base += at
                at = 0
            }
            if chunk.count < n { chunk = [UInt8](repeating: 0, count: n) }
            while buffer.count < n {
                let got = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
                if got <= 0 {
                    if ferror(file) != 0 {
                        throw SignatureIndexError("\(path): read failed: \(String(cString: strerror(errno)))")
                    }
                    return false
                }
                buffer.append(contentsOf: chunk[0..<got])
            }
            return true
        }

        mutating func u32() throws -> UInt32 {
            guard try fill(4) else { throw truncated() }
            var v: UInt32 = 0
            for k in 0..<4 { v |= UInt32(buffer[at + k]) << (8 * k) }
            at += 4
            return v
        }

        mutating func u64() throws -> UInt64 {
            let lo = try u32(), hi = try u32()
            return UInt64(lo) | UInt64(hi) << 32
        }

        mutating func bytes(_ n: Int) throws -> ArraySlice<UInt8> {
            guard n <= 1 << 20, try fill(n) else { throw truncated() }
            defer { at += n }
            return buffer[at..<(at + n)]
        }

        func truncated() -> SignatureIndexError {
            SignatureIndexError(
                "\(path): signature index truncated at byte \(base + at) (an interrupted run?); delete it and rebuild")
        }
    }
}

/// A signature index could not be read or written; the message names the file and what to do.
public struct SignatureIndexError: Error, CustomStringConvertible, Equatable {
    /// The message: the file, what is wrong, and what to do.
    public var description: String
    /// An error with this message.
    public init(_ description: String) { self.description = description }
}
