import ArgumentParser
import NewsfoldCore
import NewsfoldIO
import NewsfoldServer
import NewsfoldStore

/// `newsfold search --db PATH QUERY`: full-text search over a store's titles and bodies.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Find stored articles by words in their title or body.",
        discussion: """
            Every word must match (case and accents ignored); results come best first. \
            Formats: jsonl (one line per article: {"id", "story", "group", "title", "site", \
            "published", "snippet"}, matches in [brackets]); text (the default on a terminal).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, text
    }

    @Option(help: "The store: an SQLite file made by `newsfold ingest`, or a postgres:// address.")
    var db: String

    @Argument(help: "The words to look for.")
    var query: [String]

    @Option(help: "At most this many results (1...200).")
    var limit = 20

    @Option(help: "jsonl or text (default: text on a terminal, jsonl otherwise).")
    var format: Format?

    @Option(name: [.short, .long], help: "Write to this file instead of standard output.")
    var output: String?

    func run() async throws {
        guard (1...200).contains(limit) else { throw ValidationError("--limit must be from 1 to 200") }
        let store = try openStore(db, readOnly: true)
        let hits = try await store.search(query.joined(separator: " "), limit: limit)
        let out = try OutputSink(path: output)
        switch format ?? (output == nil && out.isTerminal ? .text : .jsonl) {
        case .jsonl:
            var w = JSONWriter(reservingCapacity: 4096)
            for h in hits {
                APIJSON.write(h, to: &w)
                w.newline()
            }
            out.write(w.bytes)
        case .text:
            for h in hits {
                out.write("\(h.id) · story \(h.story) · \(h.site ?? "site unknown") · \(h.published?.iso8601 ?? "undated")\n")
                out.write("  \(h.title ?? "(untitled)")\n  \(h.snippet)\n\n")
            }
            if hits.isEmpty { out.write("no match\n") }
        }
        try out.close()
    }
}
