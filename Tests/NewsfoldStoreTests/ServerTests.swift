import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NewsfoldCore
import NewsfoldIO
import NewsfoldServer
import NewsfoldStore
import Testing

/// The HTTP API through Hummingbird's router test client (no sockets).
@Suite struct ServerTests {
    static let token = "test-token"

    /// A fresh store (SQLite unless `kind` says otherwise) and an application over it.
    static func withApp(
        _ kind: StoreKind = .sqlite, maxBodyBytes: Int = 10 << 20, seeds: Bool = false,
        _ body: @Sendable (any TestClientProtocol, any StoryStore) async throws -> Void
    ) async throws {
        let db = try TestDatabase(kind)
        defer { db.remove() }
        let store = try db.open()
        if seeds { for a in try Fixtures.seeds() { _ = try await store.ingest(a) } }
        let options = ServiceOptions(port: 0, token: token, maxBodyBytes: maxBodyBytes)
        var quiet = Logger(label: "newsfold-test")
        quiet.logLevel = .warning
        let app = Application(router: NewsfoldService.router(store: store, options: options), logger: quiet)
        try await app.test(.router) { client in try await body(client, store) }
    }

    static func json(_ r: TestResponse) throws -> JSONValue {
        try JSONValue.parse(Array(r.body.readableBytesView))
    }

    static func body(_ s: String) -> ByteBuffer { ByteBuffer(string: s) }

    static var auth: HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    static func pageBody(_ text: String, url: String? = nil) -> String {
        var w = JSONWriter()
        w.beginObject()
        if let url { w.key("url"); w.string(url) }
        w.key("text"); w.string(text)
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    @Test(arguments: StoreKind.available)
    func postAnArticleThenReadIt(_ kind: StoreKind) async throws {
        let text = try Fixtures.seedText("002")
        try await Self.withApp(kind) { client, _ in
            let created = try await client.execute(
                uri: "/v1/articles", method: .post, headers: Self.auth, body: Self.body(Self.pageBody(text)))
            #expect(created.status == .created)
            let v = try Self.json(created)
            let id = try #require(v["id"]?.string)
            #expect(v["story"] != nil && v["group"]?.string == id && v["flags"] != nil)
            #expect(v["role"]?.string == "independent" || v["role"]?.string == "original")
            // The same page again: the same record, 200, nothing new.
            let again = try await client.execute(
                uri: "/v1/articles", method: .post, headers: Self.auth, body: Self.body(Self.pageBody(text)))
            #expect(again.status == .ok)
            #expect(try Self.json(again)["id"]?.string == id)
            #expect(try Self.json(again)["already_stored"] == .bool(true))

            let read = try await client.execute(uri: "/v1/articles/\(id)", method: .get)
            #expect(read.status == .ok)
            #expect(try Self.json(read)["article"]?["title"]?.string?.contains("Kim") == true)
            let missing = try await client.execute(uri: "/v1/articles/nope", method: .get)
            #expect(missing.status == .notFound)
            #expect(try Self.json(missing)["error"]?["message"]?.string?.contains("nope") == true)
        }
    }

    @Test func writesNeedTheToken() async throws {
        try await Self.withApp { client, store in
            let body = Self.body(Self.pageBody("Some words about a thing that happened today in the city."))
            let none = try await client.execute(uri: "/v1/articles", method: .post, body: body)
            #expect(none.status == .unauthorized)
            #expect(try Self.json(none)["error"]?["message"]?.string?.contains("Bearer") == true)
            let wrong = try await client.execute(
                uri: "/v1/articles", method: .post, headers: [.authorization: "Bearer nope"], body: body)
            #expect(wrong.status == .unauthorized)
            #expect(try await store.counts().articles == 0)
        }
    }

    @Test func badBodiesGetTheRightStatus() async throws {
        try await Self.withApp(maxBodyBytes: 4096) { client, store in
            func post(_ s: String) async throws -> TestResponse {
                try await client.execute(uri: "/v1/articles", method: .post, headers: Self.auth, body: Self.body(s))
            }
            #expect(try await post("{not json").status == .badRequest)
            #expect(try await post("[1, 2]").status == .unprocessableContent)
            #expect(try await post(#"{"url": "https://x.example/"}"#).status == .unprocessableContent)
            #expect(try await post(#"{"text": 42}"#).status == .unprocessableContent)
            #expect(try await post(#"{"text": "   "}"#).status == .unprocessableContent)
            let big = try await post(Self.pageBody(String(repeating: "word ", count: 2000)))
            #expect(big.status == .contentTooLarge)
            #expect(try Self.json(big)["error"]?["status"] == .number(413))
            // After all that, a good request still works.
            let good = try await post(Self.pageBody("A plain report of a council meeting held in the town hall on Monday evening."))
            #expect(good.status == .created)
            #expect(try await store.counts().articles == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func storiesReportAndSearch(_ kind: StoreKind) async throws {
        try await Self.withApp(kind, seeds: true) { client, _ in
            let list = try await client.execute(uri: "/v1/stories?limit=10", method: .get)
            #expect(list.status == .ok)
            guard case .array(let stories)? = try Self.json(list)["stories"] else {
                Issue.record("no stories array")
                return
            }
            #expect(stories.count == 1)
            let id = try #require(stories.first?["id"]?.stringOrNumber)
            let batch = try Fixtures.batch(try Fixtures.seeds())
            #expect(stories.first?["sources"] == .number(Double(Set(batch.groups.values).count)))

            let report = try await client.execute(uri: "/v1/stories/\(id)", method: .get)
            #expect(report.status == .ok)
            guard case .array(let groups)? = try Self.json(report)["groups"] else {
                Issue.record("no groups")
                return
            }
            let withCopies = groups.first { g in
                if case .array(let m)? = g["members"] { return m.count > 1 } else { return false }
            }
            #expect(withCopies?["original"]?.string == "002")

            #expect(try await client.execute(uri: "/v1/stories/999", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/v1/stories/abc", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/v1/stories?cursor=zzz", method: .get).status == .badRequest)
            #expect(try await client.execute(uri: "/v1/stories?since=yesterday", method: .get).status == .badRequest)
            #expect(try await client.execute(uri: "/v1/stories?limit=0", method: .get).status == .badRequest)

            let search = try await client.execute(uri: "/v1/search?q=PredictIQ", method: .get)
            #expect(search.status == .ok)
            guard case .array(let hits)? = try Self.json(search)["hits"] else {
                Issue.record("no hits")
                return
            }
            #expect(hits.map { $0["id"]?.string } == ["000"])
            #expect(try await client.execute(uri: "/v1/search", method: .get).status == .badRequest)

            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(try Self.json(health)["articles"] == .number(5))
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: metrics.body)
            #expect(text.contains("newsfold_http_requests_total{route=\"/v1/stories/{id}\",method=\"GET\",status=\"200\"} 1"))
            #expect(text.contains("newsfold_articles 5"))
            #expect(text.contains("newsfold_http_request_duration_seconds_bucket"))
        }
    }

    /// Every API route is in the OpenAPI document with its method, every documented path is a
    /// route, and every route answers through the real router (not with "no such route").
    @Test func openAPIDocumentMatchesTheRoutes() async throws {
        let doc = try JSONValue.parse(Array(OpenAPIDocument.json.utf8))
        guard case .object(let paths)? = doc["paths"] else {
            Issue.record("no paths in the OpenAPI document")
            return
        }
        let api = NewsfoldService.endpoints.filter(\.isAPI)
        for e in api {
            let entry = paths.first { $0.0 == e.path }?.1
            #expect(entry?[e.method.rawValue.lowercased()] != nil, "\(e.method.rawValue) \(e.path) is not documented")
        }
        for (path, ops) in paths {
            guard case .object(let methods) = ops else { continue }
            for (method, _) in methods {
                #expect(
                    api.contains { $0.path == path && $0.method.rawValue.lowercased() == method },
                    "\(method) \(path) is documented but not routed")
            }
        }
        try await Self.withApp { client, _ in
            for e in NewsfoldService.endpoints {
                let uri = e.path.replacingOccurrences(of: "{id}", with: "1")
                let r = try await client.execute(uri: uri, method: e.method, headers: Self.auth)
                let message = (try? Self.json(r))?["error"]?["message"]?.string ?? ""
                #expect(!message.contains("no such route"), "\(e.method) \(uri): \(message)")
            }
            let unknown = try await client.execute(uri: "/v2/nothing", method: .get)
            #expect(unknown.status == .notFound)
        }
    }

    @Test(arguments: StoreKind.available)
    func pagesEscapeEveryText(_ kind: StoreKind) async throws {
        try await Self.withApp(kind) { client, store in
            let hostile = Article(
                id: "x<y>", url: "https://evil.example/\"><script>alert(2)</script>",
                title: "<script>alert('title')</script> & more",
                paragraphs: ["Body with <img src=x onerror=alert(3)> inside, and enough words to be an article."],
                site: "<b>Evil</b>")
            let r = try await store.ingest(hostile)
            for uri in ["/", "/stories/\(r.story)"] {
                let page = try await client.execute(uri: uri, method: .get)
                #expect(page.status == .ok)
                let html = String(buffer: page.body)
                #expect(html.contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; more"), "\(uri)")
                #expect(!html.contains("<script"), "\(uri)")
                #expect(!html.contains("<b>Evil"), "\(uri)")
                #expect(!html.contains("<img src=x"), "\(uri)")
            }
            let missing = try await client.execute(uri: "/stories/4242", method: .get)
            #expect(missing.status == .notFound)
        }
    }

    /// HEAD answers every GET route with its status and headers and no body.
    @Test func headAnswersLikeGetWithoutABody() async throws {
        try await Self.withApp(seeds: true) { client, _ in
            for uri in ["/", "/stories/1", "/healthz", "/v1/stories"] {
                let get = try await client.execute(uri: uri, method: .get)
                let head = try await client.execute(uri: uri, method: .head)
                #expect(head.status == get.status, "\(uri)")
                #expect(head.headers[.contentType] == get.headers[.contentType], "\(uri)")
                #expect(head.body.readableBytes == 0 && get.body.readableBytes > 0, "\(uri)")
            }
            #expect(try await client.execute(uri: "/stories/4242", method: .head).status == .notFound)
            #expect(try await client.execute(uri: "/v1/articles", method: .head).status != .ok, "no HEAD for a POST route")
            // An error answers HEAD with its status and no body too.
            let bad = try await client.execute(uri: "/?cursor=zzz", method: .head)
            #expect(bad.status == .badRequest && bad.body.readableBytes == 0)
        }
    }

    /// An error under a page route is a page a reader can follow back (the error middleware
    /// renders it), while the same error under the API stays JSON.
    @Test func errorsOnPagesArePagesAndOnTheAPIJSON() async throws {
        try await Self.withApp(seeds: true) { client, _ in
            let page = try await client.execute(uri: "/?cursor=<b>zzz", method: .get)
            #expect(page.status == .badRequest)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            let html = String(buffer: page.body)
            #expect(html.contains("<h1>Bad Request</h1>") && html.contains("href=\"/\""))
            #expect(!html.contains("<b>zzz"))
            let api = try await client.execute(uri: "/v1/stories?cursor=zzz", method: .get)
            #expect(api.status == .badRequest)
            #expect(api.headers[.contentType]?.hasPrefix("application/json") == true)
        }
    }

    @Test func escapeHTMLEscapesTheFiveCharacters() {
        #expect(escapeHTML(#"<a href="x">'&'</a>"#) == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(escapeHTML("plain Ünïcödé") == "plain Ünïcödé")
    }
}
