import Hummingbird
import Logging
import NewsfoldStore
import ServiceLifecycle

/// The store's provenance worker as a service beside the HTTP server: it brings every
/// story's stored report up to date (``StoryStore/analyseStoriesBehind(limit:)``), a few
/// stories at a time, so that reads only read. Idle, it looks again every ``idleDelay``. It
/// stops with the application (graceful shutdown or cancellation); an error is logged and
/// tried again after the delay.
///
/// ```swift
/// let app = Application(router: router, services: [ProvenanceService(store: store, logger: logger)])
/// ```
struct ProvenanceService: Service {
    let store: any StoryStore
    let logger: Logger
    /// Stories analysed between two looks at the queue (each is one read, one analysis and
    /// one short write transaction).
    static let batch = 8
    /// How long the worker waits when no story is behind, or after an error.
    static let idleDelay = Duration.milliseconds(250)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    if try await store.analyseStoriesBehind(limit: Self.batch) > 0 { continue }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("provenance worker: \(error); trying again")
                }
                try? await Task.sleep(for: Self.idleDelay)
            }
        }
    }
}
