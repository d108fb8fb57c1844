import Dispatch
import Foundation
import NewsfoldCore
import Synchronization

/// Runs a transform on all cores over a stream of inputs and hands the results to a consumer
/// in input order, holding at most one batch in memory.
///
/// Inputs are gathered into a batch until it holds `batchSize` items or `batchWeight` bytes (as
/// counted by `weight`); the batch is then transformed in parallel and consumed in order. The
/// output is the same whatever the number of workers.
///
/// ```swift
/// let map = OrderedParallelMap<Page, Article?>(
///     transform: { page in try? extractor.extract(page) },
///     consume: { article in write(article) })
/// for page in pages { try map.submit(page) }
/// try map.finish()
/// ```
/// Memory: O(batchSize items + batchWeight bytes) plus their results.
///
/// Reading, transforming and consuming take turns here; the batch commands use
/// ``RecordPipeline``, which overlaps them (and uses ``map(_:workers:_:)`` for its transform stage).
public final class OrderedParallelMap<In: Sendable, Out: Sendable> {
    /// Threads that transform a batch (at least 1).
    public let workers: Int
    /// Items per batch (at least 1).
    public let batchSize: Int
    /// A batch closes early once its items' `weight` reaches this.
    public let batchWeight: Int
    private let transform: @Sendable (In) -> Out
    private let consume: (Out) throws -> Void
    private let weight: (In) -> Int
    private var batch: [In] = []
    private var pendingWeight = 0

    /// A map that transforms batches of submitted items on `workers` threads and hands each
    /// result to `consume` in submission order, on the submitting thread.
    public init(
        workers: Int = OrderedParallelMap.defaultWorkers, batchSize: Int = 512, batchWeight: Int = 64 << 20,
        weight: @escaping (In) -> Int = { _ in 1 },
        transform: @escaping @Sendable (In) -> Out, consume: @escaping (Out) throws -> Void
    ) {
        self.workers = max(1, workers)
        self.batchSize = max(1, batchSize)
        self.batchWeight = batchWeight
        self.weight = weight
        self.transform = transform
        self.consume = consume
    }

    /// The number of active processors.
    public static var defaultWorkers: Int { ProcessInfoCores.count }

    /// Adds an item; a full batch is transformed and consumed before this returns (rethrowing
    /// what `consume` throws).
    public func submit(_ item: In) throws {
        pendingWeight += weight(item)
        batch.append(item)
        if batch.count >= batchSize || pendingWeight >= batchWeight { try flush() }
    }

    /// Processes what is left. Call once at the end.
    public func finish() throws { try flush() }

    private func flush() throws {
        guard !batch.isEmpty else { return }
        let items = batch
        batch.removeAll(keepingCapacity: true)
        pendingWeight = 0
        let results = OrderedParallelMap.map(items, workers: workers, transform)
        for r in results { try consume(r) }
    }

    /// Transforms `items` on up to `workers` threads; results in input order.
    public static func map(_ items: [In], workers: Int, _ transform: @Sendable (In) -> Out) -> [Out] {
        if workers <= 1 || items.count <= 1 { return items.map(transform) }
        let slots = ResultSlots<Out>(count: items.count)
        // Hands out the item indices; relaxed: the join at the end of `concurrentPerform`
        // publishes the slots to this thread.
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(transform) { transform in
            items.withUnsafeBufferPointer { input in
                let input = UnsafeSendable(input)
                let transform = UnsafeSendable(transform)
                DispatchQueue.concurrentPerform(iterations: min(workers, items.count)) { _ in
                    while true {
                        let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                        if i >= input.value.count { break }
                        slots.set(i, transform.value(input.value[i]))
                    }
                }
            }
        }
        return slots.take()
    }
}

/// Transforms items on threads of its own while the caller goes on; ``wait()`` gives the
/// results in input order. Unlike ``OrderedParallelMap/map(_:workers:_:)`` it does not draw on
/// the dispatch pool, which a caller that is itself a pool thread (blocked in a database
/// transaction, say) may be holding: its workers run whatever the caller does meanwhile.
///
/// ```swift
/// let analyses = BackgroundMap(stories, workers: 2) { story in analyse(story) }
/// writeRows(of: previous)            // while the analyses run
/// let reports = analyses.wait()
/// ```
///
/// Cost: one thread per worker, started by `init` and ended once the items are done. The
/// transform (and what it captures, a store say) is released when ``wait()`` returns, not when
/// the threads get round to exiting: a store's lock is free as soon as its last user lets go.
public final class BackgroundMap<In: Sendable, Out: Sendable>: Sendable {
    private let items: [In]
    /// The transform until every item is done (``wait()`` drops it).
    private let transform: Mutex<(@Sendable (In) -> Out)?>
    private let slots: ResultSlots<Out>
    private let threads: Int
    private let finished = DispatchSemaphore(value: 0)
    /// Hands out the item indices; relaxed: `finished` publishes the slots to ``wait()``.
    private let next = Atomic<Int>(0)

    /// Starts transforming `items` on `min(workers, items.count)` threads.
    public init(_ items: [In], workers: Int, _ transform: @escaping @Sendable (In) -> Out) {
        self.items = items
        self.transform = Mutex(transform)
        slots = ResultSlots(count: items.count)
        threads = min(max(1, workers), items.count)
        for _ in 0..<threads {
            let thread = Thread { [self] in
                work()
                finished.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Transforms items not yet taken until none is left.
    private func work() {
        guard let transform = transform.withLock({ $0 }) else { return }
        while true {
            let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
            if i >= items.count { break }
            slots.set(i, transform(items[i]))
        }
    }

    /// Waits for every item and returns the results in input order. Call once (this or
    /// ``helpAndWait()``).
    public func wait() -> [Out] {
        for _ in 0..<threads { finished.wait() }
        // Every thread is past its last use of the transform.
        transform.withLock { $0 = nil }
        return slots.take()
    }

    /// ``wait()``, with the caller's thread transforming the items not yet taken meanwhile:
    /// for a caller that has nothing else to do, so that no core idles at the end.
    public func helpAndWait() -> [Out] {
        work()
        return wait()
    }
}

/// Items `0..<count` transformed now (``OrderedParallelMap``) or in the background
/// (``BackgroundMap``), read the same way: for a stage that starts work of either kind and
/// collects it later.
///
/// ```swift
/// let next = StagedMap(chunk.count, workers: 2, background: true) { j in score(chunk[j]) }
/// place(current)                    // meanwhile
/// let scores = next.wait()          // this thread helps with what is left
/// ```
enum StagedMap<Out: Sendable> {
    case done([Out])
    case running(BackgroundMap<Int, Out>)

    /// Starts transforming `0..<count` on `workers` threads, in the background or now.
    init(_ count: Int, workers: Int, background: Bool, _ transform: @escaping @Sendable (Int) -> Out) {
        let items = Array(0..<count)
        self = background
            ? .running(BackgroundMap(items, workers: workers, transform))
            : .done(OrderedParallelMap<Int, Out>.map(items, workers: workers, transform))
    }

    /// The results in input order; the caller's thread transforms the items not yet taken.
    func wait() -> [Out] {
        switch self {
        case .done(let results): return results
        case .running(let map): return map.helpAndWait()
        }
    }
}

/// Number of cores, read once.
enum ProcessInfoCores {
    static let count: Int = {
        #if canImport(Glibc)
            return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        #else
            return 2
        #endif
    }()
}

#if canImport(Glibc)
    import Glibc
#endif

/// Write-once result slots filled from several threads, each index by exactly one thread.
///
/// Why `@unchecked Sendable` is safe: `storage` and `count` never change after `init`; each
/// index is written once, by the one thread that drew it from an atomic counter, so no two
/// threads touch the same slot; ``take()`` reads them only after every writer has finished
/// (the join of `concurrentPerform`, or the semaphore of ``BackgroundMap``), which orders
/// the writes before the reads; and the values are `Sendable`.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<T?>
    private let count: Int
    init(count: Int) {
        self.count = count
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil, count: count)
    }
    func set(_ i: Int, _ v: T) { storage[i] = v }
    func take() -> [T] { (0..<count).map { storage[$0]! } }
    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }
}

/// Carries a non-Sendable value into `concurrentPerform`, where the caller guarantees that the
/// value outlives the call and is only read.
private struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ v: T) { value = v }
}

extension CopyGroupIndex {
    /// ``insert(_:map:)``'s bucket walks and similarity estimates on `workers` threads
    /// (``OrderedParallelMap``): `index.insert(fingerprints, map: CopyGroupIndex.parallelMap(workers: 2))`.
    public static func parallelMap(workers: Int) -> any ParallelMap {
        OrderedJobs(workers: workers)
    }
}

/// ``CopyGroupIndex/ParallelMap`` on ``OrderedParallelMap``'s threads.
struct OrderedJobs: CopyGroupIndex.ParallelMap {
    let workers: Int

    func map<Result: Sendable>(_ jobs: Int, _ job: @escaping @Sendable (Int) -> Result) -> [Result] {
        OrderedParallelMap<Int, Result>.map(Array(0..<jobs), workers: workers, job)
    }
}
