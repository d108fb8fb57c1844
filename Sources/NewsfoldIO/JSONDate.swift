import NewsfoldCore
import NewsfoldExtract

/// A date given in a JSON field of the input (`published`, `updated`, `crawled`,
/// `fetched_at`): read in every form a crawl or a feed writes, and never dropped in silence.
///
/// - ISO 8601 first (what `newsfold extract` writes; the fast path): `2016-05-03`,
///   `2016-05-03T14:22:00-04:00`, `2016-05-03 14:22:00`.
/// - Then the forms pages write, through ``DateParser``: RFC 2822 (`Tue, 03 May 2016 14:22:00 GMT`),
///   `May 3, 2016 2:22 PM EDT`, `3 May 2016`, `05/03/2016` (month first, with a warning when
///   the day could be the month).
/// - A JSON number is a Unix time: seconds from 10⁸ (1973) on, or milliseconds from 10¹¹ on
///   (no time of 1973–5138 in seconds is that large, none after 1973 in milliseconds is
///   smaller); a smaller number (a year, a count) is refused.
///
/// What cannot be read leaves the date unknown and says so in ``warning``, naming the field and
/// quoting the value (cut to 60 characters: the text is the input's).
///
/// ```swift
/// let d = JSONDate(.string("Tue, 03 May 2016 14:22:00 GMT"), field: "published")
/// d.date?.iso8601   // "2016-05-03T14:22:00Z"
/// JSONDate(.string("yesterday"), field: "published").warning
/// // "\"published\" is \"yesterday\", which is not a date\(JSONDate.undated)"
/// ```
public struct JSONDate: Sendable, Equatable {
    /// The date, or `nil` when the field is missing, `null` or unreadable.
    public var date: NewsDate?
    /// Why the value was not read as written (unreadable, or read with a guess), else `nil`.
    public var warning: String?

    private init(date: NewsDate?, warning: String?) {
        self.date = date
        self.warning = warning
    }

    /// Reads `value`, the content of the field named `field` (`nil` when the field is missing).
    public init(_ value: JSONValue?, field: String) {
        switch value {
        case nil, .null?:
            self.init(date: nil, warning: nil)
        case .string(let text)?:
            self = JSONDate.read(text, field: field)
        case .number(let n)?:
            // Seconds from 1973-03-03 (10⁸) on, or milliseconds (10¹¹ and more, to 5138):
            // a smaller number (a year, a count) is not a time stamp.
            let seconds = n >= 1e11 ? n / 1000 : n
            if n >= 1e8, seconds < 1e13 {
                let date = NewsDate(utcInstant: Int64(seconds.rounded(.down)))
                if date.year <= 2200 {
                    self.init(date: date, warning: nil)
                    return
                }
            }
            self.init(date: nil, warning: "\"\(field)\" is the number \(JSONValue.number(n).stringOrNumber ?? "?"), which is not a Unix time from 1973 to 2200\(JSONDate.undated)")
        case let other?:
            self.init(date: nil, warning: "\"\(field)\" is \(kindName(other)), not a date\(JSONDate.undated)")
        }
    }

    private static func read(_ text: String, field: String) -> JSONDate {
        if let iso = NewsDate(iso8601: text) { return JSONDate(date: iso, warning: nil) }
        // "" or blanks: no date given.
        if text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return JSONDate(date: nil, warning: nil) }
        guard let match = DateParser.parseMatch(text[...]) else {
            return JSONDate(date: nil, warning: "\"\(field)\" is \(shown(text)), which is not a date\(undated)")
        }
        guard match.isAmbiguous else { return JSONDate(date: match.date, warning: nil) }
        let guess = "read month first as \(match.date.iso8601)"
        return JSONDate(
            date: match.date,
            warning: "\"\(field)\" \(shown(text)) could be day first or month first; \(guess)\(guessed)")
    }

    private static let undated = ": the article is taken as undated"
    private static let guessed = " (write ISO 8601 to be sure)"

    /// Whether `warning` is one of this type's (an article keeps them among its
    /// ``Article/warnings``; `stories`, `dedup`, `sign` and `ingest` also print them on stderr).
    public static func wrote(_ warning: String) -> Bool {
        warning.hasSuffix(undated) || warning.hasSuffix(guessed)
    }

    /// The value quoted for a message, cut to 60 characters (the input's text, however long).
    private static func shown(_ text: String) -> String {
        var out = "\""
        for (n, c) in text.unicodeScalars.enumerated() {
            if n == 60 { return out + "…\"" }
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where c.value < 0x20 || c.value == 0x7F: out += "\\u{\(String(c.value, radix: 16))}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}
