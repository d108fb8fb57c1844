import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NewsfoldCore
import NewsfoldIO
@testable import NewsfoldServer
import NewsfoldStore
import Synchronization
import Testing

/// The server against hostile clients (issue 21).
@Suite struct HostileServerTests {
    @Test func everyResponseSaysNosniff() async throws {
        try await ServerTests.withApp { client, _ in
            for (uri, method) in [("/healthz", HTTPRequest.Method.get), ("/v1/articles/nope", .get), ("/v2/none", .get),
                                  ("/v1/articles", .post), ("/stories/1", .get), ("/openapi.json", .get)] {
                let r = try await client.execute(uri: uri, method: method)
                #expect(r.headers[HTTPFields.Element.Name("X-Content-Type-Options")!] == "nosniff", "\(method) \(uri): \(r.status)")
            }
        }
    }

    @Test func theBearerSchemeIsCaseInsensitive() async throws {
        try await ServerTests.withApp { client, _ in
            let body = ServerTests.body(ServerTests.pageBody(try Fixtures.seedText("002")))
            for scheme in ["bearer", "BEARER", "Bearer"] {
                let r = try await client.execute(
                    uri: "/v1/articles", method: .post,
                    headers: [.authorization: "\(scheme) \(ServerTests.token)", .contentType: "application/json"], body: body)
                #expect(r.status == .created || r.status == .ok, "\(scheme)")
            }
            let other = try await client.execute(
                uri: "/v1/articles", method: .post, headers: [.authorization: "Basic \(ServerTests.token)"], body: body)
            #expect(other.status == .unauthorized)
        }
        #expect(Handlers.bearerCredentials("bearer   tok") == Array("tok".utf8))
        #expect(Handlers.bearerCredentials("Bearertok") == nil)
    }

    @Test func articleIDsWithColonsAndSlashesArePercentDecoded() async throws {
        try await ServerTests.withApp { client, store in
            var a = try Fixtures.seeds()[0]
            a.id = "urn:uuid:1234/5"
            _ = try await store.ingest(a)
            let r = try await client.execute(uri: "/v1/articles/\(percentEncode(a.id))", method: .get)
            #expect(r.status == .ok)
            #expect(try ServerTests.json(r)["id"]?.string == a.id)
            #expect(try await client.execute(uri: "/v1/articles/bad%zz", method: .get).status == .badRequest)
        }
        #expect(percentDecoded("urn%3Auuid%3Aa%2Fb") == "urn:uuid:a/b")
        #expect(percentDecoded("%C3%A9") == "é")
        #expect(percentDecoded("%C3") == nil)
        #expect(percentDecoded("%4") == nil)
    }

    @Test func controlCharactersAreEscapedInTheLog() async throws {
        let lines = LogLines()
        var logger = Logger(label: "t") { _ in CapturingLogHandler(lines) }
        logger.logLevel = .info
        let app = Application(
            router: NewsfoldService.router(store: try TestDatabase(.sqlite).open(), options: ServiceOptions(port: 0)),
            logger: logger)
        try await app.test(.router) { client in
            _ = try await client.execute(uri: "/v1/stories?since=x%0A2026-01-01%20FORGED%20line", method: .get)
        }
        let all = lines.all
        #expect(!all.isEmpty)
        #expect(all.allSatisfy { !$0.contains("\n") })
        #expect(all.contains { $0.contains("x\\n2026-01-01 FORGED line") })
        #expect(escapingControls("a\u{1B}[2Jb\r\u{85}") == "a\\u{1B}[2Jb\\r\\u{85}")
    }

    @Test func storyPagesArePaginated() async throws {
        try await ServerTests.withApp { client, store in
            let base = try Fixtures.seeds()[0]
            var story = 0
            for i in 0..<(StoryPages.articlesPerPage + 30) {  // one copy group of 130 members
                var a = base
                a.id = "copy-\(i)"
                a.url = "https://copy\(i).example/story"
                story = try await store.ingest(a).story
            }
            let first = try await client.execute(uri: "/stories/\(story)", method: .get)
            #expect(first.status == .ok)
            let html1 = String(buffer: first.body)
            let cards1 = html1.components(separatedBy: "class=\"card copy\"").count - 1
            #expect(cards1 == StoryPages.articlesPerPage - 1)  // the original and 99 copies
            #expect(html1.contains("?page=2\">next"))
            let second = try await client.execute(uri: "/stories/\(story)?page=2", method: .get)
            let html2 = String(buffer: second.body)
            #expect(html2.components(separatedBy: "class=\"card copy\"").count - 1 == 30)
            #expect(html2.contains("continued"))
            #expect(try await client.execute(uri: "/stories/\(story)?page=3", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/stories/\(story)?page=x", method: .get).status == .notFound)
        }
    }

    @Test func extractionRunsOnItsOwnThreadsAndRefusesPastItsLimit() async throws {
        let work = BlockingWork(limit: 1)
        let release = DispatchSemaphore(value: 0)
        let started = DispatchSemaphore(value: 0)
        // A job that blocks its thread until released: it must not be a cooperative thread.
        let first = Task { try await work.run { () -> Bool in started.signal(); release.wait(); return Thread.isMainThread } }
        await withCheckedContinuation { c in DispatchQueue.global().async { started.wait(); c.resume() } }
        await #expect(throws: APIError.self) { try await work.run { 1 } }
        release.signal()
        #expect(try await first.value == false)
        #expect(try await work.run { 2 } == 2)  // the slot is free again
    }

    @Test func connectionsPastTheCapAreRefusedAndCountedBack() {
        let counter = ConnectionCounter(limit: 2)
        #expect(counter.admit() && counter.admit())
        #expect(!counter.admit())
        counter.release()
        #expect(counter.admit())
        #expect(counter.current == 2)
    }
}

/// Log lines, collected for a test.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func add(_ s: String) { lines.withLock { $0.append(s) } }
}

/// Writes each log line as `message key=value ...` into a ``LogLines``, as a text log would.
struct CapturingLogHandler: LogHandler {
    let lines: LogLines
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    init(_ lines: LogLines) { self.lines = lines }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        let all = self.metadata.merging(event.metadata ?? [:]) { $1 }
        lines.add(([event.message.description] + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: " "))
    }
}

/// The connection limits on a real socket.
@Suite struct ConnectionLimitTests {
    /// A TCP connection to 127.0.0.1:`port`, as a file descriptor.
    static func connect(_ port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(rc == 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)  // a read that waits longer fails the test
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }

    /// Reads until the peer closes; the bytes read, or `nil` when the read timed out first.
    static func readToClose(_ fd: Int32) -> [UInt8]? {
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return out }
            if n < 0 { return errno == ECONNRESET ? out : nil }
            out += buf[0..<n]
        }
    }

    @Test func halfSentRequestsAreClosedAndConnectionsPastTheCapRefused() async throws {
        let db = try TestDatabase(.sqlite)
        defer { db.remove() }
        var quiet = Logger(label: "t")
        quiet.logLevel = .critical
        var options = ServiceOptions(port: 0)
        options.limits = ConnectionLimits(idleTimeout: .milliseconds(500), maxConnections: 3)
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = NewsfoldService.application(store: try db.open(), options: options, logger: quiet) { portSink.yield($0) }
        let server = Task { try await app.run() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())

        // Three half-sent requests fill the cap; a fourth connection is closed at once.
        let half = try (0..<3).map { _ in try Self.connect(port) }
        for fd in half { _ = "GET /healthz HTTP/1.1\r\nHost: x".withCString { send(fd, $0, strlen($0), 0) } }
        try await Task.sleep(for: .milliseconds(100))
        let extra = try Self.connect(port)
        #expect(Self.readToClose(extra) == [], "a connection past the cap was served")
        close(extra)
        // The half-sent ones are closed by the read timeout, without a response.
        for fd in half {
            #expect(Self.readToClose(fd) != nil, "a half-sent request was not closed")
            close(fd)
        }
        // And the server serves again, once it has counted the closed connections out (that
        // happens on the server's side of the close, a moment after the client sees it: polled,
        // for at most 10 s, so a loaded machine does not fail the test).
        var reply = ""
        for _ in 0..<100 where !reply.hasPrefix("HTTP/1.1 200") {
            let ok = try Self.connect(port)
            _ = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".withCString { send(ok, $0, strlen($0), 0) }
            reply = String(decoding: Self.readToClose(ok) ?? [], as: UTF8.self)
            close(ok)
            if !reply.hasPrefix("HTTP/1.1 200") { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(reply.hasPrefix("HTTP/1.1 200"))
    }
}
