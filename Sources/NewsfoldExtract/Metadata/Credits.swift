/// Recognises news agencies (wire services) in credits, bylines and datelines.
///
/// ```swift
/// WireCredit.detect(in: "WASHINGTON (AP) — A U.S. official")   // "AP"
/// WireCredit.detect(in: "By Jane Doe and John Roe, Reuters")    // "Reuters"
/// WireCredit.detect(in: "Follow the AP Stylebook")              // nil
/// ```
///
/// What counts (case matters for short names, so that words are not mistaken for agencies):
/// - Full names in any case, hyphen or space between words: `Associated Press`,
///   `Agence France-Presse`, `United Press International`, `Deutsche Presse-Agentur`,
///   `Press Trust of India`, `The Canadian Press`, `Australian Associated Press`, ... .
/// - Acronyms only in capitals and as whole words: `AP`, `AFP`, `UPI`, `EFE`, `ANSA`, `PTI`,
///   `IANS`, `ANI`, `AAP`, `TASS`, `DPA`, and dpa's own lower-case `dpa`. `AP` followed by
///   `Photo`, `Images`, `Stylebook`, `Style`, `Exam`, `Test`, `Poll` does not count (a photo or
///   style credit, a school exam).
/// - Agency names that are words: `Reuters`, `Kyodo`, `Yonhap`, `Xinhua`, `Interfax`,
///   `Bernama` capitalised or in capitals, never in lower case.
/// - Names that are also ordinary words or people (`CP`, `Bloomberg`): only in parentheses,
///   as `(CP)` or `(Bloomberg)`, or as the whole text.
///
/// It reports the first agency named. A name in running text ("spoke to The Associated
/// Press") is a mention, not a credit: give it credit-like text (bylines, datelines, credit lines).
public enum WireCredit {
    /// The canonical short name (`AP`, `Reuters`, `AFP`, `UPI`, ...) of the agency that `text`
    /// names or credits, or `nil`. O(n).
    public static func detect(in text: Substring) -> String? {
        withUTF8Bytes(text) { bytes in detect(bytes, tokens: MetaToken.tokenize(bytes)) }
    }

    /// See ``detect(in:)-(Substring)``.
    public static func detect(in text: String) -> String? { detect(in: text[...]) }

    static func detect(_ bytes: UnsafeBufferPointer<UInt8>, tokens t: [MetaToken]) -> String? {
        let words = t.reduce(0) { $0 + ($1.kind == .word ? 1 : 0) }
        for i in t.indices where t[i].kind == .word {
            // Phrases (longest first in the table).
            for (phrase, name) in Vocabulary.phrases where t[i].key == phrase[0] {
                var j = i + 1
                var ok = true
                for w in phrase.dropFirst() {
                    if j < t.count, t[j].isPunct(0x2D) { j += 1 }
                    guard j < t.count, t[j].isWord(w) else { ok = false; break }
                    j += 1
                }
                if ok { return name }
            }
            let tok = t[i]
            if let name = Vocabulary.acronyms[tok.key], isCase(bytes, tok, upper: true) || (name == "dpa" && isCase(bytes, tok, upper: false)) {
                if name == "AP", i + 1 < t.count, t[i + 1].kind == .word, Vocabulary.notAP.contains(t[i + 1].key) { continue }
                if i + 1 < t.count, !t[i + 1].spaceBefore, t[i + 1].kind == .number { continue }
                return name
            }
            if let name = Vocabulary.names[tok.key], bytes[tok.start] >= 0x41, bytes[tok.start] <= 0x5A {
                return name
            }
            if let name = Vocabulary.guarded[tok.key], bytes[tok.start] >= 0x41, bytes[tok.start] <= 0x5A {
                let inParens = i > 0 && t[i - 1].isPunct(0x28) && i + 1 < t.count && t[i + 1].isPunct(0x29)
                if inParens || words == 1 { return name }
            }
        }
        return nil
    }

    /// Whether every letter of the token is upper-case (`upper`) or lower-case ASCII.
    static func isCase(_ bytes: UnsafeBufferPointer<UInt8>, _ tok: MetaToken, upper: Bool) -> Bool {
        for i in tok.start..<tok.end {
            let c = bytes[i]
            if upper ? !(c >= 0x41 && c <= 0x5A) : !(c >= 0x61 && c <= 0x7A) { return false }
        }
        return true
    }

    enum Vocabulary {
        static let phrases: [([WordKey], String)] = [
            ("australian associated press", "AAP"), ("associated press", "AP"),
            ("agence france presse", "AFP"), ("united press international", "UPI"),
            ("deutsche presse agentur", "dpa"), ("agencia efe", "EFE"),
            ("press trust of india", "PTI"), ("indo asian news service", "IANS"),
            ("asian news international", "ANI"), ("canadian press", "CP"),
            ("bloomberg news", "Bloomberg"), ("kyodo news", "Kyodo"), ("anadolu agency", "Anadolu"),
            ("europa press", "Europa Press"), ("ria novosti", "RIA Novosti"),
            ("agenzia nazionale stampa associata", "ANSA"), ("agência lusa", "Lusa"),
            ("agencia lusa", "Lusa"), ("yonhap news agency", "Yonhap"),
        ].map { (phrase, name) in (phrase.split(separator: " ").map { WordKey(String($0)) }, name) }

        static let acronyms: [WordKey: String] = [
            WordKey("ap"): "AP", WordKey("afp"): "AFP", WordKey("upi"): "UPI", WordKey("efe"): "EFE",
            WordKey("ansa"): "ANSA", WordKey("pti"): "PTI", WordKey("ians"): "IANS", WordKey("ani"): "ANI",
            WordKey("aap"): "AAP", WordKey("tass"): "TASS", WordKey("dpa"): "dpa",
        ]

        static let names: [WordKey: String] = [
            WordKey("reuters"): "Reuters", WordKey("kyodo"): "Kyodo", WordKey("yonhap"): "Yonhap",
            WordKey("xinhua"): "Xinhua", WordKey("interfax"): "Interfax", WordKey("bernama"): "Bernama",
        ]

        static let guarded: [WordKey: String] = [WordKey("cp"): "CP", WordKey("bloomberg"): "Bloomberg"]

        static let notAP: Set<WordKey> = Set(
            ["photo", "photos", "images", "image", "stylebook", "style", "exam", "exams", "test", "tests",
             "poll", "course", "courses", "class", "classes", "credit", "credits"].map(WordKey.init))
    }
}
