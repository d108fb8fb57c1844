import NewsfoldCore
import NewsfoldIO
import NewsfoldStore

/// One run of `newsfold ingest` around its ``BatchRun``: the batches handed to the store's
/// ``IngestWriter`` (one transaction each), the articles committed but not yet acknowledged,
/// and the acknowledgement lines (``IngestAcknowledgement``) written once their provenance is
/// analysed.
///
/// ```swift
/// let ingest = IngestRun(batch: run, store: store, out: out, timing: .deferred, analyseEvery: 20_000)
/// try pipeline.run(progress: run.progress, consume: ingest.consume, atBatchEnd: ingest.batchEnded)
/// try ingest.finish()
/// ```
final class IngestRun {
    let batch: BatchRun
    let store: any StoryStore
    /// Where the acknowledgements go.
    let out: OutputSink
    /// When provenance is analysed: with each batch, or every ``analyseEvery`` articles.
    let timing: ProvenanceTiming
    let analyseEvery: Int
    /// Each batch is placed in the store's engine on this thread while the one before is
    /// written (one transaction) on the writer's.
    let writer: IngestWriter
    var summary: RunSummary
    var stored = 0, already = 0
    /// The batch being read.
    var pending: [PreparedArticle] = []
    /// Committed, waiting for the next provenance analysis to be acknowledged.
    var unacknowledged: [IngestResult] = []
    var acks = JSONWriter(reservingCapacity: 1 << 16)

    init(batch: BatchRun, store: any StoryStore, out: OutputSink, timing: ProvenanceTiming, analyseEvery: Int) {
        self.batch = batch
        self.store = store
        self.out = out
        self.timing = timing
        self.analyseEvery = analyseEvery
        writer = IngestWriter(store: store)
        summary = batch.summary
    }

    /// One record made ready on the workers, with the warnings on its dates to print
    /// (`path:line: warning: ...`, see ``JSONDate``).
    struct Read: Sendable {
        var prepared: PreparedArticle
        var warnings: [String]
    }

    /// One record, in input order: a prepared article joins the batch.
    func consume(_ result: Result<Read?, RecordError>) throws {
        summary.records += 1
        switch result {
        case .failure(let e):
            try batch.fail(e, &summary)
        case .success(nil):
            summary.withoutText += 1
        case .success(let read?):
            for w in read.warnings { try batch.warn(w) }
            summary.articles += 1
            pending.append(read.prepared)
        }
    }

    /// At the end of each pipeline batch: hands it to the writer and, after enough articles or
    /// when the input does not keep the store busy, analyses and acknowledges.
    func batchEnded(_ end: BatchEnd) throws {
        try commit()
        if unacknowledged.count >= analyseEvery || !end.nextBatchReady {
            try drain()
            try acknowledge()
        }
    }

    /// The input is done: the last batch written and acknowledged, the output closed, the
    /// summary line printed.
    func finish() throws {
        try commit(settle: true)
        try drain()
        try acknowledge()
        try out.close()
        summary.details = "\(stored) stored, \(already) already stored"
        try batch.finish(summary)
    }

    /// Hands the batch read so far to the writer, and records the batch before it. `settle`:
    /// the end of the run, where the store settles its stories (``StoreEngine/settle()``) with
    /// the last batch, empty or not.
    private func commit(settle end: Bool = false) throws {
        guard !pending.isEmpty || end else { return }
        defer { pending = [] }
        if let done = writer.submit(pending, provenance: timing, settle: end) { try record(done) }
    }

    /// Waits for the batch being written, and records it.
    private func drain() throws {
        if let done = writer.finish() { try record(done) }
    }

    /// Counts a committed batch, reports its refused articles, and acknowledges the others
    /// now (provenance analysed with the batch) or keeps them for ``acknowledge()``.
    private func record(_ done: IngestWriter.Written) throws {
        let results: [Result<IngestResult, StoreError>]
        switch done.outcome {
        case .success(let r): results = r
        case .failure(let error):
            // Nothing of the batch was written: say so for each article, and go on.
            summary.errors += done.articles.count
            for p in done.articles { try batch.report("\(p.article.id): not stored (its batch failed): \(error)") }
            return
        }
        for (p, result) in zip(done.articles, results) {
            switch result {
            case .failure(let e):
                summary.errors += 1
                try batch.report("\(p.article.id): \(e)")
            case .success(let r):
                if r.alreadyStored { already += 1 } else { stored += 1 }
                unacknowledged.append(r)
            }
        }
        if timing == .now { try write(unacknowledged) }
    }

    /// Analyses the stale stories, then acknowledges every article committed since the last time.
    private func acknowledge() throws {
        guard timing == .deferred, !unacknowledged.isEmpty else { return }
        let results: [IngestResult]
        do {
            results = try store.refreshProvenanceBlocking(unacknowledged)
        } catch {
            // The articles are stored (their batches committed); only the analysis failed.
            // Acknowledge them without role and flags: a writer analyses them when it next opens.
            try batch.report("provenance analysis failed (the stored articles are kept): \(error)")
            results = unacknowledged
        }
        try write(results)
    }

    /// Writes the acknowledgements of committed articles and empties the waiting list.
    private func write(_ results: [IngestResult]) throws {
        defer { unacknowledged.removeAll(keepingCapacity: true) }
        acks.reset()
        for r in results {
            IngestAcknowledgement(
                id: r.id, group: r.group, story: r.story, role: r.role, flags: r.flags, alreadyStored: r.alreadyStored
            ).write(to: &acks)
        }
        out.write(acks.bytes)
        // The lines are the acknowledgement: they leave only after the commit.
        do { try out.flush() } catch { try batch.report("cannot write acknowledgements: \(error)") }
    }
}
