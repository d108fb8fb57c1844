import NewsfoldCore

/// What both stores' search shares: the words of a query, and hits from result rows.
enum StoreSearch {
    /// The words of a search query, as the SQLite index (`unicode61`, default categories
    /// `L* N* Co`) cuts text: runs of letters, digits and private-use characters; everything
    /// else separates (`Korea’s` is `Korea`, `s`). At most 32. Queries are short: this walks
    /// their scalars.
    static func words(_ query: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        for scalar in query.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .decimalNumber, .letterNumber, .otherNumber, .privateUse:
                current.append(scalar)
            default:
                flush()
            }
            if words.count == 32 { return words }
        }
        flush()
        return Array(words.prefix(32))
    }

    /// Search results from rows of `id, story, group_id, title, site, published, snippet`.
    static func hits(_ rows: [SQLRow]) throws -> [SearchHit] {
        try rows.map { row in
            SearchHit(
                id: try row.text(0), story: try row.int(1), group: try row.text(2), title: try row.optionalText(3),
                site: try row.optionalText(4), published: try row.optionalText(5).flatMap { NewsDate(iso8601: $0) },
                snippet: try row.optionalText(6) ?? "")
        }
    }
}
