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
    public var reader: InputReader
    public var limits: PipelineLimits
    public var transform: @Sendable (InputRecord) -> Output

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
        let read = BoundedQueue<ReadBatch>(capacity: limits.queuedBatches)
        let done = BoundedQueue<DoneBatch>(capacity: limits.queuedBatches)
        let failure = ErrorBox()
        let ended = DispatchSemaphore(value: 0)
        // Batches the reader has cut so far (read whole from the input), queued or not.
        let cut = BatchCount()
        let reader = self.reader, limits = self.limits, transform = self.transform

        Self.startThread("newsfold-read") {
            defer {
                read.close()
                ended.signal()
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
                        cut.add()
                        guard read.push(ReadBatch(records: records, end: end)) else { throw PipelineCancelled() }
                        records = []
                        bytes = 0
                    }
                }
                // The last batch, possibly empty: it carries the final position.
                cut.add()
                _ = read.push(ReadBatch(records: records, end: end))
            } catch is EndOfRange {
                cut.add()
                _ = read.push(ReadBatch(records: records, end: end))
            } catch is PipelineCancelled {
            } catch {
                failure.set(error)
            }
        }
        Self.startThread("newsfold-transform") {
            defer {
                done.close()
                ended.signal()
            }
            while let batch = read.pop() {
                let outputs = OrderedParallelMap<InputRecord, Output>.map(
                    batch.records, workers: limits.workers, transform)
                guard done.push(DoneBatch(outputs: outputs, end: batch.end)) else { break }
            }
        }

        var position = start ?? InputPosition()
        var consumed = 0
        var consumedBatches = 0
        do {
            while let batch = done.pop() {
                for output in batch.outputs { try consume(output) }
                consumed += batch.outputs.count
                position = batch.end
                progress?.update(records: position.ordinal, inputBytes: position.inputBytes)
                consumedBatches += 1
                // Ready: a later batch is already read whole (being transformed, queued, or
                // in the reader's hand while the queue is full), so the input is not what the
                // pipeline waits for.
                try atBatchEnd(BatchEnd(position: position, nextBatchReady: cut.value > consumedBatches))
            }
        } catch {
            read.cancel()
            done.cancel()
            ended.wait()
            ended.wait()
            progress?.finish()
            throw error
        }
        ended.wait()
        ended.wait()
        progress?.finish()
        if let error = failure.error { throw error }
        return position
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

/// The first error of a stage thread, read by the caller's thread after the join.
private final class ErrorBox: @unchecked Sendable {
    private let lock = NSLockLike()
    private var stored: Error?
    func set(_ e: Error) {
        lock.lock()
        defer { lock.unlock() }
        if stored == nil { stored = e }
    }
    var error: Error? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

/// A FIFO of at most `capacity` items between two threads: `push` waits while it is full, `pop`
/// while it is empty. `close` ends it for the reader once drained; `cancel` ends it at once for
/// both sides (`push` returns `false`, `pop` returns `nil`).
final class BoundedQueue<T>: @unchecked Sendable {
    private var items: [T?] = []
    private var head = 0
    private let capacity: Int
    private var closed = false
    private var cancelled = false
    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&changed, nil)
    }

    deinit {
        pthread_cond_destroy(&changed)
        pthread_mutex_destroy(&mutex)
    }

    private var count: Int { items.count - head }

    /// Adds `item`, waiting for room; `false` when the queue was cancelled (the item is dropped).
    func push(_ item: T) -> Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while count >= capacity && !cancelled { pthread_cond_wait(&changed, &mutex) }
        if cancelled { return false }
        items.append(item)
        pthread_cond_broadcast(&changed)
        return true
    }

    /// The next item, waiting for one; `nil` once closed and drained, or cancelled.
    func pop() -> T? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        while count == 0 && !closed && !cancelled { pthread_cond_wait(&changed, &mutex) }
        if cancelled || count == 0 { return nil }
        let item = items[head]
        items[head] = nil  // the consumer holds the only reference from here
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        pthread_cond_broadcast(&changed)
        return item
    }

    /// No more items will be pushed.
    func close() {
        pthread_mutex_lock(&mutex)
        closed = true
        pthread_cond_broadcast(&changed)
        pthread_mutex_unlock(&mutex)
    }

    /// Stops both sides now; queued items are dropped.
    func cancel() {
        pthread_mutex_lock(&mutex)
        cancelled = true
        items.removeAll()
        head = 0
        pthread_cond_broadcast(&changed)
        pthread_mutex_unlock(&mutex)
    }
}

/// A count one thread raises and another reads.
private final class BatchCount: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .releasing) }
    var value: Int { count.load(ordering: .acquiring) }
}
