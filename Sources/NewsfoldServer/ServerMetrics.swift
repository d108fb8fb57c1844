import Hummingbird
import Synchronization

/// The server's counters, rendered in Prometheus' text format at `GET /metrics`: requests by
/// route, method and status; request latency histograms by route; articles ingested; and (at
/// scrape time) the store's articles and stories.
///
/// ```swift
/// let metrics = ServerMetrics()
/// metrics.record(route: "/v1/stories", method: "GET", status: 200, seconds: 0.002)
/// print(metrics.render(articles: 10, stories: 3))
/// ```
///
/// Cost: one lock and two dictionary updates per request; memory O(routes × statuses).
public final class ServerMetrics: Sendable {
    /// Histogram bucket bounds in seconds (Prometheus' defaults, finer below 10 ms).
    public static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    private struct RequestKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private struct Histogram {
        var counts = [Int](repeating: 0, count: ServerMetrics.buckets.count)
        var total = 0
        var sum = 0.0
    }

    private struct State {
        var requests: [RequestKey: Int] = [:]
        var latency: [String: Histogram] = [:]
        var ingested = 0
        var duplicates = 0
    }

    private let state = Mutex(State())

    /// Metrics with every count at 0.
    public init() {}

    /// Counts one finished request.
    public func record(route: String, method: String, status: Int, seconds: Double) {
        state.withLock { s in
            s.requests[RequestKey(route: route, method: method, status: status), default: 0] += 1
            var h = s.latency[route] ?? Histogram()
            for (i, bound) in Self.buckets.enumerated() where seconds <= bound { h.counts[i] += 1 }
            h.total += 1
            h.sum += seconds
            s.latency[route] = h
        }
    }

    /// Counts one article written (`duplicate`: it was already stored).
    public func recordIngest(duplicate: Bool) {
        state.withLock { s in
            if duplicate { s.duplicates += 1 } else { s.ingested += 1 }
        }
    }

    /// The Prometheus text exposition (format 0.0.4).
    public func render(articles: Int, stories: Int) -> String {
        let s = state.withLock { $0 }
        var out = ""
        out += "# HELP newsfold_http_requests_total HTTP requests by route, method and status.\n"
        out += "# TYPE newsfold_http_requests_total counter\n"
        for (k, v) in s.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "newsfold_http_requests_total{route=\"\(label(k.route))\",method=\"\(label(k.method))\",status=\"\(k.status)\"} \(v)\n"
        }
        out += "# HELP newsfold_http_request_duration_seconds Time to answer a request, by route.\n"
        out += "# TYPE newsfold_http_request_duration_seconds histogram\n"
        for (route, h) in s.latency.sorted(by: { $0.key < $1.key }) {
            let r = label(route)
            for (i, bound) in Self.buckets.enumerated() {
                out += "newsfold_http_request_duration_seconds_bucket{route=\"\(r)\",le=\"\(bound)\"} \(h.counts[i])\n"
            }
            out += "newsfold_http_request_duration_seconds_bucket{route=\"\(r)\",le=\"+Inf\"} \(h.total)\n"
            out += "newsfold_http_request_duration_seconds_sum{route=\"\(r)\"} \(h.sum)\n"
            out += "newsfold_http_request_duration_seconds_count{route=\"\(r)\"} \(h.total)\n"
        }
        out += "# HELP newsfold_ingested_total Articles stored by this server since it started.\n"
        out += "# TYPE newsfold_ingested_total counter\n"
        out += "newsfold_ingested_total \(s.ingested)\n"
        out += "# HELP newsfold_ingest_duplicates_total Articles posted that were already stored.\n"
        out += "# TYPE newsfold_ingest_duplicates_total counter\n"
        out += "newsfold_ingest_duplicates_total \(s.duplicates)\n"
        out += "# HELP newsfold_articles Articles in the store.\n"
        out += "# TYPE newsfold_articles gauge\n"
        out += "newsfold_articles \(articles)\n"
        out += "# HELP newsfold_stories Stories in the store.\n"
        out += "# TYPE newsfold_stories gauge\n"
        out += "newsfold_stories \(stories)\n"
        return out
    }

    /// A label value with `\`, `"` and newlines escaped.
    private func label(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}

/// Times each request and counts it in ``ServerMetrics`` under its route pattern (not the
/// raw path, so ids do not explode the label set), and logs it.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let c = elapsed.components
        let seconds = Double(c.seconds) + Double(c.attoseconds) / 1e18
        let route = context.endpointPath ?? "unmatched"
        metrics.record(route: route, method: request.method.rawValue, status: response.status.code, seconds: seconds)
        context.logger.debug(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "route": "\(route)", "status": "\(response.status.code)",
                "ms": "\((seconds * 1e5).rounded() / 100)",
            ])
        return response
    }
}
