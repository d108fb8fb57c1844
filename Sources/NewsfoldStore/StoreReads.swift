import NewsfoldCore
import NewsfoldIO

/// Every read of a store, in the caller's read transaction: articles, pages of stories, a
/// story with its provenance, counts, and the snapshot the batch `stories` command prints.
/// Rows are decoded by the typed accessors of ``SQLRow``: a NULL or a value of another kind
/// where the schema forbids it throws ``StoreError/corrupt(_:)``.
///
/// ```swift
/// let page = try await database.read { s in try StoreReads.stories(since: nil, limit: 20, cursor: nil, s) }
/// ```
enum StoreReads {
    static let articleColumns = "doc, seq, group_id, duplicate_of, similarity, story, role, flags, content_hash"

    /// An article row of ``articleColumns``.
    static func storedArticle(_ row: SQLRow) throws -> StoredArticle {
        StoredArticle(
            article: try article(doc: row.text(0)), sequence: try row.integer(1), group: try row.text(2),
            duplicateOf: try row.optionalText(3), similarity: try row.optionalReal(4), story: try row.int(5),
            role: try row.optionalText(6).flatMap { ProvenanceRole(rawValue: $0) },
            flagKinds: try row.text(7).split(separator: " ").map(String.init), contentHash: try row.text(8))
    }

    /// An article from its stored form (one ``ArticleJSON`` line).
    static func article(doc: String) throws -> Article {
        try ArticleJSON.read(line: Array(doc.utf8), locator: "store")
    }

    static let storyColumns =
        "id, title, first_seen, last_seen, articles, sources, sites, flags, updated, "
        + "(SELECT continues FROM story_link WHERE story_link.story = story.id)"

    /// A story row of ``storyColumns``.
    static func summary(_ row: SQLRow) throws -> StorySummary {
        StorySummary(
            id: try row.int(0), title: try row.optionalText(1),
            firstSeen: try row.optionalText(2).flatMap { NewsDate(iso8601: $0) },
            lastSeen: try row.optionalText(3).flatMap { NewsDate(iso8601: $0) }, articles: try row.int(4),
            sources: try row.int(5), sites: try row.text(6).split(separator: "\u{1F}").map(String.init),
            flags: try row.text(7).split(separator: " ").map(String.init), updated: try row.integer(8),
            continues: try row.optionalInteger(9).map(Int.init))
    }

    static func article(id: String, _ db: some SQLSession) throws -> StoredArticle? {
        try db.row("SELECT \(articleColumns) FROM article WHERE id = ?", [SQLValue(id)]).map(storedArticle)
    }

    /// A page of stories; see ``StoryStore/stories(since:limit:cursor:)``: by the latest
    /// credible date (`last_instant`, undated stories last), then id, both descending. The
    /// cursor is `INSTANT-ID` (`n-ID` past the dated ones).
    static func stories(since: NewsDate?, limit: Int, cursor: String?, _ db: some SQLSession) throws -> StoriesPage {
        let limit = max(1, min(limit, 500))
        var sql = "SELECT \(storyColumns), last_instant FROM story WHERE TRUE"
        var args: [SQLValue] = []
        if let cursor {
            let bad = StoreError.invalid("cursor \"\(cursor)\" is not one this server gave: pass next_cursor as returned")
            guard let dash = cursor.lastIndex(of: "-"), let i = Int(cursor[cursor.index(after: dash)...]) else { throw bad }
            let head = cursor[..<dash]
            if head == "n" {
                sql += " AND last_instant IS NULL AND id < ?"
                args.append(SQLValue(i))
            } else {
                guard let t = Int64(head) else { throw bad }
                sql += " AND (last_instant < ? OR (last_instant = ? AND id < ?) OR last_instant IS NULL)"
                args += [SQLValue(t), SQLValue(t), SQLValue(i)]
            }
        }
        if let since {
            sql += " AND last_instant >= ?"
            args.append(SQLValue(since.instant))
        }
        sql += " ORDER BY last_instant DESC NULLS LAST, id DESC LIMIT ?"
        args.append(SQLValue(limit + 1))
        let rows = try db.rows(sql, args)
        var list = try rows.map(summary)
        var next: String? = nil
        if list.count > limit {
            list.removeLast()
            if let l = list.last {
                next = "\(try rows[list.count - 1].optionalInteger(10).map(String.init) ?? "n")-\(l.id)"
            }
        }
        return StoriesPage(stories: list, nextCursor: next)
    }

    /// A story's summary row alone (cheap: decides whether the cached analysis is current).
    static func storySummary(id: Int, _ db: some SQLSession) throws -> StorySummary? {
        try db.row("SELECT \(storyColumns) FROM story WHERE id = ?", [SQLValue(id)]).map(summary)
    }

    /// A story with its articles and its stored provenance report; call in one read
    /// transaction, so that the summary, the articles and the report agree. Never analyses:
    /// a story whose report is behind comes with the last one stored (or an empty one),
    /// marked not current.
    static func storyDetail(id: Int, _ db: some SQLSession) throws -> StoryDetail? {
        guard let row = try db.row("SELECT \(storyColumns), reported FROM story WHERE id = ?", [SQLValue(id)])
        else { return nil }
        let s = try summary(row)
        let earlier = try s.continues.flatMap { try storySummary(id: $0, db) }
        let later = try db.rows(
            "SELECT \(storyColumns) FROM story WHERE id IN (SELECT story FROM story_link WHERE continues = ?) ORDER BY id",
            [SQLValue(id)]
        ).map(summary)
        let articles = try db.rows(
            "SELECT \(articleColumns) FROM article WHERE story = ? ORDER BY seq", [SQLValue(id)]
        ).map(storedArticle)
        // No report stored yet: an empty one over the articles' facts, not current.
        var report = ProvenanceReport(groups: [], articles: [:]), current = false
        if let stored = try db.row("SELECT report FROM story_report WHERE story = ?", [SQLValue(id)])?.text(0) {
            report = try StoredReport.decode(stored, story: s.id)
            current = try row.integer(10) == s.updated
        } else {
            for a in articles { report.articles[a.article.id] = ArticleFacts(a.article) }
        }
        var d = StoryDetail(summary: s, articles: articles, report: report, reportIsCurrent: current)
        (d.continuesStory, d.continuedBy) = (earlier, later)
        return d
    }

    static func counts(_ db: some SQLSession) throws -> StoreCounts {
        StoreCounts(
            articles: try db.int("SELECT count(*) FROM article") ?? 0,
            stories: try db.int("SELECT count(*) FROM story") ?? 0)
    }

    /// Every story with its members, and every article as the clusterer saw it: what the
    /// batch `stories` command prints, read from the store.
    static func snapshot(_ db: some SQLSession) throws -> StoreSnapshot {
        var inputs: [StoryInput] = []
        var byStory: [Int: Story] = [:]
        var groupSlot: [Int: [String: Int]] = [:]
        let rows = try db.rows(
            "SELECT id, title, published, site, domain, group_id, story FROM article ORDER BY seq", [])
        for row in rows {
            let id = try row.text(0)
            let title = try row.optionalText(1)
            let published = try row.optionalText(2).flatMap { NewsDate(iso8601: $0) }
            let site = try row.optionalText(3) ?? row.optionalText(4)
            let group = try row.text(5)
            let storyID = try row.int(6)
            inputs.append(StoryInput(id: id, title: title, published: published, site: site, group: group))
            var s = byStory[storyID] ?? Story(id: storyID)
            if s.title == nil, let t = title, !t.isEmpty { s.title = t }
            if let d = published {
                if s.firstSeen.map({ d < $0 }) ?? true { s.firstSeen = d }
                if s.lastSeen.map({ $0 < d }) ?? true { s.lastSeen = d }
            }
            s.articles.append(id)
            if let g = groupSlot[storyID]?[group] {
                s.groups[g].members.append(id)
            } else {
                groupSlot[storyID, default: [:]][group] = s.groups.count
                s.groups.append(Story.Group(id: group, members: [id]))
            }
            if let site, !site.isEmpty, !s.sites.contains(site) { s.sites.append(site) }
            byStory[storyID] = s
        }
        for row in try db.rows("SELECT story, continues FROM story_link", []) {
            byStory[try row.int(0)]?.continues = try row.int(1)
        }
        return StoreSnapshot(stories: byStory.values.sorted(by: Story.reportOrder), inputs: inputs)
    }
}

/// Everything a store holds, in the batch commands' terms (see ``StoryStore/snapshot()``).
public struct StoreSnapshot: Sendable {
    /// Stories in ``Story/reportOrder(_:_:)``.
    public var stories: [Story]
    /// Each article (without its text) in ingest order, with its current copy group.
    public var inputs: [StoryInput]
}
