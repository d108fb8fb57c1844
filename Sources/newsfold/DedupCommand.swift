import ArgumentParser

/// `newsfold dedup`: copy groups.
struct DedupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup", abstract: "Find exact and near-duplicate copies.")
}
