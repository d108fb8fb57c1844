/// The thresholds of provenance analysis, each with the reason for its value.
///
/// None is tuned to a particular page: each follows from what a copy, an edit or an
/// independent report does to a sentence of ordinary news prose (10–60 words).
public enum ProvenanceThresholds {
    /// Two sentences are counterparts from this Dice coefficient of word bigrams on: a 30-word
    /// sentence stays above 0.7 with 5 words spliced in or 3 words replaced, while sentences of
    /// two reports of one event (same names, own words) share few word pairs and stay below 0.3.
    public static let sentenceMatch = 0.5

    /// "Otherwise verbatim": a sentence (or headline) of the copy keeps at least this share of
    /// its counterpart's words in order. Below it the sentence was rewritten, and new words
    /// in it are rewording, not an injection.
    public static let verbatimWordShare = 0.8

    /// Injected text brings at least this many new words (net of those it replaces) that no
    /// other member has: one new word is a typo fix, a transliteration or a spelt-out name.
    public static let injectedMinWords = 2

    /// A copy with changed words (outside flagged injections, boilerplate and a truncated tail)
    /// up to this share of the original's words is a `copy`; more is an `edited-copy`. 2% lets
    /// a copy fix a typo or two in a 300-word story, but not respell it or trim paragraphs.
    public static let copyMaxChangedShare = 0.02

    /// A group member with less than this share of its words in sentences that have a
    /// counterpart in the original is a `rewrite`: it kept passages, not the text.
    public static let rewriteMaxAlignedShare = 0.6

    /// An article of another copy group with at least this share of its word 5-shingles found
    /// in one other article is a `rewrite` of it; below, `independent`. Independent reports
    /// share quotes and names, typically a small share of their shingles; a third of a text
    /// verbatim is more than quoting.
    public static let rewriteMinContainment = 0.3

    /// A copy whose missing tail holds at least this share of the original's words is
    /// `truncated`. One dropped credit line or closing sentence is well under it.
    public static let truncatedMinTailShare = 0.2

    /// Dates further apart than this are not one story's time: a date this far from the
    /// consensus of the story's other dates is a `date-anomaly` (follow-ups and late
    /// syndication stay within days or weeks of the event, and chain on).
    public static let farDateSeconds: Int64 = 30 * 86_400

    /// A story's dates have a consensus when its largest chain of dates (see `DateChecks`) holds
    /// at least this many articles, and more than any other chain: with one date against one,
    /// either could be the wrong one.
    public static let consensusMinDates = 2

    /// A time given without a zone may be off by up to this much (UTC−12 … UTC+14).
    public static let unzonedUncertaintySeconds: Int64 = 14 * 3600

    /// A sentence of a report is new to the story when less than this share of its word pairs
    /// occurs in any other article.
    public static let novelSentenceMaxShared = 0.5

    /// Sentences shorter than this are not listed as additions (labels, fragments).
    public static let novelSentenceMinWords = 5

    /// Completeness scores closer than this do not decide the original; the wire credit and
    /// the date do.
    public static let completenessMargin = 0.02

    /// At most this many members compete on completeness (the longest), which bounds choosing
    /// the original of a large undated group to O(16 × members × shingles).
    public static let maxOriginalCandidates = 16
}
