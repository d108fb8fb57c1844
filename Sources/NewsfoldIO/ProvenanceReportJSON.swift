import NewsfoldCore

/// The complete, lossless JSON form of a ``ProvenanceReport``: what a store keeps with each
/// story, read back into the same value (numbers exact; dates as ``NewsDate/iso8601``, which
/// reads back to the same date). Written with
/// the project's ``JSONWriter`` and read with ``JSONValue``, like every other JSON it handles.
/// The groups' shape is ``ProvenanceJSON``'s (with exact similarities); `articles` holds the
/// facts shown for each article.
///
/// ```swift
/// var w = JSONWriter()
/// ProvenanceReportJSON.write(report, to: &w)
/// let back = try ProvenanceReportJSON.read(w.bytes)   // == report
/// ```
public enum ProvenanceReportJSON {
    /// Writes the report as one object value: `{"groups": [...], "articles": {id: facts}}`.
    public static func write(_ report: ProvenanceReport, to w: inout JSONWriter) {
        w.beginObject()
        w.key("groups")
        w.beginArray()
        for g in report.groups { ProvenanceJSON.writeGroup(g, to: &w, exact: true) }
        w.endArray()
        w.key("articles")
        w.beginObject()
        for id in report.articles.keys.sorted() {
            w.key(id)
            writeFacts(report.articles[id]!, to: &w)
        }
        w.endObject()
        w.endObject()
    }

    private static func writeFacts(_ f: ArticleFacts, to w: inout JSONWriter) {
        w.beginObject()
        w.key("title"); w.string(f.title)
        w.key("published"); w.string(f.published?.iso8601)
        w.key("published_source"); w.string(f.publishedSource?.rawValue)
        w.key("site"); w.string(f.site)
        w.key("domain"); w.string(f.domain)
        w.key("wire"); w.string(f.wire)
        w.key("byline"); w.string(f.byline)
        w.endObject()
    }

    /// Reads a report written by ``write(_:to:)``; throws ``JSONError`` for text that is not
    /// JSON or not a report's shape (naming what is missing).
    public static func read(_ bytes: [UInt8]) throws(JSONError) -> ProvenanceReport {
        let root = try JSONValue.parse(bytes)
        var report = ProvenanceReport(groups: try Reader.array(root["groups"], "groups").map(Reader.group))
        guard case .object(let articles)? = root["articles"] else { throw Reader.missing("articles") }
        for (id, facts) in articles { report.articles[id] = try Reader.facts(facts) }
        return report
    }

    /// Typed reads of a parsed report, each naming the field it wanted when it is not there.
    private enum Reader {
        static func missing(_ what: String) -> JSONError {
            JSONError(message: "a stored provenance report lacks \(what)", offset: 0)
        }

        static func array(_ v: JSONValue?, _ what: String) throws(JSONError) -> [JSONValue] {
            guard case .array(let a)? = v else { throw missing(what) }
            return a
        }

        static func string(_ v: JSONValue?, _ what: String) throws(JSONError) -> String {
            guard let s = v?.string else { throw missing(what) }
            return s
        }

        static func optionalString(_ v: JSONValue?) -> String? { v?.string }

        static func strings(_ v: JSONValue?, _ what: String) throws(JSONError) -> [String] {
            var out: [String] = []
            for s in try array(v, what) { out.append(try string(s, what)) }
            return out
        }

        static func number(_ v: JSONValue?, _ what: String) throws(JSONError) -> Double {
            guard case .number(let d)? = v else { throw missing(what) }
            return d
        }

        static func integer(_ v: JSONValue?) -> Int? {
            guard case .number(let d)? = v, let i = Int(exactly: d) else { return nil }
            return i
        }

        static func group(_ v: JSONValue) throws(JSONError) -> ProvenanceGroup {
            var members: [ProvenanceMember] = []
            for m in try array(v["members"], "members") { members.append(try member(m)) }
            return ProvenanceGroup(
                id: try string(v["id"], "a group id"), original: try string(v["original"], "a group's original"),
                evidence: try string(v["evidence"], "a group's evidence"), members: members)
        }

        static func member(_ v: JSONValue) throws(JSONError) -> ProvenanceMember {
            guard let role = ProvenanceRole(rawValue: try string(v["role"], "a role")) else { throw missing("a known role") }
            var flags: [ProvenanceFlag] = []
            for f in try array(v["flags"], "flags") { flags.append(try flag(f)) }
            var adds: Additions? = nil
            if let a = v["adds"] {
                adds = Additions(
                    sentences: try strings(a["sentences"], "added sentences"),
                    entities: try strings(a["entities"], "added names"), numbers: try strings(a["numbers"], "added numbers"))
            }
            guard let c = v["changes"] else { throw missing("changes") }
            return ProvenanceMember(
                id: try string(v["id"], "a member id"), role: role, comparedWith: optionalString(v["compared_with"]),
                similarity: try number(v["similarity"], "a similarity"),
                containment: try number(v["containment"], "a containment"), changes: try changes(c), flags: flags,
                adds: adds)
        }

        static func changes(_ v: JSONValue) throws(JSONError) -> ProvenanceChanges {
            var edited: [SentenceChange] = []
            for e in try array(v["edited"], "edited sentences") { edited.append(try sentenceChange(e)) }
            var headline: SentenceChange? = nil
            if let h = v["headline"], h != .null { headline = try sentenceChange(h) }
            return ProvenanceChanges(
                headline: headline, added: try strings(v["added"], "added sentences"),
                dropped: try strings(v["dropped"], "dropped sentences"), edited: edited,
                reordered: integer(v["reordered"]) ?? 0)
        }

        static func sentenceChange(_ v: JSONValue) throws(JSONError) -> SentenceChange {
            var edits: [WordEdit] = []
            for e in try array(v["edits"], "edits") {
                guard let kind = WordEdit.Kind(rawValue: try string(e["kind"], "an edit kind")) else {
                    throw missing("a known edit kind")
                }
                edits.append(
                    WordEdit(
                        kind: kind, from: try string(e["from"], "an edit's from"), to: try string(e["to"], "an edit's to"),
                        summary: try string(e["summary"], "an edit's summary")))
            }
            return SentenceChange(
                original: try string(v["original"], "an original sentence"), copy: try string(v["copy"], "a copied sentence"),
                edits: edits)
        }

        static func flag(_ v: JSONValue) throws(JSONError) -> ProvenanceFlag {
            guard let kind = ProvenanceFlag.Kind(rawValue: try string(v["kind"], "a flag kind")),
                let severity = ProvenanceFlag.Severity(rawValue: try string(v["severity"], "a severity"))
            else { throw missing("a known flag kind and severity") }
            return ProvenanceFlag(
                kind: kind, evidence: try string(v["evidence"], "a flag's evidence"), text: try string(v["text"], "a flag's text"),
                severity: severity)
        }

        static func facts(_ v: JSONValue) throws(JSONError) -> ArticleFacts {
            var published: NewsDate? = nil
            if let text = v["published"]?.string {
                guard let d = NewsDate(iso8601: text) else { throw missing("a date (not \(text))") }
                published = d
            }
            // Reports written before the field existed have no `published_source`.
            return ArticleFacts(
                title: optionalString(v["title"]), published: published,
                publishedSource: optionalString(v["published_source"]).flatMap { DateSource(rawValue: $0) },
                site: optionalString(v["site"]), domain: optionalString(v["domain"]), wire: optionalString(v["wire"]),
                byline: optionalString(v["byline"]))
        }
    }
}
