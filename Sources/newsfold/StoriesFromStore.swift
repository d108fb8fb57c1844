import NewsfoldCore
import NewsfoldIO
import NewsfoldStore

/// `newsfold stories --db PATH`: the stories of a store, in the formats of the batch command.
///
/// Called by ``StoriesCommand`` when `--db` is given (to be wired by the owner of
/// StoriesCommand.swift: `if let db { try StoriesFromStore.write(db: db, format: ..., to: out); return }`).
enum StoriesFromStore {
    /// The store's stories as `jsonl` (one line per article, ingest order), `json` (one report,
    /// stories largest first) or `text` (the batch command's summary).
    static func write(db: String, format: StoriesCommand.Format, to out: OutputSink) throws {
        let store = try openStore(db, readOnly: true)
        let snapshot = try store.snapshotBlocking()
        // The same writers as the batch command: one output format, one implementation.
        let analysis = StoryAnalysis(inputs: snapshot.inputs, stories: snapshot.stories)
        switch format {
        case .text: out.write(StoryOutput.summary(analysis))
        case .jsonl: StoryOutput.writeLines(analysis, to: out)
        case .json: StoryOutput.writeReport(analysis, to: out)
        }
    }
}
