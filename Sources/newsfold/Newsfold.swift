import ArgumentParser

/// The `newsfold` command: see `newsfold --help`.
@main
struct Newsfold: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newsfold",
        abstract: "Find the articles, copies, stories and provenance in crawled news pages.",
        subcommands: [
            DemoCommand.self, ExtractCommand.self, DedupCommand.self, StoriesCommand.self,
            EvalCommand.self, BenchCommand.self, IngestCommand.self, ServeCommand.self, SearchCommand.self,
            SignCommand.self,
        ])
}
