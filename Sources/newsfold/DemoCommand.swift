import ArgumentParser

/// `newsfold demo`: the main job on the seed pages shipped in the repo.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Run Newsfold on the sample pages shipped in the repo.")
}
