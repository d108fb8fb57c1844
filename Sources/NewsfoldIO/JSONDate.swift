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
/// - A Unix time, as a JSON number or a string of 10 or 13 digits: seconds from 10⁸ (1973)
///   on, or milliseconds from 10¹¹ on (no time of 1973–5138 in seconds is that large, none
///   after 1973 in milliseconds is smaller); a smaller number (a year, a count) is refused.
///
/// What cannot be read leaves the date unknown and says so in ``warning``, naming the field and
/// quoting the value (cut to 60 Unicode scalars, control and direction characters escaped: the
/// text is the input's). A missing field, `null`, `""` or blanks say nothing: no date was given.
///
/// ```swift
/// let d = JSONDate(.string("Tue, 03 May 2016 14:22:00 GMT"), field: "published")
/// d.date?.iso8601   // "2016-05-03T14:22:00Z"
/// JSONDate(.string("yesterday"), field: "published").warning
/// // "\"published\" is \"yesterday\", which is not a date: the article is taken as undated"
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
            if let date = JSONDate.unixTime(n) {
                self.init(date: date, warning: nil)
            } else {
                let shown = JSONValue.number(n).stringOrNumber ?? "?"
                self.init(
                    date: nil,
                    warning: "\"\(field)\" is the number \(shown), which is not a Unix time from 1973 to 2200"
                        + JSONDate.ending(field))
            }
        case let other?:
            self.init(date: nil, warning: "\"\(field)\" is \(other.kindName), not a date" + JSONDate.ending(field))
        }
    }

    /// Seconds from 1973-03-03 (10⁸) on, or milliseconds (10¹¹ and more), up to 2200.
    private static func unixTime(_ n: Double) -> NewsDate? {
        let seconds = n >= 1e11 ? n / 1000 : n
        guard n >= 1e8, seconds < 1e13 else { return nil }
        let date = NewsDate(utcInstant: Int64(seconds.rounded(.down)))
        return date.year <= 2200 ? date : nil
    }

    private static func read(_ text: String, field: String) -> JSONDate {
        if let iso = NewsDate(iso8601: text) { return JSONDate(date: iso, warning: nil) }
        let bytes = text.utf8
        // "" or blanks: no date given.
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return JSONDate(date: nil, warning: nil)
        }
        // A Unix time written as text: 10 digits (seconds) or 13 (milliseconds).
        if bytes.count == 10 || bytes.count == 13, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let n = Double(text), let date = unixTime(n)
        {
            return JSONDate(date: date, warning: nil)
        }
        guard let match = DateParser.parseMatch(text[...]) else {
            return JSONDate(date: nil, warning: "\"\(field)\" is \(shown(text)), which is not a date" + ending(field))
        }
        guard match.isAmbiguous else { return JSONDate(date: match.date, warning: nil) }
        let guess = "read month first as \(match.date.iso8601)"
        return JSONDate(
            date: match.date,
            warning: "\"\(field)\" \(shown(text)) could be day first or month first; \(guess)\(guessed)")
    }

    /// What an unreadable value of `field` leaves unknown.
    private static func ending(_ field: String) -> String {
        switch field {
        case "published": return undatedEnding
        case "updated": return ": the article's update time is left unknown"
        default: return ": the crawl time is left unknown"
        }
    }

    private static let undatedEnding = ": the article is taken as undated"
    private static let guessed = " (write ISO 8601 to be sure)"

    /// Whether `warning` is one of this type's. Only for warnings Newsfold itself wrote (a
    /// page's, an article's made here): a string copied from the input proves nothing.
    public static func wrote(_ warning: String) -> Bool {
        [undatedEnding, guessed, ending("updated"), ending("crawled")].contains { warning.hasSuffix($0) }
    }

    /// The value quoted for a message: at most 60 Unicode scalars, with control characters (C0,
    /// C1) and the marks that turn text direction escaped, so that the input cannot drive the
    /// terminal that shows the message.
    private static func shown(_ text: String) -> String {
        var out = "\""
        for (n, c) in text.unicodeScalars.enumerated() {
            if n == 60 { return out + "…\"" }
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where c.value < 0x20 || (0x7F...0x9F).contains(c.value) || isDirectionMark(c.value):
                out += "\\u{\(String(c.value, radix: 16))}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// U+200E, U+200F, U+202A–U+202E and U+2066–U+2069: the marks and overrides of text direction.
    private static func isDirectionMark(_ v: UInt32) -> Bool {
        v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}
