import ArgumentParser

/// `newsfold extract`: pages in, articles (JSONL) out.
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract", abstract: "Extract the article of each page as JSONL.")
}
