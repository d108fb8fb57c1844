import NewsfoldCore
import NewsfoldIO

/// Keeps every story's stored provenance report up to date, off the request path: reads only
/// read a report (``StoreReads/storyDetail(id:_:)``), they never analyse.
///
/// Ingest stores the report of each story it touches when the story is small enough to
/// analyse in the batch's transaction (``StoreState/maxArticlesAnalysedOnIngest``); a larger
/// story, and every story of a store made before reports were stored, is *behind*: its
/// `reported` is older than its `updated`. The worker analyses such stories one at a time,
/// each in three steps that hold no lock across the analysis: its articles read in one read
/// transaction, the analysis run, the report and the members' roles and flags written in a
/// short write transaction, unless the story changed meanwhile (it is then picked again).
///
/// The server runs it as a background service; `newsfold ingest` runs it to the end after
/// a bulk load (``StoryStore/refreshProvenanceBlocking(_:)``).
///
/// ```swift
/// while try await store.analyseStoriesBehind(limit: 8) > 0 {}
/// ```
enum ProvenanceWorker {
    /// Stories whose stored report is behind, oldest id first, at most `limit`.
    static func behind(limit: Int, _ db: some SQLSession) throws -> [Int] {
        try db.rows("SELECT id FROM story WHERE reported < updated ORDER BY id LIMIT ?", [SQLValue(limit)])
            .map { try $0.int(0) }
    }

    /// What analysing a story needs, read in one transaction: the change it is as of and its
    /// articles with their copy groups; `nil` when the story is gone or already up to date.
    static func inputs(story: Int, _ db: some SQLSession) throws -> (updated: Int64, articles: [ProvenanceInput])? {
        guard let row = try db.row("SELECT updated, reported FROM story WHERE id = ?", [SQLValue(story)]) else {
            return nil
        }
        let updated = try row.integer(0)
        guard try row.integer(1) < updated else { return nil }
        let articles = try db.rows(
            "SELECT doc, group_id FROM article WHERE story = ? ORDER BY seq", [SQLValue(story)]
        ).map { ProvenanceInput(article: try StoreReads.article(doc: $0.text(0)), group: try $0.text(1)) }
        return (updated, articles)
    }

    /// Writes a story's report made as of `updated` with its members' roles and flags and its
    /// summary; `false` (nothing written) when the story changed since.
    static func store(_ report: ProvenanceReport, story: Int, updated: Int64, _ db: some SQLSession) throws -> Bool {
        guard try db.int("SELECT updated FROM story WHERE id = ?", [SQLValue(story)]).map(Int64.init) == updated,
            var refresh = try StoryRefresh(story: story, updated: updated, db)
        else { return false }
        refresh.report = report
        _ = try refresh.write(db)
        return true
    }
}

/// A provenance report as stored in `story.report`: ``ProvenanceReportJSON``.
enum StoredReport {
    static func encode(_ report: ProvenanceReport) -> String {
        var w = JSONWriter(reservingCapacity: 4096)
        ProvenanceReportJSON.write(report, to: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func decode(_ text: String, story: Int) throws -> ProvenanceReport {
        do {
            return try ProvenanceReportJSON.read(Array(text.utf8))
        } catch {
            throw StoreError.corrupt(
                "the stored provenance report of story \(story) cannot be read (\(error)): the store was changed by "
                    + "something else than Newsfold, or by another version of it")
        }
    }
}
