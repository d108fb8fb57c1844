import ArgumentParser

/// `newsfold eval stories --set PATH`.
struct EvalStoriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories", abstract: "Score story clustering on a dev set.")
}
