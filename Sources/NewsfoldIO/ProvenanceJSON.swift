import NewsfoldCore

/// The JSON form of a ``ProvenanceReport``, written into a ``JSONWriter``: what
/// `newsfold stories --format json` shows per copy group, and the fields `--format jsonl` adds
/// to each article's line.
///
/// A group:
/// ```json
/// {"id":"g1","original":"002","evidence":"earliest date, …",
///  "members":[{"id":"000","role":"copy","similarity":0.97,"containment":0.98,
///              "compared_with":"002",
///              "changes":{"headline":{…},"added":[],"dropped":[],"edited":[…],"reordered":0},
///              "flags":[{"kind":"injected-text","severity":"high","evidence":"spliced into …","text":"…"}]}]}
/// ```
///
/// ```swift
/// var w = JSONWriter()
/// w.beginObject()
/// w.key("groups"); ProvenanceJSON.writeGroups(report, to: &w)
/// w.endObject()
///
/// // In an article's JSONL line (inside its open object):
/// ProvenanceJSON.writeArticleFields(report, id: article.id, to: &w)  // "role", "original", "flags"
/// ```
public enum ProvenanceJSON {
    /// Writes the report's groups as an array value.
    public static func writeGroups(_ report: ProvenanceReport, to w: inout JSONWriter) {
        w.beginArray()
        for g in report.groups { writeGroup(g, to: &w) }
        w.endArray()
    }

    /// Writes one group as an object value: `id`, `original`, `evidence`, `members`
    /// (similarities exact when `exact`, else to 4 places).
    public static func writeGroup(_ g: ProvenanceGroup, to w: inout JSONWriter, exact: Bool = false) {
        w.beginObject()
        w.key("id"); w.string(g.id)
        w.key("original"); w.string(g.original)
        w.key("evidence"); w.string(g.evidence)
        w.key("members")
        w.beginArray()
        for m in g.members { writeMember(m, to: &w, exact: exact) }
        w.endArray()
        w.endObject()
    }

    /// Writes one member as an object value: `id`, `role`, `similarity`, `containment`
    /// (exact when `exact`, else to 4 places), `compared_with`, `changes`, `flags`, and `adds`
    /// for independent reports and rewrites.
    public static func writeMember(_ m: ProvenanceMember, to w: inout JSONWriter, exact: Bool = false) {
        w.beginObject()
        w.key("id"); w.string(m.id)
        w.key("role"); w.string(m.role.rawValue)
        if exact {
            w.key("similarity"); w.number(m.similarity)
            w.key("containment"); w.number(m.containment)
        } else {
            w.key("similarity"); w.number(m.similarity, places: 4)
            w.key("containment"); w.number(m.containment, places: 4)
        }
        w.key("compared_with"); w.string(m.comparedWith)
        w.key("changes"); writeChanges(m.changes, to: &w)
        w.key("flags"); writeFlags(m.flags, to: &w)
        if let adds = m.adds {
            w.key("adds")
            w.beginObject()
            w.key("sentences"); w.strings(adds.sentences)
            w.key("entities"); w.strings(adds.entities)
            w.key("numbers"); w.strings(adds.numbers)
            w.endObject()
        }
        w.endObject()
    }

    /// Writes changes as an object value: `headline` (or null), `added`, `dropped`, `edited`,
    /// `reordered`.
    public static func writeChanges(_ c: ProvenanceChanges, to w: inout JSONWriter) {
        w.beginObject()
        w.key("headline")
        if let h = c.headline { writeSentenceChange(h, to: &w) } else { w.null() }
        w.key("added"); w.strings(c.added)
        w.key("dropped"); w.strings(c.dropped)
        w.key("edited")
        w.beginArray()
        for e in c.edited { writeSentenceChange(e, to: &w) }
        w.endArray()
        w.key("reordered"); w.number(c.reordered)
        w.endObject()
    }

    static func writeSentenceChange(_ s: SentenceChange, to w: inout JSONWriter) {
        w.beginObject()
        w.key("original"); w.string(s.original)
        w.key("copy"); w.string(s.copy)
        w.key("edits")
        w.beginArray()
        for e in s.edits {
            w.beginObject()
            w.key("kind"); w.string(e.kind.rawValue)
            w.key("from"); w.string(e.from)
            w.key("to"); w.string(e.to)
            w.key("summary"); w.string(e.summary)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    /// Writes flags as an array value of `{"kind","severity","evidence","text"}` (severity:
    /// `high`, `medium` or `low`, see ``ProvenanceFlag/Severity``).
    public static func writeFlags(_ flags: [ProvenanceFlag], to w: inout JSONWriter) {
        w.beginArray()
        for f in flags {
            w.beginObject()
            w.key("kind"); w.string(f.kind.rawValue)
            w.key("severity"); w.string(f.severity.rawValue)
            w.key("evidence"); w.string(f.evidence)
            w.key("text"); w.string(f.text)
            w.endObject()
        }
        w.endArray()
    }

    /// Writes `"role"`, `"original"` and `"flags"` for one article into an object the caller
    /// has open (an article's JSONL line). Writes nothing when the report lacks the article.
    public static func writeArticleFields(_ report: ProvenanceReport, id: String, to w: inout JSONWriter) {
        guard let g = report.group(of: id), let m = g.members.first(where: { $0.id == id }) else { return }
        w.key("role"); w.string(m.role.rawValue)
        w.key("original"); w.string(g.original)
        w.key("flags"); writeFlags(m.flags, to: &w)
    }
}
