import ArgumentParser
import NewsfoldCore
import NewsfoldExtract
import NewsfoldIO

/// `newsfold dedup`: copy groups (exact and near-duplicate copies) of a collection.
struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup", abstract: "Find exact and near-duplicate copies.",
        discussion: """
            Reads the JSONL that `newsfold extract` writes (or any JSONL with `id` and `text`; \
            `published` is used by --keep earliest), or pages of any kind `extract` reads (extracted \
            on the fly); '-' is standard input, .gz is unpacked. Writes one JSON line per document, \
            in input order: {"id", "group", "duplicate_of", "similarity", "containment"}.
            Method: fold the text (lowercase, no diacritics or punctuation), hash word n-gram \
            shingles, MinHash, LSH bands, verify every candidate pair, join verified pairs. See \
            --explain for the false-positive/negative trade-off of the chosen bands and rows.
            Verification: for files, pairs whose MinHash estimate is too close to the threshold to \
            decide (3 standard errors, see --explain) are settled by the exact Jaccard of their \
            shingle sets, holding at most --exact-memory MB of sets at a time. In plain JSONL files \
            only the lines of those documents are read again, each once (by byte offset); gzip \
            files are read again from the start in rounds. A record that changed on disk in \
            between is reported as an error and left to its estimate. Standard input is read once, \
            so there estimates decide (--verify estimate, also the fastest choice for files).
            """)

    @Argument(help: "Files or directories to read; '-' or nothing reads standard input.")
    var paths: [String] = []

    @Flag(help: "Write only the representative of each group (a dedup filter).")
    var unique = false

    @OptionGroup var dedup: DedupOptions

    @Option(help: """
        Verification: exact (default for files: estimates within 3 standard errors of the threshold \
        are settled by the exact Jaccard of the shingle sets, reading those documents again) or \
        estimate (MinHash only, one pass; the default for standard input, which cannot be read twice).
        """)
    var verify: DedupParameters.Verification?

    @Option(help: """
        --verify exact: megabytes of shingle sets held at a time; fewer means more batches (and, \
        for gzip input, more rounds of reading) (default: an eighth of the input size, between 8 and 64).
        """)
    var exactMemory: Int?

    @Flag(help: "Print the LSH trade-off of the parameters on stderr.")
    var explain = false

    @Option(help: "Signature index file: groups of earlier runs are kept, new documents added to it.")
    var index: String?

    @OptionGroup var common: CommonOptions

    @OptionGroup var pipeline: PipelineOptions

    /// `true` when standard input is read (no path, or '-'): it cannot be read twice.
    private var readsStandardInput: Bool { paths.isEmpty || paths.contains("-") }

    /// `--verify`, or its default: exact for files, estimate for standard input.
    private var verification: DedupParameters.Verification {
        verify ?? (readsStandardInput ? .estimate : .exact)
    }

    func validate() throws {
        _ = try dedup.parameters(verification: verification)
    }

    func run() throws {
        let parameters = try dedup.parameters(verification: verification)
        let run = try BatchRun(command: "dedup", common: common, pipeline: pipeline, paths: paths)
        if explain {
            run.err.write(parameters.explain() + "\n")
            try run.err.flush()
        }
        let dedupRun = try DedupRun(batch: run, parameters: parameters, index: index, maxPageBytes: common.maxPageBytes)
        let out = try run.openOutput()
        try dedupRun.restore()
        try dedupRun.read()
        if verification == .exact {
            let budget = exactMemory.map { max(1, $0) << 20 } ?? min(64 << 20, max(8 << 20, dedupRun.bytes / 8))
            try dedupRun.checkExactly(budgetBytes: budget, canReread: !readsStandardInput, workers: common.workers)
        }
        try dedupRun.write(to: out, unique: unique, index: index)
        if dedupRun.summary.errors > 0 { throw ExitCode(1) }
    }
}
