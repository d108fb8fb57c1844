/// Recognises news agencies (wire services) in credits, bylines and datelines.
public enum WireCredit {
    /// The canonical short name (`AP`, `Reuters`, `AFP`, `UPI`, ...) of the agency that `text`
    /// names or credits, or `nil`.
    public static func detect(in text: Substring) -> String? { nil }
}

/// A parsed dateline: `SEOUL, Sept. 5 (UPI) --` or `WASHINGTON (AP) —`.
public struct Dateline: Sendable, Equatable {
    /// The place, as written (`SEOUL`, `DEATH VALLEY JUNCTION, Calif.`).
    public var place: String
    /// The agency named in the dateline, canonical (`UPI`).
    public var wire: String?
    /// Where the dateline ends and the sentence begins.
    public var bodyStart: String.Index

    public init(place: String, wire: String?, bodyStart: String.Index) {
        self.place = place
        self.wire = wire
        self.bodyStart = bodyStart
    }

    /// Parses the dateline at the start of a paragraph, or returns `nil` when there is none.
    public static func parse(_ paragraph: String) -> Dateline? { nil }
}

/// A parsed byline: the people credited and the agency, if any.
public struct Byline: Sendable, Equatable {
    public var authors: [String]
    public var wire: String?

    public init(authors: [String], wire: String?) {
        self.authors = authors
        self.wire = wire
    }

    /// Parses a byline line (`By Thomas Maresca`, `BY ASSOCIATED PRESS`,
    /// `By Jane Doe and John Roe, Reuters`); `nil` when the line is not a byline.
    public static func parse(_ line: Substring) -> Byline? { nil }
}
