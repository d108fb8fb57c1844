import NewsfoldCore

/// The line `newsfold ingest` writes on standard output for each article once it is committed
/// (and its story's provenance analysed): the acknowledgement that it survives a crash.
///
/// Keys in this order: `{"id", "group", "story", "role", "flags", "status"}`; `role` is `null`
/// when the story was not analysed, `flags` lists each flag kind once (a page may carry several
/// injected sentences, each a flag), `status` is `"stored"` or `"already-stored"`.
///
/// ```swift
/// var w = JSONWriter()
/// IngestAcknowledgement(id: "a", group: "a", story: 7, role: .original, flags: [], alreadyStored: false)
///     .write(to: &w)
/// // {"id":"a","group":"a","story":7,"role":"original","flags":[],"status":"stored"}
/// ```
public struct IngestAcknowledgement: Sendable, Equatable {
    /// The article's id.
    public var id: String
    /// Its copy group (the id of the group's representative).
    public var group: String
    /// Its story's id.
    public var story: Int
    /// Its role in the story's provenance; `nil` when not analysed.
    public var role: ProvenanceRole?
    /// Its provenance flags (only their kinds are written).
    public var flags: [ProvenanceFlag]
    /// `true` when the article was in the store already and nothing was written.
    public var alreadyStored: Bool

    /// An acknowledgement of one committed article.
    public init(
        id: String, group: String, story: Int, role: ProvenanceRole?, flags: [ProvenanceFlag], alreadyStored: Bool
    ) {
        self.id = id
        self.group = group
        self.story = story
        self.role = role
        self.flags = flags
        self.alreadyStored = alreadyStored
    }

    /// The kinds of ``flags``, each once, in the order they first appear.
    public var flagKinds: [String] {
        var kinds: [String] = []
        for f in flags where !kinds.contains(f.kind.rawValue) { kinds.append(f.kind.rawValue) }
        return kinds
    }

    /// Appends the acknowledgement's line (with its newline).
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("group"); w.string(group)
        w.key("story"); w.number(story)
        w.key("role"); w.string(role?.rawValue)
        w.key("flags"); w.strings(flagKinds)
        w.key("status"); w.string(alreadyStored ? "already-stored" : "stored")
        w.endObject()
        w.newline()
    }
}
