import ArgumentParser
import NewsfoldCore
import NewsfoldExtract
import NewsfoldIO

#if canImport(Glibc)
    import Glibc
#endif

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

    func run() throws {
        let readsStandardInput = paths.isEmpty || paths.contains("-")
        let verification = verify ?? (readsStandardInput ? .estimate : .exact)
        let parameters = try dedup.parameters(verification: verification)
        let run = try BatchRun(command: "dedup", common: common, pipeline: pipeline, paths: paths)
        let err = run.err
        if explain {
            err.write(parameters.explain() + "\n")
            try err.flush()
        }
        var groups = CopyGroupIndex(parameters: parameters)
        if let index {
            // An index this run had begun to append to before it was stopped: cut back its part.
            let before = run.restored("indexBytes")
            if run.resumed != nil, before >= 0,
                (try? SignatureIndex.forEachBatch(path: index, parameters: parameters) { _ in }) != nil
            {
                try truncateIndex(index, to: before)
            }
            do {
                try SignatureIndex.forEachBatch(path: index, parameters: parameters) { groups.insert($0) }
                _ = groups.takeWarnings()  // reported by the run that added them
            } catch let e as SignatureIndexError {
                throw ValidationError(e.description)
            }
        }
        let indexBytes = index.flatMap { fileSize($0) } ?? -1
        let firstNew = groups.count
        let out = try run.openOutput()
        let fingerprinter = Fingerprinter(parameters: parameters)
        let extractor = PageExtractor(maxPageBytes: common.maxPageBytes)
        var ordinals: [Int32] = []  // input ordinal of each new document, for --verify exact
        var spans: [RecordSpan?] = []  // where each new document's line lies, when it can be read alone
        var pending: [DocumentFingerprint] = []
        var summary = run.summary
        var bytes = run.restored("bytes")  // input size in memory, for the --exact-memory default
        func drain() throws {
            groups.insert(pending)
            pending.removeAll(keepingCapacity: true)
            for w in groups.takeWarnings() { try run.report("warning: \(w)") }
        }

        // --resume: the fingerprints and ordinals of the documents done, appended at each checkpoint.
        let signaturesFile = "signatures.nfsig", ordinalsFile = "ordinals.bin"
        var saved = 0  // new documents whose fingerprint and ordinal are in the checkpoint files
        if let path = run.dataPath(signaturesFile), let ordinalsPath = run.dataPath(ordinalsFile) {
            run.dataFiles = [signaturesFile, ordinalsFile]
            run.extraCounts = { ["bytes": bytes, "indexBytes": indexBytes] }
            if run.resumed != nil {
                var done = 0
                try SignatureIndex.forEachBatch(path: path, parameters: parameters) { batch in
                    groups.insert(batch)
                    done += batch.count
                }
                _ = groups.takeWarnings()  // reported by the run that added them
                ordinals = try DedupCommand.readOrdinals(ordinalsPath)
                guard ordinals.count == done else {
                    throw ResumeError("\(run.checkpoint!.directory): fingerprints and ordinals disagree; delete it to start again")
                }
                spans = Array(repeating: nil, count: done)  // not kept: re-read by ordinal
                saved = done
            }
        }
        func saveProgress() throws {
            try drain()
            guard let path = run.dataPath(signaturesFile), let ordinalsPath = run.dataPath(ordinalsFile) else { return }
            let from = firstNew + saved
            // Lazily: no second copy of all the fingerprints.
            try SignatureIndex.append(
                (from..<groups.count).lazy.map { groups.fingerprint(at: $0) }, to: path, parameters: parameters)
            try DedupCommand.appendOrdinals(ordinals[saved...], to: ordinalsPath)
            saved = groups.count - firstNew
        }

        let reading = RecordPipeline(
            reader: run.reader, limits: run.limits
        ) { record in
            // A record without text (an extracted page whose body was not found) is nil: skipped.
            (record.ordinal, record.weight, record.span, ArticleSource.text(of: record, extractor: extractor).map {
                $0.hasText ? fingerprinter.fingerprint(id: $0.id, utf8: $0.text, published: $0.published) : nil
            })
        }
        let end = try reading.run(
            from: run.start, progress: run.progress,
            consume: { ordinal, weight, span, result in
                summary.records += 1
                bytes += weight
                switch result {
                case .success(nil):
                    summary.withoutText += 1
                case .success(let fp?):
                    summary.articles += 1
                    ordinals.append(Int32(ordinal))
                    spans.append(span)
                    pending.append(fp)
                    if pending.count >= 4096 { try drain() }
                case .failure(let e):
                    try run.fail(e, &summary)
                }
            },
            afterBatch: { position in try run.afterBatch(position, summary: summary, flush: saveProgress) })
        try drain()
        // A checkpoint after the reading pass: a run stopped in the exact check redoes only that.
        try run.commit(end, summary: summary, flush: saveProgress)
        var exactSeconds: Double?
        var exact = ExactSettlement.Outcome()
        if verification == .exact {
            let start = ContinuousClock.now
            let budget = exactMemory.map { max(1, $0) << 20 } ?? min(64 << 20, max(8 << 20, bytes / 8))
            exact = try checkExactly(
                &groups, firstNew: firstNew, ordinals: ordinals, spans: spans, budgetBytes: budget,
                reader: run.reader, extractor: extractor, err: err)
            exactSeconds = (ContinuousClock.now - start).seconds
            for message in exact.changed {
                summary.errors += 1
                try run.report(message)
            }
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
                (firstNew..<groups.count).lazy.map { groups.fingerprint(at: $0) }, to: index, parameters: parameters)
        }
        summary.articles = assignments.count
        summary.duplicates = assignments.filter { !$0.isRepresentative }.count
        let sizes = groups.groupSizes()
        let exactNote = exactSeconds.map { "; exact check: \(exact.summary), \(formatSeconds($0))" } ?? ""
        summary.details =
            "\(sizes.copyGroups) groups, largest \(sizes.largest); "
            + "\(groups.verifiedPairs) pairs verified (\(groups.exactChecks) exactly), \(groups.edges) kept" + exactNote
        try run.finish(summary)
        if summary.errors > 0 { throw ExitCode(1) }
    }

    /// `--verify exact`: decides the pairs near the threshold by the exact Jaccard of their
    /// shingle sets, holding at most `budgetBytes` of sets at a time.
    ///
    /// Pairs whose two documents are lines of plain files (``RecordSpan``) are settled by
    /// reading only those lines again (`pread`), each document once; the others (gzip input,
    /// documents of a resumed run) by reading the input again in rounds (see ``ExactSettlement``).
    /// A document whose text read again is not the one fingerprinted (the file changed) is
    /// reported; its pairs are decided by the estimate.
    ///
    /// With `--resume`, a run stopped during the exact check does it all again (the reading
    /// pass before it is not redone).
    func checkExactly(
        _ groups: inout CopyGroupIndex, firstNew: Int, ordinals: [Int32], spans: [RecordSpan?], budgetBytes: Int,
        reader: InputReader, extractor: PageExtractor, err: OutputSink
    ) throws -> ExactSettlement.Outcome {
        let pairs = groups.pendingPairs.filter { $0.0 >= firstNew && $0.1 >= firstNew }
        if pairs.isEmpty || paths.isEmpty || paths.contains("-") {
            if !pairs.isEmpty {
                err.write("newsfold dedup: warning: --verify exact cannot re-read standard input; estimates decide\n")
            }
            groups.resolvePending { _, _ in nil }
            return ExactSettlement.Outcome()
        }
        var byOffset: [(Int, Int)] = [], byRereading: [(Int, Int)] = []
        for p in pairs {
            if spans[p.0 - firstNew] != nil && spans[p.1 - firstNew] != nil {
                byOffset.append(p)
            } else {
                byRereading.append(p)
            }
        }
        var exact: [ExactCheckPlan.PairKey: Double] = [:]
        exact.reserveCapacity(pairs.count)
        let outcome: ExactSettlement.Outcome
        do {  // the settlement's copy of the index ends here: resolving does not copy its arrays
            var settlement = ExactSettlement(index: groups, budgetBytes: budgetBytes, workers: common.workers) {
                ArticleSource.text(of: $0, extractor: extractor).map(\.text)
            }
            try settlement.settleByOffsets(byOffset, spans: { spans[$0 - firstNew] }, into: &exact)
            try settlement.settleByRereading(
                byRereading, ordinals: { Int(ordinals[$0 - firstNew]) }, reader: reader, into: &exact)
            outcome = settlement.outcome
        }
        groups.resolvePending { i, j in exact[ExactCheckPlan.key(i, j)] }
        return outcome
    }

    /// The `--resume` file of input ordinals: one little-endian Int32 per new document.
    static func readOrdinals(_ path: String) throws -> [Int32] {
        guard let f = fopen(path, "rb") else { return [] }
        defer { fclose(f) }
        var out: [Int32] = []
        var chunk = [Int32](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 4, 1 << 16, f) }
            if n <= 0 { break }
            out += chunk[0..<n].map { Int32(littleEndian: $0) }
        }
        return out
    }

    static func appendOrdinals(_ ordinals: ArraySlice<Int32>, to path: String) throws {
        guard let f = fopen(path, "ab") else {
            throw ResumeError("\(path): cannot write: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        let le = ordinals.map { $0.littleEndian }
        let written = le.withUnsafeBytes { fwrite($0.baseAddress, 4, le.count, f) }
        guard written == le.count else { throw ResumeError("\(path): write failed: \(String(cString: strerror(errno)))") }
    }

    /// Cuts the signature index back to `length` bytes (the part a stopped run had appended).
    func truncateIndex(_ path: String, to length: Int) throws {
        guard let size = fileSize(path), size > length else { return }
        guard truncate(path, off_t(length)) == 0 else {
            throw ResumeError("\(path): cannot cut back to \(length) bytes: \(String(cString: strerror(errno)))")
        }
    }

    /// The size of a file, `nil` when it does not exist.
    func fileSize(_ path: String) -> Int? {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : nil
    }

    /// One input record → its id, text and date, or an error naming the record.
}
