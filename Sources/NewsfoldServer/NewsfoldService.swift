import Hummingbird
import Logging
import NewsfoldCore
import NewsfoldExtract
import NewsfoldIO
import NewsfoldStore

/// How the service runs: where it listens, the write token, the request body bound.
///
/// ```swift
/// var options = ServiceOptions(port: 8080)
/// options.token = ProcessInfo.processInfo.environment["NEWSFOLD_TOKEN"]
/// ```
public struct ServiceOptions: Sendable {
    /// Address to bind: `127.0.0.1` (loopback only) unless you mean to expose it.
    public var host: String
    /// Port; 0 picks a free one (see ``NewsfoldService/application(store:options:logger:onRunning:)``).
    public var port: Int
    /// The bearer token writes must carry; `nil` refuses every write.
    public var token: String?
    /// Largest request body accepted (413 above it).
    public var maxBodyBytes: Int
    /// Idle and read timeout, and the cap on open connections.
    public var limits: ConnectionLimits
    /// Posted pages extracted at once (each on its own thread); more get 503.
    public var maxConcurrentExtractions: Int

    /// Options with the defaults of ``ConnectionLimits`` and 8 concurrent extractions.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, maxBodyBytes: Int = 10 << 20,
        limits: ConnectionLimits = ConnectionLimits(), maxConcurrentExtractions: Int = 8
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.maxBodyBytes = maxBodyBytes
        self.limits = limits
        self.maxConcurrentExtractions = maxConcurrentExtractions
    }
}

/// One route of the service. ``NewsfoldService/endpoints`` lists them all; the router is built
/// from that list and a test checks it against the OpenAPI document (``OpenAPIDocument``).
public struct Endpoint: Sendable, Hashable {
    /// The HTTP method.
    public var method: HTTPRequest.Method
    /// The path as OpenAPI writes it: `/v1/articles/{id}`.
    public var path: String
    /// Whether the route needs the bearer token.
    public var needsToken: Bool
    /// Whether the route is part of the JSON API described by `/openapi.json` (pages are not).
    public var isAPI: Bool

    /// The path as Hummingbird's router writes it: `/v1/articles/:id`.
    public var routerPath: String {
        var out = ""
        for c in path where c != "}" { out.append(c == "{" ? ":" : c) }
        return out
    }
}

/// The HTTP service over a ``StoryStore``: the JSON API under `/v1`, health, metrics, the
/// OpenAPI document, and the story pages.
///
/// ```swift
/// let store = try SQLiteStore(path: "news.sqlite")
/// let app = NewsfoldService.application(store: store, options: ServiceOptions(port: 8080, token: "s3cret"))
/// try await app.runService()
/// ```
public enum NewsfoldService {
    /// Every route, in the order the OpenAPI document lists them.
    public static let endpoints: [Endpoint] = [
        Endpoint(method: .post, path: "/v1/articles", needsToken: true, isAPI: true),
        Endpoint(method: .get, path: "/v1/articles/{id}", needsToken: false, isAPI: true),
        Endpoint(method: .get, path: "/v1/stories", needsToken: false, isAPI: true),
        Endpoint(method: .get, path: "/v1/stories/{id}", needsToken: false, isAPI: true),
        Endpoint(method: .get, path: "/v1/search", needsToken: false, isAPI: true),
        Endpoint(method: .get, path: "/healthz", needsToken: false, isAPI: true),
        Endpoint(method: .get, path: "/metrics", needsToken: false, isAPI: true),
        Endpoint(method: .get, path: "/openapi.json", needsToken: false, isAPI: true),
        Endpoint(method: .get, path: "/", needsToken: false, isAPI: false),
        Endpoint(method: .get, path: "/stories/{id}", needsToken: false, isAPI: false),
    ]

    /// The router with every route and middleware (for tests through `HummingbirdTesting`).
    public static func router(
        store: any StoryStore, options: ServiceOptions, metrics: ServerMetrics = ServerMetrics()
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: HardeningMiddleware())
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ErrorMiddleware())
        let handlers = Handlers(
            store: store, options: options, metrics: metrics,
            extraction: BlockingWork(limit: max(1, options.maxConcurrentExtractions)))
        for e in endpoints {
            let serve: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
                do {
                    if e.needsToken { try handlers.authorize(request) }
                    return try await handlers.handle(e, request, context)
                } catch where !e.isAPI {
                    throw PageError(underlying: error)  // a reader gets a page, not JSON
                }
            }
            router.on(RouterPath(e.routerPath), method: e.method, use: serve)
            // HEAD, which HTTP asks of every GET (link checkers and caches use it): the GET
            // itself, token check included, with its status and headers and no body.
            if e.method == .get {
                router.on(RouterPath(e.routerPath), method: .head) { try await serve($0, $1).createHeadResponse() }
            }
        }
        return router
    }

    /// The application: bind it with ``ServiceOptions/host`` and ``ServiceOptions/port``,
    /// then `runService()`. `onRunning` gets the bound port (useful with port 0).
    public static func application(
        store: any StoryStore, options: ServiceOptions, logger: Logger? = nil,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var log = logger ?? Logger(label: "newsfold")
        if logger == nil { log.logLevel = .info }
        // Text from requests reaches the log (paths, reasons): no line of it can be forged.
        log.handler = ControlEscapingLogHandler(wrapping: log.handler)
        return Application(
            router: router(store: store, options: options),
            server: options.limits.server(counter: ConnectionCounter(limit: options.limits.maxConnections)),
            configuration: ApplicationConfiguration(
                address: .hostname(options.host, port: options.port), serverName: "newsfold"),
            services: [ProvenanceService(store: store, logger: log)],
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? options.port) },
            logger: log)
    }
}

/// The route handlers.
struct Handlers: Sendable {
    let store: any StoryStore
    let options: ServiceOptions
    let metrics: ServerMetrics
    /// Where posted pages are extracted: threads of their own, not the request's.
    let extraction: BlockingWork
    /// Story pages rendered once per story change.
    let rendered = RenderedPages()

    func handle(_ e: Endpoint, _ request: Request, _ context: BasicRequestContext) async throws -> Response {
        switch (e.method, e.path) {
        case (.post, "/v1/articles"): return try await postArticle(request, context)
        case (.get, "/v1/articles/{id}"): return try await getArticle(context)
        case (.get, "/v1/stories"): return try await listStories(request)
        case (.get, "/v1/stories/{id}"): return try await getStory(context)
        case (.get, "/v1/search"): return try await search(request)
        case (.get, "/healthz"): return try await health()
        case (.get, "/metrics"):
            let c = try await store.counts()
            return Responses.text(
                metrics.render(articles: c.articles, stories: c.stories), contentType: "text/plain; version=0.0.4")
        case (.get, "/openapi.json"): return Responses.json(Array(OpenAPIDocument.json.utf8))
        case (.get, "/"): return try await homePage(request)
        case (.get, "/stories/{id}"): return try await storyPage(request, context)
        default: throw APIError(.notFound, "no such route: see /openapi.json for the API")
        }
    }

    /// Writes need `Authorization: Bearer <NEWSFOLD_TOKEN>` (the scheme name in any case, as
    /// RFC 9110 says); the token is compared in constant time.
    func authorize(_ request: Request) throws {
        guard let token = options.token, !token.isEmpty else {
            throw APIError(.unauthorized, "writes are disabled: start the server with NEWSFOLD_TOKEN set")
        }
        guard let header = request.headers[.authorization], let credentials = Self.bearerCredentials(header) else {
            throw APIError(.unauthorized, "send the write token as 'Authorization: Bearer <token>'")
        }
        let given = credentials, expected = Array(token.utf8)
        var diff = UInt8(given.count == expected.count ? 0 : 1)
        for i in 0..<min(given.count, expected.count) { diff |= given[i] ^ expected[i] }
        guard diff == 0 else { throw APIError(.unauthorized, "the bearer token is wrong") }
    }

    /// The credentials of an `Authorization` value whose scheme is `Bearer` in any case
    /// (`bearer`, `BEARER`), after the spaces that follow it; `nil` for another scheme.
    static func bearerCredentials(_ header: String) -> [UInt8]? {
        let bytes = Array(header.utf8)
        let scheme = Array("bearer".utf8)
        guard bytes.count > scheme.count + 1, bytes[scheme.count] == 0x20 else { return nil }
        for i in 0..<scheme.count where bytes[i] | 0x20 != scheme[i] { return nil }
        var start = scheme.count + 1
        while start < bytes.count, bytes[start] == 0x20 { start += 1 }
        return Array(bytes[start...])
    }

    /// A path parameter, percent-decoded (`urn%3Auuid%3A…` is `urn:uuid:…`; an id may hold
    /// `/` written as `%2F`). A malformed escape is a 400.
    static func pathParameter(_ context: BasicRequestContext, _ name: String) throws -> String {
        let raw = try context.parameters.require(name)
        guard let decoded = percentDecoded(raw) else {
            throw APIError(.badRequest, "\(name) is not validly percent-encoded")
        }
        return decoded
    }

    // MARK: - Articles

    func postArticle(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > options.maxBodyBytes {
            throw APIError(.contentTooLarge, "request body is \(length) bytes, over the \(options.maxBodyBytes)-byte limit")
        }
        let buffer = try await request.body.collect(upTo: options.maxBodyBytes)
        let bytes = Array(buffer.readableBytesView)
        let maxPageBytes = options.maxBodyBytes
        // Extraction is CPU work of unbounded cost for a hostile page: on a thread of its own.
        let article = try await extraction.run { try Self.article(fromBody: bytes, maxPageBytes: maxPageBytes) }
        let result = try await store.ingest(article)
        metrics.recordIngest(duplicate: result.alreadyStored)
        if !result.alreadyStored {
            context.logger.info(
                "ingested", metadata: ["id": "\(result.id)", "story": "\(result.story)", "group": "\(result.group)"])
        }
        var w = JSONWriter(reservingCapacity: 512)
        APIJSON.write(result, to: &w)
        return Responses.json(w.bytes, status: result.alreadyStored ? .ok : .created)
    }

    /// A request body → an article: 400 for bytes that are not JSON, 422 for JSON that is not
    /// a page or a page with no article.
    static func article(fromBody bytes: [UInt8], maxPageBytes: Int) throws -> Article {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw APIError(.badRequest, "the body is not valid JSON (\(error)): send {\"url\"?, \"html\" | \"text\", \"fetched_at\"?}")
        }
        guard case .object = value else {
            throw APIError(.unprocessableContent, "the body must be a JSON object {\"url\"?, \"html\" | \"text\", \"fetched_at\"?}")
        }
        for key in ["html", "text", "url", "fetched_at", "id"] {
            if let v = value[key], v != .null, v.string == nil, !(key == "id" && v.stringOrNumber != nil) {
                throw APIError(.unprocessableContent, "\"\(key)\" must be a string")
            }
        }
        let givenID = value["id"]?.stringOrNumber
        let page: Page
        do {
            page = try InputRecord.page(fromJSONLine: bytes, fallbackID: "posted", source: "api", locator: "request body")
        } catch {
            throw APIError(.unprocessableContent, error.description)
        }
        var article: Article
        do {
            article = try PageExtractor(maxPageBytes: maxPageBytes).extract(page)
        } catch let e as ExtractionError {
            throw APIError(.unprocessableContent, "no article in the page: \(e.description)")
        }
        if givenID == nil {
            // The same page posted twice gets the same id.
            article.id = "a" + ContentKey(article).hex.prefix(16)
        }
        return article
    }

    func getArticle(_ context: BasicRequestContext) async throws -> Response {
        let id = try Self.pathParameter(context, "id")
        guard let a = try await store.article(id: id) else {
            throw APIError(.notFound, "no article with id \(id)")
        }
        var w = JSONWriter(reservingCapacity: 4096)
        APIJSON.write(a, to: &w)
        return Responses.json(w.bytes)
    }

    // MARK: - Stories

    static func since(_ request: Request) throws -> NewsDate? {
        guard let s = request.uri.queryParameters["since"].map(String.init), !s.isEmpty else { return nil }
        guard let d = NewsDate(iso8601: s) else {
            throw APIError(.badRequest, "since=\(s) is not an ISO 8601 date: use 2023-09-04 or 2023-09-04T14:00:00Z")
        }
        return d
    }

    static func limit(_ request: Request, default d: Int, max m: Int) throws -> Int {
        guard let s = request.uri.queryParameters["limit"].map(String.init), !s.isEmpty else { return d }
        guard let n = Int(s), n >= 1, n <= m else { throw APIError(.badRequest, "limit must be a number from 1 to \(m)") }
        return n
    }

    func listStories(_ request: Request) async throws -> Response {
        let page = try await store.stories(
            since: try Self.since(request), limit: try Self.limit(request, default: 20, max: 500),
            cursor: request.uri.queryParameters["cursor"].map(String.init))
        var w = JSONWriter(reservingCapacity: 4096)
        APIJSON.write(page, to: &w)
        return Responses.json(w.bytes)
    }

    static func storyID(_ context: BasicRequestContext) throws -> Int {
        let raw = try context.parameters.require("id")
        guard let id = Int(raw), id > 0 else { throw APIError(.notFound, "no story with id \(raw)") }
        return id
    }

    func getStory(_ context: BasicRequestContext) async throws -> Response {
        let id = try Self.storyID(context)
        guard let d = try await store.story(id: id) else { throw APIError(.notFound, "no story with id \(id)") }
        var w = JSONWriter(reservingCapacity: 16384)
        APIJSON.write(d, to: &w)
        return Responses.json(w.bytes)
    }

    func search(_ request: Request) async throws -> Response {
        guard let q = request.uri.queryParameters["q"].map(String.init), !q.isEmpty else {
            throw APIError(.badRequest, "give the words to look for: /v1/search?q=words")
        }
        let hits = try await store.search(q, limit: try Self.limit(request, default: 20, max: 200))
        var w = JSONWriter(reservingCapacity: 4096)
        APIJSON.write(hits, query: q, to: &w)
        return Responses.json(w.bytes)
    }

    func health() async throws -> Response {
        let c = try await store.counts()
        var w = JSONWriter()
        w.beginObject()
        w.key("status"); w.string("ok")
        w.key("articles"); w.number(c.articles)
        w.key("stories"); w.number(c.stories)
        w.endObject()
        w.newline()
        return Responses.json(w.bytes)
    }

    // MARK: - Pages

    func homePage(_ request: Request) async throws -> Response {
        let cursor = request.uri.queryParameters["cursor"].map(String.init)
        return Responses.html(StoryPages.home(try await store.stories(since: nil, limit: 50, cursor: cursor)))
    }

    func storyPage(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let raw = try context.parameters.require("id")
        guard let id = Int(raw), id > 0, let d = try await store.story(id: id) else {
            return Responses.html(StoryPages.notFound("No story with id \(raw)."), status: .notFound)
        }
        let pageText = request.uri.queryParameters["page"].map(String.init) ?? "1"
        let pages = StoryPages.pageCount(d)
        guard let page = Int(pageText), page >= 1, page <= pages else {
            return Responses.html(
                StoryPages.notFound("Story \(id) has \(pages) page\(pages == 1 ? "" : "s") of articles, not \(pageText)."),
                status: .notFound)
        }
        let version = StoryDetailVersion(id: d.summary.id, updated: d.summary.updated, cacheable: d.reportIsCurrent)
        return Responses.html(rendered.page(story: version, page: page) { StoryPages.story(d, page: page) })
    }
}
