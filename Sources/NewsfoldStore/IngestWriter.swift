import NewsfoldIO
import Synchronization

/// Writes one batch to a store on a background thread while the caller places the next in
/// the store's engine: a bulk ingest's two serial stages (placing articles in copy groups and
/// stories; writing the rows and the search index) overlap instead of taking turns.
///
/// ```swift
/// let writer = IngestWriter(store: store)
/// for batch in batches {
///     if let done = writer.submit(batch.map(store.prepare), provenance: .deferred) { report(done) }
/// }
/// if let done = writer.finish() { report(done) }
/// ```
///
/// Each call returns the batch before (at most one batch is being written): its articles and
/// what its write gave, so a caller acknowledges each batch once it is committed, in input
/// order. A batch planned before an earlier write failed (the store then rebuilds its engine
/// from the database) is planned again and written on the caller's thread: a failed batch
/// loses only itself. Memory: one batch more than a serial ingest.
public final class IngestWriter: Sendable {
    /// A batch whose write ended.
    public struct Written: Sendable {
        /// The articles, as submitted.
        public var articles: [PreparedArticle]
        /// When their provenance is analysed, as submitted.
        public var provenance: ProvenanceTiming
        /// One result per article, or the error that kept the whole batch out of the store.
        public var outcome: Result<[Result<IngestResult, StoreError>], any Error>
    }

    private let store: any StoryStore
    /// The batch being written, on a thread of its own (``BackgroundMap``, the project's one
    /// way to run work beside the caller), with what was submitted.
    private let writing = Mutex<Writing?>(nil)

    private struct Writing: Sendable {
        var articles: [PreparedArticle]
        var provenance: ProvenanceTiming
        var settle: Bool
        var write: BackgroundMap<IngestPlan, Result<[Result<IngestResult, StoreError>], any Error>>
    }

    /// A writer for `store`; nothing is being written yet.
    public init(store: any StoryStore) {
        self.store = store
    }

    /// Places `batch` in the store's engine, waits for the batch before it, then starts
    /// writing this one in the background; returns the batch before, once written (`nil` when
    /// there was none). `settle`: the stories are settled after the batch, in its transaction
    /// (the end of a run; the batch may be empty).
    public func submit(_ batch: [PreparedArticle], provenance: ProvenanceTiming, settle: Bool = false) -> Written? {
        let plan = store.planIngest(batch, provenance: provenance, settle: settle)
        let previous = finish()
        let write = BackgroundMap([plan], workers: 1) { [store] plan in Result { try store.writeBlocking(plan) } }
        writing.withLock {
            $0 = Writing(articles: plan.articles, provenance: plan.provenance, settle: settle, write: write)
        }
        return previous
    }

    /// Waits for the batch being written and returns it (`nil` when there is none).
    public func finish() -> Written? {
        guard let w = writing.withLock({ w in defer { w = nil }; return w }) else { return nil }
        var done = Written(articles: w.articles, provenance: w.provenance, outcome: w.write.wait()[0])
        if case .failure(let error) = done.outcome, error is IngestPlan.Stale {
            // Planned before an earlier write failed: place it in the rebuilt engine and write it.
            let plan = store.planIngest(done.articles, provenance: done.provenance, settle: w.settle)
            done.outcome = Result { try store.writeBlocking(plan) }
        }
        return done
    }
}
