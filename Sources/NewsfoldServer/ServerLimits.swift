import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Synchronization

/// How long a connection may stay silent and how many may be open at once: a client that
/// opens connections and sends half a request (or nothing) must not hold them forever.
public struct ConnectionLimits: Sendable {
    /// A connection is closed when no part of a request (head, body piece, end) has arrived for
    /// this long while one is expected, or when it sits idle between requests. A request head
    /// sent one byte at a time never completes a part, so it is cut off after this long.
    public var idleTimeout: Duration
    /// Connections open at once; a connection past the cap is closed as soon as it is accepted.
    public var maxConnections: Int

    /// 30 seconds; 256 connections (far above what the store can serve at once, far below
    /// the process's file descriptors).
    public init(idleTimeout: Duration = .seconds(30), maxConnections: Int = 256) {
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }

    /// The HTTP/1 server with these limits.
    func server(counter: ConnectionCounter) -> HTTPServerBuilder {
        let c = idleTimeout.components
        let nanos = c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000
        return .http1(
            configuration: .init(
                additionalChannelHandlers: [ConnectionCapHandler(counter: counter)],
                idleTimeout: .nanoseconds(nanos)))
    }
}

/// The number of open connections, shared by every connection's ``ConnectionCapHandler``.
public final class ConnectionCounter: Sendable {
    private let open = Atomic<Int>(0)
    /// The cap.
    public let limit: Int

    /// A counter refusing connections past `limit`.
    public init(limit: Int) { self.limit = limit }

    /// Connections open now.
    public var current: Int { open.load(ordering: .relaxed) }

    /// Counts a new connection; `false` (and not counted) when the cap is reached.
    func admit() -> Bool {
        var now = open.load(ordering: .relaxed)
        while now < limit {
            let (exchanged, seen) = open.compareExchange(expected: now, desired: now + 1, ordering: .relaxed)
            if exchanged { return true }
            now = seen
        }
        return false
    }

    /// A counted connection closed.
    func release() { open.subtract(1, ordering: .relaxed) }
}

/// Closes a connection accepted past the cap of its ``ConnectionCounter``, and counts the
/// others until they close.
final class ConnectionCapHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    private let counter: ConnectionCounter
    private var counted = false

    init(counter: ConnectionCounter) { self.counter = counter }

    func handlerAdded(context: ChannelHandlerContext) {
        counted = counter.admit()
        if !counted, context.channel.isActive { context.close(promise: nil) }
    }

    func channelActive(context: ChannelHandlerContext) {
        guard counted else {
            context.close(promise: nil)
            return
        }
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if counted {
            counted = false
            counter.release()
        }
    }
}

/// A log handler that writes control characters in messages and metadata as escapes
/// (`\n`, `\r`, `\t`, `\u{1B}`...), so that text from a request (a path or query with `%0A`,
/// a header) cannot forge or break lines of the server log.
public struct ControlEscapingLogHandler: LogHandler {
    private var inner: any LogHandler

    /// Wraps `inner`, which does the writing.
    public init(wrapping inner: any LogHandler) { self.inner = inner }

    /// The wrapped handler's level.
    public var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    /// The wrapped handler's metadata (escaped when a line is written).
    public var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    /// One metadata value of the wrapped handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    /// Writes `event` through the wrapped handler with its message and metadata escaped.
    public func log(event: LogEvent) {
        var escaped = event
        escaped.message = "\(escapingControls(event.message.description))"
        escaped.metadata = event.metadata.map(escaping)
        inner.log(event: escaped)
    }

    private func escaping(_ m: Logger.Metadata) -> Logger.Metadata {
        m.mapValues(escaping)
    }

    private func escaping(_ v: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch v {
        case .string(let s): return .string(escapingControls(s))
        case .stringConvertible(let c): return .string(escapingControls(c.description))
        case .array(let a): return .array(a.map(escaping))
        case .dictionary(let d): return .dictionary(d.mapValues(escaping))
        }
    }
}

/// `s` with every control character (C0, DEL, C1, and the line and paragraph separators)
/// written as a visible escape: `\n`, `\r`, `\t`, or `\u{XX}`. Unchanged (no copy of the
/// characters) when there is none.
public func escapingControls(_ s: String) -> String {
    func isControl(_ v: UInt32) -> Bool { v < 0x20 || (v >= 0x7F && v < 0xA0) || v == 0x2028 || v == 0x2029 }
    guard s.unicodeScalars.contains(where: { isControl($0.value) }) else { return s }
    var out = String.UnicodeScalarView()
    for u in s.unicodeScalars {
        guard isControl(u.value) else {
            out.append(u)
            continue
        }
        let escape: String
        switch u.value {
        case 0x0A: escape = "\\n"
        case 0x0D: escape = "\\r"
        case 0x09: escape = "\\t"
        default: escape = "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
        }
        out.append(contentsOf: escape.unicodeScalars)
    }
    return String(out)
}

/// Sets headers every response carries, errors included: `X-Content-Type-Options: nosniff`
/// (a browser must take a JSON or text response for what its `Content-Type` says, never sniff
/// it into HTML). Also makes the request's logger escape control characters
/// (``ControlEscapingLogHandler``), for every log line written below it.
struct HardeningMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        context.logger.handler = ControlEscapingLogHandler(wrapping: context.logger.handler)
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = APIError.from(error).response()
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }
}

extension HTTPFields.Element.Name {
    /// `X-Content-Type-Options`.
    static let xContentTypeOptions = HTTPFields.Element.Name("X-Content-Type-Options")!
}

/// Runs CPU-bound work (extracting a posted page: tens of milliseconds for a normal page,
/// more for a hostile one) on its own thread instead of a Swift concurrency thread, so a slow
/// page cannot hold one of the few cooperative threads that every other request (and
/// `/healthz`) needs. At most `limit` jobs run at once; past that, a request gets 503.
final class BlockingWork: Sendable {
    private let running = Atomic<Int>(0)
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// The result of `work`, computed on a new thread.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        guard running.add(1, ordering: .relaxed).newValue <= limit else {
            running.subtract(1, ordering: .relaxed)
            throw APIError(.serviceUnavailable, "too many pages are being extracted; try again shortly")
        }
        defer { running.subtract(1, ordering: .relaxed) }
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try work() })
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
