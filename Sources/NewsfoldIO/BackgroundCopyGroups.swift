import NewsfoldCore
import Synchronization

/// Builds a ``CopyGroupIndex`` on a thread of its own while the caller goes on reading: the
/// fingerprints are inserted a batch at a time (``CopyGroupIndex/insert(_:map:)``, the pairs'
/// similarities on `workers` threads), one batch in flight while the next fills.
///
/// On a large crawl the index is what the reading stage waits for (walking the LSH buckets is
/// one read from anywhere in memory after another); here it overlaps with extracting and
/// fingerprinting the next records. The index is the one inserting the same fingerprints in
/// the same order one by one gives.
///
/// ```swift
/// let builder = BackgroundCopyGroups(parameters: .storyView, workers: 2)
/// for fp in fingerprints { builder.add(fp) }   // in input order, on one thread
/// var batch = StoryBatch(parameters: .storyView)  // ... batch.add(id:published:) for each
/// batch.settleGroups(copies: builder.finish())
/// ```
///
/// Memory: the index, plus two batches of ``CopyGroupIndex`` fingerprints.
public final class BackgroundCopyGroups {
    /// Fingerprints per insert: enough candidate pairs to spread over the workers.
    public static let batchSize = 4096

    /// The index, owned by whichever batch is being inserted (at most one at a time).
    private final class Shared: Sendable {
        let index: Mutex<CopyGroupIndex>
        init(_ index: CopyGroupIndex) { self.index = Mutex(index) }
    }

    private let shared: Shared
    private let parameters: DedupParameters
    private let workers: Int
    private var waiting: [DocumentFingerprint] = []
    private var running: BackgroundMap<Int, Int>?

    /// An empty index with `parameters`, its similarity estimates on `workers` threads.
    public init(parameters: DedupParameters, workers: Int) {
        self.parameters = parameters
        self.workers = workers
        shared = Shared(CopyGroupIndex(parameters: parameters))
        waiting.reserveCapacity(Self.batchSize)
    }

    /// Adds the next document's fingerprint (input order).
    public func add(_ fingerprint: DocumentFingerprint) {
        waiting.append(fingerprint)
        if waiting.count >= Self.batchSize { submit() }
    }

    /// Waits for every fingerprint to be in, and hands the index over (the builder is spent).
    public func finish() -> CopyGroupIndex {
        if !waiting.isEmpty { submit() }
        _ = running?.wait()
        running = nil
        let empty = CopyGroupIndex(parameters: parameters)
        return shared.index.withLock { index in
            defer { index = empty }  // the caller's copy is then the only one: no copy on write
            return index
        }
    }

    /// Starts inserting the waiting batch once the one in flight is in.
    private func submit() {
        _ = running?.wait()
        let batch = waiting, shared = self.shared
        let map = CopyGroupIndex.parallelMap(workers: workers)
        waiting = []
        waiting.reserveCapacity(Self.batchSize)
        running = BackgroundMap([0], workers: 1) { _ in
            shared.index.withLock { $0.insert(batch, map: map) }
            return batch.count
        }
    }
}
