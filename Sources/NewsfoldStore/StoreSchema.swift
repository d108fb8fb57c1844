import NewsfoldCore

/// What a store checks when it opens and when it is verified, over any ``SQLSession``: the
/// copy-group settings it was made with, the stored articles to replay into the engine, and
/// its own invariants.
enum StoreSchema {
    /// The copy-group settings as recorded in `meta` (key `dedup`).
    private static func settingsKey(_ p: DedupParameters) -> String {
        "threshold=\(p.threshold) ngram=\(p.ngram) permutations=\(p.permutations) bands=\(p.bands) "
            + "keep=\(p.keep.rawValue) scheme=\(p.scheme) containment=\(p.containment.map { "\($0)" } ?? "-")"
    }

    /// Records the copy-group settings in a new store; refuses a store made with others
    /// (``StoreError/incompatible(_:)``).
    static func checkSettings(_ db: some SQLSession, _ p: DedupParameters) throws {
        let key = settingsKey(p)
        if let stored = try db.row("SELECT value FROM meta WHERE key = 'dedup'") {
            let value = try stored.text(0)
            guard value == key else {
                throw StoreError.incompatible("the store was made with copy-group settings \(value), not \(key)")
            }
        } else {
            try db.execute("INSERT INTO meta(key, value) VALUES ('dedup', ?)", [SQLValue(key)])
        }
    }

    /// The stored articles as ``StoreEngine/replay(_:)`` takes them, in ingest order.
    static func replayInput(_ db: some SQLSession, permutations: Int) throws -> [StoreEngine.Replayed] {
        let rows = try db.rows(
            """
            SELECT id, title, body, published, site, domain, story_group, fingerprint, content_hash, story, seq
            FROM article ORDER BY seq
            """, [])
        let settles = Set(try db.rows("SELECT seq FROM story_settle", []).map { try $0.int(0) })
        var out: [StoreEngine.Replayed] = []
        out.reserveCapacity(rows.count)
        for row in rows {
            let id = try row.text(0)
            guard let fp = FingerprintCodec.decode(id: id, try row.blob(7), permutations: permutations) else {
                throw StoreError.incompatible("article \(id) has a fingerprint of another size")
            }
            let hash = try row.text(8)
            guard let content = ContentKey(hex: hash) else {
                throw StoreError.corrupt("article \(id) has a content hash that is not one: \(hash)")
            }
            out.append(
                StoreEngine.Replayed(
                    fingerprint: fp,
                    input: StoryInput(
                        id: id, title: try row.optionalText(1), text: try row.text(2),
                        published: try row.optionalText(3).flatMap { NewsDate(iso8601: $0) },
                        site: try row.optionalText(4) ?? row.optionalText(5), group: try row.text(6)),
                    content: content, story: try row.int(9), settles: settles.contains(try row.int(10))))
        }
        return out
    }

    /// Marks a story changed at ingest position `seq` and stale, whatever its last analysis (a
    /// story analysed at `seq` itself, then merged into by a settle or a reconciliation, is
    /// stale too). A story without a row gets one with an empty summary.
    static func markStale(_ story: Int, at seq: Int64, _ db: some SQLSession) throws {
        try db.execute(
            """
            INSERT INTO story(id, articles, sources, sites, flags, updated, analysed)
            VALUES (?, 0, 0, '', '', ?, 0)
            ON CONFLICT (id) DO UPDATE SET updated = excluded.updated,
                analysed = CASE WHEN story.analysed < excluded.updated THEN story.analysed ELSE excluded.updated - 1 END,
                reported = CASE WHEN story.reported < excluded.updated THEN story.reported ELSE excluded.updated - 1 END
            """, [SQLValue(story), SQLValue(seq)])
    }

    /// Moves articles to the stories the engine gives them after a replay (stories a former
    /// version of the model made): their rows point to the new stories, which are marked
    /// stale, and a story left without articles is deleted. One transaction, the caller's.
    /// One `UPDATE` per new story and 500 articles, not one per article (a changed model may
    /// move a large share of a store, and each statement is a round trip on PostgreSQL).
    static func moveArticles(
        _ moved: [(position: Int, story: Int)], stored: [StoreEngine.Replayed], _ db: some SQLSession
    ) throws {
        let last = Int64(stored.count)
        var before = Set<Int>(), seqs: [Int: [Int]] = [:]
        for (position, story) in moved {
            seqs[story, default: []].append(position + 1)
            if let old = stored[position].story { before.insert(old) }
        }
        for story in seqs.keys.sorted() {
            let all = seqs[story] ?? []
            for start in stride(from: 0, to: all.count, by: 500) {
                let chunk = all[start..<min(start + 500, all.count)]
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                try db.execute(
                    "UPDATE article SET story = ? WHERE seq IN (\(marks))", [SQLValue(story)] + chunk.map { SQLValue($0) })
            }
        }
        for story in before.union(seqs.keys).sorted() {
            if try db.int("SELECT count(*) FROM article WHERE story = ?", [SQLValue(story)]) == 0 {
                try deleteStory(story, db)
            } else {
                try markStale(story, at: last, db)
            }
        }
    }

    /// Makes `story_link` hold `links` (``StoreEngine/links``), reading the table whole (on
    /// open: links are few, ~1% of stories). Returns what ``writeLinks(_:_:)`` returns.
    static func syncLinks(_ links: [Int: StoryLink], _ db: some SQLSession) throws -> [Int] {
        var stored: [Int: Int] = [:]
        for row in try db.rows("SELECT story, continues FROM story_link", []) { stored[try row.int(0)] = try row.int(1) }
        var changes: [Int: StoryLink?] = [:]
        for story in stored.keys where links[story] == nil { changes[story] = .some(nil) }
        for (story, l) in links where stored[story] != l.continues { changes[story] = l }
        return try writeLinks(changes, db)
    }

    /// Writes changes to `story_link` (``StoreEngine/takeLinkChanges()``): a story's new link,
    /// or its row deleted for `nil`. Returns the stories at either end of a changed link, before
    /// and after (each page shows both ends), that have a row, ascending. O(changes).
    static func writeLinks(_ changes: [Int: StoryLink?], _ db: some SQLSession) throws -> [Int] {
        var ends = Set<Int>()
        for story in changes.keys.sorted() {
            ends.insert(story)
            if let old = try db.int("SELECT continues FROM story_link WHERE story = ?", [SQLValue(story)]) {
                ends.insert(old)
            }
            if case .some(.some(let l)) = changes[story] {
                try db.execute(
                    """
                    INSERT INTO story_link(story, continues, similarity) VALUES (?, ?, ?)
                    ON CONFLICT (story) DO UPDATE SET continues = excluded.continues, similarity = excluded.similarity
                    """, [SQLValue(story), SQLValue(l.continues), SQLValue(Double(l.similarity))])
                ends.insert(l.continues)
            } else {
                try db.execute("DELETE FROM story_link WHERE story = ?", [SQLValue(story)])
            }
        }
        return try ends.sorted().filter { try db.int("SELECT count(*) FROM story WHERE id = ?", [SQLValue($0)]) == 1 }
    }

    /// Deletes a story's rows (a story merged away, or left without articles).
    static func deleteStory(_ story: Int, _ db: some SQLSession) throws {
        try db.execute("DELETE FROM story WHERE id = ?", [SQLValue(story)])
        try db.execute("DELETE FROM story_report WHERE story = ?", [SQLValue(story)])
    }

    /// The store's own invariants: ingest positions 1...n without a gap, and a story row for
    /// every article's story and an article for every story. One line per problem.
    static func invariantProblems(_ db: some SQLSession) throws -> [String] {
        var problems: [String] = []
        let n = try db.int("SELECT count(*) FROM article") ?? 0
        let maxSeq = try db.int("SELECT coalesce(max(seq), 0) FROM article") ?? 0
        if n != maxSeq { problems.append("ingest positions have gaps: \(n) articles, last position \(maxSeq)") }
        let orphans =
            try db.int("SELECT count(*) FROM article a LEFT JOIN story s ON s.id = a.story WHERE s.id IS NULL") ?? 0
        if orphans > 0 { problems.append("\(orphans) articles point to a missing story") }
        let empty =
            try db.int("SELECT count(*) FROM story s WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.story = s.id)")
            ?? 0
        if empty > 0 { problems.append("\(empty) stories have no article") }
        let dangling =
            try db.int(
                """
                SELECT count(*) FROM story_link l
                WHERE NOT EXISTS (SELECT 1 FROM story s WHERE s.id = l.story)
                   OR NOT EXISTS (SELECT 1 FROM story s WHERE s.id = l.continues) OR l.story = l.continues
                """) ?? 0
        if dangling > 0 { problems.append("\(dangling) story links name a missing story or their own") }
        let miscounted =
            try db.int(
                """
                SELECT count(*) FROM story s WHERE s.analysed >= s.updated
                    AND s.articles != (SELECT count(*) FROM article a WHERE a.story = s.id)
                """) ?? 0
        if miscounted > 0 { problems.append("\(miscounted) analysed stories have a summary that miscounts their articles") }
        let strayReports =
            try db.int("SELECT count(*) FROM story_report r WHERE NOT EXISTS (SELECT 1 FROM story s WHERE s.id = r.story)")
            ?? 0
        if strayReports > 0 { problems.append("\(strayReports) stored provenance reports belong to no story") }
        return problems
    }
}
