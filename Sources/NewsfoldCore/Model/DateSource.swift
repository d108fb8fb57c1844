/// Where on the page an article's published date was read.
///
/// A page often states its date several times (structured data, the address, the line under
/// the headline); the extractor gathers them all and chooses by agreement (see
/// `DateEvidence` in NewsfoldExtract). ``Article/publishedSource`` names the source of the one
/// chosen, so that each source's reliability can be measured and a reader can weigh the date.
/// The raw values are the names `extract` writes in `published_source`.
public enum DateSource: String, Sendable, CaseIterable, Codable {
    /// JSON-LD `datePublished` of the article (or its web page).
    case jsonLD = "json-ld"
    /// A `<meta>` tag: `article:published_time`, `og:published_time`, `dc.date`, `pubdate`, ...
    case meta
    /// An element marked `itemprop="datePublished"` (or `dateCreated`).
    case itemprop
    /// A `<time>` element marked as the publication time (`pubdate`, `published` in its name).
    case time
    /// The text of an element named as a date (`class="date"`, `publish-time`, ...).
    case dateLine = "date-line"
    /// The address: `/2023/09/05/`, `/2023-09-05`, `/05-09-2023`.
    case url
    /// A short line next to the headline (the byline area).
    case headline
    /// The first `<time>` on the page, not marked as the publication time.
    case pageTime = "page-time"
    /// A short dated line further down the page (`Published 5 Sept 2023`, `Datum: ...`).
    case pageLine = "page-line"
    /// The page's title.
    case title
    /// The modified date, for want of any other.
    case modified
    /// An "Updated ..." line, for want of any other.
    case updateLine = "update-line"
    /// A labelled or lone date line of crawled plain text.
    case textLine = "text-line"
    /// A publication field in the data a page's scripts carry (`"datePublished": "…"` in an
    /// app's state, outside JSON-LD), for want of any other.
    case scriptData = "script-data"
}

/// One date a page states for its publication, and where it was read: the evidence an
/// article's published date is chosen from (``Article/dateEvidence``).
///
/// ```swift
/// for c in article.dateEvidence { print(c.source.rawValue, c.date.iso8601) }
/// // json-ld 2020-03-11T21:30:00-04:00
/// // url 2020-03-11
/// ```
public struct DateCandidate: Sendable, Equatable {
    /// The date, as precise as the page states it.
    public var date: NewsDate
    /// Where it was read.
    public var source: DateSource

    /// A date and where it was read.
    public init(date: NewsDate, source: DateSource) {
        self.date = date
        self.source = source
    }
}
