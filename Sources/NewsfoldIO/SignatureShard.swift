#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import NewsfoldCore

/// The shard files `newsfold sign` writes for a distributed copy-group join (a Spark job):
/// `DIR/part-KKKKK-of-NNNNN.jsonl.gz`, one JSON line per document, and `DIR/parameters.json`.
///
/// Sharding is by file: the input files, in ``InputReader/files()`` order, are numbered
/// `0..<F`, and shard `K` of `N` takes the files with `index % N == K` (one big file goes to
/// one shard).
///
/// A part line, keys in this order:
/// `{"id","file","record","content_hash","words","shingles","published","bands","signature"}`,
/// and `"shingle_set"` last when the parameters verify exactly (`parameters.json` has
/// `"verification":"exact"` and the `"exact_margin"` of ``DedupParameters/exactMargin``)
/// - `file`, `record`: the file's index and the record's 0-based position in it (failed
///   records counted), so `(file, record)` sorts in input order;
/// - `content_hash`: ``DocumentFingerprint/contentHash`` bit-cast to Int64;
/// - `published`: ``DocumentFingerprint/published`` or `null`;
/// - `bands`: the LSH band keys (``Banding/bandKey(_:band:rows:)``, bit-cast to Int64), empty
///   when `words < ngram`;
/// - `signature`: the MinHash slots as non-negative ints;
/// - `shingle_set`: the sorted exact shingle hashes (``ExactJaccard``), bit-cast to Int64, `[]`
///   when `bands` is empty: what `dedup` compares for a pair whose estimate lies within
///   `exact_margin` of the threshold.
///
/// ```swift
/// var w = JSONWriter()
/// SignatureShard.writeLine(fingerprint, file: 0, record: 7, parameters: p, to: &w)
/// let name = SignatureShard.partName(shard: 3, of: 16)   // part-00003-of-00016.jsonl.gz
/// ```
public enum SignatureShard {
    /// The `format` of `parameters.json`.
    public static let format = "newsfold-signatures"
    /// The `version` of `parameters.json`; raised when the line format changes.
    public static let version = 1

    /// `part-00003-of-00016.jsonl.gz` for shard 3 of 16.
    public static func partName(shard: Int, of count: Int) -> String {
        "part-\(zeroPadded(shard))-of-\(zeroPadded(count)).jsonl.gz"
    }

    /// Parses `K/N` (`0 <= K < N`); `nil` when malformed.
    public static func parse(_ text: String) -> (shard: Int, count: Int)? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 0, k < n else {
            return nil
        }
        return (k, n)
    }

    /// The indices (in `files`) of the files shard `shard` of `count` reads.
    public static func indices(ofShard shard: Int, of count: Int, files: Int) -> StrideTo<Int> {
        stride(from: shard, to: files, by: count)
    }

    /// The band keys written for a fingerprint: none when the text is shorter than one shingle
    /// (such documents only join exact copies).
    public static func bandKeys(_ fp: DocumentFingerprint, parameters p: DedupParameters) -> [UInt64] {
        guard fp.words > 0, fp.words >= p.ngram else { return [] }
        return Banding.bandKeys(of: fp.signature, bands: p.bands, rows: p.rows)
    }

    /// Writes one part line (with its newline).
    ///
    /// `shingleSet`: the document's exact shingle set (``ExactJaccard/shingleSet(of:shingler:)``),
    /// written as `shingle_set` when the parameters verify exactly, so that the join can settle
    /// the pairs `dedup` settles exactly; `nil` (and `[]` written) for a text shorter than one
    /// shingle, which is never compared.
    public static func writeLine(
        _ fp: DocumentFingerprint, file: Int, record: Int, parameters p: DedupParameters,
        shingleSet: [UInt64]? = nil, to w: inout JSONWriter
    ) {
        w.beginObject()
        w.key("id"); w.string(fp.id)
        w.key("file"); w.number(file)
        w.key("record"); w.number(record)
        w.key("content_hash"); w.number(Int(Int64(bitPattern: fp.contentHash)))
        w.key("words"); w.number(fp.words)
        w.key("shingles"); w.number(fp.shingles)
        w.key("published")
        if let p = fp.published { w.number(Int(p)) } else { w.null() }
        w.key("bands")
        w.beginArray()
        for key in bandKeys(fp, parameters: p) { w.number(Int(Int64(bitPattern: key))) }
        w.endArray()
        w.key("signature")
        w.beginArray()
        for slot in fp.signature { w.number(Int(slot)) }
        w.endArray()
        if p.verification == .exact {
            w.key("shingle_set")
            w.beginArray()
            for h in shingleSet ?? [] { w.number(Int(Int64(bitPattern: h))) }
            w.endArray()
        }
        w.endObject()
        w.newline()
    }

    /// The part line (with its newline) of one document: its fingerprint, and its shingle set
    /// under exact verification. What `newsfold sign` writes per record.
    public static func line(
        _ doc: ArticleSource.DocumentText, file: Int, record: Int, fingerprinter: Fingerprinter,
        parameters p: DedupParameters
    ) -> [UInt8] {
        let fp = fingerprinter.fingerprint(id: doc.id, utf8: doc.text, published: doc.published)
        let set = doc.text.withUnsafeBufferPointer { shingleSet(fp, text: $0, parameters: p) }
        var w = JSONWriter(reservingCapacity: 2048 + 20 * (set?.count ?? 0))
        writeLine(fp, file: file, record: record, parameters: p, shingleSet: set, to: &w)
        return w.bytes
    }

    /// The shingle set a line carries under exact verification: the set `dedup` compares for
    /// a pending pair; `nil` when the text is too short to have bands (never compared).
    public static func shingleSet(
        _ fp: DocumentFingerprint, text: UnsafeBufferPointer<UInt8>, parameters p: DedupParameters
    ) -> [UInt64]? {
        guard p.verification == .exact, !bandKeys(fp, parameters: p).isEmpty else { return nil }
        return ExactJaccard.shingleSet(of: text, shingler: Shingler(n: p.ngram))
    }

    /// The content of `parameters.json`: the same for every shard of a run.
    public static func parametersJSON(_ p: DedupParameters) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("format"); w.string(format)
        w.key("version"); w.number(version)
        w.key("threshold"); w.number(p.threshold)
        w.key("ngram"); w.number(p.ngram)
        w.key("permutations"); w.number(p.permutations)
        w.key("bands"); w.number(p.bands)
        w.key("rows"); w.number(p.rows)
        w.key("scheme"); w.string(p.scheme.rawValue)
        w.key("containment")
        if let c = p.containment { w.number(c) } else { w.null() }
        w.key("keep"); w.string(p.keep.rawValue)
        w.key("verification"); w.string(p.verification.rawValue)
        w.key("exact_margin"); w.number(p.exactMargin)
        w.endObject()
        w.newline()
        return w.bytes
    }

    /// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so
    /// a reader (or another shard writing the same file) never sees it half written.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let temp = "\(path).tmp-\(getpid())"
        let out = try OutputSink(path: temp)
        out.write(bytes)
        try out.close()
        try rename(temp, to: path)
    }

    /// Renames `from` to `to` (replacing it), with an error naming both.
    public static func rename(_ from: String, to: String) throws {
        guard Glibc.rename(from, to) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(from)
            throw InputError.readFailed(path: to, reason: "cannot rename \(from) to it: \(reason)")
        }
    }

    private static func zeroPadded(_ n: Int) -> String {
        let s = String(n)
        return s.count >= 5 ? s : String(repeating: "0", count: 5 - s.count) + s
    }
}
