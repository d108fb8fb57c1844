import ArgumentParser
import Foundation
import Logging
import NewsfoldServer
import NewsfoldStore

/// `newsfold serve --db PATH [--port 8080]`: the HTTP API and the story pages.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve a store over HTTP: JSON API, metrics and story pages.",
        discussion: """
            Routes: POST /v1/articles (needs 'Authorization: Bearer $NEWSFOLD_TOKEN'), \
            GET /v1/articles/{id}, /v1/stories, /v1/stories/{id}, /v1/search?q=, /healthz, /metrics, \
            /openapi.json; pages: / and /stories/{id}. Without NEWSFOLD_TOKEN every write is refused. \
            Logs go to standard error (LOG_LEVEL=debug logs every request).
            """)

    @Option(help: "The store: an SQLite file path (created when missing) or a postgres:// address.")
    var db: String

    @Option(help: "Port to listen on (0 picks a free one and logs it).")
    var port = 8080

    @Option(help: "Address to bind (loopback by default).")
    var host = "127.0.0.1"

    @Option(help: "Largest request body accepted, in bytes.")
    var maxBodyBytes = 10 << 20

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        var logger = Logger(label: "newsfold")
        logger.logLevel = env["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        let store = try openStore(db)
        let options = ServiceOptions(host: host, port: port, token: env["NEWSFOLD_TOKEN"], maxBodyBytes: maxBodyBytes)
        if options.token == nil { logger.warning("NEWSFOLD_TOKEN is not set: writes are refused") }
        let log = logger
        let app = NewsfoldService.application(store: store, options: options, logger: logger) { bound in
            log.info("listening", metadata: ["address": "http://\(options.host):\(bound)"])
        }
        try await app.runService()
    }
}
