/// One article of a story, as provenance analysis sees it: the article and the copy group
/// the copy-group engine put it in.
///
/// ```swift
/// let inputs = articles.map { ProvenanceInput(article: $0, group: assignment[$0.id]!.group) }
/// let report = ProvenanceAnalyzer().analyze(story: inputs)
/// ```
public struct ProvenanceInput: Sendable {
    /// The extracted article.
    public var article: Article
    /// Its copy group's id (any string shared by the members of one group; an article alone in
    /// its group may use its own id).
    public var group: String

    /// Pairs an article with the id of its copy group.
    public init(article: Article, group: String) {
        self.article = article
        self.group = group
    }
}

/// What an article is within its story.
public enum ProvenanceRole: String, Sendable, CaseIterable {
    /// The member of a copy group the others were copied from.
    case original
    /// A near-verbatim copy of its group's original.
    case copy
    /// The original's text with edits: spellings, dropped quotation marks, trimmed sentences.
    case editedCopy = "edited-copy"
    /// The same story retold, with large passages shared with another report.
    case rewrite
    /// A report of the same event in its own words.
    case independent
}

/// A warning about one article, with the evidence a person can check and the exact text it is
/// about.
///
/// ```swift
/// for flag in report.member("000")!.flags where flag.kind == .injectedText {
///     print(flag.text, "—", flag.evidence)
/// }
/// ```
public struct ProvenanceFlag: Sendable, Equatable {
    /// What is suspicious.
    public enum Kind: String, Sendable, CaseIterable {
        /// A name (typically the copier's brand) spliced into an otherwise verbatim copy, found in
        /// no other report of the story; never a credit or boilerplate line.
        case injectedText = "injected-text"
        /// A publication date against the consensus of the story's other dates, or after the crawl.
        case dateAnomaly = "date-anomaly"
        /// A copy of a wire story that names no agency while the other copies do.
        case missingAttribution = "missing-attribution"
        /// A copy that stops well before the end of its original.
        case truncated
    }

    /// How strongly the evidence supports the accusation, so a reader knows what to check first.
    public enum Severity: String, Sendable, CaseIterable, Comparable {
        /// Worth knowing, not an accusation: a copy that credits no agency, a trimmed ending.
        case low
        /// Likely, on one piece of evidence: one spliced name, one date against two others.
        case medium
        /// Several independent pieces of evidence agree: a name spliced in two or more places,
        /// a date against three or more agreeing others, a date after the page's crawl.
        case high

        /// Orders by strength, in declaration order: `low < medium < high`.
        public static func < (a: Severity, b: Severity) -> Bool {
            Severity.allCases.firstIndex(of: a)! < Severity.allCases.firstIndex(of: b)!
        }
    }

    /// What the flag is about (injected text, a date anomaly, a missing attribution, a truncation).
    public var kind: Kind
    /// Why, in a sentence a person can check against the pages.
    public var evidence: String
    /// The exact text concerned, as the page wrote it (a span of the article, or its date).
    public var text: String
    /// How strong the evidence is.
    public var severity: Severity

    /// A flag with its kind, its evidence, the text concerned and its strength.
    public init(kind: Kind, evidence: String, text: String, severity: Severity) {
        self.kind = kind
        self.evidence = evidence
        self.text = text
        self.severity = severity
    }
}

/// One change inside an edited sentence (or headline).
public struct WordEdit: Sendable, Equatable {
    /// The kind of change.
    public enum Kind: String, Sendable, CaseIterable {
        /// The same word spelt another way: `authorized→authorised`, `U.S.→US`.
        case spelling
        /// Punctuation that changes what is quoted: quotation marks dropped or added.
        case punctuation
        /// Words replaced by other words.
        case wording
        /// Words only in the copy.
        case inserted
        /// Words only in the original.
        case deleted
    }

    /// The kind of change: spelling, punctuation, wording, an insertion or a deletion.
    public var kind: Kind
    /// The original's text (empty for an insertion).
    public var from: String
    /// The copy's text (empty for a deletion).
    public var to: String
    /// A short human form: `authorized→authorised`, `+"PredictIQ"`, `quotation marks dropped`.
    public var summary: String

    /// An edit of `kind` turning `from` (the original's text) into `to` (the copy's).
    public init(kind: Kind, from: String, to: String, summary: String) {
        self.kind = kind
        self.from = from
        self.to = to
        self.summary = summary
    }
}

/// A sentence of the original and its edited counterpart in a copy.
public struct SentenceChange: Sendable, Equatable {
    /// The original's sentence.
    public var original: String
    /// The copy's sentence.
    public var copy: String
    /// What changed, in reading order.
    public var edits: [WordEdit]

    /// A pair of aligned sentences and the word edits that turn the first into the second.
    public init(original: String, copy: String, edits: [WordEdit]) {
        self.original = original
        self.copy = copy
        self.edits = edits
    }
}

/// How a copy differs from its original, sentence by sentence.
public struct ProvenanceChanges: Sendable, Equatable {
    /// The headline, when its words differ.
    public var headline: SentenceChange?
    /// Sentences of the copy with no counterpart in the original.
    public var added: [String]
    /// Sentences of the original with no counterpart in the copy.
    public var dropped: [String]
    /// Sentence pairs that match but differ in words or quotation marks.
    public var edited: [SentenceChange]
    /// Original sentences whose counterpart comes in another order in the copy.
    public var reordered: Int

    /// The changes of a copy; the defaults describe a copy that is word for word its original.
    public init(
        headline: SentenceChange? = nil, added: [String] = [], dropped: [String] = [],
        edited: [SentenceChange] = [], reordered: Int = 0
    ) {
        self.headline = headline
        self.added = added
        self.dropped = dropped
        self.edited = edited
        self.reordered = reordered
    }

    /// `true` when the copy is word for word the original.
    public var isEmpty: Bool {
        headline == nil && added.isEmpty && dropped.isEmpty && edited.isEmpty && reordered == 0
    }

    /// Every word edit, headline first.
    public var allEdits: [WordEdit] { (headline?.edits ?? []) + edited.flatMap(\.edits) }
}

/// What a report says that no other article of its story says.
public struct Additions: Sendable, Equatable {
    /// Sentences with no counterpart in any other article of the story: those with the most
    /// new names and numbers first, then those with the most words no other article uses.
    public var sentences: [String]
    /// Names (capitalised word runs) found in no other article.
    public var entities: [String]
    /// Numbers found in no other article (outside the names above).
    public var numbers: [String]

    /// What an article adds; the defaults add nothing.
    public init(sentences: [String] = [], entities: [String] = [], numbers: [String] = []) {
        self.sentences = sentences
        self.entities = entities
        self.numbers = numbers
    }

    /// `true` when the article adds no sentence, name or number.
    public var isEmpty: Bool { sentences.isEmpty && entities.isEmpty && numbers.isEmpty }
}

/// One article's place in its story: role, closeness to what it was compared with, changes,
/// flags and (for independent reports and rewrites) what it adds.
public struct ProvenanceMember: Sendable, Equatable {
    /// The article's id (``Article/id``).
    public var id: String
    /// What the article is within its story: original, copy, edited copy, rewrite or independent.
    public var role: ProvenanceRole
    /// The article it was compared with: its group's original for copies, the nearest
    /// article of another group for rewrites and independent reports; `nil` for an original.
    public var comparedWith: String?
    /// Jaccard similarity of word 5-shingles with ``comparedWith`` (1 for an original).
    public var similarity: Double
    /// Share of this article's word 5-shingles found in ``comparedWith`` (1 for an original).
    public var containment: Double
    /// How it differs from its group's original (empty for originals and independent reports).
    public var changes: ProvenanceChanges
    /// Warnings about the article, each with its evidence (empty when nothing looks wrong).
    public var flags: [ProvenanceFlag]
    /// What it adds to the story (independent reports and rewrites), else `nil`.
    public var adds: Additions?

    /// A member; the defaults describe an original (similarity and containment 1, no changes,
    /// no flags, nothing added).
    public init(
        id: String, role: ProvenanceRole, comparedWith: String? = nil, similarity: Double = 1,
        containment: Double = 1, changes: ProvenanceChanges = ProvenanceChanges(),
        flags: [ProvenanceFlag] = [], adds: Additions? = nil
    ) {
        self.id = id
        self.role = role
        self.comparedWith = comparedWith
        self.similarity = similarity
        self.containment = containment
        self.changes = changes
        self.flags = flags
        self.adds = adds
    }

    /// `true` when the member carries a flag of this kind.
    public func has(_ kind: ProvenanceFlag.Kind) -> Bool { flags.contains { $0.kind == kind } }
}

/// One copy group of a story: its original, why, and every member (original first).
public struct ProvenanceGroup: Sendable, Equatable {
    /// The copy group's id, as given in ``ProvenanceInput/group``.
    public var id: String
    /// The id of the member chosen as original.
    public var original: String
    /// Why that member: dates, completeness, wire credit.
    public var evidence: String
    /// The members, original first, then by publication date.
    public var members: [ProvenanceMember]

    /// A group with its original and the members, which should come original first.
    public init(id: String, original: String, evidence: String, members: [ProvenanceMember]) {
        self.id = id
        self.original = original
        self.evidence = evidence
        self.members = members
    }
}

/// The provenance of one story: which page is the original of each copy group, who copied it
/// and how, which copies look tampered with, and what independent reports add.
///
/// ```swift
/// let report = ProvenanceAnalyzer().analyze(story: inputs)
/// for group in report.groups {
///     print("original:", group.original, "—", group.evidence)
///     for m in group.members { print(m.id, m.role.rawValue, m.flags.map(\.kind.rawValue)) }
/// }
/// print(ProvenanceText.render(report))
/// ```
public struct ProvenanceReport: Sendable, Equatable {
    /// Copy groups, largest first (then by the original's date).
    public var groups: [ProvenanceGroup]
    /// Facts about the articles the renderers show (date, site, wire), by id.
    public var articles: [String: ArticleFacts]

    /// A report of `groups` (in the order given) with the facts of their articles by id.
    public init(groups: [ProvenanceGroup], articles: [String: ArticleFacts] = [:]) {
        self.groups = groups
        self.articles = articles
    }

    /// The story's headline, the one definition every output uses (batch `stories`, the store's
    /// list, the API and the pages): the headline of the original of the first copy group
    /// (largest, then earliest) whose original carries no `injected-text` or `date-anomaly`
    /// flag, so a tampered headline never names a story; the first original with a headline
    /// when every one is flagged.
    public var title: String? {
        var fallback: String? = nil
        for g in groups {
            guard let t = articles[g.original]?.title, !t.isEmpty else { continue }
            let flags = g.members.first { $0.id == g.original }?.flags ?? []
            if !flags.contains(where: { $0.kind == .injectedText || $0.kind == .dateAnomaly }) { return t }
            if fallback == nil { fallback = t }
        }
        return fallback
    }

    /// The earliest and latest credible publication dates of the story: every member's date
    /// but those flagged `date-anomaly`. `nil` when no member has such a date.
    public var span: (first: NewsDate, last: NewsDate)? {
        var first: NewsDate? = nil, last: NewsDate? = nil
        for m in members where !m.flags.contains(where: { $0.kind == .dateAnomaly }) {
            guard let d = articles[m.id]?.published, d.isValid else { continue }
            if first.map({ d < $0 }) ?? true { first = d }
            if last.map({ $0 < d }) ?? true { last = d }
        }
        guard let first, let last else { return nil }
        return (first, last)
    }

    /// The member with this id, wherever it is.
    public func member(_ id: String) -> ProvenanceMember? {
        for g in groups { if let m = g.members.first(where: { $0.id == id }) { return m } }
        return nil
    }

    /// The group holding this article.
    public func group(of id: String) -> ProvenanceGroup? {
        groups.first { g in g.members.contains { $0.id == id } }
    }

    /// Every member, group by group.
    public var members: [ProvenanceMember] { groups.flatMap(\.members) }
}

/// What the renderers show about an article besides its provenance.
public struct ArticleFacts: Sendable, Equatable {
    /// The headline (``Article/title``).
    public var title: String?
    /// When the page says it was published (``Article/published``).
    public var published: NewsDate?
    /// Where on the page ``published`` was read (``Article/publishedSource``): a reader weighs a
    /// date from JSON-LD differently from one guessed from a line of the page.
    public var publishedSource: DateSource?
    /// The publication's name, when the page states it (``Article/site``).
    public var site: String?
    /// The host of the page's address without a leading `www.` (``Article/domain``).
    public var domain: String?
    /// The news agency the text is credited to, such as `AP` or `Reuters` (``Article/wire``).
    public var wire: String?
    /// The byline as the page wrote it (``Article/byline``).
    public var byline: String?

    /// Facts given one by one; any left out are `nil`.
    public init(
        title: String? = nil, published: NewsDate? = nil, publishedSource: DateSource? = nil, site: String? = nil,
        domain: String? = nil, wire: String? = nil, byline: String? = nil
    ) {
        self.title = title
        self.published = published
        self.publishedSource = publishedSource
        self.site = site
        self.domain = domain
        self.wire = wire
        self.byline = byline
    }

    /// The facts of an extracted article: its title, date and the date's source, site, domain,
    /// wire and byline.
    public init(_ a: Article) {
        self.init(
            title: a.title, published: a.published, publishedSource: a.publishedSource, site: a.site,
            domain: a.domain, wire: a.wire, byline: a.byline)
    }
}
