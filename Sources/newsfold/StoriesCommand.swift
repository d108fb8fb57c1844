import ArgumentParser

/// `newsfold stories`: articles about the same event.
struct StoriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stories", abstract: "Group articles about the same event into stories.")
}
