import NewsfoldCore

/// The three output formats of `newsfold stories`, written once for the batch command (story by
/// story, from a spill) and for stories held in memory (a store's, read by `stories --db`):
///
/// - `jsonl`: one line per article, input order: `{"id", "story", "thread", "group", "title",
///   "published", "site", "role", "original", "flags"}` (`thread`: the first story of the chain
///   its story continues, ``Story/threads(_:)``; its own story when it continues none);
/// - `json`: one report `{"stories": [...]}`, stories largest first, each with its copy groups,
///   their original and every member's role, changes and flags (``ProvenanceJSON``);
/// - `text`: a summary to read.
///
/// ```swift
/// var w = JSONWriter()
/// StoryOutput.writeStory(story, report: report, to: &w)     // one story of --format json
/// let text = StoryOutput.summary(of: story, report: report, inputs: byID)
/// ```
public enum StoryOutput {
    /// One article's line of `--format jsonl`: its story and thread (its story's when `nil`),
    /// group, headline, date and site, then its role, original and flags from the story's
    /// provenance.
    public static func writeLine(
        _ input: StoryInput, story: Int?, thread: Int? = nil, report: ProvenanceReport?, to w: inout JSONWriter
    ) {
        w.beginObject()
        w.key("id"); w.string(input.id)
        w.key("story"); if let story { w.number(story) } else { w.null() }
        w.key("thread"); if let t = thread ?? story { w.number(t) } else { w.null() }
        w.key("group"); w.string(input.group ?? input.id)
        w.key("title"); w.string(input.title)
        w.key("published"); w.string(input.published?.iso8601)
        w.key("site"); w.string(input.site)
        if let report { ProvenanceJSON.writeArticleFields(report, id: input.id, to: &w) }
        w.endObject()
        w.newline()
    }

    /// One story's object in `--format json`.
    public static func writeStory(_ s: Story, report: ProvenanceReport?, to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.number(s.id)
        w.key("title"); w.string(s.title)
        w.key("first_seen"); w.string(s.firstSeen?.iso8601)
        w.key("last_seen"); w.string(s.lastSeen?.iso8601)
        w.key("continues"); if let c = s.continues { w.number(c) } else { w.null() }
        w.key("articles"); w.strings(s.articles)
        // Each copy group with its original and every member's role, changes and flags.
        w.key("groups")
        if let report {
            ProvenanceJSON.writeGroups(report, to: &w)
        } else {
            w.beginArray()
            w.endArray()
        }
        w.endObject()
    }

    /// The opening and closing of `--format json` around the stories, comma-separated.
    public static let reportOpening = Array(#"{"stories":["#.utf8), reportClosing = Array("]}\n".utf8)

    /// `--format jsonl` of stories in memory (a store's, read by `--db`).
    public static func writeLines(_ analysis: StoryAnalysis, to out: OutputSink) {
        var storyOf: [String: Int] = [:]
        for s in analysis.stories { for a in s.articles { storyOf[a] = s.id } }
        let threads = Story.threads(analysis.stories.map { ($0.id, $0.continues) })
        var w = JSONWriter(reservingCapacity: 1 << 16)
        for input in analysis.inputs {
            let story = storyOf[input.id]
            writeLine(
                input, story: story, thread: story.flatMap { threads[$0] }, report: story.flatMap { analysis.provenance[$0] },
                to: &w)
            if w.bytes.count > 1 << 16 {
                out.write(w.bytes)
                w.reset()
            }
        }
        out.write(w.bytes)
    }

    /// `--format json` of stories in memory.
    public static func writeReport(_ analysis: StoryAnalysis, to out: OutputSink) {
        out.write(reportOpening)
        var w = JSONWriter(reservingCapacity: 1 << 16)
        for (k, s) in analysis.stories.enumerated() {
            if k > 0 { out.write(Array(",".utf8)) }
            w.reset()
            writeStory(s, report: analysis.provenance[s.id], to: &w)
            out.write(w.bytes)
        }
        out.write(reportClosing)
    }

    /// `--format text` of stories in memory.
    public static func summary(_ analysis: StoryAnalysis) -> String {
        var byID: [String: StoryInput] = [:]
        for i in analysis.inputs where byID[i.id] == nil { byID[i.id] = i }
        return analysis.stories.map { summary(of: $0, report: analysis.provenance[$0.id], inputs: byID) }.joined()
    }

    /// The text report: per story its title, dates, sources and copies, then articles by site.
    public static func summary(of story: Story, report: ProvenanceReport?, inputs byID: [String: StoryInput]) -> String {
        var s = ""
        let copies = story.articles.count - story.groups.count
        let span: String
        switch (story.firstSeen, story.lastSeen) {
        case let (f?, l?) where f.iso8601 != l.iso8601: span = "\(f.iso8601) – \(l.iso8601)"
        case let (f?, _): span = f.iso8601
        default: span = "undated"
        }
        s += "Story \(story.id): \(story.title ?? "(untitled)")\n"
        if let earlier = story.continues { s += "  continues story \(earlier)\n" }
        s += "  \(span) · \(story.articles.count) article\(story.articles.count == 1 ? "" : "s"), "
        s += "\(story.groups.count) independent report\(story.groups.count == 1 ? "" : "s"), "
        s += "\(copies) cop\(copies == 1 ? "y" : "ies")" + (story.sites.isEmpty ? "" : ", \(story.sites.count) site\(story.sites.count == 1 ? "" : "s")") + "\n"
        for group in story.groups {
            for (k, id) in group.members.enumerated() {
                let a = byID[id]
                let site = a?.site ?? "site unknown"
                let date = a?.published?.iso8601 ?? "undated"
                let mark = k == 0 ? "  - " : "      copy: "
                s += "\(mark)\(site) · \(date) · \(id)"
                if k == 0, let t = a?.title, t != story.title { s += " · \(t)" }
                s += "\n"
            }
        }
        // Several articles: who copied whom, how, and what looks tampered with.
        if story.articles.count > 1, let report {
            s += "\n" + ProvenanceText.render(report).split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n") + "\n"
        }
        s += "\n"
        return s
    }
}
