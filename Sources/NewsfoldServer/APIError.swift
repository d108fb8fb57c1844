import Hummingbird
import Logging
import NewsfoldCore
import NewsfoldIO
import NewsfoldStore

/// An error the API answers with: a status and a message that says what to do, sent as
/// `{"error":{"status":400,"message":"..."}}`.
///
/// ```swift
/// throw APIError(.unprocessableContent, "the page has no article text")
/// ```
public struct APIError: Error, Sendable, CustomStringConvertible {
    /// The HTTP status of the response.
    public var status: HTTPResponse.Status
    /// What went wrong and what to do, for a person; sent as `error.message`.
    public var message: String

    /// An error answered with `status` and `message`.
    public init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    /// `<status code> <message>`, for logs.
    public var description: String { "\(status.code) \(message)" }

    /// The JSON body for this error.
    func response() -> Response {
        var w = JSONWriter(reservingCapacity: 128 + message.utf8.count)
        w.beginObject()
        w.key("error")
        w.beginObject()
        w.key("status"); w.number(status.code)
        w.key("message"); w.string(message)
        w.endObject()
        w.endObject()
        w.newline()
        return Responses.json(w.bytes, status: status)
    }

    /// Any error as the API reports it: ours as they are, the framework's with their status,
    /// store errors by kind, anything else as a 500 that does not leak internals.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as StoreError:
            switch e {
            case .invalid: return APIError(.badRequest, e.description)
            case .conflict, .locked: return APIError(.conflict, e.description)
            case .unavailable: return APIError(.serviceUnavailable, e.description)
            case .corrupt, .incompatible: return APIError(.internalServerError, e.description)
            }
        case let e as any HTTPResponseError:
            switch e.status {
            case .contentTooLarge:
                return APIError(.contentTooLarge, "request body is too large: send at most the server's --max-body-bytes")
            case .notFound: return APIError(.notFound, "no such route: see /openapi.json for the API")
            case .methodNotAllowed: return APIError(.methodNotAllowed, "method not allowed on this route: see /openapi.json")
            default: return APIError(e.status, "\(e.status.reasonPhrase)")
            }
        default:
            return APIError(.internalServerError, "internal error; the server log has the details")
        }
    }
}

/// An error thrown under a page route (`/`, `/stories/{id}`): ``ErrorMiddleware`` answers it
/// with an HTML page of the same status and message, since a reader followed a link.
struct PageError: Error {
    /// What went wrong, as ``APIError/from(_:)`` reads it.
    var underlying: any Error
}

/// Turns every error thrown below it into an error response (so a bad request never reaches
/// the client as a bare status): JSON for the API, an HTML page for a ``PageError``, no body
/// for HEAD; logs server errors.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let page = error as? PageError
            let e = APIError.from(page?.underlying ?? error)
            if e.status.code >= 500 {
                context.logger.error(
                    "request failed", metadata: ["path": "\(request.uri.path)", "error": "\(String(describing: error))"])
            } else {
                context.logger.info(
                    "request refused",
                    metadata: ["path": "\(request.uri.path)", "status": "\(e.status.code)", "reason": "\(e.message)"])
            }
            let response =
                page == nil
                ? e.response() : Responses.html(StoryPages.problem(e.status.reasonPhrase, e.message), status: e.status)
            return request.method == .head ? response.createHeadResponse() : response
        }
    }
}

/// Small helpers to build responses from bytes.
enum Responses {
    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8",
                // The pages need no script at all: forbid any that a page's text might smuggle in.
                .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
            ],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func text(_ text: String, contentType: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
