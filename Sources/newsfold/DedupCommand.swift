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
            decide are settled by the exact Jaccard of their shingle sets, reading the files again \
            in rounds that hold at most --exact-memory MB of sets. Standard input is read once, so \
            there estimates decide (--verify estimate, also the fastest choice for files).
            """)

    @Argument(help: "Files or directories to read; '-' or nothing reads standard input.")
    var paths: [String] = []

    @Flag(help: "Write only the representative of each group (a dedup filter).")
    var unique = false

    @Option(help: "Minimum estimated Jaccard similarity of shingles for two documents to be copies.")
    var threshold: Double = 0.8

    @Option(help: "Words per shingle.")
    var ngram: Int = 5

    @Option(help: "MinHash permutations (rounded up to a multiple of 16).")
    var permutations: Int = 128

    @Option(help: "MinHash scheme: one-permutation (fast, default) or permutations (k independent).")
    var sketch: String = MinHasher.Scheme.onePermutation.rawValue

    @Option(help: "LSH bands (default: derived from the threshold, see --explain).")
    var bands: Int?

    @Option(help: "LSH rows per band (default: derived from the threshold).")
    var rows: Int?

    @Option(help: "Also group a document when this share of its shingles is in a larger one (e.g. 0.8).")
    var containment: Double?

    @Option(help: "Which member represents a group: earliest (published), longest, first (input order).")
    var keep: String = "earliest"

    @Option(help: """
        Verification: exact (default for files: estimates within 3 standard errors of the threshold \
        are settled by the exact Jaccard of the shingle sets, reading the files again) or estimate \
        (MinHash only, one pass; the default for standard input, which cannot be read twice).
        """)
    var verify: String?

    @Option(help: """
        --verify exact: megabytes of shingle sets held at a time; fewer means more rounds of \
        reading (default: an eighth of the input size, between 8 and 64).
        """)
    var exactMemory: Int?

    @Flag(help: "Print the LSH trade-off of the parameters on stderr.")
    var explain = false

    @Option(help: "Signature index file: groups of earlier runs are kept, new documents added to it.")
    var index: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        guard let keepPolicy = DedupParameters.Keep(rawValue: keep) else {
            throw ValidationError("--keep must be earliest, longest or first, got \(keep)")
        }
        guard let scheme = MinHasher.Scheme(rawValue: sketch) else {
            throw ValidationError("--sketch must be one-permutation or permutations, got \(sketch)")
        }
        let readsStandardInput = paths.isEmpty || paths.contains("-")
        let verifyName = verify ?? (readsStandardInput ? "estimate" : "exact")
        guard let verification = DedupParameters.Verification(rawValue: verifyName) else {
            throw ValidationError("--verify must be estimate or exact, got \(verifyName)")
        }
        let parameters: DedupParameters
        do {
            parameters = try DedupParameters(
                threshold: threshold, ngram: ngram, permutations: permutations, bands: bands, rows: rows,
                containment: containment, keep: keepPolicy, scheme: scheme,
                verification: verification)
        } catch let e as DedupParameterError {
            throw ValidationError(e.description)
        }
        let err = OutputSink.standardError()
        if explain {
            err.write(parameters.explain() + "\n")
            try err.flush()
        }
        let clock = ContinuousClock.now
        var groups = CopyGroupIndex(parameters: parameters)
        if let index {
            do {
                groups.insert(try SignatureIndex.load(path: index, parameters: parameters))
                _ = groups.takeWarnings()  // reported by the run that added them
            } catch let e as SignatureIndexError {
                throw ValidationError(e.description)
            }
        }
        let firstNew = groups.count
        let out = try OutputSink(path: common.output)
        let fingerprinter = Fingerprinter(parameters: parameters)
        let extractor = PageExtractor(maxPageBytes: common.maxPageBytes)
        var pending: [DocumentFingerprint] = []
        var ordinals: [Int32] = []  // input ordinal of each new document, for --verify exact
        var records = 0, errors = 0, bytes = 0
        var exactSeconds: Double?
        var exactRounds = 0
        func drain() throws {
            groups.insert(pending)
            pending.removeAll(keepingCapacity: true)
            for w in groups.takeWarnings() { err.write("newsfold dedup: warning: \(w)\n") }
            try err.flush()
        }
        let map = OrderedParallelMap<InputRecord, (Int, Result<DocumentFingerprint, RecordError>)>(
            workers: common.workers, batchSize: 2048, batchWeight: 32 << 20, weight: { $0.weight },
            transform: { record in
                (record.ordinal, DedupCommand.text(of: record, extractor).map {
                    fingerprinter.fingerprint(id: $0.id, text: $0.text, published: $0.published)
                })
            },
            consume: { ordinal, result in
                records += 1
                switch result {
                case .success(let fp):
                    if verification == .exact { ordinals.append(Int32(ordinal)) }
                    pending.append(fp)
                    if pending.count >= 4096 { try drain() }
                case .failure(let e):
                    errors += 1
                    err.write("newsfold dedup: \(e)\n")
                }
            })
        try InputReader(paths: paths.isEmpty ? ["-"] : paths, maxPageBytes: common.maxPageBytes).forEach {
            bytes += $0.weight
            try map.submit($0)
        }
        try map.finish()
        try drain()
        if verification == .exact {
            let start = ContinuousClock.now
            let budget = exactMemory.map { max(1, $0) << 20 } ?? min(64 << 20, max(8 << 20, bytes / 8))
            exactRounds = try checkExactly(
                &groups, firstNew: firstNew, ordinals: ordinals, budgetBytes: budget, extractor: extractor, err: err)
            exactSeconds = (ContinuousClock.now - start).seconds
        }

        var w = JSONWriter(reservingCapacity: 1 << 16)
        let assignments = groups.assignments(firstNew..<groups.count)
        for a in assignments where !unique || a.isRepresentative {
            w.beginObject()
            w.key("id"); w.string(a.id)
            w.key("group"); w.string(a.group)
            w.key("duplicate_of"); w.string(a.duplicateOf)
            w.key("similarity")
            if let s = a.similarity { w.number(s, places: 3) } else { w.null() }
            w.key("containment")
            if let c = a.containment { w.number(c, places: 3) } else { w.null() }
            w.endObject()
            w.newline()
            if w.bytes.count > 1 << 16 {
                out.write(w.bytes)
                w.reset()
            }
        }
        out.write(w.bytes)
        try out.close()
        if let index {
            try SignatureIndex.append(
                (firstNew..<groups.count).map { groups.fingerprint(at: $0) }, to: index, parameters: parameters)
        }
        if !common.quiet {
            let seconds = (ContinuousClock.now - clock).seconds
            let exactNote = exactSeconds.map { " (exact check: \(exactRounds) rounds of reading, \(formatSeconds($0)))" } ?? ""
            let copies = assignments.filter { !$0.isRepresentative }.count
            err.write(
                "newsfold dedup: \(records) records, \(assignments.count) documents, \(errors) errors; "
                    + "\(copies) copies in \(groups.groups().count) groups, largest \(groups.largestGroupSize()); "
                    + "\(groups.verifiedPairs) pairs verified (\(groups.exactChecks) exactly), \(groups.edges) kept; \(formatSeconds(seconds))"
                    + exactNote + "\n")
        }
        try err.flush()
        if errors > 0 { throw ExitCode(1) }
    }

    /// `--verify exact`: decides the pairs near the threshold by the exact Jaccard of their
    /// shingle sets, reading the input again in rounds (``ExactCheckPlan``) so that the sets
    /// held at any time stay within `budgetBytes`. Returns the number of rounds.
    func checkExactly(
        _ groups: inout CopyGroupIndex, firstNew: Int, ordinals: [Int32], budgetBytes: Int,
        extractor: PageExtractor, err: OutputSink
    ) throws -> Int {
        let pairs = groups.pendingPairs.filter { $0.0 >= firstNew && $0.1 >= firstNew }
        if pairs.isEmpty || paths.isEmpty || paths.contains("-") {
            if !pairs.isEmpty {
                err.write("newsfold dedup: warning: --verify exact cannot re-read standard input; estimates decide\n")
            }
            groups.resolvePending { _, _ in nil }
            return 0
        }
        let plan = ExactCheckPlan(
            pairs: pairs, shingles: { groups.shingleCount(at: $0) }, budgetBytes: budgetBytes)
        let shingler = Shingler(n: groups.parameters.ngram)
        var exact: [ExactCheckPlan.PairKey: Double] = [:]
        exact.reserveCapacity(pairs.count)
        struct Stop: Error {}
        for round in plan.rounds {
            // Input ordinal → document position, for the documents this round reads.
            var wanted: [Int32: Int] = [:]
            wanted.reserveCapacity(round.partners.count)
            for d in round.partners.keys { wanted[ordinals[d - firstNew]] = d }
            let lastOrdinal = ordinals[round.last - firstNew]
            let want = wanted
            var round = round
            let map = OrderedParallelMap<InputRecord, (Int, [UInt64])?>(
                workers: common.workers, batchSize: 512, batchWeight: 8 << 20, weight: { $0.weight },
                transform: { record in
                    guard let d = want[Int32(record.ordinal)],
                        case .success(let t) = DedupCommand.text(of: record, extractor)
                    else { return nil }
                    return (d, ExactJaccard.shingleSet(of: t.text, shingler: shingler))
                },
                consume: { item in
                    if let (d, set) = item { round.read(d, shingleSet: set, into: &exact) }
                })
            do {
                try InputReader(paths: paths, maxPageBytes: common.maxPageBytes).forEach { record in
                    if record.ordinal > lastOrdinal { throw Stop() }
                    if want[Int32(record.ordinal)] != nil { try map.submit(record) }
                }
            } catch is Stop {}
            try map.finish()
        }
        groups.resolvePending { i, j in exact[ExactCheckPlan.key(i, j)] }
        return plan.rounds.count
    }

    /// One input record → its id, text and date, or an error naming the record.
    static func text(of record: InputRecord, _ extractor: PageExtractor)
        -> Result<(id: String, text: String, published: NewsDate?), RecordError>
    {
        switch record.content {
        case .jsonLine(let line, let fallbackID):
            let fields: [JSONValue?]
            do {
                fields = try line.withUnsafeBufferPointer { p throws(JSONError) in
                    try JSONScanner.fields(["id", "text", "published", "html"], in: p)
                }
            } catch {
                return .failure(RecordError(locator: record.locator, message: "\(error)"))
            }
            let id = fields[0]?.stringOrNumber ?? fallbackID
            guard let text = fields[1]?.string else {
                if fields[3] != nil { break }  // a raw page: extract it below
                return .failure(
                    RecordError(locator: record.locator, message: "\(id): no \"text\" field (each line needs id and text)"))
            }
            let published = fields[2]?.string.flatMap { NewsDate(iso8601: $0) }
            return .success((id, text, published))
        case .page, .failure:
            break
        }
        return ArticleSource.article(from: record, extractor: extractor, jsonLines: .pages).map {
            ($0.id, $0.text, $0.published)
        }
    }
}
