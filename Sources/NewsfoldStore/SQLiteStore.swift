import Foundation
import GRDB
import NewsfoldCore
import NewsfoldIO
import Synchronization

/// The embedded store: one SQLite file (WAL mode, FTS5 search), made on first use and kept
/// up to date by versioned migrations (GRDB's `DatabaseMigrator`). All SQL is parameterised.
///
/// Each ``ingest(_:)`` is one transaction that writes the article, its fingerprint, its copy
/// group and story, the rows of earlier articles whose group changed, merged stories and the
/// story's provenance: a crash (even `kill -9`) leaves either all of it or none, and a
/// committed article survives (WAL with `synchronous=NORMAL` is durable against a process
/// crash; against a power cut the last transactions may be lost, never half of one).
///
/// One process writes a database at a time (a lock file next to it says so); any number read.
/// A writer rebuilds the copy-group index and the story clusterer on open by replaying the
/// stored articles (see ``StoreEngine``): about what `newsfold stories` costs on the same
/// articles without extraction. Readers (``init(path:readOnly:)`` with `readOnly: true`) skip it.
///
/// ```swift
/// let store = try SQLiteStore(path: "news.sqlite")
/// let r = try await store.ingest(article)
/// let page = try await store.stories(since: nil, limit: 20, cursor: nil)
/// let hits = try await store.search("Kim Putin", limit: 10)
/// ```
public final class SQLiteStore: StoryStore {
    /// Stories with more articles than this are not analysed on ingest (role and flags come
    /// back `nil`); reading the story analyses it. Bounds the cost of one ingest for stories of
    /// thousands of articles, where provenance analysis is O(story words).
    public static let maxArticlesAnalysedOnIngest = 200

    /// The database file.
    public let path: String
    public let readOnly: Bool
    private let pool: DatabasePool
    private let engine: Mutex<StoreEngine>
    private let cache = Mutex<[Int: StoryDetail]>([:])
    private let lockFD: Int32

    /// Opens (or creates) the store at `path`. Throws ``StoreError/incompatible(_:)`` when
    /// the file was made with other copy-group settings or by a newer version, and an error
    /// naming the lock file when another process is writing to it.
    public init(path: String, readOnly: Bool = false, parameters: DedupParameters? = nil) throws {
        self.path = path
        self.readOnly = readOnly
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        if readOnly {
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreError.badRequest("no store at \(path): create it with `newsfold ingest --db \(path) PAGES...`")
            }
            lockFD = -1
        } else {
            lockFD = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard lockFD >= 0, flock(lockFD, LOCK_EX | LOCK_NB) == 0 else {
                if lockFD >= 0 { close(lockFD) }
                throw StoreError.badRequest(
                    "\(path) is being written by another process (\(path).lock is held): stop it, or read with a read-only command")
            }
        }
        pool = try DatabasePool(path: path, configuration: config)
        var e = StoreEngine(parameters: parameters)
        if !readOnly {
            try Self.migrator.migrate(pool)
            try pool.write { db in try Self.checkSettings(db, e.parameters) }
            let stored = try pool.read { db in try Self.replayInput(db, permutations: e.parameters.permutations) }
            e.replay(stored)
        }
        engine = Mutex(e)
    }

    deinit {
        if lockFD >= 0 { close(lockFD) }
    }

    // MARK: - Schema

    /// Schema versions. Add a migration for every change; never edit a shipped one.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE article (
                        seq INTEGER PRIMARY KEY,             -- ingest order: 1, 2, 3, ...
                        id TEXT NOT NULL UNIQUE,
                        content_hash TEXT NOT NULL UNIQUE,   -- ContentKey: one page is stored once
                        title TEXT,
                        body TEXT NOT NULL,
                        url TEXT,
                        site TEXT,
                        domain TEXT,
                        published TEXT,                      -- ISO 8601, as precise as the page
                        published_instant INTEGER,
                        doc TEXT NOT NULL,                   -- the article as an ArticleJSON line
                        fingerprint BLOB NOT NULL,           -- FingerprintCodec
                        story_group TEXT NOT NULL,           -- the group the clusterer was given
                        group_id TEXT NOT NULL,
                        duplicate_of TEXT,
                        similarity REAL,
                        story INTEGER NOT NULL,
                        role TEXT,
                        flags TEXT NOT NULL DEFAULT '',      -- flag kinds, space-separated
                        ingested_at TEXT NOT NULL
                    );
                    CREATE INDEX article_story ON article(story, seq);
                    CREATE TABLE story (
                        id INTEGER PRIMARY KEY,
                        title TEXT,
                        first_seen TEXT,
                        last_seen TEXT,
                        last_instant INTEGER,
                        articles INTEGER NOT NULL,
                        sources INTEGER NOT NULL,
                        sites TEXT NOT NULL,                 -- separated by U+001F
                        flags TEXT NOT NULL,
                        updated INTEGER NOT NULL
                    );
                    CREATE INDEX story_updated ON story(updated DESC, id DESC);
                    CREATE VIRTUAL TABLE article_fts USING fts5(
                        title, body, content='article', content_rowid='seq',
                        tokenize='unicode61 remove_diacritics 2');
                    """)
        }
        return m
    }

    private static func settingsKey(_ p: DedupParameters) -> String {
        "threshold=\(p.threshold) ngram=\(p.ngram) permutations=\(p.permutations) bands=\(p.bands) "
            + "keep=\(p.keep.rawValue) scheme=\(p.scheme) containment=\(p.containment.map { "\($0)" } ?? "-")"
    }

    private static func checkSettings(_ db: Database, _ p: DedupParameters) throws {
        let key = settingsKey(p)
        if let stored = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'dedup'") {
            guard stored == key else {
                throw StoreError.incompatible("the store was made with copy-group settings \(stored), not \(key)")
            }
        } else {
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('dedup', ?)", arguments: [key])
        }
    }

    private static func replayInput(_ db: Database, permutations: Int) throws -> [StoreEngine.Replayed] {
        var out: [StoreEngine.Replayed] = []
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, title, body, published, site, domain, story_group, fingerprint FROM article ORDER BY seq")
        while let row = try rows.next() {
            let id: String = row[0]
            let blob: Data = row[7]
            guard let fp = FingerprintCodec.decode(id: id, [UInt8](blob), permutations: permutations) else {
                throw StoreError.incompatible("article \(id) has a fingerprint of another size")
            }
            let published = (row[3] as String?).flatMap { NewsDate(iso8601: $0) }
            let site: String? = row[4]
            let domain: String? = row[5]
            out.append(
                StoreEngine.Replayed(
                    fingerprint: fp,
                    input: StoryInput(
                        id: id, title: row[1], text: row[2], published: published, site: site ?? domain,
                        group: row[6])))
        }
        return out
    }

    // MARK: - Writing

    public func ingest(_ article: Article) async throws -> IngestResult {
        let p = try prepare(article)
        do {
            return try await pool.write { db in try self.apply(p, db) }
        } catch let e as StoreError {
            throw e
        } catch {
            recover()
            throw error
        }
    }

    /// ``ingest(_:)`` for code that is not async (a command-line batch): blocks until the
    /// article is committed.
    public func ingestBlocking(_ article: Article) throws -> IngestResult {
        let p = try prepare(article)
        do {
            return try pool.write { db in try self.apply(p, db) }
        } catch let e as StoreError {
            throw e
        } catch {
            recover()
            throw error
        }
    }

    /// What an ingest needs that can be computed before taking the write lock.
    private struct Prepared: Sendable {
        var article: Article
        var key: String
        var doc: String
        var fingerprint: DocumentFingerprint
    }

    private func prepare(_ article: Article) throws -> Prepared {
        guard !readOnly else { throw StoreError.badRequest("\(path) was opened read-only") }
        var doc = JSONWriter(reservingCapacity: 4096)
        ArticleJSON.write(article, to: &doc)
        // The fingerprint is the costly part: made outside the write lock.
        let fp = engine.withLock { $0.fingerprinter }.fingerprint(
            id: article.id, text: article.text, published: article.published)
        return Prepared(
            article: article, key: ContentKey(article).hex,
            doc: String(decoding: doc.bytes.dropLast(), as: UTF8.self), fingerprint: fp)
    }

    private func apply(_ p: Prepared, _ db: Database) throws -> IngestResult {
        try engine.withLock { engine in
            try Self.ingest(p.article, key: p.key, doc: p.doc, fingerprint: p.fingerprint, db: db, engine: &engine)
        }
    }

    /// After a failed write the transaction is rolled back but the engine may have moved on:
    /// rebuild it from what is stored.
    private func recover() {
        let p = engine.withLock { $0.parameters }
        guard let stored = try? pool.read({ db in try Self.replayInput(db, permutations: p.permutations) }) else { return }
        var fresh = StoreEngine(parameters: p)
        fresh.replay(stored)
        engine.withLock { $0 = fresh }
    }

    private static func ingest(
        _ article: Article, key: String, doc: String, fingerprint: DocumentFingerprint, db: Database,
        engine: inout StoreEngine
    ) throws -> IngestResult {
        // Idempotency: the same id with the same content, or the same content under any id.
        if let row = try Row.fetchOne(
            db, sql: "SELECT id, content_hash, group_id, duplicate_of, story, role FROM article WHERE id = ?",
            arguments: [article.id])
        {
            guard (row[1] as String) == key else {
                throw StoreError.conflict("article id \(article.id) is already stored with other content")
            }
            return try existing(row, db)
        }
        if let row = try Row.fetchOne(
            db, sql: "SELECT id, content_hash, group_id, duplicate_of, story, role FROM article WHERE content_hash = ?",
            arguments: [key])
        {
            return try existing(row, db)
        }

        let seq = Int64(engine.count + 1)
        let placement = engine.place(article, fingerprint: fingerprint)
        let storyID = placement.story.story
        var touched: Set<Int> = [storyID]

        for gone in placement.story.merged where gone != storyID {
            try db.execute(sql: "UPDATE article SET story = ? WHERE story = ?", arguments: [storyID, gone])
            try db.execute(sql: "DELETE FROM story WHERE id = ?", arguments: [gone])
        }
        for a in placement.changed {
            try db.execute(
                sql: "UPDATE article SET group_id = ?, duplicate_of = ?, similarity = ? WHERE seq = ?",
                arguments: [a.group, a.duplicateOf, a.similarity, a.index + 1])
            if let s = try Int.fetchOne(db, sql: "SELECT story FROM article WHERE seq = ?", arguments: [a.index + 1]) {
                touched.insert(s)
            }
        }
        let mine = placement.assignment
        try db.execute(
            sql: """
                INSERT INTO article(seq, id, content_hash, title, body, url, site, domain, published,
                    published_instant, doc, fingerprint, story_group, group_id, duplicate_of, similarity, story,
                    ingested_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                seq, article.id, key, article.title, article.text, article.url, article.site, article.domain,
                article.published?.iso8601, article.published?.instant, doc,
                Data(FingerprintCodec.encode(fingerprint)), placement.storyGroup, mine.group, mine.duplicateOf,
                mine.similarity, storyID, nowISO8601(),
            ])
        try db.execute(
            sql: "INSERT INTO article_fts(rowid, title, body) VALUES (?, ?, ?)",
            arguments: [seq, article.title ?? "", article.text])

        // Provenance of the story, written as each member's role and flag kinds.
        var role: ProvenanceRole? = nil
        var flags: [ProvenanceFlag] = []
        let size = try Int.fetchOne(db, sql: "SELECT count(*) FROM article WHERE story = ?", arguments: [storyID]) ?? 0
        if size <= maxArticlesAnalysedOnIngest {
            let report = try analyse(story: storyID, db)
            for m in report.members {
                let kinds = Set(m.flags.map(\.kind.rawValue)).sorted().joined(separator: " ")
                try db.execute(
                    sql: "UPDATE article SET role = ?, flags = ? WHERE id = ?",
                    arguments: [m.role.rawValue, kinds, m.id])
            }
            if let m = report.member(article.id) {
                role = m.role
                flags = m.flags
            }
        }
        for s in touched.sorted() { try refreshStory(s, updated: seq, db) }
        return IngestResult(
            id: article.id, group: mine.group, duplicateOf: mine.duplicateOf, story: storyID, role: role,
            flags: flags)
    }

    private static func existing(_ row: Row, _ db: Database) throws -> IngestResult {
        let id: String = row[0]
        let story: Int = row[4]
        var result = IngestResult(
            id: id, group: row[2], duplicateOf: row[3], story: story,
            role: (row[5] as String?).flatMap { ProvenanceRole(rawValue: $0) }, alreadyStored: true)
        let size = try Int.fetchOne(db, sql: "SELECT count(*) FROM article WHERE story = ?", arguments: [story]) ?? 0
        if size <= maxArticlesAnalysedOnIngest, let m = try analyse(story: story, db).member(id) {
            result.flags = m.flags
        }
        return result
    }

    /// Runs the provenance analyser over a story's stored articles.
    private static func analyse(story: Int, _ db: Database) throws -> ProvenanceReport {
        let rows = try Row.fetchAll(
            db, sql: "SELECT doc, group_id FROM article WHERE story = ? ORDER BY seq", arguments: [story])
        var inputs: [ProvenanceInput] = []
        inputs.reserveCapacity(rows.count)
        for row in rows {
            let doc: String = row[0]
            let article = try ArticleJSON.read(line: Array(doc.utf8), locator: "store")
            inputs.append(ProvenanceInput(article: article, group: row[1]))
        }
        return ProvenanceAnalyzer().analyze(story: inputs)
    }

    /// Rewrites a story's summary row from its articles (O(story)).
    private static func refreshStory(_ id: Int, updated: Int64, _ db: Database) throws {
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT title, published, site, domain, group_id, flags FROM article WHERE story = ? ORDER BY seq",
            arguments: [id])
        guard !rows.isEmpty else {
            try db.execute(sql: "DELETE FROM story WHERE id = ?", arguments: [id])
            return
        }
        var title: String? = nil
        var first: NewsDate? = nil, last: NewsDate? = nil
        var sites: [String] = []
        var groups = Set<String>()
        var flags = Set<String>()
        for row in rows {
            if title == nil, let t: String = row[0], !t.isEmpty { title = t }
            if let d = (row[1] as String?).flatMap({ NewsDate(iso8601: $0) }) {
                if first.map({ d < $0 }) ?? true { first = d }
                if last.map({ $0 < d }) ?? true { last = d }
            }
            let site: String? = row[2] ?? row[3]
            if let s = site, !s.isEmpty, !sites.contains(s) { sites.append(s) }
            groups.insert(row[4])
            let f: String = row[5]
            for k in f.split(separator: " ") { flags.insert(String(k)) }
        }
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO story(id, title, first_seen, last_seen, last_instant, articles, sources,
                    sites, flags, updated)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, title, first?.iso8601, last?.iso8601, last?.instant, rows.count, groups.count,
                sites.joined(separator: "\u{1F}"), flags.sorted().joined(separator: " "), updated,
            ])
    }

    // MARK: - Reading

    public func article(id: String) async throws -> StoredArticle? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.articleColumns) FROM article WHERE id = ?", arguments: [id])
                .map(Self.storedArticle)
        }
    }

    static let articleColumns = "doc, seq, group_id, duplicate_of, similarity, story, role, flags, content_hash"

    static func storedArticle(_ row: Row) throws -> StoredArticle {
        let doc: String = row[0]
        let article = try ArticleJSON.read(line: Array(doc.utf8), locator: "store")
        let flags: String = row[7]
        return StoredArticle(
            article: article, sequence: row[1], group: row[2], duplicateOf: row[3], similarity: row[4],
            story: row[5], role: (row[6] as String?).flatMap { ProvenanceRole(rawValue: $0) },
            flagKinds: flags.split(separator: " ").map(String.init), contentHash: row[8])
    }

    static let storyColumns = "id, title, first_seen, last_seen, articles, sources, sites, flags, updated"

    static func summary(_ row: Row) -> StorySummary {
        let sites: String = row[6]
        let flags: String = row[7]
        return StorySummary(
            id: row[0], title: row[1], firstSeen: (row[2] as String?).flatMap { NewsDate(iso8601: $0) },
            lastSeen: (row[3] as String?).flatMap { NewsDate(iso8601: $0) }, articles: row[4], sources: row[5],
            sites: sites.split(separator: "\u{1F}").map(String.init),
            flags: flags.split(separator: " ").map(String.init), updated: row[8])
    }

    public func stories(since: NewsDate?, limit: Int, cursor: String?) async throws -> StoriesPage {
        let limit = max(1, min(limit, 500))
        var after: (updated: Int64, id: Int)? = nil
        if let cursor {
            let parts = cursor.split(separator: "-")
            guard parts.count == 2, let u = Int64(parts[0]), let i = Int(parts[1]) else {
                throw StoreError.badRequest("cursor \"\(cursor)\" is not one this server gave: pass next_cursor as returned")
            }
            after = (u, i)
        }
        let from = after
        return try await pool.read { db in
            var sql = "SELECT \(Self.storyColumns) FROM story WHERE 1"
            var args: StatementArguments = []
            if let a = from {
                sql += " AND (updated < ? OR (updated = ? AND id < ?))"
                args += [a.updated, a.updated, a.id]
            }
            if let since {
                sql += " AND last_instant >= ?"
                args += [since.instant]
            }
            sql += " ORDER BY updated DESC, id DESC LIMIT ?"
            args += [limit + 1]
            var list = try Row.fetchAll(db, sql: sql, arguments: args).map(Self.summary)
            var next: String? = nil
            if list.count > limit {
                list.removeLast()
                if let l = list.last { next = "\(l.updated)-\(l.id)" }
            }
            return StoriesPage(stories: list, nextCursor: next)
        }
    }

    public func story(id: Int) async throws -> StoryDetail? {
        let summary = try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.storyColumns) FROM story WHERE id = ?", arguments: [id])
                .map(Self.summary)
        }
        guard let summary else { return nil }
        if let hit = cache.withLock({ $0[id] }), hit.summary.updated == summary.updated { return hit }
        let detail: StoryDetail? = try await pool.read { db in
            // Read again in one transaction: summary, articles and report agree.
            guard
                let s = try Row.fetchOne(db, sql: "SELECT \(Self.storyColumns) FROM story WHERE id = ?", arguments: [id])
                    .map(Self.summary)
            else { return nil }
            let articles = try Row.fetchAll(
                db, sql: "SELECT \(Self.articleColumns) FROM article WHERE story = ? ORDER BY seq", arguments: [id]
            ).map(Self.storedArticle)
            let report = ProvenanceAnalyzer().analyze(
                story: articles.map { ProvenanceInput(article: $0.article, group: $0.group) })
            return StoryDetail(summary: s, articles: articles, report: report)
        }
        if let detail {
            cache.withLock { c in
                if c.count >= 1024 { c.removeAll(keepingCapacity: true) }  // bounded: simple and enough
                c[id] = detail
            }
        }
        return detail
    }

    public func search(_ query: String, limit: Int) async throws -> [SearchHit] {
        guard let match = Self.ftsQuery(query) else { return [] }
        let limit = max(1, min(limit, 200))
        return try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.story, a.group_id, a.title, coalesce(a.site, a.domain), a.published,
                        snippet(article_fts, 1, '[', ']', '…', 16)
                    FROM article_fts JOIN article a ON a.seq = article_fts.rowid
                    WHERE article_fts MATCH ? ORDER BY rank LIMIT ?
                    """,
                arguments: [match, limit]
            ).map { row in
                SearchHit(
                    id: row[0], story: row[1], group: row[2], title: row[3], site: row[4],
                    published: (row[5] as String?).flatMap { NewsDate(iso8601: $0) }, snippet: row[6])
            }
        }
    }

    /// The user's words as an FTS5 query: each word quoted (so no word is read as an
    /// operator), all required. `nil` when there is no word.
    static func ftsQuery(_ query: String) -> String? {
        var words: [String] = []
        var current: [UInt8] = []
        func flush() {
            if !current.isEmpty { words.append("\"" + String(decoding: current, as: UTF8.self) + "\"") }
            current.removeAll()
        }
        for b in query.utf8 {
            // ASCII letters and digits, and every byte of a non-ASCII character, make words.
            if b >= 0x80 || (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) {
                current.append(b)
            } else {
                flush()
            }
        }
        flush()
        return words.isEmpty ? nil : words.prefix(32).joined(separator: " ")
    }

    /// Checks the file and the store's own invariants: SQLite's integrity check, the search
    /// index, ingest positions 1...n without a gap, and a story row for every article's story.
    /// Returns the problems found, one line each (empty when sound).
    public func verify() throws -> [String] {
        // The search index's check is written as an INSERT: run it on the writer connection.
        try pool.write { db in
            var problems: [String] = []
            for line in try String.fetchAll(db, sql: "PRAGMA integrity_check") where line != "ok" {
                problems.append("sqlite: \(line)")
            }
            do {
                try db.execute(sql: "INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)")
            } catch {
                problems.append("search index: \(error)")
            }
            let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0
            let maxSeq = try Int.fetchOne(db, sql: "SELECT coalesce(max(seq), 0) FROM article") ?? 0
            if n != maxSeq { problems.append("ingest positions have gaps: \(n) articles, last position \(maxSeq)") }
            let orphans = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM article a LEFT JOIN story s ON s.id = a.story WHERE s.id IS NULL") ?? 0
            if orphans > 0 { problems.append("\(orphans) articles point to a missing story") }
            let empty = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM story s WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.story = s.id)") ?? 0
            if empty > 0 { problems.append("\(empty) stories have no article") }
            return problems
        }
    }

    public func counts() async throws -> StoreCounts {
        try await pool.read { db in
            StoreCounts(
                articles: try Int.fetchOne(db, sql: "SELECT count(*) FROM article") ?? 0,
                stories: try Int.fetchOne(db, sql: "SELECT count(*) FROM story") ?? 0)
        }
    }

    /// Every story with its members, and every article as the clusterer saw it: what the
    /// batch `stories` command prints, read from the store.
    public func snapshot() async throws -> StoreSnapshot {
        try await pool.read { db in try Self.snapshot(db) }
    }

    /// ``snapshot()`` for code that is not async.
    public func snapshotBlocking() throws -> StoreSnapshot {
        try pool.read { db in try Self.snapshot(db) }
    }

    private static func snapshot(_ db: Database) throws -> StoreSnapshot {
        do {
            var inputs: [StoryInput] = []
            var byStory: [Int: Story] = [:]
            var groupSlot: [Int: [String: Int]] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT id, title, published, site, domain, group_id, story FROM article ORDER BY seq")
            while let row = try rows.next() {
                let id: String = row[0]
                let published = (row[2] as String?).flatMap { NewsDate(iso8601: $0) }
                let site: String? = row[3] ?? row[4]
                let group: String = row[5]
                let storyID: Int = row[6]
                inputs.append(StoryInput(id: id, title: row[1], published: published, site: site, group: group))
                var s = byStory[storyID] ?? Story(id: storyID)
                if s.title == nil, let t: String = row[1], !t.isEmpty { s.title = t }
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
            return StoreSnapshot(stories: byStory.values.sorted(by: Story.reportOrder), inputs: inputs)
        }
    }
}

/// Everything a store holds, in the batch commands' terms (see ``SQLiteStore/snapshot()``).
public struct StoreSnapshot: Sendable {
    /// Stories in ``Story/reportOrder(_:_:)``.
    public var stories: [Story]
    /// Each article (without its text) in ingest order, with its current copy group.
    public var inputs: [StoryInput]
}

/// The current time as `2026-11-23T12:00:00Z` (C's `gmtime_r`: no formatter per call).
func nowISO8601() -> String {
    var t = time(nil)
    var parts = tm()
    gmtime_r(&t, &parts)
    func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
        + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
}
