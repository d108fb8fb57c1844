import ArgumentParser

/// `newsfold eval ...`: scores Newsfold on public dev sets.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Score Newsfold on a public dev set with gold answers.",
        subcommands: [EvalExtractionCommand.self, EvalStoriesCommand.self])
}
