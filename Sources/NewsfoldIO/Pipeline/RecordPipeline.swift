import Dispatch
import Synchronization
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How much work a ``RecordPipeline`` keeps in flight.
///
/// A batch closes at `batchRecords` records or `batchBytes` bytes of input (by
/// ``InputRecord/weight``), whichever comes first; at most ``maxBatchesAlive`` batches exist at
/// once, so memory does not grow with the input.
public struct PipelineLimits: Sendable {
    /// Threads that transform a batch (the transform stage); at least 1.
    public var workers: Int
    /// Records per batch.
    public var batchRecords: Int
    /// Input bytes per batch.
    public var batchBytes: Int
    /// Batches waiting in each of the two queues (read → transform, transform → consume).
    public var queuedBatches: Int

    /// Limits with every value at least 1.
    public init(
        workers: Int = PipelineLimits.defaultWorkers, batchRecords: Int = 512, batchBytes: Int = 8 << 20,
        queuedBatches: Int = 1
    ) {
        self.workers = max(1, workers)
        self.batchRecords = max(1, batchRecords)
        self.batchBytes = max(1, batchBytes)
        self.queuedBatches = max(1, queuedBatches)
    }

    /// The number of active processors.
    public static var defaultWorkers: Int { ProcessInfoCores.count }

    /// Batches alive at worst: one being read, the queued ones, one being transformed, one being
    /// consumed.
    public var maxBatchesAlive: Int { 2 * queuedBatches + 3 }
}

/// The batch path of every command: read → transform on all cores → consume in input order,
/// three stages that run at the same time, joined by bounded queues.
///
/// - Stage 1, on its own thread, walks the input with ``InputReader`` (open, gunzip, split
///   JSONL lines) and cuts it into batches (``PipelineLimits``).
/// - Stage 2, on its own thread, transforms each batch on `workers` threads
///   (``OrderedParallelMap/map(_:workers:_:)``); the transform must not throw: errors are values
///   (e.g. `Result<Article, RecordError>`).
/// - Stage 3 is the caller's thread: `consume` gets every output in input order, then
///   `afterBatch` the position after the batch (for progress and checkpoints, see
///   ``ResumeCheckpoint``).
///
/// So reading, extracting and the serial consumer (grouping, clustering, writing) overlap, and
/// the output is the same at any `workers`: outputs are consumed in input order, one thread.
///
/// Memory: at most ``PipelineLimits/maxBatchesAlive`` batches (5 by default, each ≤ 512 records
/// and ≤ 8 MB of input, plus their outputs), whatever the input size; what the consumer keeps is
/// its own. Time: O(input); the slowest stage sets the pace, the queues absorb jitter.
///
/// When `consume` or `afterBatch` throws, both queues are cancelled, the two threads end (a
/// batch being transformed is finished first), and the error is rethrown: no deadlock, no thread
/// left behind.
///
/// ```swift
/// let pipeline = RecordPipeline(reader: InputReader(paths: paths), limits: PipelineLimits(workers: 2)) { record in
///     ArticleSource.article(from: record, extractor: extractor, jsonLines: .pages)
/// }
/// try pipeline.run(consume: { result in write(result) })
/// ```
public struct RecordPipeline<Output: Sendable>: Sendable {
    /// Where the records come from.
    public var reader: InputReader
    /// Threads, batch sizes and queue lengths.
    public var limits: PipelineLimits
    /// What each record becomes (pure: it runs on the transform threads).
    public var transform: @Sendable (InputRecord) -> Output

    /// A pipeline reading `reader`, transforming with `transform` within `limits`.
    public init(
        reader: InputReader, limits: PipelineLimits = PipelineLimits(),
        transform: @escaping @Sendable (InputRecord) -> Output
    ) {
        self.reader = reader
        self.limits = limits
        self.transform = transform
    }

    /// Runs the input through to the end (or from `start`, a position an earlier run reached;
    /// or up to the record numbered `last`) and returns the position after the last record.
    ///
    /// - Parameters:
    ///   - progress: told after each batch; cleared at the end.
    ///   - consume: every output, in input order, on the caller's thread.
    ///   - afterBatch: the position after each batch once all its outputs are consumed.
    @discardableResult
    public func run(
        from start: InputPosition? = nil, through last: Int? = nil, progress: ProgressMeter? = nil,
        consume: (Output) throws -> Void,
        afterBatch: (InputPosition) throws -> Void = { _ in }
    ) throws -> InputPosition {
        try run(from: start, through: last, progress: progress, consume: consume, atBatchEnd: { try afterBatch($0.position) })
    }

    /// ``run(from:through:progress:consume:afterBatch:)`` telling `atBatchEnd` also whether the
    /// next batch is already read: a consumer that may put work off (the deferred provenance of
    /// `ingest`) does it when the input is not keeping it busy (a slow stream), not when only
    /// the transform is behind (a bulk load on busy cores).
    @discardableResult
    public func run(
        from start: InputPosition? = nil, through last: Int? = nil, progress: ProgressMeter? = nil,
        consume: (Output) throws -> Void,
        atBatchEnd: (BatchEnd) throws -> Void
    ) throws -> InputPosition {
        let stages = Stages(queuedBatches: limits.queuedBatches)
        startReading(from: start, through: last, into: stages)
        startTransforming(stages)
        let position: InputPosition
        do {
            position = try consumeAll(
                stages, from: start, progress: progress, consume: consume, atBatchEnd: atBatchEnd)
        } catch {
            stages.read.cancel()
            stages.done.cancel()
            stages.join()
            progress?.finish()
            throw error
        }
        stages.join()
        progress?.finish()
        if let error = stages.failure.withLock({ $0 }) { throw error }
        return position
    }

    /// Stage 1: a thread that walks the input from `start` (up to the record numbered `last`),
    /// cuts it into batches by ``PipelineLimits`` and queues them; the last batch, possibly
    /// empty, carries the final position. An input error is kept in ``Stages/failure``.
    private func startReading(from start: InputPosition?, through last: Int?, into stages: Stages) {
        let reader = self.reader, limits = self.limits
        Self.startThread("newsfold-read") {
            defer {
                stages.read.close()
                stages.stageEnded()
            }
            var records: [InputRecord] = []
            var bytes = 0
            var end = start ?? InputPosition()
            do {
                try reader.forEach(from: start) { record, after in
                    if let last, record.ordinal > last { throw EndOfRange() }
                    records.append(record)
                    bytes += record.weight
                    end = after
                    if records.count >= limits.batchRecords || bytes >= limits.batchBytes {
                        guard stages.queueRead(ReadBatch(records: records, end: end)) else { throw PipelineCancelled() }
                        records = []
                        bytes = 0
                    }
                }
                // The last batch, possibly empty: it carries the final position.
                _ = stages.queueRead(ReadBatch(records: records, end: end))
            } catch is EndOfRange {
                _ = stages.queueRead(ReadBatch(records: records, end: end))
            } catch is PipelineCancelled {
            } catch {
                stages.failure.withLock { if $0 == nil { $0 = error } }
            }
        }
    }

    /// Stage 2: a thread that transforms each read batch on `workers` threads and queues the
    /// outputs, in order, for the consumer; it stops when the reader is done or the run is
    /// cancelled (a batch being transformed is finished first).
    private func startTransforming(_ stages: Stages) {
        let limits = self.limits, transform = self.transform
        Self.startThread("newsfold-transform") {
            defer {
                stages.done.close()
                stages.stageEnded()
            }
            while let batch = stages.read.pop() {
                let outputs = OrderedParallelMap<InputRecord, Output>.map(
                    batch.records, workers: limits.workers, transform)
                guard stages.done.push(DoneBatch(outputs: outputs, end: batch.end)) else { break }
            }
        }
    }

    /// Stage 3, on the caller's thread: hands every transformed output to `consume` in input
    /// order and each batch's end to `atBatchEnd`; returns the position after the last batch.
    private func consumeAll(
        _ stages: Stages, from start: InputPosition?, progress: ProgressMeter?,
        consume: (Output) throws -> Void, atBatchEnd: (BatchEnd) throws -> Void
    ) throws -> InputPosition {
        var position = start ?? InputPosition()
        var consumedBatches = 0
        while let batch = stages.done.pop() {
            for output in batch.outputs { try consume(output) }
            position = batch.end
            progress?.update(records: position.ordinal, inputBytes: position.inputBytes)
            consumedBatches += 1
            // Ready: a later batch is already read whole (being transformed, queued, or in the
            // reader's hand while the queue is full), so the input is not what the pipeline
            // waits for.
            let ready = stages.cut.load(ordering: .acquiring) > consumedBatches
            try atBatchEnd(BatchEnd(position: position, nextBatchReady: ready))
        }
        return position
    }

    /// What the three stages of one run share.
    private final class Stages: Sendable {
        /// Read batches, reader → transform.
        let read: BoundedQueue<ReadBatch>
        /// Transformed batches, transform → consumer.
        let done: BoundedQueue<DoneBatch>
        /// The reading stage's error (a cancellation aside), read by the caller after ``join()``.
        let failure = Mutex<(any Error)?>(nil)
        /// Batches the reader has cut so far (read whole from the input), queued or not.
        let cut = Atomic<Int>(0)
        /// Signalled once by each stage thread as it ends.
        private let ended = DispatchSemaphore(value: 0)

        /// Stages joined by queues of `queuedBatches` batches each.
        init(queuedBatches: Int) {
            read = BoundedQueue(capacity: queuedBatches)
            done = BoundedQueue(capacity: queuedBatches)
        }

        /// Counts `batch` as cut, then queues it for the transform; `false` when cancelled.
        func queueRead(_ batch: ReadBatch) -> Bool {
            cut.add(1, ordering: .releasing)
            return read.push(batch)
        }

        /// Called by a stage thread as its last act.
        func stageEnded() { ended.signal() }

        /// Waits until both stage threads have ended.
        func join() {
            ended.wait()
            ended.wait()
        }
    }

    private struct ReadBatch: Sendable {
        var records: [InputRecord]
        var end: InputPosition
    }

    private struct DoneBatch: Sendable {
        var outputs: [Output]
        var end: InputPosition
    }

    /// A thread with the main thread's stack size (extraction recurses into libxml2).
    private static func startThread(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
    }
}

/// Where a ``RecordPipeline`` is when a batch has been consumed.
public struct BatchEnd: Sendable {
    /// The position after the batch.
    public var position: InputPosition
    /// Whether the next batch is already read, waiting to be transformed or consumed (the
    /// input keeps the pipeline busy); `false` when the next batch is still to be read from
    /// the input (a slow stream), or at the end.
    public var nextBatchReady: Bool
}

/// Thrown inside the reading stage to stop the walk when the pipeline is cancelled.
private struct PipelineCancelled: Error {}

/// Thrown inside the reading stage to stop the walk after the last record wanted.
private struct EndOfRange: Error {}

/// A FIFO of at most `capacity` items between two threads: `push` waits while it is full, `pop`
/// while it is empty. `close` ends it for the reader once drained; `cancel` ends it at once for
/// both sides (`push` returns `false`, `pop` returns `nil`).
///
/// Why `@unchecked Sendable` is safe: the mutable state (`items`, `head`, `closed`, `cancelled`)
/// is read and written only inside ``locked(_:)``, with `mutex` held (`pthread_cond_wait` gives
/// the mutex back before it returns); `capacity` and the two pointers never change after
/// `init`; the mutex and condition live in memory of their own, allocated by `init` and freed
/// by `deinit` (which runs once no thread holds the queue), so they never move while in use;
/// and the items are `Sendable`, so handing one to another thread is safe.
final class BoundedQueue<T: Sendable>: @unchecked Sendable {
    private var items: [T?] = []
    private var head = 0
    private let capacity: Int
    private var closed = false
    private var cancelled = false
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let changed: UnsafeMutablePointer<pthread_cond_t>

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        changed = .allocate(capacity: 1)
        changed.initialize(to: pthread_cond_t())
        Self.check(pthread_mutex_init(mutex, nil), "pthread_mutex_init")
        Self.check(pthread_cond_init(changed, nil), "pthread_cond_init")
    }

    deinit {
        Self.check(pthread_cond_destroy(changed), "pthread_cond_destroy")
        Self.check(pthread_mutex_destroy(mutex), "pthread_mutex_destroy")
        changed.deinitialize(count: 1)
        changed.deallocate()
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    private var count: Int { items.count - head }

    /// Adds `item`, waiting for room; `false` when the queue was cancelled (the item is dropped).
    func push(_ item: T) -> Bool {
        locked {
            while count >= capacity && !cancelled { waitForChange() }
            if cancelled { return false }
            items.append(item)
            announceChange()
            return true
        }
    }

    /// The next item, waiting for one; `nil` once closed and drained, or cancelled.
    func pop() -> T? {
        locked {
            while count == 0 && !closed && !cancelled { waitForChange() }
            if cancelled || count == 0 { return nil }
            let item = items[head]
            items[head] = nil  // the consumer holds the only reference from here
            head += 1
            if head == items.count {
                items.removeAll(keepingCapacity: true)
                head = 0
            }
            announceChange()
            return item
        }
    }

    /// No more items will be pushed.
    func close() {
        locked {
            closed = true
            announceChange()
        }
    }

    /// Stops both sides now; queued items are dropped.
    func cancel() {
        locked {
            cancelled = true
            items.removeAll()
            head = 0
            announceChange()
        }
    }

    /// Runs `body` with the mutex held.
    private func locked<R>(_ body: () -> R) -> R {
        Self.check(pthread_mutex_lock(mutex), "pthread_mutex_lock")
        defer { Self.check(pthread_mutex_unlock(mutex), "pthread_mutex_unlock") }
        return body()
    }

    /// Waits until another thread announces a change; called with the mutex held.
    private func waitForChange() { Self.check(pthread_cond_wait(changed, mutex), "pthread_cond_wait") }

    /// Wakes every thread waiting for a change; called with the mutex held.
    private func announceChange() { Self.check(pthread_cond_broadcast(changed), "pthread_cond_broadcast") }

    /// Stops the process when a pthread call fails: the queue's state could no longer be trusted.
    private static func check(_ code: Int32, _ call: StaticString) {
        precondition(code == 0, "\(call) failed: error \(code)")
    }
}
