import NewsfoldCore

/// One story a batch touched, refreshed in three steps: ``init(story:updated:_:memo:)``
/// reads its rows and finds its report in the memo or makes its ``analysis`` ready; the
/// caller runs the analyses left and sets ``report``; ``write(_:)`` writes each member's role
/// and flag kinds where they changed and the story's summary row. O(story).
struct StoryRefresh {
    let story: Int
    let updated: Int64
    /// The story's articles in ingest order.
    let rows: [Member]
    /// Sorted by id; empty when the story is too large to analyse on ingest.
    let members: [ProvenanceMemo.Member]
    var report: ProvenanceReport?
    /// Whether ``report`` is the one stored already (found in the memo, which remembers the
    /// report each story was last written with): then only its change number is written.
    var reportIsStored = false
    /// What to analyse when ``report`` is `nil` (and ``members`` is not empty).
    var analysis: ProvenanceJob

    /// One article of the story, as its summary needs it.
    struct Member {
        var id: String
        var title: String?
        var published: NewsDate?
        /// The site, else the domain.
        var site: String?
        var group: String
        var role: String?
        /// Flag kinds, space-separated.
        var flags: String

        static let columns = "id, title, published, site, domain, group_id, role, flags"

        init(_ row: SQLRow) throws {
            id = try row.text(0)
            title = try row.optionalText(1)
            published = try row.optionalText(2).flatMap { NewsDate(iso8601: $0) }
            site = try row.optionalText(3) ?? row.optionalText(4)
            group = try row.text(5)
            role = try row.optionalText(6)
            flags = try row.text(7)
        }
    }

    /// `nil` when the story has no article left (merged away): its row is deleted.
    init?(story: Int, updated: Int64, _ db: some SQLSession, memo: inout ProvenanceMemo) throws {
        guard let rows = try Self.read(story: story, db) else { return nil }
        self.story = story
        self.updated = updated
        self.rows = rows
        members =
            rows.count <= StoreState.maxArticlesAnalysedOnIngest
            ? rows.map { ProvenanceMemo.Member(id: $0.id, group: $0.group) }.sorted { $0.id < $1.id } : []
        report = members.isEmpty ? nil : memo.report(story: story, members: members)
        reportIsStored = report != nil
        analysis =
            report == nil && !members.isEmpty
            ? try ProvenanceJob(story: story, members: members, db, memo: &memo) : ProvenanceJob(story: story)
    }

    /// A story whose report the caller makes (``ProvenanceWorker``, any size): set
    /// ``report`` before ``write(_:)``. `nil` when the story has no article left.
    init?(story: Int, updated: Int64, _ db: some SQLSession) throws {
        guard let rows = try Self.read(story: story, db) else { return nil }
        self.story = story
        self.updated = updated
        self.rows = rows
        members = []
        analysis = ProvenanceJob(story: story)
    }

    /// The story's articles in ingest order; `nil` (and its row deleted) when it has none.
    private static func read(story: Int, _ db: some SQLSession) throws -> [Member]? {
        let rows = try db.rows(
            "SELECT \(Member.columns) FROM article WHERE story = ? ORDER BY seq", [SQLValue(story)]
        ).map(Member.init)
        guard !rows.isEmpty else {
            try StoreSchema.deleteStory(story, db)
            return nil
        }
        return rows
    }

    /// Writes roles, flags and the summary row, marked analysed at ``updated``; returns
    /// the report (`nil` for a story too large to analyse on ingest).
    func write(_ db: some SQLSession) throws -> ProvenanceReport? {
        let flags = try writeRoles(db)
        try writeSummary(flags: flags, db)
        return report
    }

    /// Each member's role and flag kinds, written where the report changed them; returns
    /// each member's flag kinds as they now are, in ``rows`` order.
    private func writeRoles(_ db: some SQLSession) throws -> [String] {
        var flagsByMember = rows.map(\.flags)
        guard let r = report else { return flagsByMember }
        for (i, row) in rows.enumerated() {
            guard let m = r.member(row.id) else { continue }
            let kinds = Set(m.flags.map(\.kind.rawValue)).sorted().joined(separator: " ")
            if row.role != m.role.rawValue || flagsByMember[i] != kinds {
                try db.execute(
                    "UPDATE article SET role = ?, flags = ? WHERE id = ?",
                    [SQLValue(m.role.rawValue), SQLValue(kinds), SQLValue(row.id)])
                flagsByMember[i] = kinds
            }
        }
        return flagsByMember
    }

    /// The story's summary row: title and span (the original's headline and the credible
    /// dates once analysed, as every output shows them: `Story.described(by:)`), counts of
    /// articles and copy groups, sites, and the flag kinds of its members.
    private func writeSummary(flags flagsByMember: [String], _ db: some SQLSession) throws {
        var title: String? = nil
        var first: NewsDate? = nil, last: NewsDate? = nil
        var sites: [String] = []
        var groups = Set<String>()
        var flags = Set<String>()
        for (i, row) in rows.enumerated() {
            if title == nil, let t = row.title, !t.isEmpty { title = t }
            if let d = row.published {
                if first.map({ d < $0 }) ?? true { first = d }
                if last.map({ $0 < d }) ?? true { last = d }
            }
            if let s = row.site, !s.isEmpty, !sites.contains(s) { sites.append(s) }
            groups.insert(row.group)
            for k in flagsByMember[i].split(separator: " ") { flags.insert(String(k)) }
        }
        // Once analysed, the copy groups counted are the report's, which every page draws.
        var sources = groups.count
        if let r = report {
            title = r.title ?? title
            if let span = r.span { (first, last) = (span.first, span.last) }
            sources = r.groups.count
        }
        // The report, when there is one, is the story's as of this change; else the last one
        // stays (the story is then behind, for the ProvenanceWorker).
        let reported = report == nil ? "" : ", reported"
        var values: [SQLValue] = [
            SQLValue(story), SQLValue(title), SQLValue(first?.iso8601), SQLValue(last?.iso8601),
            SQLValue(last?.instant), SQLValue(rows.count), SQLValue(sources),
            SQLValue(sites.joined(separator: "\u{1F}")), SQLValue(flags.sorted().joined(separator: " ")),
            SQLValue(updated), SQLValue(updated),
        ]
        if report != nil { values.append(SQLValue(updated)) }
        try db.execute(
            """
            INSERT INTO story(id, title, first_seen, last_seen, last_instant, articles, sources, sites, flags, updated,
                analysed\(reported))
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?\(report == nil ? "" : ", ?"))
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, first_seen = excluded.first_seen,
                last_seen = excluded.last_seen, last_instant = excluded.last_instant, articles = excluded.articles,
                sources = excluded.sources, sites = excluded.sites, flags = excluded.flags, updated = excluded.updated,
                analysed = excluded.analysed\(report == nil ? "" : ", reported = excluded.reported")
            """, values)
        if let report, !reportIsStored {
            try db.execute(
                """
                INSERT INTO story_report(story, report) VALUES (?, ?)
                ON CONFLICT (story) DO UPDATE SET report = excluded.report
                """, [SQLValue(story), SQLValue(StoredReport.encode(report))])
        }
    }
}
