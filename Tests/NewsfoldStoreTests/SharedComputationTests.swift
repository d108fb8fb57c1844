import Synchronization
import Testing

@testable import NewsfoldStore

/// Counts runs, from any task.
private final class Runs: Sendable {
    private let n = Atomic<Int>(0)
    func add() { n.add(1, ordering: .relaxed) }
    var count: Int { n.load(ordering: .relaxed) }
}

@Suite struct SharedComputationTests {
    /// Callers that come while a computation runs get its result; it runs once. The first
    /// computation is held until every caller has joined (no sleeps: the test polls the
    /// number of callers), so the count of runs shows whether they shared.
    @Test func concurrentCallersShareOneComputation() async throws {
        let shared = SharedComputation<Int, Int>()
        let runs = Runs()
        let (gate, open) = AsyncStream<Void>.makeStream()
        let callers = 6
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<callers {
                group.addTask {
                    try await shared.value(for: 7) {
                        runs.add()
                        for await _ in gate { break }
                        return 42
                    }
                }
            }
            // Bounded, so that an implementation that does not share fails instead of hanging.
            var polls = 0
            while shared.callers(for: 7) < callers, polls < 1_000_000 {
                polls += 1
                await Task.yield()
            }
            open.yield()
            open.finish()
            for try await v in group { #expect(v == 42) }
        }
        #expect(runs.count == 1)
        #expect(shared.callers(for: 7) == 0)
    }

    /// Another key runs its own computation, and a key is computed again once the last one
    /// ended (results are not kept).
    @Test func keysAreIndependentAndNotKept() async throws {
        let shared = SharedComputation<Int, Int>()
        let runs = Runs()
        for key in [1, 2, 1] {
            let v = try await shared.value(for: key) {
                runs.add()
                return key * 10
            }
            #expect(v == key * 10)
        }
        #expect(runs.count == 3)
    }

    /// A failure reaches every caller that waited for it.
    @Test func aFailureIsSharedToo() async {
        struct Failed: Error {}
        let shared = SharedComputation<Int, Int>()
        await #expect(throws: Failed.self) { try await shared.value(for: 1) { throw Failed() } }
    }
}
