import Foundation
import Logging
import NewsfoldCore
import NewsfoldServer
import NewsfoldStore
import Testing

/// The story page as a reader sees it: a real server on a loopback port, the seeds ingested,
/// headless Chromium loading the page. Saves a screenshot (path printed; set
/// NEWSFOLD_SCREENSHOT_DIR to keep it somewhere).
@Suite(.serialized) struct BrowserTests {
    static let quiet: Logger = {
        var l = Logger(label: "newsfold-test")
        l.logLevel = .warning
        return l
    }()

    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs Chromium headless with `arguments` and returns its standard output (bounded: 90 s).
    static func chromium(_ arguments: [String]) throws -> String {
        let profile = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: profile) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(chromium))
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(profile.path)"] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(90)
        let watchdog = Thread {
            while p.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
            if p.isRunning { p.terminate() }
        }
        watchdog.start()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test(.enabled(if: chromium != nil, "chromium is not installed (apt-get install chromium); .ci/run installs it"))
    func storyPageShowsTheOriginalAndTheFlaggedCopy() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.sqlite").path)
        var story = 0
        for a in try Fixtures.seeds() { story = try await store.ingest(a).story }
        let report = try #require(try await store.story(id: story)).report
        let originalID = try #require(report.group(of: "000")?.original)
        let original = try #require(try await store.article(id: originalID)).article
        let site = try #require(original.site ?? original.domain)

        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = NewsfoldService.application(
            store: store, options: ServiceOptions(host: "127.0.0.1", port: 0, token: nil), logger: Self.quiet
        ) { port in portSink.yield(port) }
        let server = Task { try await app.run() }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let url = "http://127.0.0.1:\(port)/stories/\(story)"

        let dom = try Self.chromium(["--virtual-time-budget=3000", "--dump-dom", url])
        // The original's site, named as the original.
        #expect(dom.contains("<h2>Copied report: the original and "))
        // The site is shown, as a link to the page itself when the page has a web address.
        let siteShown = dom.contains("<span class=\"site\">\(escapeHTML(site))</span>")
            || (dom.contains("<span class=\"site\"><a href=\"http") && dom.contains(">\(escapeHTML(site))</a></span>"))
        #expect(siteShown, "the original's site \(site) is not shown")
        // 000's card carries the injected-text flag with the spliced name highlighted.
        let card = try #require(dom.range(of: "id=\"a-000\""), "no card for 000")
        let rest = String(dom[card.lowerBound...])
        let end = rest.range(of: "id=\"a-00", range: rest.index(rest.startIndex, offsetBy: 10)..<rest.endIndex)?.lowerBound ?? rest.endIndex
        let card000 = String(rest[..<end])
        #expect(card000.contains("injected-text"))
        #expect(card000.contains("<mark class=\"flag\">PredictIQ Quantitative Think Tank Center</mark>"))
        #expect(card000.contains("date-anomaly"))
        // No script anywhere: the page works without JavaScript.
        #expect(!dom.contains("<script"))

        let shots = ProcessInfo.processInfo.environment["NEWSFOLD_SCREENSHOT_DIR"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory
        let png = shots.appendingPathComponent("newsfold-story-\(story).png")
        _ = try Self.chromium(["--window-size=1280,2400", "--screenshot=\(png.path)", url])
        let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        #expect(size > 10_000, "no screenshot at \(png.path)")
        print("story page screenshot: \(png.path)")
    }
}
