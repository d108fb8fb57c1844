import NewsfoldCore

/// What `newsfold dedup` writes: one JSON line per document, in input order, keys in this order:
/// `{"id", "group", "duplicate_of", "similarity", "containment"}` (an ``Assignment``).
/// `duplicate_of` is `null` for a group's representative; `similarity` and `containment` are
/// given to 3 decimal places, `null` when unknown.
///
/// ```swift
/// DedupOutput.write(index.assignments(), unique: false, to: try OutputSink(path: "groups.jsonl"))
/// // {"id":"b","group":"a","duplicate_of":"a","similarity":0.92,"containment":0.95}
/// ```
public enum DedupOutput {
    /// Appends one document's line (with its newline).
    public static func writeLine(_ a: Assignment, to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(a.id)
        w.key("group"); w.string(a.group)
        w.key("duplicate_of"); w.string(a.duplicateOf)
        w.key("similarity")
        if let s = a.similarity { w.number(s, places: 3) } else { w.null() }
        w.key("containment")
        if let c = a.containment { w.number(c, places: 3) } else { w.null() }
        w.endObject()
        w.newline()
    }

    /// Writes the lines of `assignments` to `out` in 64 KB pieces; with `unique`, only the
    /// representatives' (`dedup --unique`, a dedup filter). `out` is not flushed.
    public static func write(_ assignments: [Assignment], unique: Bool, to out: OutputSink) {
        var w = JSONWriter(reservingCapacity: 1 << 16)
        for a in assignments where !unique || a.isRepresentative {
            writeLine(a, to: &w)
            if w.bytes.count > 1 << 16 {
                out.write(w.bytes)
                w.reset()
            }
        }
        out.write(w.bytes)
    }
}
