/// Recognises the language of an article body from its most common short words, for pages that
/// do not declare one. Covers the languages whose function words are distinctive in Latin
/// script: English, German, French, Spanish, Italian, Portuguese, Dutch. Anything else gives
/// `nil` rather than a guess.
///
/// ```swift
/// LanguageGuess.guess(["Der Bundestag hat am Dienstag das Gesetz beschlossen, und die ..."])  // "de"
/// ```
public enum LanguageGuess {
    /// Function words per language: frequent, short, and rare in the other languages listed.
    static let vocabulary: [(String, Set<String>)] = [
        ("en", ["the", "and", "of", "to", "is", "that", "was", "for", "with", "said", "he", "it", "on", "his", "by"]),
        ("de", ["der", "die", "und", "das", "ist", "nicht", "mit", "sich", "auf", "dem", "den", "ein", "eine", "auch", "wird"]),
        ("fr", ["le", "la", "les", "et", "des", "est", "une", "dans", "pour", "que", "qui", "pas", "sur", "du", "au"]),
        ("es", ["el", "los", "las", "y", "que", "del", "una", "por", "con", "para", "es", "se", "su", "al", "como"]),
        ("it", ["il", "che", "di", "della", "per", "non", "una", "sono", "con", "del", "gli", "nel", "alla", "anche", "è"]),
        ("pt", ["o", "os", "que", "não", "uma", "com", "para", "do", "da", "dos", "em", "no", "na", "ao", "foi"]),
        ("nl", ["de", "het", "een", "van", "en", "niet", "dat", "op", "zijn", "met", "voor", "ook", "wordt", "naar", "bij"]),
    ]

    /// Words read at most: enough to decide, cheap on long pages.
    static let sampleWords = 400
    /// Fewer hits than this on the best language: not enough evidence.
    static let minimumHits = 8

    /// The language tag, or `nil` when the text is too short or in none of the languages known.
    public static func guess<S: Sequence>(_ paragraphs: S) -> String? where S.Element: StringProtocol {
        var counts = [Int](repeating: 0, count: vocabulary.count)
        var seen = 0
        var word: [UInt8] = []
        func score() {
            guard !word.isEmpty, word.count <= 6 else { return }
            let w = String(decoding: word, as: UTF8.self)
            for (i, entry) in vocabulary.enumerated() where entry.1.contains(w) { counts[i] += 1 }
        }
        outer: for p in paragraphs {
            for b in p.utf8 {
                let letter = (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || b >= 0x80
                if letter {
                    word.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                } else if !word.isEmpty {
                    score()
                    word.removeAll(keepingCapacity: true)
                    seen += 1
                    if seen >= sampleWords { break outer }
                }
            }
            if !word.isEmpty {
                score()
                word.removeAll(keepingCapacity: true)
                seen += 1
            }
        }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] >= minimumHits else {
            return nil
        }
        let second = counts.indices.filter { $0 != best }.map { counts[$0] }.max() ?? 0
        // The winner must stand clearly apart (e.g. Spanish and Portuguese share many words).
        guard Double(counts[best]) >= 1.3 * Double(second) else { return nil }
        return vocabulary[best].0
    }
}
