/// A parsed byline: the people credited and the agency, if any.
///
/// ```swift
/// Byline.parse("By Jane Doe and John Roe, Reuters")  // authors ["Jane Doe", "John Roe"], wire "Reuters"
/// Byline.parse("BY ASSOCIATED PRESS")                 // authors [], wire "AP"
/// Byline.parse("By JANE DOE, Associated Press")      // authors ["Jane Doe"], wire "AP"
/// Byline.parse("Jane Doe | Staff Writer")            // authors ["Jane Doe"]
/// Byline.parse("By the end of the day, ...")         // nil
/// ```
///
/// A line is read as: an optional lead-in (`By`, `Written by`, `Reporting by`, German `Von`,
/// French `Par`, Spanish/Portuguese `Por`, Italian `Di`, Dutch `Door`), then parts separated by
/// `,` `;` `|` `/` `·` dashes, parentheses and `and`/`und`/`et`/`y`/`e`/`en`/`&`. Each part
/// must be one of: an agency (``WireCredit``), a role (`Staff Writer`, `Senior Correspondent`:
/// dropped), a one-word organisation after the first part (`CNN`: dropped), or a name — one to
/// five words, first and last capitalised, particles such as `van`, `de`, `bin` allowed, no
/// digits. Anything else (a sentence) makes the whole line `nil`. Without a lead-in every name
/// needs two words or more (a meta-tag list such as `Jane Doe, John Roe`). A date on the line
/// and what follows it are ignored. Names in capitals are re-cased (`JANE DOE` → `Jane Doe`).
public struct Byline: Sendable, Equatable {
    /// The people credited, cleaned of lead-ins, roles and agency names.
    public var authors: [String]
    /// The agency credited, canonical (`AP`), if any.
    public var wire: String?

    /// A byline from its authors and agency; ``parse(_:)-(Substring)`` reads one from text.
    public init(authors: [String], wire: String?) {
        self.authors = authors
        self.wire = wire
    }

    /// Parses a byline line (`By Thomas Maresca`, `BY ASSOCIATED PRESS`,
    /// `By Jane Doe and John Roe, Reuters`); `nil` when the line is not a byline. O(n).
    public static func parse(_ line: Substring) -> Byline? {
        var text = line
        if text.utf8.count > 300 { return nil }
        if let date = DateParser.find(in: text) { text = text[..<date.range.lowerBound] }
        return withUTF8Bytes(text) { scan($0) }
    }

    /// See ``parse(_:)-(Substring)``.
    public static func parse(_ line: String) -> Byline? { parse(line[...]) }

    /// A name as a person would write it: lead-in (`By`) and surrounding punctuation removed,
    /// runs of spaces collapsed, and a name in capitals re-cased (`JANE O'NEIL-SMITH` →
    /// `Jane O'Neil-Smith`). Names in mixed case are kept (`McDonald`, `van der Berg`).
    public static func cleanAuthorName(_ name: String) -> String {
        var words = name.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\u{A0}" })
        if let f = words.first, leadIns.contains(WordKey(String(f))), words.count > 1 { words.removeFirst() }
        var joined = words.joined(separator: " ")
        let trim: Set<Character> = [",", ";", ":", "|", "-", "—", "–", "·", "(", ")", "/", "•"]
        while let c = joined.last, trim.contains(c) { joined.removeLast() }
        while let c = joined.first, trim.contains(c) { joined.removeFirst() }
        let bytes = Array(joined.utf8)
        var lower = false
        var i = 0
        while i < bytes.count {
            if bytes[i] >= 0x61 && bytes[i] <= 0x7A { lower = true; break }
            if bytes[i] == 0xC3, i + 1 < bytes.count, bytes[i + 1] >= 0xA0 { lower = true; break }
            i += 1
        }
        guard !lower else { return joined }
        // All capitals: keep the first letter of each word part, lower-case the rest.
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var atStart = true
        i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c >= 0x41 && c <= 0x5A {
                out.append(atStart ? c : c | 0x20)
                atStart = false
            } else if c == 0xC3, i + 1 < bytes.count {
                let d = bytes[i + 1]
                out.append(c)
                out.append(!atStart && d >= 0x80 && d <= 0x9E && d != 0x97 ? d | 0x20 : d)
                atStart = false
                i += 1
            } else {
                out.append(c)
                atStart = c == 0x20 || c == 0x2D || c == 0x27 || c == 0x2E
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Scanning

    private static func scan(_ b: UnsafeBufferPointer<UInt8>) -> Byline? {
        let t = MetaToken.tokenize(b)
        guard !t.isEmpty else { return nil }
        var i = 0
        var hasLeadIn = false
        // Lead-in: `By`, `Written by`, `Reporting by`, `Von`, ...
        if t[0].kind == .word {
            if leadIns.contains(t[0].key), t.count > 1 {
                hasLeadIn = true
                i = 1
            } else if leadInFirstWords.contains(t[0].key), t.count > 2, t[1].isWord(Keys.by) {
                hasLeadIn = true
                i = 2
            }
        }
        if hasLeadIn, i < t.count, t[i].isPunct(0x3A) { i += 1 }
        // Parts.
        var parts: [Range<Int>] = []
        var start = i
        while i < t.count {
            let k = t[i]
            var split = false
            if k.kind == .punct {
                switch k.value {
                case 0x2C, 0x3B, 0x7C, 0x2F, 0x28, 0x29, 0x26, MetaToken.dash, MetaToken.bullet: split = true
                case 0x2D: split = k.spaceBefore
                default: split = false
                }
            } else if k.kind == .word, conjunctions.contains(k.key), !isInitial(b, k) {
                split = true
            }
            if split {
                if start < i { parts.append(start..<i) }
                start = i + 1
            }
            i += 1
        }
        if start < t.count { parts.append(start..<t.count) }
        guard !parts.isEmpty, parts.count <= 10 else { return nil }

        var authors: [String] = []
        var wire: String? = nil
        for (n, part) in parts.enumerated() {
            let slice = UnsafeBufferPointer(rebasing: b[t[part.lowerBound].start..<t[part.upperBound - 1].end])
            if let w = WireCredit.detect(slice, tokens: MetaToken.tokenize(slice)) {
                if wire == nil { wire = w }
                continue
            }
            var words = part.filter { t[$0].kind == .word }
            if words.contains(where: { roles.contains(t[$0].key) }) { continue }
            if part.contains(where: { t[$0].kind == .number }) { return nil }
            // `Jane Doe for The Times`, `Jane Doe in Washington`: keep the name before.
            if let cut = words.firstIndex(where: {
                (cutWords.contains(t[$0].key) && !startsUpper(b, t[$0])) || trailingLabels.contains(t[$0].key)
            }) {
                words = Array(words[..<cut])
            }
            guard let firstWord = words.first, let lastWord = words.last else { continue }
            let capitalised = words.allSatisfy { startsUpper(b, t[$0]) || particles.contains(t[$0].key) }
            guard capitalised, startsUpper(b, t[firstWord]), startsUpper(b, t[lastWord]), words.count <= 5 else {
                return nil
            }
            if words.count == 1 {
                let key = t[firstWord].key
                if DateVocabulary.weekdays.contains(key) || DateVocabulary.months[key] != nil { return nil }
                // A one-word part after the first is an organisation (`CNN`); without a lead-in
                // a single word is not a name.
                if n > 0 || !hasLeadIn { continue }
            }
            let raw = String(decoding: UnsafeBufferPointer(rebasing: b[t[firstWord].start..<t[lastWord].end]), as: UTF8.self)
            let name = cleanAuthorName(raw)
            if !name.isEmpty, !authors.contains(name) { authors.append(name) }
        }
        if authors.isEmpty, wire == nil { return nil }
        return Byline(authors: authors, wire: wire)
    }

    /// `E` in `Jane E. Doe` is an initial, not Portuguese `e` ("and").
    private static func isInitial(_ b: UnsafeBufferPointer<UInt8>, _ k: MetaToken) -> Bool {
        k.end - k.start == 1 && b[k.start] >= 0x41 && b[k.start] <= 0x5A
    }

    private static func startsUpper(_ b: UnsafeBufferPointer<UInt8>, _ k: MetaToken) -> Bool {
        let c = b[k.start]
        if c >= 0x41 && c <= 0x5A { return true }
        if c == 0xC3, k.start + 1 < k.end { return b[k.start + 1] < 0xA0 }
        return c >= 0xC4
    }

    private enum Keys {
        static let by = WordKey("by")
    }

    private static let leadIns: Set<WordKey> = Set(["by", "von", "par", "por", "di", "door"].map(WordKey.init))
    private static let leadInFirstWords: Set<WordKey> = Set(
        ["written", "reported", "reporting", "story", "words", "text", "compiled", "edited"].map(WordKey.init))
    private static let conjunctions: Set<WordKey> = Set(["and", "und", "et", "y", "e", "en", "och", "og"].map(WordKey.init))
    private static let cutWords: Set<WordKey> = Set(
        ["for", "in", "at", "from", "für", "aus", "pour", "para", "desde", "per", "with", "via"].map(WordKey.init))
    private static let particles: Set<WordKey> = Set(
        ["van", "von", "der", "den", "de", "da", "del", "della", "di", "du", "la", "le", "bin", "binti",
         "ibn", "al", "el", "dos", "das", "do", "ter", "ten", "zu", "af", "st"].map(WordKey.init))
    /// Words that end the names on a line (`By Jane Doe Updated ...`).
    private static let trailingLabels: Set<WordKey> = Set(
        ["updated", "published", "posted", "aktualisiert", "veröffentlicht", "publié", "mis",
         "actualizado", "publicado", "aggiornato", "pubblicato", "atualizado", "bijgewerkt",
         "gepubliceerd"].map(WordKey.init))
    /// Words that make a part a role, not a name.
    private static let roles: Set<WordKey> = Set(
        ["writer", "writers", "correspondent", "correspondents", "reporter", "reporters", "editor",
         "editors", "staff", "contributor", "contributors", "columnist", "journalist", "journalists",
         "photographer", "producer", "analyst", "chief", "bureau", "desk", "team", "intern",
         "freelance", "freelancer", "senior", "author", "authors", "redaktion", "redakteur",
         "korrespondent", "korrespondentin", "rédaction", "envoyé", "envoyée", "spécial", "spéciale",
         "redacción", "corresponsal", "enviado", "enviada", "redazione", "inviato", "inviata",
         "redactie", "newsroom", "wires", "agencies", "agency"]
            .map(WordKey.init))
}
