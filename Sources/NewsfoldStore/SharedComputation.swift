import Synchronization

/// One computation per key at a time, its result shared by every caller that asks for the same
/// key while it runs: concurrent cold readers of one story wait for one analysis instead of
/// each making their own.
///
/// ```swift
/// let shared = SharedComputation<StoryVersion, StoryDetail?>()
/// let detail = try await shared.value(for: StoryVersion(summary)) {
///     try await readAndAnalyse(story: 7)
/// }
/// ```
///
/// The computation runs in its own task: a caller that is cancelled stops waiting, and the
/// others still get the result. A key is forgotten as soon as its computation ends (the
/// caller keeps results in its own cache). Cost: one mutex hold per call.
final class SharedComputation<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Running {
        var task: Task<Value, any Error>
        var callers: Int
    }
    private let running = Mutex<[Key: Running]>([:])

    init() {}

    /// The value for `key`: `compute`'s result, made once for all callers that come while
    /// it runs.
    func value(for key: Key, _ compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let task = running.withLock { m -> Task<Value, any Error> in
            if var r = m[key] {
                r.callers += 1
                m[key] = r
                return r.task
            }
            let t = Task { try await compute() }
            m[key] = Running(task: t, callers: 1)
            return t
        }
        defer {
            running.withLock { m in
                guard var r = m[key], r.task == task else { return }
                r.callers -= 1
                m[key] = r.callers == 0 ? nil : r
            }
        }
        return try await task.value
    }

    /// How many callers wait for `key` now (for tests and metrics).
    func callers(for key: Key) -> Int {
        running.withLock { $0[key]?.callers ?? 0 }
    }
}
