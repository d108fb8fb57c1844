import ArgumentParser
import NewsfoldCore
import NewsfoldExtract
import NewsfoldIO

/// One run of `newsfold dedup` around its ``BatchRun``: the copy-group index (with the
/// documents of `--index`), what it keeps of each new document for the exact check (input
/// ordinal, line span), and the `--resume` files (``DedupResumeFiles``) saved at each checkpoint.
///
/// ```swift
/// let dedupRun = try DedupRun(batch: run, parameters: parameters, index: index, maxPageBytes: 16 << 20)
/// let out = try run.openOutput()
/// try dedupRun.restore()
/// try dedupRun.read()
/// try dedupRun.checkExactly(budgetBytes: 8 << 20, canReread: true, workers: 4)
/// try dedupRun.write(to: out, unique: false, index: index)
/// ```
final class DedupRun {
    let batch: BatchRun
    let parameters: DedupParameters
    let fingerprinter: Fingerprinter
    let extractor: PageExtractor
    /// The documents of `--index` first, then the new ones.
    var groups: CopyGroupIndex
    /// The position in ``groups`` of the first new document.
    let firstNew: Int
    /// The length of the `--index` file before this run appends to it (-1: no index).
    let indexBytes: Int
    /// The input ordinal of each new document, for `--verify exact`.
    var ordinals: [Int32] = []
    /// Where each new document's line lies, when it can be read alone (not kept on resume).
    var spans: [RecordSpan?] = []
    /// Fingerprints read, not yet in ``groups``.
    var pending: [DocumentFingerprint] = []
    var summary: RunSummary
    /// Input size read, for the `--exact-memory` default.
    var bytes: Int
    /// With `--resume`: the fingerprints and ordinals of the documents done.
    let resumeFiles: DedupResumeFiles?
    /// The exact check's outcome and seconds, when it ran.
    var exact: (outcome: ExactSettlement.Outcome, seconds: Double)?

    /// The index with the documents of `index` (cut back first to what it was before a stopped
    /// run appended to it).
    init(batch: BatchRun, parameters: DedupParameters, index: String?, maxPageBytes: Int) throws {
        self.batch = batch
        self.parameters = parameters
        var groups = CopyGroupIndex(parameters: parameters)
        if let index {
            // An index this run had begun to append to before it was stopped: cut back its part.
            if batch.resumed != nil {
                let before = batch.restored(DedupResumeFiles.indexBytesCounter)
                try DedupResumeFiles.rewindIndex(index, to: before, parameters: parameters)
            }
            do {
                try SignatureIndex.forEachBatch(path: index, parameters: parameters) { groups.insert($0) }
                _ = groups.takeWarnings()  // reported by the run that added them
            } catch let e as SignatureIndexError {
                throw ValidationError(e.description)
            }
        }
        self.groups = groups
        indexBytes = index.flatMap { ResumeCheckpoint.size(of: $0) } ?? -1
        firstNew = groups.count
        fingerprinter = Fingerprinter(parameters: parameters)
        extractor = PageExtractor(maxPageBytes: maxPageBytes)
        summary = batch.summary
        bytes = batch.restored(DedupResumeFiles.inputBytesCounter)
        resumeFiles = batch.checkpoint.map { DedupResumeFiles(directory: $0.directory, parameters: parameters) }
    }

    /// With `--resume`: names the files and counters the checkpoint keeps and, when resuming,
    /// takes back the documents of the checkpoint.
    func restore() throws {
        guard let resumeFiles else { return }
        batch.dataFiles = DedupResumeFiles.names
        batch.extraCounts = { [unowned self] in
            [DedupResumeFiles.inputBytesCounter: bytes, DedupResumeFiles.indexBytesCounter: indexBytes]
        }
        guard batch.resumed != nil else { return }
        ordinals = try resumeFiles.restore { groups.insert($0) }
        _ = groups.takeWarnings()  // reported by the run that added them
        spans = Array(repeating: nil, count: ordinals.count)  // not kept: re-read by ordinal
    }

    /// The reading pass: every record's fingerprint into the index, checkpointing as it goes;
    /// then a checkpoint, so that a run stopped in the exact check redoes only that.
    func read() throws {
        let (extractor, fingerprinter) = (extractor, fingerprinter)
        let reading = RecordPipeline(reader: batch.reader, limits: batch.limits) { record in
            // A record without text (an extracted page whose body was not found) is nil: skipped.
            (record.ordinal, record.weight, record.span, ArticleSource.text(of: record, extractor: extractor).map {
                doc -> Fingerprinted? in
                guard doc.hasText else { return nil }
                return Fingerprinted(
                    fingerprinter.fingerprint(id: doc.id, utf8: doc.text, published: doc.published),
                    doc.warnings.map(record.warningLine))
            })
        }
        let end = try reading.run(
            from: batch.start, progress: batch.progress,
            consume: { ordinal, weight, span, result in try consume(ordinal, weight, span, result) },
            afterBatch: { position in try batch.afterBatch(position, summary: summary, flush: saveProgress) })
        try drain()
        try batch.commit(end, summary: summary, flush: saveProgress)
    }

    /// A record's fingerprint, with the warnings on its date to print (``JSONDate``).
    private typealias Fingerprinted = (DocumentFingerprint, [String])

    /// One record of the reading pass, in input order.
    private func consume(
        _ ordinal: Int, _ weight: Int, _ span: RecordSpan?, _ result: Result<Fingerprinted?, RecordError>
    ) throws {
        summary.records += 1
        bytes += weight
        switch result {
        case .success(nil):
            summary.withoutText += 1
        case .success(let (fp, warnings)?):
            for w in warnings { try batch.warn(w) }
            summary.articles += 1
            ordinals.append(Int32(ordinal))
            spans.append(span)
            pending.append(fp)
            if pending.count >= 4096 { try drain() }
        case .failure(let e):
            try batch.fail(e, &summary)
        }
    }

    /// Adds the pending fingerprints to the index and reports its warnings.
    private func drain() throws {
        groups.insert(pending, map: CopyGroupIndex.parallelMap(workers: batch.limits.workers))
        pending.removeAll(keepingCapacity: true)
        for w in groups.takeWarnings() { try batch.report("warning: \(w)") }
    }

    /// At a checkpoint: the documents read so far into the index and, with `--resume`, the
    /// new ones into the checkpoint files.
    private func saveProgress() throws {
        try drain()
        try resumeFiles?.save(ordinals: ordinals) { groups.fingerprint(at: firstNew + $0) }
    }

    /// `--verify exact`: decides the pairs near the threshold by the exact Jaccard of their
    /// shingle sets, holding at most `budgetBytes` of sets at a time, and reports the records
    /// that changed on disk. `canReread`: `false` for standard input, which cannot be read again
    /// (the estimates decide, with a warning).
    ///
    /// Pairs whose two documents are lines of plain files (``RecordSpan``) are settled by
    /// reading only those lines again (`pread`), each document once; the others (gzip input,
    /// documents of a resumed run) by reading the input again in rounds (see ``ExactSettlement``).
    /// A document whose text read again is not the one fingerprinted (the file changed) is
    /// reported; its pairs are decided by the estimate.
    ///
    /// With `--resume`, a run stopped during the exact check does it all again (the reading
    /// pass before it is not redone).
    func checkExactly(budgetBytes: Int, canReread: Bool, workers: Int) throws {
        let start = ContinuousClock.now
        let pairs = groups.pendingPairs.filter { $0.0 >= firstNew && $0.1 >= firstNew }
        var outcome = ExactSettlement.Outcome()
        if pairs.isEmpty || !canReread {
            if !pairs.isEmpty {
                batch.err.write("newsfold dedup: warning: --verify exact cannot re-read standard input; estimates decide\n")
            }
            groups.resolvePending { _, _ in nil }
        } else {
            outcome = try settle(pairs, budgetBytes: budgetBytes, workers: workers)
        }
        exact = (outcome, (ContinuousClock.now - start).seconds)
        for message in outcome.changed {
            summary.errors += 1
            try batch.report(message)
        }
    }

    /// Settles `pairs` exactly, by offset where both documents have a span, else by reading
    /// the input again, and resolves the index's pending pairs with the results.
    private func settle(_ pairs: [(Int, Int)], budgetBytes: Int, workers: Int) throws -> ExactSettlement.Outcome {
        let (firstNew, spans, ordinals, extractor) = (firstNew, spans, ordinals, extractor)
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
            var settlement = ExactSettlement(index: groups, budgetBytes: budgetBytes, workers: workers) {
                ArticleSource.text(of: $0, extractor: extractor).map(\.text)
            }
            try settlement.settleByOffsets(byOffset, spans: { spans[$0 - firstNew] }, into: &exact)
            try settlement.settleByRereading(
                byRereading, ordinals: { Int(ordinals[$0 - firstNew]) }, reader: batch.reader, into: &exact)
            outcome = settlement.outcome
        }
        groups.resolvePending { i, j in exact[ExactCheckPlan.key(i, j)] }
        return outcome
    }

    /// Writes the new documents' lines to `out` (closing it), appends them to `index`, and
    /// ends the run with its summary line.
    func write(to out: OutputSink, unique: Bool, index: String?) throws {
        let assignments = groups.assignments(firstNew..<groups.count)
        DedupOutput.write(assignments, unique: unique, to: out)
        try out.close()
        if let index {
            try SignatureIndex.append(
                (firstNew..<groups.count).lazy.map { self.groups.fingerprint(at: $0) }, to: index, parameters: parameters)
        }
        summary.articles = assignments.count
        summary.duplicates = assignments.filter { !$0.isRepresentative }.count
        let sizes = groups.groupSizes()
        let exactNote = exact.map { "; exact check: \($0.outcome.summary), \(formatSeconds($0.seconds))" } ?? ""
        summary.details =
            "\(sizes.copyGroups) groups, largest \(sizes.largest); "
            + "\(groups.verifiedPairs) pairs verified (\(groups.exactChecks) exactly), \(groups.edges) kept" + exactNote
        try batch.finish(summary)
    }
}
