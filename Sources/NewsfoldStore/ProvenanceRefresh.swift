import NewsfoldCore
import NewsfoldIO

/// Brings stories' provenance up to date in the caller's write transaction: each story read
/// (``StoryRefresh``), its report found in the memo or analysed (``ProvenanceJob``, on all
/// cores), then its roles, flags and summary row written, marked analysed.
///
/// Two callers: an ingest with provenance now refreshes the stories its batch touched
/// (``refresh(_:_:memo:)``); a deferred bulk ingest, and a writer opening after a crash,
/// refresh every stale story (``refreshStale(_:_:memo:)``).
enum ProvenanceRefresh {
    /// Stale stories analysed together by ``refreshStale(_:_:memo:)``: enough to keep both
    /// cores busy, few enough to bound the memory of their articles and reports.
    static let chunkSize = 256

    /// Refreshes stories (id, ingest position of the last change): each story's rows read and
    /// its report found in the memo or its articles made ready, then the analyses left run on
    /// all cores (each is pure), then each story's rows written. Returns the reports made or
    /// found. O(stories' articles).
    static func refresh(
        _ stories: [(key: Int, value: Int64)], _ db: some SQLSession, memo: inout ProvenanceMemo
    ) throws -> [Int: ProvenanceReport] {
        var chunk = try Chunk(stories, db, memo: &memo)
        return try chunk.finish(ProvenanceJob.run(chunk.work), db, memo: &memo, rememberTexts: true)
    }

    /// Analyses every stale story once, then completes `results` (of deferred ingests): each
    /// article's current story and copy group (later batches may have moved them), with its
    /// role and flags.
    ///
    /// Stale stories go a bounded number at a time (their tokenised articles and reports are
    /// held only while their chunk is in flight). While one chunk is analysed on threads of
    /// its own, the one before is written and the one after is read: the database work,
    /// serial, overlaps the analyses. At most two chunks are in flight.
    static func refreshStale(
        _ results: [IngestResult], _ db: some SQLSession, memo: inout ProvenanceMemo
    ) throws -> [IngestResult] {
        var completion = try Completion(current(results, db))
        let stale = try db.rows("SELECT id, updated FROM story WHERE analysed < updated ORDER BY id", [])
        var running: (chunk: Chunk, analyses: BackgroundMap<ProvenanceJob, ProvenanceJob.Outcome>)? = nil
        func finishRunning() throws {
            guard var r = running else { return }
            running = nil
            for (story, report) in try r.chunk.finish(r.analyses.wait(), db, memo: &memo, rememberTexts: false) {
                completion.complete(story, report)
            }
        }
        for start in stride(from: 0, to: stale.count, by: chunkSize) {
            let stories = try stale[start..<min(start + chunkSize, stale.count)].map {
                (key: try $0.int(0), value: try $0.integer(1))
            }
            let chunk = try Chunk(stories, db, memo: &memo)
            let analyses = BackgroundMap(chunk.work, workers: PipelineLimits.defaultWorkers, ProvenanceJob.outcome)
            try finishRunning()
            running = (chunk, analyses)
        }
        try finishRunning()
        // Results in stories that were not stale (already stored, and analysed since).
        for story in completion.waiting { completion.complete(story, try analyseIfSmall(story: story, db, memo: &memo)) }
        return completion.results
    }

    /// `results` with each article's story and copy group as stored now.
    private static func current(_ results: [IngestResult], _ db: some SQLSession) throws -> [IngestResult] {
        var out = results
        // By id: the same article may come back more than once (stored, then already stored).
        var index: [String: [Int]] = [:]
        for (i, r) in results.enumerated() { index[r.id, default: []].append(i) }
        for start in stride(from: 0, to: results.count, by: 500) {
            let chunk = results[start..<min(start + 500, results.count)]
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
            let rows = try db.rows(
                "SELECT id, story, group_id, duplicate_of FROM article WHERE id IN (\(marks))", chunk.map { SQLValue($0.id) })
            for row in rows {
                for i in index[try row.text(0)] ?? [] {
                    out[i].story = try row.int(1)
                    out[i].group = try row.text(2)
                    out[i].duplicateOf = try row.optionalText(3)
                }
            }
        }
        return out
    }

    /// Results waiting for their story's report, by story.
    private struct Completion {
        private(set) var results: [IngestResult]
        private var byStory: [Int: [Int]] = [:]

        init(_ results: [IngestResult]) {
            self.results = results
            for i in results.indices { byStory[results[i].story, default: []].append(i) }
        }

        /// Stories some result still waits for, in id order.
        var waiting: [Int] { byStory.keys.sorted() }

        /// Gives the results in `story` their role and flags from `report`.
        mutating func complete(_ story: Int, _ report: ProvenanceReport?) {
            for i in byStory.removeValue(forKey: story) ?? [] {
                guard let m = report?.member(results[i].id) else { continue }
                results[i].role = m.role
                results[i].flags = m.flags
            }
        }
    }

    /// The provenance of a story small enough to analyse on ingest, else `nil`.
    static func analyseIfSmall(story: Int, _ db: some SQLSession, memo: inout ProvenanceMemo) throws
        -> ProvenanceReport?
    {
        let rows = try db.rows("SELECT id, group_id FROM article WHERE story = ? ORDER BY seq", [SQLValue(story)])
        guard rows.count <= StoreState.maxArticlesAnalysedOnIngest else { return nil }
        let members = try ProvenanceJob.members(rows, group: 1)
        if let report = memo.report(story: story, members: members) { return report }
        let work = [try ProvenanceJob(story: story, members: members, db, memo: &memo)]
        return try ProvenanceJob.collect(work, ProvenanceJob.run(work), memo: &memo, rememberTexts: true)[0]
    }

    /// Stories refreshed together (``refresh(_:_:memo:)`` in two halves, so that a bulk
    /// refresh reads and writes one chunk while the next is analysed): their rows read and
    /// what to analyse made ready (``init(_:_:memo:)``), then, once the analyses are made,
    /// their rows written (``finish(_:_:memo:rememberTexts:)``).
    private struct Chunk {
        var refreshes: [StoryRefresh] = []
        /// Indices of ``refreshes`` whose report is to be made, in ``work`` order.
        let pending: [Int]
        /// The analyses to run (pure: any thread).
        let work: [ProvenanceJob]

        init(_ stories: [(key: Int, value: Int64)], _ db: some SQLSession, memo: inout ProvenanceMemo) throws {
            for (story, seq) in stories {
                if let r = try StoryRefresh(story: story, updated: seq, db, memo: &memo) {
                    refreshes.append(r)
                }
            }
            let refreshes = refreshes
            pending = refreshes.indices.filter { refreshes[$0].report == nil && !refreshes[$0].members.isEmpty }
            work = pending.map { refreshes[$0].analysis }
        }

        /// Remembers what ``work`` gave (the reports; the tokenised articles too when
        /// `rememberTexts`: a bulk refresh would only churn the memo with them) and writes each
        /// story's rows; returns the reports.
        mutating func finish(
            _ made: [ProvenanceJob.Outcome], _ db: some SQLSession, memo: inout ProvenanceMemo, rememberTexts: Bool
        ) throws -> [Int: ProvenanceReport] {
            let made = try ProvenanceJob.collect(work, made, memo: &memo, rememberTexts: rememberTexts)
            for (i, report) in zip(pending, made) { refreshes[i].report = report }
            var reports: [Int: ProvenanceReport] = [:]
            for r in refreshes { reports[r.story] = try r.write(db) }
            return reports
        }
    }
}
