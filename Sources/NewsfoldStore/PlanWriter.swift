import NewsfoldCore

/// Writes an ``IngestPlan`` in the caller's transaction: the rows each step changes
/// (``writeRows(_:)``), then, once per story the batch touched, either its provenance and
/// summary row (``analyse(_:_:memo:)``, provenance now) or only its stale mark
/// (``markStale(_:_:)``, provenance deferred). Holds no state beyond the plan.
///
/// ```swift
/// let writer = try PlanWriter(plan, session, generation: current)
/// let written = try writer.writeRows(session)
/// let results = try writer.analyse(written, session, memo: &memo)
/// ```
struct PlanWriter {
    let plan: IngestPlan
    /// When this batch was written, as stored in `article.ingested_at`.
    private let now = nowISO8601()

    /// What writing a plan's rows gave.
    struct Written {
        /// One per article, in batch order.
        var results: [Result<IngestResult, StoreError>] = []
        /// Stories this batch changed, with the ingest position of the last change.
        var touched: [Int: Int64] = [:]
        /// Stories merged away, to the story they went into.
        var mergedInto: [Int: Int] = [:]
        /// Batch indices of the articles inserted.
        var inserted: [Int] = []

        /// ``touched`` by story id.
        var stories: [(key: Int, value: Int64)] { touched.sorted { $0.key < $1.key } }
    }

    /// Checks that `plan` is the next to write: made for the store's current engine
    /// (`generation`) and for the ingest position after the last stored article; else throws
    /// ``IngestPlan/Stale`` (nothing written).
    init(_ plan: IngestPlan, _ db: some SQLSession, generation: Int) throws {
        let stored = try db.int("SELECT coalesce(max(seq), 0) FROM article") ?? 0
        guard Int64(stored) + 1 == plan.firstSeq, plan.generation == generation else {
            throw IngestPlan.Stale(
                description: "the batch was planned for ingest position \(plan.firstSeq) before the store's engine was "
                    + "rebuilt, or out of order (the store holds \(stored) articles): plan it again")
        }
        self.plan = plan
    }

    /// Writes the rows of every step, in order (the plan's steps name each article once, in
    /// batch order).
    func writeRows(_ db: some SQLSession) throws -> Written {
        var w = Written()
        w.results.reserveCapacity(plan.articles.count)
        for step in plan.steps {
            switch step {
            case .existing(let i):
                w.results.append(try existing(i, db))
            case .merge(let gone, let storyID, let seq):
                try db.execute("UPDATE article SET story = ? WHERE story = ?", [SQLValue(storyID), SQLValue(gone)])
                try StoreSchema.deleteStory(gone, db)
                w.touched[gone] = nil
                w.touched[storyID] = max(w.touched[storyID] ?? 0, seq)
                w.mergedInto[gone] = storyID
            case .regroup(let a, let seq):
                try db.execute(
                    "UPDATE article SET group_id = ?, duplicate_of = ?, similarity = ? WHERE seq = ?",
                    [SQLValue(a.group), SQLValue(a.duplicateOf), SQLValue(a.similarity), SQLValue(a.index + 1)])
                if let s = try db.int("SELECT story FROM article WHERE seq = ?", [SQLValue(a.index + 1)]) {
                    w.touched[s] = seq
                }
            case .insert(let i, let ins):
                w.touched[ins.story] = ins.seq
                w.results.append(.success(try insert(i, ins, db)))
                w.inserted.append(i)
            }
        }
        // Links changed by the batch: a story it did not otherwise touch (one whose earlier
        // story was merged into another) changes at its last position; one merged away is gone.
        let last = plan.firstSeq - 1 + Int64(w.inserted.count)
        for story in try StoreSchema.writeLinks(plan.linkChanges, db) where w.touched[story] == nil {
            w.touched[story] = last
        }
        if let seq = plan.settledAfter {
            // The settle's changes carry the position of the last article, which a story may
            // already have been analysed and reported at: mark them stale all the same.
            for (story, at) in w.stories where at == seq { try StoreSchema.markStale(story, at: seq, db) }
            try db.execute("INSERT INTO story_settle(seq) VALUES (?) ON CONFLICT (seq) DO NOTHING", [SQLValue(seq)])
        }
        return w
    }

    private static let existingColumns = "id, content_hash, group_id, duplicate_of, story, role"

    /// An article planned as stored: the same id with the same content, or the same content
    /// under any id (one statement: at most two rows, the one with this id first); a conflict
    /// when its id holds other content.
    private func existing(_ i: Int, _ db: some SQLSession) throws -> Result<IngestResult, StoreError> {
        let p = plan.articles[i]
        let found = try db.rows(
            "SELECT \(Self.existingColumns) FROM article WHERE id = ? OR content_hash = ? ORDER BY id = ? DESC",
            [SQLValue(p.article.id), SQLValue(p.contentKey), SQLValue(p.article.id)])
        guard let row = found.first else {
            throw StoreError.corrupt("article \(p.article.id) was planned as stored, but no row has its id or content")
        }
        guard try row.text(0) == p.article.id && row.text(1) != p.contentKey else {
            return .success(
                IngestResult(
                    id: try row.text(0), group: try row.text(2), duplicateOf: try row.optionalText(3),
                    story: try row.int(4), role: try row.optionalText(5).flatMap { ProvenanceRole(rawValue: $0) },
                    alreadyStored: true))
        }
        return .failure(.conflict("article id \(p.article.id) is already stored with other content"))
    }

    /// Inserts a new article's row and its search entry; returns its result (copy group as
    /// the whole batch left it).
    private func insert(_ i: Int, _ ins: IngestPlan.Insert, _ db: some SQLSession) throws -> IngestResult {
        let p = plan.articles[i]
        let article = p.article
        let mine = ins.assignment
        try db.execute(
            """
            INSERT INTO article(seq, id, content_hash, title, body, url, site, domain, published,
                published_instant, doc, fingerprint, story_group, group_id, duplicate_of, similarity, story,
                ingested_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                SQLValue(ins.seq), SQLValue(article.id), SQLValue(p.contentKey), SQLValue(article.title),
                SQLValue(article.text), SQLValue(article.url), SQLValue(article.site), SQLValue(article.domain),
                SQLValue(article.published?.iso8601), SQLValue(article.published?.instant), SQLValue(p.doc),
                .blob(FingerprintCodec.encode(p.fingerprint)), SQLValue(ins.storyGroup),
                SQLValue(mine.group), SQLValue(mine.duplicateOf), SQLValue(mine.similarity), SQLValue(ins.story),
                SQLValue(now),
            ])
        try db.indexForSearch(seq: ins.seq, title: article.title ?? "", body: article.text)
        let settled = plan.groups[i] ?? (mine.group, mine.duplicateOf)
        return IngestResult(id: article.id, group: settled.group, duplicateOf: settled.duplicateOf, story: ins.story)
    }

    /// Provenance deferred: the touched stories are only marked stale (a new one gets its row,
    /// with an empty summary); ``ProvenanceRefresh/refreshStale(_:_:memo:)`` writes their
    /// summaries and provenance, and completes the results' roles and flags. Until then a
    /// story's row keeps the summary of its last analysis: reading every touched story's
    /// articles here, as the analysis does again, would cost the writer a sixth of its time.
    func markStale(_ w: Written, _ db: some SQLSession) throws -> [Result<IngestResult, StoreError>] {
        for (story, seq) in w.stories { try StoreSchema.markStale(story, at: seq, db) }
        return w.results.map { $0.map { r in Self.following(r, w.mergedInto) } }
    }

    /// Provenance now: each touched story analysed once, after the whole batch, and its rows
    /// written; each result names its story as it is now, with the role and flags found.
    func analyse(
        _ w: Written, _ db: some SQLSession, memo: inout ProvenanceMemo
    ) throws -> [Result<IngestResult, StoreError>] {
        for i in w.inserted { if let t = plan.articles[i].provenance { memo.remember(t) } }
        let reports = try ProvenanceRefresh.refresh(w.stories, db, memo: &memo)
        var out = w.results
        for i in out.indices {
            guard case .success(let found) = out[i] else { continue }
            var r = Self.following(found, w.mergedInto)
            let report =
                r.alreadyStored
                ? try reports[r.story] ?? ProvenanceRefresh.analyseIfSmall(story: r.story, db, memo: &memo)
                : reports[r.story]
            if let m = report?.member(r.id) {
                r.role = m.role
                r.flags = m.flags
            }
            out[i] = .success(r)
        }
        return out
    }

    /// `r` with its story followed through the merges of its batch.
    private static func following(_ r: IngestResult, _ mergedInto: [Int: Int]) -> IngestResult {
        var r = r
        while let next = mergedInto[r.story] { r.story = next }
        return r
    }
}
