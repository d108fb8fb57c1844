import ArgumentParser
import Foundation
import NewsfoldCore
import NewsfoldExtract
import NewsfoldIO

/// `newsfold sign`: the fingerprints of one shard of the input, for a copy-group join on
/// another engine (Spark, DuckDB) when the collection is too large for one machine.
///
/// `newsfold sign --shard K/N INPUT... -o DIR [--verify --threshold --ngram --permutations
/// --bands --rows --sketch --containment --keep]` writes `DIR/part-KKKKK-of-NNNNN.jsonl.gz` (K, N
/// zero-padded to 5 digits, K 0-based, 0 <= K < N) and `DIR/parameters.json`. Sharding: the
/// expanded input file list, in the order `InputReader` reads it (paths as given, directories
/// sorted by name), is numbered 0..F-1; shard K signs every record of the files with
/// `fileIndex % N == K` (one big file goes to one shard). Records that fail (not JSON, no
/// text, no article...) are reported on stderr as `dedup` does and are not written; the exit
/// status is 1 if any failed.
///
/// `parameters.json`, identical for every shard of a run (each shard writes it, atomically
/// via a temporary file and a rename):
/// `{"format":"newsfold-signatures","version":1,"threshold":0.8,"ngram":5,"permutations":128,
/// "bands":B,"rows":R,"scheme":"one-permutation","containment":null|0.8,"keep":"earliest",
/// "verification":"exact"|"estimate","exact_margin":0.106…}`
///
/// Each line of a part file is one document, keys in this order:
/// - `id` (string): the record id (as `dedup`: JSONL `id`, WARC-Record-ID, or file stem);
/// - `file` (int): index of the input file in the list; `record` (int): 0-based position of
///   the record in that file, failed records counted; `(file, record)` sorts in input order;
/// - `content_hash` (int64): `DocumentFingerprint.contentHash` bit-cast to Int64;
/// - `words`, `shingles` (int): `DocumentFingerprint.words` / `.shingles`;
/// - `published` (int or null): `DocumentFingerprint.published` (seconds since 1970);
/// - `bands` (B int64): the LSH band keys exactly as `CopyGroupIndex` computes them
///   (`Banding.bandKey`; band b covers signature slots b*R ..< (b+1)*R), bit-cast to Int64;
///   `[]` when `words < ngram` or `words == 0`;
/// - `signature` (`permutations` ints): the MinHash slots (UInt32, non-negative);
/// - `shingle_set` (int64s, only with `--verify exact`, the default): the sorted exact shingle
///   hashes, `[]` when `bands` is; what `dedup` compares for a borderline pair.
///
/// The join that reproduces `dedup` (its default, `--verify exact`, when the lines carry
/// `shingle_set`; `--verify estimate` otherwise): documents with `words == 0` stay
/// alone; equal `content_hash` (words > 0) joins; documents sharing a (band index, band key)
/// are candidates, joined when the fraction of equal signature slots is >= threshold (or, with
/// containment c, when min(1, s(a+b)/((1+s)a)) >= c for shingle counts a <= b); groups are the
/// connected components; the representative follows `keep` (earliest: smallest published,
/// null last, then id, then input order; longest: most shingles, then id, then input order;
/// first: input order). Under exact verification a candidate pair whose estimate s lies
/// within `exact_margin` of the threshold t (|s - t| < margin), unless it was accepted by
/// containment with s < t, is decided by the exact Jaccard of the two shingle sets instead
/// (an edge when it is >= t, with that similarity).
struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Write the MinHash signatures and LSH bands of one shard of the input (for Spark/DuckDB).",
        discussion: """
            Writes DIR/part-KKKKK-of-NNNNN.jsonl.gz, one JSON line per document: {"id", "file", \
            "record", "content_hash", "words", "shingles", "published", "bands", "signature", \
            "shingle_set" (with --verify exact, the default)}, and \
            DIR/parameters.json (the same for every shard). Reads what `dedup` reads: extracted \
            JSONL, pages, JSONL of pages, WARC/WET; '-' is standard input.
            Shards split the input by file: the input files, in reading order (directories sorted \
            by name), are numbered from 0 and shard K of N takes those whose number is K modulo N. \
            One big file goes to one shard: split a large input into many files.
            A record that fails is reported on stderr and not written; the exit status is then 1. \
            See Benchmarks/pipeline/README.md for the format and the join that reproduces `dedup`.
            """)

    @Argument(help: "Files or directories to read; '-' or nothing reads standard input.")
    var paths: [String] = []

    @Option(help: "The shard to write, K/N with 0 <= K < N: the files whose number is K modulo N.")
    var shard: String = "0/1"

    @Option(name: [.short, .long], help: "Directory for the part file and parameters.json (created if missing).")
    var output: String

    @OptionGroup var dedup: DedupOptions

    @Option(help: """
        exact (default): each line also carries the document's shingle set, so that the join settles \
        the pairs whose estimate is within exact_margin of the threshold as `dedup` does by default; \
        estimate: signatures only (smaller shards), the join reproduces `dedup --verify estimate`.
        """)
    var verify: DedupParameters.Verification = .exact

    @Option(name: .long, help: "Worker threads for extraction and signing (default: all cores).")
    var workers: Int = OrderedParallelMap<Int, Int>.defaultWorkers

    @Option(name: .long, help: "Refuse pages (and JSONL lines) larger than this many bytes.")
    var maxPageBytes: Int = 16 << 20

    @Flag(name: .shortAndLong, help: "Do not print the summary line on stderr.")
    var quiet = false

    func run() throws {
        guard let parsed = SignatureShard.parse(shard) else {
            throw ValidationError("--shard must be K/N with 0 <= K < N, got \(shard)")
        }
        let (k, n) = parsed
        let parameters = try dedup.parameters(verification: verify)
        let reader = InputReader(paths: paths.isEmpty ? ["-"] : paths, maxPageBytes: maxPageBytes)
        try prepareOutput(reader, parameters)
        let err = OutputSink.standardError()
        let clock = ContinuousClock.now

        let partPath = output + "/" + SignatureShard.partName(shard: k, of: n)
        let temp = partPath + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let sink = try OutputSink(path: temp)
        // Level 1: a shard is read once; at level 6 compression was 3/4 of `sign`'s CPU (1M docs),
        // and level 1 compresses 5x faster for a file 7% larger (measured on 50k shard lines).
        let gzip = try GzipWriter(sink: sink, level: 1)
        let fingerprinter = Fingerprinter(parameters: parameters)
        let extractor = PageExtractor(maxPageBytes: maxPageBytes)
        var records = 0, documents = 0, errors = 0, bytes = 0, withoutText = 0
        var warnings = RecordWarnings()
        let files = reader.files()
        var mine = 0
        for index in SignatureShard.indices(ofShard: k, of: n, files: files.count) {
            mine += 1
            let file = files[index]
            if let message = file.error {
                records += 1
                errors += 1
                err.write("newsfold sign: \(message)\n")
                continue
            }
            // One file at a time through the batch pipeline, so `record` counts within the file.
            var one = reader
            one.paths = [file.path]
            let pipeline = RecordPipeline(reader: one, limits: PipelineLimits(workers: workers)) { record in
                (
                    record.contentBytes,
                    ArticleSource.text(of: record, extractor: extractor).map { doc -> Signed? in
                        guard doc.hasText else { return nil }  // skipped, as `dedup` skips it
                        let line = SignatureShard.line(
                            doc, file: index, record: record.ordinal, fingerprinter: fingerprinter, parameters: parameters)
                        return (line, doc.warnings.map(record.warningLine))
                    }
                )
            }
            try pipeline.run(consume: { size, result in
                records += 1
                bytes += size
                switch result {
                case .success(nil):
                    withoutText += 1
                case .success(let (line, notes)?):
                    for w in notes where warnings.take() { err.write("newsfold sign: \(w)\n") }
                    documents += 1
                    try gzip.write(line)
                case .failure(let e):
                    errors += 1
                    err.write("newsfold sign: \(e)\n")
                }
            })
        }
        if let more = warnings.closingLine { err.write("newsfold sign: \(more)\n") }
        try gzip.finish()
        try sink.close()
        try SignatureShard.rename(temp, to: partPath)
        if !quiet {
            let seconds = (ContinuousClock.now - clock).seconds
            err.write(
                "newsfold sign: shard \(k)/\(n): \(mine) of \(files.count) files, \(records) records, "
                    + "\(documents) documents, \(withoutText) without text, \(errors) errors; "
                    + throughput(bytes: bytes, documents: documents, seconds: seconds) + " → \(partPath)\n")
        }
        try err.flush()
        if errors > 0 { throw ExitCode(1) }
    }

    /// Checks that the output folder is not among the inputs, creates it, and writes its
    /// `parameters.json`.
    private func prepareOutput(_ reader: InputReader, _ parameters: DedupParameters) throws {
        if let conflict = reader.conflict(withOutput: output) { throw ValidationError(conflict) }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create the output directory \(output): \(error.localizedDescription)")
        }
        try SignatureShard.writeAtomically(
            SignatureShard.parametersJSON(parameters), to: output + "/parameters.json")
    }

    /// `12.3 MB in 1.2 s (10.3 MB/s, 4000 documents/s)`.
    private func throughput(bytes: Int, documents: Int, seconds: Double) -> String {
        let mb = Double(bytes) / 1e6
        return "\(fmt1(mb)) MB in \(formatSeconds(seconds)) "
            + "(\(fmt1(mb / max(seconds, 1e-9))) MB/s, \(Int(Double(documents) / max(seconds, 1e-9))) documents/s)"
    }

    private func fmt1(_ x: Double) -> String { String((x * 10).rounded() / 10) }
}

/// A record's shard line, with the warnings on its date to print (``JSONDate``).
private typealias Signed = (line: [UInt8], warnings: [String])

extension InputRecord {
    /// The bytes the record holds (page or JSONL line), for throughput figures.
    fileprivate var contentBytes: Int {
        switch content {
        case .page(let p): return p.bytes.count
        case .jsonLine(let b, _): return b.count
        case .failure: return 0
        }
    }
}
