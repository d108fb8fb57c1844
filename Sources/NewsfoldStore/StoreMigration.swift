/// The schema of both stores, as one versioned list: each migration names the statements
/// SQLite runs (through GRDB's `DatabaseMigrator`, table `grdb_migrations`) and those
/// PostgreSQL runs (table `newsfold_migration`), so that the two never drift apart: a change
/// is one entry here. A database holding a migration this list does not know was made by a
/// newer Newsfold and is refused (``StoreError/incompatible(_:)``), by writers and readers.
///
/// Add a migration for every change; never edit a shipped one.
///
/// ```swift
/// for m in StoreMigration.all { print(m.name, m.sqlite.count, m.postgres.count) }
/// ```
struct StoreMigration: Sendable {
    /// Its identifier in the database's migration table.
    let name: String
    /// Statements for SQLite, run in one transaction (a string may hold several).
    let sqlite: [String]
    /// Statements for PostgreSQL, run in one transaction, one statement a string.
    let postgres: [String]

    /// Every migration, in the order they are applied.
    static let all: [StoreMigration] = [v1, v2, v3, storyRecency, storedReports, storySettles, storyLinks]

    /// The tables: articles (with their copy group, story, role and flags), stories (their
    /// summary rows), and search (SQLite: an FTS5 table; PostgreSQL: a generated `tsvector`
    /// column with a GIN index, configuration `simple`).
    static let v1 = StoreMigration(
        name: "v1",
        sqlite: [
            """
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
            """,
        ],
        postgres: [
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """
            CREATE TABLE article (
                seq BIGINT PRIMARY KEY,              -- ingest order: 1, 2, 3, ...
                id TEXT NOT NULL UNIQUE,
                content_hash TEXT NOT NULL UNIQUE,   -- ContentKey: one page is stored once
                title TEXT,
                body TEXT NOT NULL,
                url TEXT,
                site TEXT,
                domain TEXT,
                published TEXT,                      -- ISO 8601, as precise as the page
                published_instant BIGINT,
                doc TEXT NOT NULL,                   -- the article as an ArticleJSON line
                fingerprint BYTEA NOT NULL,          -- FingerprintCodec
                story_group TEXT NOT NULL,           -- the group the clusterer was given
                group_id TEXT NOT NULL,
                duplicate_of TEXT,
                similarity DOUBLE PRECISION,
                story BIGINT NOT NULL,
                role TEXT,
                flags TEXT NOT NULL DEFAULT '',      -- flag kinds, space-separated
                ingested_at TEXT NOT NULL,
                search TSVECTOR GENERATED ALWAYS AS
                    (to_tsvector('simple', coalesce(title, '') || ' ' || body)) STORED
            )
            """,
            "CREATE INDEX article_story ON article(story, seq)",
            "CREATE INDEX article_search ON article USING GIN (search)",
            """
            CREATE TABLE story (
                id BIGINT PRIMARY KEY,
                title TEXT,
                first_seen TEXT,
                last_seen TEXT,
                last_instant BIGINT,
                articles BIGINT NOT NULL,
                sources BIGINT NOT NULL,
                sites TEXT NOT NULL,                 -- separated by U+001F
                flags TEXT NOT NULL,
                updated BIGINT NOT NULL
            )
            """,
            "CREATE INDEX story_updated ON story(updated DESC, id DESC)",
        ])

    /// Stories whose provenance was left for later (a deferred ingest) are stale until
    /// analysed: `analysed` is the ingest position they were last analysed at. SQLite's search
    /// index merges its segments less often (16 at a level, not 4): a quarter less time spent
    /// indexing a bulk ingest, searches as fast on this scale.
    static let v2 = StoreMigration(
        name: "v2",
        sqlite: [
            """
            ALTER TABLE story ADD COLUMN analysed INTEGER NOT NULL DEFAULT 0;
            UPDATE story SET analysed = updated;
            CREATE INDEX story_stale ON story(id) WHERE analysed < updated;
            """,
            "INSERT INTO article_fts(article_fts, rank) VALUES ('automerge', 16)",
        ],
        postgres: [
            "ALTER TABLE story ADD COLUMN analysed BIGINT NOT NULL DEFAULT 0",
            "UPDATE story SET analysed = updated",
            "CREATE INDEX story_stale ON story(id) WHERE analysed < updated",
        ])

    /// SQLite's search index keeps which column holds each word, not where
    /// (`detail=column`): half the index, and a bulk ingest a tenth faster. Searches need
    /// every word, never a phrase; snippets still mark the words; the ranking (bm25) counts a
    /// word once per column. Nothing changes for PostgreSQL.
    static let v3 = StoreMigration(
        name: "v3",
        sqlite: [
            """
            DROP TABLE article_fts;
            CREATE VIRTUAL TABLE article_fts USING fts5(
                title, body, content='article', content_rowid='seq',
                tokenize='unicode61 remove_diacritics 2', detail=column);
            INSERT INTO article_fts(article_fts) VALUES ('rebuild');
            INSERT INTO article_fts(article_fts, rank) VALUES ('automerge', 16);
            """
        ],
        postgres: [])

    /// Stories are listed by recency: their latest credible date, then id.
    static let storyRecency = StoreMigration(
        name: "story-recency",
        sqlite: ["CREATE INDEX story_recent ON story(last_instant DESC, id DESC)"],
        postgres: ["CREATE INDEX story_recent ON story(last_instant DESC NULLS LAST, id DESC)"])

    /// Each story's provenance report is stored (`story_report`, JSON of
    /// ``ProvenanceReportJSON``), as of the change `story.reported` (a value of `updated`):
    /// reads only read it. A story whose report is behind (`reported < updated`; every story
    /// of a store made before this migration) is analysed by the writer's ``ProvenanceWorker``.
    /// The report has a table of its own so that the frequent small updates of a story's row
    /// (its stale mark, its summary) do not rewrite it.
    static let storedReports = StoreMigration(
        name: "stored-reports",
        sqlite: [
            """
            ALTER TABLE story ADD COLUMN reported INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX story_unreported ON story(id) WHERE reported < updated;
            CREATE TABLE story_report (story INTEGER PRIMARY KEY, report TEXT NOT NULL);
            """
        ],
        postgres: [
            "ALTER TABLE story ADD COLUMN reported BIGINT NOT NULL DEFAULT 0",
            "CREATE INDEX story_unreported ON story(id) WHERE reported < updated",
            "CREATE TABLE story_report (story BIGINT PRIMARY KEY, report TEXT NOT NULL)",
        ])

    /// The ingest positions after which the stories were settled (``StoreEngine/settle()``, at
    /// the end of an `ingest` run; before the `story-links` migration, only those where a
    /// fragment merged): replaying the articles settles at the same points, so the engine
    /// reaches the stories (and the links) the rows hold.
    static let storySettles = StoreMigration(
        name: "story-settles",
        sqlite: ["CREATE TABLE story_settle (seq INTEGER PRIMARY KEY)"],
        postgres: ["CREATE TABLE story_settle (seq BIGINT PRIMARY KEY)"])

    /// The story each story continues (``StoryLink``, as the engine resolves it through merges:
    /// ``StoreEngine/links``), with the similarity behind the link. A store made before this
    /// migration gets its links when a writer next opens it (its replay decides them).
    static let storyLinks = StoreMigration(
        name: "story-links",
        sqlite: [
            """
            CREATE TABLE story_link (story INTEGER PRIMARY KEY, continues INTEGER NOT NULL, similarity REAL NOT NULL);
            CREATE INDEX story_link_continues ON story_link(continues);
            """
        ],
        postgres: [
            "CREATE TABLE story_link (story BIGINT PRIMARY KEY, continues BIGINT NOT NULL, similarity DOUBLE PRECISION NOT NULL)",
            "CREATE INDEX story_link_continues ON story_link(continues)",
        ])
}
