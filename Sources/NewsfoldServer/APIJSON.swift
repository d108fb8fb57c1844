import NewsfoldCore
import NewsfoldIO
import NewsfoldStore

/// The JSON bodies of the API, written with the project's byte-level ``JSONWriter`` (the
/// shapes are the schemas of ``OpenAPIDocument``).
///
/// ```swift
/// var w = JSONWriter()
/// APIJSON.write(result, to: &w)      // {"id":…,"group":…,"story":…,"role":…,"flags":[…]}
/// ```
public enum APIJSON {
    /// `IngestResult`: `{id, group, duplicate_of, story, role, flags, already_stored}`.
    public static func write(_ r: IngestResult, to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(r.id)
        w.key("group"); w.string(r.group)
        w.key("duplicate_of"); w.string(r.duplicateOf)
        w.key("story"); w.number(r.story)
        w.key("role"); w.string(r.role?.rawValue)
        w.key("flags"); ProvenanceJSON.writeFlags(r.flags, to: &w)
        w.key("already_stored"); w.bool(r.alreadyStored)
        w.endObject()
        w.newline()
    }

    /// A stored article: `{id, group, duplicate_of, similarity, story, role, flags, article}`
    /// where `article` is the ``ArticleJSON`` object. Its `source` is the input file's name
    /// without its folders: reads need no token, and where the server's files lie is nobody's
    /// business.
    public static func write(_ a: StoredArticle, to w: inout JSONWriter) {
        w.beginObject()
        fields(a, to: &w)
        w.key("article")
        var article = a.article
        article.source = article.source.map(fileName)
        ArticleJSON.write(article, to: &w)
        if w.bytes.last == 0x0A { w.bytes.removeLast() }
        w.endObject()
        w.newline()
    }

    /// `path` without its folders: `/data/crawl/2024/a.warc.gz` → `a.warc.gz`; `-` stays `-`.
    static func fileName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        let name = path[path.index(after: slash)...]
        return name.isEmpty ? path : String(name)
    }

    static func fields(_ a: StoredArticle, to w: inout JSONWriter) {
        w.key("id"); w.string(a.article.id)
        w.key("group"); w.string(a.group)
        w.key("duplicate_of"); w.string(a.duplicateOf)
        w.key("similarity"); if let s = a.similarity { w.number(s, places: 3) } else { w.null() }
        w.key("story"); w.number(a.story)
        w.key("role"); w.string(a.role?.rawValue)
        w.key("flags"); w.strings(a.flagKinds)
    }

    static func write(_ s: StorySummary, to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.number(s.id)
        w.key("title"); w.string(s.title)
        w.key("first_seen"); w.string(s.firstSeen?.iso8601)
        w.key("last_seen"); w.string(s.lastSeen?.iso8601)
        w.key("articles"); w.number(s.articles)
        w.key("sources"); w.number(s.sources)
        w.key("copies"); w.number(s.copies)
        w.key("sites"); w.strings(s.sites)
        w.key("flags"); w.strings(s.flags)
        w.key("continues"); if let c = s.continues { w.number(c) } else { w.null() }
        w.endObject()
    }

    /// A page of stories: `{stories: [...], next_cursor}`.
    public static func write(_ p: StoriesPage, to w: inout JSONWriter) {
        w.beginObject()
        w.key("stories")
        w.beginArray()
        for s in p.stories { write(s, to: &w) }
        w.endArray()
        w.key("next_cursor"); w.string(p.nextCursor)
        w.endObject()
        w.newline()
    }

    /// A story's provenance report: `{story, title, articles: [...], groups: [...],
    /// continued_by: [...]}` with groups as ``ProvenanceJSON`` writes them; `continued_by`: the
    /// summaries of the later stories that continue it (its own `continues` is in `story`).
    public static func write(_ d: StoryDetail, to w: inout JSONWriter) {
        w.beginObject()
        w.key("story"); write(d.summary, to: &w)
        w.key("title"); w.string(d.report.title ?? d.summary.title)
        w.key("articles")
        w.beginArray()
        for a in d.articles {
            w.beginObject()
            fields(a, to: &w)
            w.key("title"); w.string(a.article.title)
            w.key("site"); w.string(a.article.site ?? a.article.domain)
            w.key("url"); w.string(a.article.url)
            w.key("published"); w.string(a.article.published?.iso8601)
            w.key("wire"); w.string(a.article.wire)
            w.endObject()
        }
        w.endArray()
        w.key("groups"); ProvenanceJSON.writeGroups(d.report, to: &w)
        w.key("report_current"); w.bool(d.reportIsCurrent)
        w.key("awaiting_analysis")
        w.beginArray()
        for a in d.awaitingAnalysis { w.string(a.article.id) }
        w.endArray()
        w.key("continued_by")
        w.beginArray()
        for s in d.continuedBy { write(s, to: &w) }
        w.endArray()
        w.endObject()
        w.newline()
    }

    /// Search results: `{query, hits: [{id, story, group, title, site, published, snippet}]}`.
    public static func write(_ hits: [SearchHit], query: String, to w: inout JSONWriter) {
        w.beginObject()
        w.key("query"); w.string(query)
        w.key("hits")
        w.beginArray()
        for h in hits { write(h, to: &w) }
        w.endArray()
        w.endObject()
        w.newline()
    }

    /// One search hit as an object: `{id, story, group, title, site, published, snippet}`.
    public static func write(_ h: SearchHit, to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(h.id)
        w.key("story"); w.number(h.story)
        w.key("group"); w.string(h.group)
        w.key("title"); w.string(h.title)
        w.key("site"); w.string(h.site)
        w.key("published"); w.string(h.published?.iso8601)
        w.key("snippet"); w.string(h.snippet)
        w.endObject()
    }
}
