/// What an element's `class`, `id` and `role` say about it.
///
/// Names are split into parts at every character that is not an ASCII letter or digit
/// (`article-body__text` → `article`, `body`, `text`) and each part is matched against short
/// lists of words that page furniture is named with. O(length of the names × list size),
/// on bytes.
struct BoilerplateNames {
    /// Page furniture whose name is unambiguous (comments, sharing, related links, cookie
    /// banners): left out unless it turns out to wrap the article.
    var strong = false
    /// Furniture by a weaker name (nav, menu, sidebar, caption, byline, tags, ...).
    var weak = false
    /// A name that main content is often given (article, body, content, story, entry, ...).
    var positive = false
    /// A name Readability counts against a container (meta, widget, footer, ...).
    var negative = false
    /// Names the byline (`byline`, `author`): kept apart for author parsing.
    var byline = false
    /// Visually hidden (`hidden`, `sr-only`, `visually-hidden`).
    var hidden = false
    /// Names a visible date (`date`, `article-date`, `pubdate`, `timestamp`, `published`,
    /// `time`, `posted-on`): its text is read as a date candidate.
    var date = false

    /// Classifies the concatenated lower-case bytes of `class`, `id` and `role` (tokens
    /// separated by spaces). Parts are read in place: no allocation.
    ///
    /// A weak name is cancelled when another token of the same element is a content name on
    /// its own: `class="post category-news tag-x"` is a post labelled with its taxonomy (the
    /// CMS convention of listing categories and tags as classes), while `post-meta` or
    /// `entry-footer` (both names in one token) stay furniture.
    init(_ raw: UnsafeBufferPointer<UInt8>) {
        let lists = BoilerplateNames.lists
        var partStart = 0
        var previous = 0..<0
        var tokenFurniture = false
        var tokenPositive = false
        var tokenWidget = false
        var tokenWrapper = false
        var standalonePositive = false
        var i = 0
        let n = raw.count
        while i <= n {
            let c: UInt8 = i < n ? raw[i] : 0x20
            let alnum = (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
            if !alnum {
                if i > partStart {
                    let part = UnsafeBufferPointer(rebasing: raw[partStart..<i])
                    let prev = UnsafeBufferPointer(rebasing: raw[previous])
                    switch classify(part, previous: prev, lists: lists) {
                    case .furniture: tokenFurniture = true
                    case .positive: tokenPositive = true
                    case .widget: tokenWidget = true
                    case .wrapper: tokenWrapper = true
                    case .none: break
                    }
                    previous = partStart..<i
                }
                if c == 0x20 || c == 0x09 || c == 0x0A {
                    if tokenWidget {
                        // Page builders (Elementor, Divi, ...) wrap every block of a post in
                        // widgets: a widget named for its content (`widget-theme-post-content`,
                        // `widget-text-editor`) or the inner wrapper of one
                        // (`widget-container`) counts against a container but is not furniture;
                        // a bare `widget` (sidebars, footers) is.
                        negative = true
                        if !tokenPositive && !tokenWrapper {
                            weak = true
                            tokenFurniture = true
                        }
                    }
                    if tokenPositive && !tokenFurniture { standalonePositive = true }
                    tokenFurniture = false
                    tokenPositive = false
                    tokenWidget = false
                    tokenWrapper = false
                }
                partStart = i + 1
            }
            i += 1
        }
        if standalonePositive, weak, !strong {
            weak = false
            negative = false
        }
    }

    private enum PartKind { case none, furniture, positive, widget, wrapper }

    private mutating func classify(
        _ p: UnsafeBufferPointer<UInt8>, previous: UnsafeBufferPointer<UInt8>, lists: Lists
    ) -> PartKind {
        if !date, lists.date.containedIn(p) || lists.dateExact.equalsAny(p) {
            date = true
        }
        // `commentary` is an opinion column, not comments; `no-share`, `no-comments` say the
        // opposite of their word.
        let exclude: UInt64 = hasPrefix(p, BoilerplateNames.commentary) ? lists.commentBit : 0
        if lists.strong.containedIn(p, excluding: exclude), !equal(previous, BoilerplateNames.noWord) {
            strong = true
            negative = true
            return .furniture
        }
        if equal(p, BoilerplateNames.widgetWord) || equal(p, BoilerplateNames.widgetsWord) { return .widget }
        if lists.weakExact.equalsAny(p) {
            weak = true
            negative = true
            if equal(p, BoilerplateNames.bylineWord) || equal(p, BoilerplateNames.authorWord) { byline = true }
            return .furniture
        }
        // Only the screen-reader idioms: utility classes such as `overflow-hidden` or
        // `hidden lg:block` say nothing about what a reader sees.
        if (equal(p, BoilerplateNames.onlyWord) && equal(previous, BoilerplateNames.srWord))
            || (equal(p, BoilerplateNames.hiddenWord) && equal(previous, BoilerplateNames.visuallyWord))
        {
            hidden = true
            return .none
        }
        if lists.positive.containedIn(p) {
            positive = true
            return .positive
        }
        if lists.wrapperExact.equalsAny(p) { return .wrapper }
        return .none
    }

    /// The word lists, indexed for matching (built once; a class, so that handing it to
    /// each part costs no copies).
    private final class Lists: Sendable {
        let date: PartWords
        let dateExact: PartWords
        let strong: PartWords
        let commentBit: UInt64
        let weakExact: PartWords
        let positive: PartWords
        let wrapperExact: PartWords

        init(
            date: PartWords, dateExact: PartWords, strong: PartWords, commentBit: UInt64, weakExact: PartWords,
            positive: PartWords, wrapperExact: PartWords
        ) {
            self.date = date
            self.dateExact = dateExact
            self.strong = strong
            self.commentBit = commentBit
            self.weakExact = weakExact
            self.positive = positive
            self.wrapperExact = wrapperExact
        }
    }

    private static let lists = Lists(
        date: PartWords(["date"]),
        dateExact: PartWords(["time", "timestamp", "published", "publish", "posted", "pubtime", "datetime"]),
        strong: PartWords(strongWords),
        commentBit: 1 << UInt64(strongWords.firstIndex(of: "comment")!),
        weakExact: PartWords(weakExact),
        positive: PartWords(positiveWords),
        wrapperExact: PartWords(["container", "wrap", "wrapper", "inner"]))

    private static let commentary: [UInt8] = Array("commentary".utf8)
    private static let bylineWord: [UInt8] = Array("byline".utf8)
    private static let widgetWord: [UInt8] = Array("widget".utf8)
    private static let widgetsWord: [UInt8] = Array("widgets".utf8)
    private static let authorWord: [UInt8] = Array("author".utf8)
    private static let noWord: [UInt8] = Array("no".utf8)
    private static let hiddenWord: [UInt8] = Array("hidden".utf8)
    private static let onlyWord: [UInt8] = Array("only".utf8)
    private static let srWord: [UInt8] = Array("sr".utf8)
    private static let visuallyWord: [UInt8] = Array("visually".utf8)

    /// Matched anywhere inside a part (`comments`, `commentlist`, `sharebar`).
    private static let strongWords: [String] = [
        "comment", "disqus", "related", "recommend", "share", "sharing", "social", "cookie",
        "consent", "gdpr", "newsletter", "subscribe", "subscription", "promo", "advert", "sponsor",
        "breadcrumb", "outbrain", "taboola", "popup", "modal", "signup", "trending", "popular",
        "mostread", "readmore", "morestories", "pagination", "teaser",
    ]

    /// Matched as a whole part.
    private static let weakExact: [String] = [
        "nav", "navbar", "navigation", "menu", "footer", "sidebar",
        "caption", "credit", "credits", "byline", "author", "authors", "header", "masthead",
        "toolbar", "pager", "banner", "tags", "tag", "topics", "keywords", "meta", "ad", "ads",
        "advertisement", "skip", "rating", "extra", "supplemental",
        "breadcrumbs", "aside", "dateline", "timestamp", "date", "category", "categories",
        "infobox", "copyright", "disclaimer", "alert", "login", "search", "logo", "icon", "more",
    ]

    private static let positiveWords: [String] = [
        "article", "body", "content", "story", "entry", "post", "text", "blog", "prose",
    ]
}

/// Up to 64 lower-case ASCII words, indexed by first byte and by length so that a part
/// (a few bytes of a class name) is matched against all of them in one pass over the part
/// instead of one search per word.
///
/// ```swift
/// let words = PartWords(["share", "related"])
/// Array("sharebar".utf8).withUnsafeBufferPointer { words.containedIn($0) }  // true
/// Array("share".utf8).withUnsafeBufferPointer { words.equalsAny($0) }       // true
/// ```
///
/// `containedIn` is O(part length × words sharing a first byte); `equalsAny` compares only
/// the words of the part's first byte and length. No allocation after `init`.
struct PartWords: Sendable {
    /// The words, back to back.
    private let bytes: [UInt8]
    /// Word `k` is `bytes[starts[k]..<starts[k + 1]]`.
    private let starts: [Int]
    /// Bit `k` set in `byFirst[b]` when word `k` starts with byte `b`.
    private let byFirst: [UInt64]
    /// Bit `k` set in `byLength[n]` when word `k` has `n` bytes (n < 64).
    private let byLength: [UInt64]

    init(_ words: [String]) {
        precondition(words.count <= 64, "PartWords holds at most 64 words")
        var bytes: [UInt8] = []
        var starts: [Int] = [0]
        var byFirst = [UInt64](repeating: 0, count: 256)
        var byLength = [UInt64](repeating: 0, count: 64)
        for (k, word) in words.enumerated() {
            let w = Array(word.utf8)
            precondition(!w.isEmpty && w.count < 64, "PartWords: a word of 1 to 63 bytes")
            bytes += w
            starts.append(bytes.count)
            byFirst[Int(w[0])] |= 1 << UInt64(k)
            byLength[w.count] |= 1 << UInt64(k)
        }
        self.bytes = bytes
        self.starts = starts
        self.byFirst = byFirst
        self.byLength = byLength
    }

    /// Whether some word, other than those whose bits are in `excluding`, occurs in `part`.
    func containedIn(_ part: UnsafeBufferPointer<UInt8>, excluding: UInt64 = 0) -> Bool {
        let n = part.count
        return bytes.withUnsafeBufferPointer { words in
            for i in 0..<n {
                var mask = byFirst[Int(part[i])] & ~excluding
                while mask != 0 {
                    let k = mask.trailingZeroBitCount
                    mask &= mask - 1
                    let s = starts[k], e = starts[k + 1]
                    guard i + (e - s) <= n else { continue }
                    var j = 1
                    while s + j < e, words[s + j] == part[i + j] { j += 1 }
                    if s + j == e { return true }
                }
            }
            return false
        }
    }

    /// Whether `part` is one of the words; with `ignoringCase`, ASCII capitals in `part`
    /// match the words' small letters (`Class` is `class`).
    func equalsAny(_ part: UnsafeBufferPointer<UInt8>, ignoringCase: Bool = false) -> Bool {
        let n = part.count
        guard n > 0, n < 64 else { return false }
        let first = ignoringCase ? lowerASCII(part[0]) : part[0]
        var mask = byFirst[Int(first)] & byLength[n]
        guard mask != 0 else { return false }
        return bytes.withUnsafeBufferPointer { words in
            while mask != 0 {
                let k = mask.trailingZeroBitCount
                mask &= mask - 1
                let s = starts[k]
                var j = 1
                if ignoringCase {
                    while j < n, words[s + j] == lowerASCII(part[j]) { j += 1 }
                } else {
                    while j < n, words[s + j] == part[j] { j += 1 }
                }
                if j == n { return true }
            }
            return false
        }
    }
}

/// Byte-for-byte equality of a part and a word.
@inline(__always)
func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    for i in 0..<b.count where a[i] != b[i] { return false }
    return true
}

@inline(__always)
func hasPrefix(_ hay: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
    guard prefix.count <= hay.count else { return false }
    for i in 0..<prefix.count where hay[i] != prefix[i] { return false }
    return true
}

@inline(__always)
func hasPrefix(_ hay: [UInt8], _ prefix: [UInt8]) -> Bool {
    guard prefix.count <= hay.count else { return false }
    for i in 0..<prefix.count where hay[i] != prefix[i] { return false }
    return true
}
