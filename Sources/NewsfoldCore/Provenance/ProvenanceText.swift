/// A plain-text rendering of a ``ProvenanceReport`` for a terminal (about 80 columns), for a
/// reader who has never seen the tool: the original of each copy group and why, the copies
/// as a tree with their role, edits and flags, then what independent reports add.
///
/// ```swift
/// print(ProvenanceText.render(report))
/// ```
///
/// Cost: O(size of the report).
public enum ProvenanceText {
    /// Text width the rendering wraps to.
    public static let width = 80
    /// Edits, added sentences and names listed per article before "and N more".
    public static let maxListed = 6

    /// The report as text wrapped to ``width`` columns, ending in a newline: the story's headline
    /// and size, each copy group's original with its copies, then the other reports and what they
    /// add. O(size of the report).
    public static func render(_ report: ProvenanceReport) -> String {
        var out: [String] = []
        let articles = report.members.count
        let copyGroups = report.groups.filter { $0.members.count > 1 }
        let independents = report.members.filter { $0.role == .independent || $0.role == .rewrite }
        out.append(contentsOf: wrap("STORY: \(report.title ?? "(untitled)")", indent: ""))
        var summary = "\(articles) article\(articles == 1 ? "" : "s")"
        if !copyGroups.isEmpty {
            summary += ": " + copyGroups.map { "a copy group of \($0.members.count)" }.joined(separator: ", ")
        }
        if !independents.isEmpty {
            summary += (copyGroups.isEmpty ? ": " : ", ") + "\(independents.count) independent or rewritten report\(independents.count == 1 ? "" : "s")"
        }
        out.append(summary)

        for group in copyGroups {
            out.append("")
            let o = group.members[0]
            out.append("ORIGINAL  \(o.id)  \(describe(o.id, report))")
            out.append(contentsOf: wrap("why: \(group.evidence)", indent: "  "))
            for f in o.flags { out.append(contentsOf: flagLines(f, prefix: "  ")) }
            let copies = group.members.dropFirst()
            for (k, m) in copies.enumerated() {
                let lastOne = k == copies.count - 1
                let branch = lastOne ? "└─ " : "├─ "
                let pipe = lastOne ? "     " : "│    "
                out.append(
                    "  \(branch)\(m.id)  \(m.role.rawValue.uppercased())  similarity \(fixed(m.similarity)), containment \(fixed(m.containment))"
                )
                out.append(contentsOf: wrap(describe(m.id, report), indent: "  " + pipe))
                out.append(contentsOf: changeLines(m.changes, indent: "  " + pipe))
                for f in m.flags { out.append(contentsOf: flagLines(f, prefix: "  " + pipe)) }
                if m.flags.isEmpty && m.changes.isEmpty { out.append("  \(pipe)word for word the original; no flags") }
            }
        }

        let reports = report.groups.filter { $0.members.count == 1 }.map { $0.members[0] }
        if !reports.isEmpty {
            out.append("")
            out.append("OTHER REPORTS (what each adds that no other article of the story has)")
            for m in reports {
                out.append("")
                out.append("  \(m.id)  \(m.role.rawValue.uppercased())  \(describe(m.id, report))")
                if let with = m.comparedWith {
                    out.append(contentsOf: wrap(
                        "closest article: \(with) (\(percent(m.containment)) of this text found there)", indent: "    "))
                }
                for f in m.flags { out.append(contentsOf: flagLines(f, prefix: "    ")) }
                guard let adds = m.adds, !adds.isEmpty else {
                    out.append("    adds nothing the others do not say")
                    continue
                }
                if !adds.sentences.isEmpty {
                    out.append("    adds \(adds.sentences.count) sentence\(adds.sentences.count == 1 ? "" : "s"), e.g.:")
                    for s in adds.sentences.prefix(3) {
                        out.append(contentsOf: wrap("- \(EditDescriber.shorten(s, max: 150))", indent: "      ", hanging: "        "))
                    }
                }
                if !adds.entities.isEmpty {
                    out.append(contentsOf: wrap("names: " + listed(adds.entities), indent: "    ", hanging: "           "))
                }
                if !adds.numbers.isEmpty {
                    out.append(contentsOf: wrap("numbers: " + listed(adds.numbers), indent: "    ", hanging: "             "))
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Date, site and credit of an article.
    static func describe(_ id: String, _ report: ProvenanceReport) -> String {
        guard let f = report.articles[id] else { return "" }
        var parts: [String] = []
        parts.append(f.published.map { "published \($0.iso8601)" } ?? "no date")
        if let s = f.site ?? f.domain { parts.append(s) }
        if let w = f.wire { parts.append("credits \(w)") }
        return parts.joined(separator: ", ")
    }

    static func changeLines(_ c: ProvenanceChanges, indent: String) -> [String] {
        var out: [String] = []
        if let h = c.headline {
            out.append(contentsOf: wrap("headline: “\(EditDescriber.shorten(h.copy, max: 110))”", indent: indent, hanging: indent + "  "))
        }
        let edits = c.edited.flatMap(\.edits)
        if !edits.isEmpty {
            // Count repeated edits once: "U.S.→US (×4)".
            var order: [String] = []
            var counts: [String: Int] = [:]
            for e in edits {
                if counts[e.summary] == nil { order.append(e.summary) }
                counts[e.summary, default: 0] += 1
            }
            let items = order.map { counts[$0]! > 1 ? "\($0) (×\(counts[$0]!))" : $0 }
            out.append(contentsOf: wrap("edits: " + listed(items), indent: indent, hanging: indent + "  "))
        }
        for s in c.dropped.prefix(3) {
            out.append(contentsOf: wrap("dropped: “\(EditDescriber.shorten(s, max: 110))”", indent: indent, hanging: indent + "  "))
        }
        if c.dropped.count > 3 { out.append(indent + "… and \(c.dropped.count - 3) more dropped sentences") }
        for s in c.added.prefix(3) {
            out.append(contentsOf: wrap("added: “\(EditDescriber.shorten(s, max: 110))”", indent: indent, hanging: indent + "  "))
        }
        if c.added.count > 3 { out.append(indent + "… and \(c.added.count - 3) more added sentences") }
        if c.reordered > 0 { out.append(indent + "\(c.reordered) sentence\(c.reordered == 1 ? "" : "s") moved") }
        return out
    }

    static func flagLines(_ f: ProvenanceFlag, prefix: String) -> [String] {
        wrap("⚠ \(f.kind.rawValue) (\(f.severity.rawValue)): “\(EditDescriber.shorten(f.text, max: 70))” — \(f.evidence)", indent: prefix, hanging: prefix + "  ")
    }

    static func listed(_ items: [String]) -> String {
        let shown = items.prefix(maxListed).joined(separator: "; ")
        return items.count > maxListed ? shown + "; … and \(items.count - maxListed) more" : shown
    }

    static func fixed(_ x: Double) -> String {
        let v = Int((x * 100).rounded())
        return v >= 100 ? "1.00" : "0." + (v < 10 ? "0" : "") + String(v)
    }

    /// Greedy word wrap at ``width`` columns (counted in Unicode scalars).
    static func wrap(_ text: String, indent: String, hanging: String? = nil) -> [String] {
        let next = hanging ?? indent
        var lines: [String] = []
        var line = indent
        var lineCount = indent.unicodeScalars.count
        var empty = true
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let n = word.unicodeScalars.count
            if !empty && lineCount + 1 + n > width {
                lines.append(line)
                line = next
                lineCount = next.unicodeScalars.count
                empty = true
            }
            if !empty {
                line += " "
                lineCount += 1
            }
            line += word
            lineCount += n
            empty = false
        }
        if !empty { lines.append(line) }
        return lines
    }
}
