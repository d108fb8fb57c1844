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
    /// Hidden from sight by a screen-reader idiom (`sr-only`, `visually-hidden`).
    var hidden = false
    /// Some part is `hidden`: the class may be the utility `hidden`, which
    /// ``classHides(_:)`` decides from the class's tokens.
    var hiddenPart = false
    /// Names a visible date (`date`, `article-date`, `pubdate`, `timestamp`, `published`,
    /// `time`, `posted-on`): its text is read as a date candidate.
    var date = false
    /// A strong name other than `teaser` (which news sites also give an article's lead).
    var strongNotTeaser = false
    /// A weak furniture name other than a header's (`caption`, `byline`, `date`, `meta`, `nav`,
    /// ...): text so named is not an article's lead.
    var weakNotHeader = false

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
            if !lists.teaser.containedIn(p) { strongNotTeaser = true }
            return .furniture
        }
        if equal(p, BoilerplateNames.widgetWord) || equal(p, BoilerplateNames.widgetsWord) { return .widget }
        // Left out of the printed page (`no-print`, `hidden-print`, Bootstrap's `d-print-none`):
        // sharing, navigation and promotions, never the article.
        if (equal(p, BoilerplateNames.printWord) && lists.notForPrint.equalsAny(previous))
            || (equal(p, BoilerplateNames.noneWord) && equal(previous, BoilerplateNames.printWord))
        {
            weak = true
            weakNotHeader = true
            negative = true
            return .furniture
        }
        if lists.weakExact.equalsAny(p) {
            weak = true
            negative = true
            if equal(p, BoilerplateNames.bylineWord) || equal(p, BoilerplateNames.authorWord) { byline = true }
            if !lists.headerExact.equalsAny(p) { weakNotHeader = true }
            return .furniture
        }
        // The screen-reader idioms hide; the utility class `hidden` hides unless a responsive
        // class shows the element again (`hidden lg:block`: see ``classHides(_:)``), and
        // `overflow-hidden` says nothing about what a reader sees.
        if equal(p, BoilerplateNames.hiddenWord) { hiddenPart = true }
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
        let date = PartWords(["date"])
        let dateExact = PartWords(["time", "timestamp", "published", "publish", "posted", "pubtime", "datetime"])
        let media = PartWords([
            "image", "img", "photo", "picture", "gallery", "lightbox", "slideshow", "carousel", "slider",
            "media", "video", "figure", "thumb",
        ])
        let strong = PartWords(BoilerplateNames.strongWords)
        /// The bit of `comment` in `strong` (left out for `commentary`).
        let commentBit: UInt64 = 1 << UInt64(BoilerplateNames.strongWords.firstIndex(of: "comment")!)
        let weakExact = PartWords(BoilerplateNames.weakExact)
        let headerExact = PartWords(["header", "masthead"])
        let teaser = PartWords(["teaser"])
        let notForPrint = PartWords(["no", "not", "hide", "hidden"])
        /// CSS displays that show an element (the end of `md:block`, `lg:inline-flex`).
        let showingDisplays = PartWords([
            "block", "flex", "grid", "inline", "inline-block", "inline-flex", "inline-grid", "table", "contents",
        ])
        let positive = PartWords(BoilerplateNames.positiveWords)
        /// Parts that name the inside of a widget rather than the widget (`widget-container`).
        let wrapperExact = PartWords(["container", "wrap", "wrapper", "inner"])
    }

    private static let lists = Lists()

    /// Whether the element's `class` or `id` names a picture, video or slide show (`image`,
    /// `photo`, `media`, `gallery`, ... inside a part): with a picture inside and little
    /// text, the element is a figure and its text a caption. Read on demand, for the few
    /// elements that hold a picture and little text. O(length of the names).
    static func namesMedia(_ node: Node) -> Bool {
        let attributes = CommonAttributes(node)
        var lowered: [UInt8] = []
        for value in [attributes.cls, attributes.id] {
            guard let value else { continue }
            for c in bytes(value) { lowered.append(lowerASCII(c)) }
            lowered.append(0x20)
        }
        return lowered.withUnsafeBufferPointer { raw in
            var start = 0
            for i in 0...raw.count {
                let c: UInt8 = i < raw.count ? raw[i] : 0x20
                let alnum = (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39)
                if alnum { continue }
                if i > start, lists.media.containedIn(UnsafeBufferPointer(rebasing: raw[start..<i])) { return true }
                start = i + 1
            }
            return false
        }
    }

    /// Whether a `class` value holds the token `hidden` and no token such as `md:block` or
    /// `lg:inline-flex` that shows the element at some screen size. O(n).
    static func classHides(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var hidden = false
        var start = 0
        let n = value.count
        for i in 0...n {
            guard i == n || isSpace(value[i]) else { continue }
            if i > start {
                let token = UnsafeBufferPointer(rebasing: value[start..<i])
                if equal(token, hiddenWord) {
                    hidden = true
                } else if let colon = token.lastIndex(of: 0x3A) {
                    let display = UnsafeBufferPointer(rebasing: token[(colon + 1)...])
                    if lists.showingDisplays.equalsAny(display) { return false }
                }
            }
            start = i + 1
        }
        return hidden
    }


    private static let commentary: [UInt8] = Array("commentary".utf8)
    private static let bylineWord: [UInt8] = Array("byline".utf8)
    private static let widgetWord: [UInt8] = Array("widget".utf8)
    private static let widgetsWord: [UInt8] = Array("widgets".utf8)
    private static let authorWord: [UInt8] = Array("author".utf8)
    private static let noWord: [UInt8] = Array("no".utf8)
    private static let printWord: [UInt8] = Array("print".utf8)
    private static let noneWord: [UInt8] = Array("none".utf8)
    private static let hiddenWord: [UInt8] = Array("hidden".utf8)
    private static let onlyWord: [UInt8] = Array("only".utf8)
    private static let srWord: [UInt8] = Array("sr".utf8)
    private static let visuallyWord: [UInt8] = Array("visually".utf8)

    /// Matched anywhere inside a part (`comments`, `commentlist`, `sharebar`).
    private static let strongWords: [String] = [
        "comment", "disqus", "related", "recommend", "share", "sharing", "social", "cookie",
        "consent", "gdpr", "newsletter", "subscribe", "subscription", "promo", "advert", "sponsor",
        "breadcrumb", "outbrain", "taboola", "popup", "modal", "signup", "trending", "popular",
        "mostread", "readmore", "morestories", "pagination", "teaser", "recirculation", "donate",
        "donation",
    ]

    /// Matched as a whole part.
    private static let weakExact: [String] = [
        "nav", "navbar", "navigation", "menu", "footer", "sidebar",
        "caption", "credit", "credits", "byline", "author", "authors", "header", "masthead",
        "toolbar", "pager", "banner", "tags", "tag", "topics", "keywords", "meta", "ad", "ads",
        "advertisement", "skip", "rating", "extra", "supplemental",
        "breadcrumbs", "aside", "dateline", "timestamp", "date", "category", "categories",
        "infobox", "copyright", "disclaimer", "alert", "login", "search", "logo", "icon", "more",
        "metadata", "postmetadata", "ratings", "rate", "vote", "bio", "noprint", "embed",
    ]

    private static let positiveWords: [String] = [
        "article", "body", "content", "story", "entry", "post", "text", "blog", "prose",
    ]
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
