import NewsfoldCore

/// The reading side of `dedup --verify exact`: computes the exact Jaccard of the pairs a
/// ``CopyGroupIndex`` left pending (``CopyGroupIndex/pendingPairs``), reading the documents'
/// texts again with at most ``budgetBytes`` of shingle sets in memory.
///
/// - ``settleByOffsets(_:spans:into:)``: documents that are lines of plain files
///   (``RecordSpan``) are read alone with `pread`, each **once**, in batches of whole components
///   (``ExactCheckBatches``), shingled on ``workers`` threads. No re-decompression, no re-scan.
/// - ``settleByRereading(_:ordinals:reader:into:)``: otherwise (gzip input, documents of a
///   resumed run) the input is read again from the start in ``ExactCheckPlan`` rounds.
///
/// Either way, a text read again must be the one fingerprinted (same word count and content
/// hash, ``CopyGroupIndex/matches(_:at:)``): a record that changed on disk since the first
/// read gets a message in ``Outcome/changed`` and no exact answer, so the estimate decides its
/// pairs instead of a wrong text.
///
/// ```swift
/// var settlement = ExactSettlement(index: groups, budgetBytes: 64 << 20, workers: 2) { record in
///     ArticleSource.text(of: record, extractor: extractor).map(\.text)   // Result<[UInt8], RecordError>
/// }
/// var exact: [ExactCheckPlan.PairKey: Double] = [:]
/// try settlement.settleByOffsets(pairs, spans: { spans[$0] }, into: &exact)
/// groups.resolvePending { i, j in exact[ExactCheckPlan.key(i, j)] }
/// for message in settlement.outcome.changed { report(message) }
/// ```
public struct ExactSettlement {
    /// What was done, for the summary line, and what went wrong, for the error report.
    public struct Outcome: Sendable, Equatable {
        /// Batches of documents read alone by offset.
        public var batches = 0
        /// Reads of the whole input (``ExactCheckPlan`` rounds).
        public var rounds = 0
        /// Shingle sets built (a document read in several rounds counts each time).
        public var documentsRead = 0
        /// One message per document whose text could not be read again as it was fingerprinted.
        public var changed: [String] = []

        /// Nothing done yet: every count 0.
        public init() {}

        /// `"12 batches by offset, 0 rounds of reading, 41873 documents read"`.
        public var summary: String {
            "\(batches) batches by offset, \(rounds) rounds of reading, \(documentsRead) documents read"
        }
    }

    /// A document's shingle set read again, or why it cannot be used.
    public typealias SetResult = Result<(set: [UInt64], summary: ShingleSummary), RecordError>

    /// The index whose pending pairs are settled (for shingle counts and fingerprints).
    public let index: CopyGroupIndex
    /// Bytes of shingle sets held at a time (8 per shingle).
    public let budgetBytes: Int
    /// Threads that read and shingle.
    public let workers: Int
    /// The text of a record, exactly as it was fingerprinted.
    public let text: @Sendable (InputRecord) -> Result<[UInt8], RecordError>
    /// What has been done so far.
    public private(set) var outcome = Outcome()

    /// A settlement of `index`'s pending pairs holding at most `budgetBytes` of shingle sets,
    /// reading on `workers` threads (at least one), with `text` giving a record's text as it was
    /// fingerprinted.
    public init(
        index: CopyGroupIndex, budgetBytes: Int, workers: Int,
        text: @escaping @Sendable (InputRecord) -> Result<[UInt8], RecordError>
    ) {
        self.index = index
        self.budgetBytes = budgetBytes
        self.workers = max(1, workers)
        self.text = text
    }

    /// Settles `pairs` (input positions) whose documents all have a span (`spans(d)`), writing
    /// the exact Jaccard of each pair whose two texts were read unchanged into `exact`.
    public mutating func settleByOffsets(
        _ pairs: [(Int, Int)], spans: (Int) -> RecordSpan?, into exact: inout [ExactCheckPlan.PairKey: Double]
    ) throws {
        guard !pairs.isEmpty else { return }
        var spanOf: [Int: RecordSpan] = [:]
        var files: [String: RecordFile] = [:]
        for p in pairs {
            for d in [p.0, p.1] where spanOf[d] == nil {
                guard let span = spans(d) else { preconditionFailure("document \(d) has no span") }
                spanOf[d] = span
                if files[span.path] == nil { files[span.path] = try RecordFile(path: span.path) }
            }
        }
        let located = spanOf, opened = files
        let shingler = Shingler(n: index.parameters.ngram)
        let text = self.text
        let readSet: @Sendable (Int) -> SetResult = { d in
            let span = located[d]!
            let line: [UInt8]
            do {
                line = try opened[span.path]!.read(span)
            } catch {
                return .failure(RecordError(locator: span.locator, message: "\(error)"))
            }
            let record = InputRecord(
                ordinal: d, locator: span.locator, source: span.path,
                content: .jsonLine(line, fallbackID: "\(InputReader.recordID(forPath: span.path)):\(span.line)"),
                span: span)
            return text(record).map { t in
                t.withUnsafeBufferPointer { ExactJaccard.shingleSetAndSummary(of: $0, shingler: shingler) }
            }
        }

        let plan = ExactCheckBatches(pairs: pairs, shingles: { index.shingleCount(at: $0) }, budgetBytes: budgetBytes)
        for batch in plan.batches {
            let results = OrderedParallelMap<Int, SetResult>.map(batch.documents, workers: workers, readSet)
            var sets: [Int: [UInt64]] = [:]
            sets.reserveCapacity(batch.documents.count)
            for (d, r) in zip(batch.documents, results) { sets[d] = accept(d, r, locator: located[d]!.locator) }
            let held = sets
            let similarities = OrderedParallelMap<(Int, Int), Double?>.map(batch.pairs, workers: workers) { p in
                guard let a = held[p.0], let b = held[p.1] else { return nil }
                return ExactJaccard.similarity(a, b)
            }
            for (p, s) in zip(batch.pairs, similarities) { exact[ExactCheckPlan.key(p.0, p.1)] = s }
            outcome.batches += 1
            outcome.documentsRead += batch.documents.count
        }
        // Components too large for the budget: streaming rounds, the documents read in slices.
        for component in plan.oversized {
            for var round in component.rounds {
                let documents = round.partners.keys.sorted()
                var from = 0
                while from < documents.count {
                    let slice = Array(documents[from..<min(documents.count, from + 256)])
                    let results = OrderedParallelMap<Int, SetResult>.map(slice, workers: workers, readSet)
                    for (d, r) in zip(slice, results) {
                        if let set = accept(d, r, locator: located[d]!.locator) {
                            round.read(d, shingleSet: set, into: &exact)
                        }
                    }
                    from += slice.count
                }
                outcome.batches += 1
                outcome.documentsRead += documents.count
            }
        }
    }

    /// Settles `pairs` by reading the input again from the start (`reader`, in ``ExactCheckPlan``
    /// rounds); `ordinals(d)` is the input ordinal of document `d` (``InputRecord/ordinal``).
    public mutating func settleByRereading(
        _ pairs: [(Int, Int)], ordinals: (Int) -> Int, reader: InputReader,
        into exact: inout [ExactCheckPlan.PairKey: Double]
    ) throws {
        guard !pairs.isEmpty else { return }
        let plan = ExactCheckPlan(pairs: pairs, shingles: { index.shingleCount(at: $0) }, budgetBytes: budgetBytes)
        let shingler = Shingler(n: index.parameters.ngram)
        let text = self.text
        for round in plan.rounds {
            // Input ordinal → document position, for the documents this round reads.
            var wanted: [Int: Int] = [:]
            wanted.reserveCapacity(round.partners.count)
            for d in round.partners.keys { wanted[ordinals(d)] = d }
            let want = wanted
            var round = round
            let rereading = RecordPipeline(
                reader: reader, limits: PipelineLimits(workers: workers, batchRecords: 512)
            ) { record -> (Int, String, SetResult)? in
                guard let d = want[record.ordinal] else { return nil }
                return (d, record.locator, text(record).map { t in
                    t.withUnsafeBufferPointer { ExactJaccard.shingleSetAndSummary(of: $0, shingler: shingler) }
                })
            }
            var seen = 0
            try rereading.run(
                through: ordinals(round.last),
                consume: { item in
                    guard let (d, locator, result) = item else { return }
                    seen += 1
                    if let set = accept(d, result, locator: locator) { round.read(d, shingleSet: set, into: &exact) }
                })
            if seen < want.count {  // the input got shorter
                outcome.changed.append(
                    "\(want.count - seen) records not found when the input was read again (it changed since the first read); their pairs near the threshold are decided by the MinHash estimate")
            }
            outcome.rounds += 1
            outcome.documentsRead += round.partners.count
        }
    }

    /// The set of document `d` when its text was read unchanged; otherwise `nil`, with a message.
    private mutating func accept(_ d: Int, _ result: SetResult, locator: String) -> [UInt64]? {
        let consequence = "its pairs near the threshold are decided by the MinHash estimate"
        switch result {
        case .success(let r) where index.matches(r.summary, at: d):
            return r.set
        case .success:
            outcome.changed.append("\(locator): changed since it was first read (not the text fingerprinted); \(consequence)")
        case .failure(let e):
            outcome.changed.append("\(e); \(consequence)")
        }
        return nil
    }
}
