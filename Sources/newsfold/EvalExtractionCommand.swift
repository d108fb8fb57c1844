import ArgumentParser

/// `newsfold eval extraction --set PATH`.
struct EvalExtractionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extraction", abstract: "Score article extraction on a dev set.")
}
