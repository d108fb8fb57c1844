/// The last line every batch command prints on standard error (unless `--quiet`), in one format:
///
/// ```text
/// newsfold dedup: 10010 records in, 10010 articles, 6197 duplicates, 0 errors; 3.52 s (1 round of exact checks, 0.41 s)
/// ```
///
/// Counts a command does not compute are left out (`extract` has no duplicates or stories).
///
/// ```swift
/// var summary = RunSummary(command: "extract")
/// summary.records = 12; summary.articles = 11; summary.errors = 1; summary.seconds = 0.42
/// print(summary.line)   // newsfold extract: 12 records in, 11 articles, 1 error; 0.42 s
/// ```
public struct RunSummary: Sendable, Equatable {
    /// The subcommand (`extract`, `dedup`, `stories`).
    public var command: String
    /// Records read (pages, JSONL lines, and records that could not be read).
    public var records = 0
    /// Articles extracted or read.
    public var articles = 0
    /// Records without text: pages whose body was not found (`extract` writes their metadata;
    /// every command also counts them as errors) and extracted articles with an empty `text`
    /// (skipped by `dedup`, `stories` and `ingest`). Left out of the line when 0.
    public var withoutText = 0
    /// Articles that are copies of another (not the representative of their copy group).
    public var duplicates: Int?
    /// Stories found.
    public var stories: Int?
    /// Records that failed (each reported on its own line, naming it).
    public var errors = 0
    /// Wall time of the run, in seconds.
    public var seconds = 0.0
    /// What else the command has to say, in a few words (e.g. the exact-check rounds).
    public var details: String?

    /// A summary of `command` with every count 0 and those it may not compute (duplicates,
    /// stories) `nil`.
    public init(command: String) { self.command = command }

    /// The line, without its newline.
    public var line: String {
        var parts = ["\(records) records in", Self.count(articles, "article")]
        if withoutText > 0 { parts.append("\(withoutText) without text") }
        if let duplicates { parts.append(Self.count(duplicates, "duplicate")) }
        if let stories { parts.append(Self.count(stories, "story", plural: "stories")) }
        parts.append(Self.count(errors, "error"))
        var s = "newsfold \(command): " + parts.joined(separator: ", ") + "; " + Self.seconds(seconds)
        if let details, !details.isEmpty { s += " (\(details))" }
        return s
    }

    /// `1 article`, `2 articles`.
    static func count(_ n: Int, _ one: String, plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? one : plural ?? one + "s")
    }

    /// `0.42 s`, `12.3 s` (two decimals at most).
    public static func seconds(_ s: Double) -> String {
        let r = (s * 100).rounded() / 100
        return "\(r) s"
    }
}
