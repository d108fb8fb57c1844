import CLibXML2

/// One run of text between block boundaries: a paragraph, a heading, a list item, the text
/// sitting directly in a `<div>`.
struct TextBlock {
    /// Collapsed UTF-8 text, trimmed.
    var text: [UInt8]
    /// How many of its bytes sit inside links.
    var linkBytes: Int
    /// How many of its bytes sit inside `<b>`/`<strong>` (all of them: a subheading set in
    /// bold type).
    var boldBytes: Int = 0
    /// The element whose text this is (index into ``PageScan/elements``).
    var owner: Int32
    /// The owner's tag.
    var tag: HTMLTag

    var linkDensity: Double { text.isEmpty ? 0 : Double(linkBytes) / Double(text.count) }
}

/// What the walk learned about one element, indexed by its pre-order number.
struct ElementInfo {
    var node: Node
    var parent: Int32
    var tag: HTMLTag
    /// Last pre-order number inside this element: its subtree is `self...end`.
    var end: Int32 = 0
    /// Text bytes inside (skipped parts excluded), and those inside links.
    var textBytes: Int32 = 0
    var linkBytes: Int32 = 0
    /// Bytes of `<p>` text inside.
    var paragraphBytes: Int32 = 0
    /// 0 = not furniture, 1 = weak furniture (by tag or weak name), 2 = strong furniture name.
    var furniture: UInt8 = 0
    /// The innermost furniture element at or above this one, or -1.
    var furnitureAncestor: Int32 = -1
    /// `<article>`, `<main>` or `itemprop=articleBody` at or inside this element.
    var holdsMainMarker = false
    var isMainMarker = false
    /// Readability's class weight: +25 for content-like names, -25 for furniture-like.
    var classWeight: Int8 = 0
    /// An `<a href>`: its text counts as link text (a named anchor's does not).
    var isLink = false
    /// An `<img>`, `<picture>`, `<video>` or `<iframe>` at or inside this element.
    var holdsMedia = false
    /// Named or tagged as furniture other than a header (a strong name but `teaser`, `caption`, `byline`,
    /// `date`, ..., `<nav>`, `<aside>`, `<footer>`, `<form>`): its text is no lead.
    var blocksLead = false
    /// Headings (`h1`–`h6`) at or inside this element whose text is mostly a link: the
    /// headlines of teaser cards.
    var linkedHeadings: Int32 = 0
}

/// Metadata values as the page states them, before choosing and parsing.
struct RawMetadata {
    /// `<meta name|property|itemprop=K content=V>`: lower-cased K → first V.
    var meta: [String: String] = [:]
    var titleElement: String?
    var language: String?
    var canonical: String?
    var jsonLD: [[UInt8]] = []
    /// `<time>` elements: `datetime` (or text), whether marked `pubdate` / published.
    var times: [(value: String, published: Bool)] = []
    /// `itemprop` values on ordinary elements: name → first value.
    var itemprops: [String: String] = [:]
    /// Text of `<h1>` elements, in page order (at most 4).
    var headings: [String] = []
    /// Text of elements named as bylines or authors, and `rel=author` links (at most 6).
    var bylines: [String] = []
    /// Short texts of elements named as dates (`class="date"`, `publish-time`, ...), in page
    /// order (at most 8).
    var dateTexts: [String] = []
}

/// A single linear walk over the document that collects text blocks, per-element statistics
/// and the raw metadata. Iterative (libxml2's parent pointers), O(nodes + text bytes).
struct PageScan {
    var blocks: [TextBlock] = []
    var elements: [ElementInfo] = []
    var metadata = RawMetadata()
    /// Some element was left out as hidden (its text is not in ``blocks``).
    private(set) var hasHiddenText = false
    /// Some `<noscript>` holding elements was left out (pages whose whole article is the
    /// no-script version).
    private(set) var hasNoscriptMarkup = false

    // Walk state.
    private var buffer: [UInt8] = []
    private var bufferLinkBytes = 0
    private var bufferBoldBytes = 0
    private var boldDepth = 0
    private var blockOwner: Int32 = -1
    private var current: Int32 = -1
    private var linkDepth = 0
    /// Pre-order number of the element being skipped (never content), or -1.
    private var skipping: Int32 = -1
    private var totalText: Int32 = 0
    private var totalLink: Int32 = 0
    private var totalParagraph: Int32 = 0
    private var pendingBreak = false
    private var nameBuffer: [UInt8] = []
    /// Classified names by their bytes: pages repeat the same `class` strings on many
    /// elements, and reading a name against the word lists costs more than one hash.
    /// Only names without an `id` are kept (ids are mostly unique to one element).
    private var nameCache: [NameKey: BoilerplateNames] = [:]
    private let keepEverything: Bool
    private let keepHidden: Bool
    private let keepNoscript: Bool

    /// Reads all blocks under `root`. `keepEverything` keeps hidden elements and furniture
    /// text (only scripts, styles and the like are left out), for gold bodies; `keepHidden`
    /// keeps only the hidden elements (`hidden`, `display:none`, `sr-only`), for pages that
    /// stream their article into a hidden element and show it by script; `keepNoscript` reads
    /// `<noscript>` as content, for pages that put the article only there.
    init(root: Node, keepEverything: Bool = false, keepHidden: Bool = false, keepNoscript: Bool = false) {
        self.keepEverything = keepEverything
        self.keepHidden = keepHidden || keepEverything
        self.keepNoscript = keepNoscript
        buffer.reserveCapacity(4096)
        elements.reserveCapacity(2048)
        var node: Node = root
        var descend = enter(node)
        while true {
            if descend, let child = node.pointee.children {
                node = child
                descend = enter(node)
                continue
            }
            // Leave `node`, then move to its next sibling or climb.
            var n = node
            while true {
                leave(n)
                if n == root { return }
                if let next = n.pointee.next {
                    node = next
                    descend = enter(next)
                    break
                }
                guard let parent = n.pointee.parent else { return }
                n = parent
            }
        }
    }

    // MARK: Enter / leave

    /// Enters `node`: reads a text node into the block being built, or records an element
    /// (its ``ElementInfo``, the metadata it states, whether it is skipped) and makes it the
    /// current one. Returns whether the walk goes into its children.
    private mutating func enter(_ node: Node) -> Bool {
        if isText(node) {
            appendText(node)
            return false
        }
        guard isElement(node) else { return false }
        let tag = HTMLTag.of(node.pointee.name)
        let ordinal = Int32(elements.count)
        var info = ElementInfo(node: node, parent: current, tag: tag)
        info.textBytes = totalText
        info.linkBytes = totalLink
        info.paragraphBytes = totalParagraph
        if current >= 0 { info.furnitureAncestor = elements[Int(current)].furnitureAncestor }

        let attributes = CommonAttributes(node)
        collectMetadata(node, tag: tag, itemprop: attributes.itemprop)
        let names = readNames(node, tag: tag, attributes: attributes)
        PageScan.describe(&info, tag: tag, names: names, itemprop: attributes.itemprop)
        var skip = isSkipped(node, tag: tag, names: names, attributes: attributes)
        if tag == .a, let rel = attributes.rel, containsIgnoringCase(rel, "author"),
            metadata.bylines.count < 6
        {
            let t = textContent(node, limit: 120)
            if !t.isEmpty { metadata.bylines.append(t) }
        }
        if info.furniture > 0 { info.furnitureAncestor = ordinal }
        if tag == .br {
            lineBreak()
            skip = true
        }
        if tag.isBlock { flush() }
        elements.append(info)
        if tag == .b || tag == .strong { boldDepth += 1 }
        if tag == .a, attributes.href {
            linkDepth += 1
            elements[Int(ordinal)].isLink = true
        }
        current = ordinal
        if tag.isBlock { blockOwner = ordinal }
        if skip, skipping < 0 { skipping = ordinal }
        // Skipped elements are still walked for metadata unless they never hold any.
        return !(tag == .script || tag == .style || tag == .template || tag == .svg || tag == .br)
    }

    /// Appends a text node's content, white space collapsed, to the block being built (unless
    /// an element is being skipped), counting the bytes inside links and bold type.
    private mutating func appendText(_ node: Node) {
        guard skipping < 0, let content = node.pointee.content else { return }
        let before = buffer.count
        appendCollapsed(bytes(content), to: &buffer)
        let added = buffer.count - before
        if added > 0 {
            if buffer.count > 1 || buffer[0] != 0x20 { pendingBreak = false }
            if linkDepth > 0 { bufferLinkBytes += added }
            if boldDepth > 0 { bufferBoldBytes += added }
        }
    }

    /// The element's names (`class`, `id`, `role`; a heading's `id` is left out) read against
    /// the word lists, after which the byline and date texts they mark are collected. An
    /// element without names gets none marked. Its `data-testid`, when those names mark no
    /// byline or date, only marks a date text (pages built by front-end frameworks often give
    /// their date line no other name); it decides nothing else about the element.
    private mutating func readNames(_ node: Node, tag: HTMLTag, attributes: CommonAttributes) -> BoilerplateNames {
        // A heading's `id` is a jump target made from its words (`nav_the_vote_1`,
        // `related-research`), not a name for what the heading is.
        let id = tag.headingLevel == nil ? attributes.id : nil
        var names = BoilerplateNames(UnsafeBufferPointer(start: nil, count: 0))
        if attributes.cls != nil || id != nil || attributes.role != nil {
            nameBuffer.removeAll(keepingCapacity: true)
            // Lower-cased here, once, so that the names are read in place.
            PageScan.appendLowered(attributes.cls, to: &nameBuffer)
            PageScan.appendLowered(id, to: &nameBuffer)
            PageScan.appendLowered(attributes.role, to: &nameBuffer)
            names = namesInBuffer(cached: id == nil)
            collectNamedTexts(node, tag: tag, names: names)
        }
        if !names.date, !names.byline, let testID = attributes.testID {
            nameBuffer.removeAll(keepingCapacity: true)
            PageScan.appendLowered(testID, to: &nameBuffer)
            let testNames = namesInBuffer(cached: true)
            if testNames.date { collectNamedTexts(node, tag: tag, names: testNames) }
        }
        return names
    }

    /// ``nameBuffer`` read against the word lists, through ``nameCache`` when `cached` (names
    /// that repeat over a page: classes, test ids; not an element's unique `id`).
    private mutating func namesInBuffer(cached: Bool) -> BoilerplateNames {
        guard cached else { return nameBuffer.withUnsafeBufferPointer { BoilerplateNames($0) } }
        if let known = nameCache[NameKey(bytes: nameBuffer)] { return known }
        let names = nameBuffer.withUnsafeBufferPointer { BoilerplateNames($0) }
        if nameCache.count < 4096 { nameCache[NameKey(bytes: nameBuffer)] = names }
        return names
    }

    /// Appends an attribute value lower-cased (ASCII), then a space; nothing for no value.
    private static func appendLowered(_ value: UnsafePointer<xmlChar>?, to buffer: inout [UInt8]) {
        guard let value else { return }
        for c in bytes(value) { buffer.append(lowerASCII(c)) }
        buffer.append(0x20)
    }

    /// Short texts of an element its names mark as a byline (to ``RawMetadata/bylines``) or
    /// a byline or date (to ``RawMetadata/dateTexts``); page-wide wrappers are left out.
    private mutating func collectNamedTexts(_ node: Node, tag: HTMLTag, names: BoilerplateNames) {
        if names.byline, metadata.bylines.count < 6, tag != .body, tag != .html, tag != .article {
            let t = textContent(node, limit: 200)
            if !t.isEmpty, t.utf8.count < 200 { metadata.bylines.append(t) }
        }
        if names.date || names.byline, metadata.dateTexts.count < 8, tag != .body, tag != .html,
            tag != .article, tag != .main
        {
            let t = textContent(node, limit: 160)
            if !t.isEmpty, t.utf8.count < 160 { metadata.dateTexts.append(t) }
        }
    }

    /// Sets what an element's tag, names and `itemprop` say about it: class weight, article
    /// marker, whether its text may be a lead, media, furniture level.
    private static func describe(
        _ info: inout ElementInfo, tag: HTMLTag, names: BoilerplateNames, itemprop: UnsafePointer<xmlChar>?
    ) {
        if names.positive { info.classWeight += 25 }
        if names.negative { info.classWeight -= 25 }
        if let itemprop, containsIgnoringCase(itemprop, "articlebody") {
            info.isMainMarker = true
            info.classWeight += 50
        }
        if tag == .article || tag == .main { info.isMainMarker = true }
        info.holdsMainMarker = info.isMainMarker
        if tag != .body, tag != .html, !info.isMainMarker {
            switch tag {
            case .nav, .aside, .footer, .form, .menu, .label: info.blocksLead = true
            default: info.blocksLead = (names.strongNotTeaser && !names.positive) || names.weakNotHeader
            }
            if names.strong && !names.positive {
                info.furniture = 2
            } else if names.weak || names.strong || tag.isFurniture {
                info.furniture = 1
            }
        }
        switch tag {
        case .img, .picture, .video, .iframe: info.holdsMedia = true
        default: break
        }
    }

    /// Whether the element's text is left out: never content by its tag (but `<noscript>`
    /// when asked, and a `<caption>` outside a table), or hidden unless hidden parts are kept;
    /// figures, captions and pictures are kept with everything. Notes a `<noscript>` holding
    /// elements, and hidden text.
    private mutating func isSkipped(
        _ node: Node, tag: HTMLTag, names: BoilerplateNames, attributes: CommonAttributes
    ) -> Bool {
        var skip = tag.isNeverContent
        if tag == .noscript {
            if keepNoscript {
                skip = false
            } else if skipping < 0, !hasNoscriptMarkup {
                var c = node.pointee.children
                while let child = c, !hasNoscriptMarkup {
                    if isElement(child) { hasNoscriptMarkup = true }
                    c = child.pointee.next
                }
            }
        } else if tag == .caption, !insideTable() {
            // A `<caption>` outside a table is not one: browsers ignore the tag and show its
            // text in place (slide shows write their slides' text so).
            skip = false
        }
        if !skip, !keepHidden,
            names.hidden || (names.hiddenPart && attributes.cls.map { BoilerplateNames.classHides(bytes($0)) } == true)
                || isHidden(attributes)
        {
            skip = true
            if skipping < 0, node.pointee.children != nil { hasHiddenText = true }
        }
        if keepEverything, tag == .figure || tag == .figcaption || tag == .caption || tag == .img || tag == .picture {
            skip = false
        }
        return skip
    }

    /// A `<br>`: a second one in a row ends the block, a first one leaves a space.
    private mutating func lineBreak() {
        if pendingBreak {
            flush()
        } else {
            if let l = buffer.last, l != 0x20 { buffer.append(0x20) }
            pendingBreak = true
        }
    }

    /// Whether the element being entered sits in a `<table>`, looking up at most 256 levels
    /// (deeper than that, as in a hostile page of nested captions, it counts as in one, so
    /// that the walk stays linear). O(1) bounded.
    private func insideTable() -> Bool {
        var a = current
        var steps = 0
        while a >= 0 {
            if elements[Int(a)].tag == .table || steps == 256 { return true }
            a = elements[Int(a)].parent
            steps += 1
        }
        return false
    }

    private mutating func leave(_ node: Node) {
        guard isElement(node), current >= 0 else { return }
        let ordinal = current
        var info = elements[Int(ordinal)]
        if info.tag.isBlock { flush() }
        if info.isLink { linkDepth -= 1 }
        if info.tag == .b || info.tag == .strong { boldDepth -= 1 }
        if skipping == ordinal { skipping = -1 }
        info.end = Int32(elements.count - 1)
        info.textBytes = totalText - info.textBytes
        info.linkBytes = totalLink - info.linkBytes
        info.paragraphBytes = totalParagraph - info.paragraphBytes
        if info.tag.headingLevel != nil, info.textBytes > 0, info.linkBytes * 2 >= info.textBytes {
            info.linkedHeadings += 1
        }
        elements[Int(ordinal)] = info
        current = info.parent
        if current >= 0 {
            if info.holdsMainMarker { elements[Int(current)].holdsMainMarker = true }
            if info.holdsMedia { elements[Int(current)].holdsMedia = true }
            elements[Int(current)].linkedHeadings += info.linkedHeadings
            if info.tag.isBlock {
                // Text after this block belongs to the nearest enclosing block element.
                var b = current
                while b >= 0, !elements[Int(b)].tag.isBlock { b = elements[Int(b)].parent }
                blockOwner = b
            }
        }
    }

    /// Ends the current block of text.
    private mutating func flush() {
        pendingBreak = false
        while buffer.last == 0x20 { buffer.removeLast() }
        var start = 0
        while start < buffer.count, buffer[start] == 0x20 { start += 1 }
        if start < buffer.count, blockOwner >= 0 {
            // A copy of its own size, through a pointer (`Array(buffer[...])` of the whole
            // buffer shares its storage): sharing would make `removeAll(keepingCapacity:)`
            // below allocate a new 4 KB buffer per block and leave each block holding 4 KB —
            // 9 GB for a 16 MB page of two million `<p>x</p>`.
            let text = buffer.withUnsafeBufferPointer { Array(UnsafeBufferPointer(rebasing: $0[start...])) }
            let tag = elements[Int(blockOwner)].tag
            let count = Int32(text.count)
            totalText += count
            totalLink += Int32(min(bufferLinkBytes, text.count))
            // Prose: paragraphs, and any block long enough with few links.
            if tag == .p || (count >= 120 && bufferLinkBytes * 4 < text.count) { totalParagraph += count }
            blocks.append(
                TextBlock(
                    text: text, linkBytes: min(bufferLinkBytes, text.count),
                    boldBytes: min(bufferBoldBytes, text.count), owner: blockOwner, tag: tag))
        }
        buffer.removeAll(keepingCapacity: true)
        bufferLinkBytes = 0
        bufferBoldBytes = 0
    }

    // MARK: Metadata

    /// Records the metadata an element states, by its tag (`<meta>`, `<title>`, `<html lang>`,
    /// `<link rel=canonical>`, JSON-LD `<script>`, `<time>`, `<h1>`) and its `itemprop`.
    private mutating func collectMetadata(_ node: Node, tag: HTMLTag, itemprop: UnsafePointer<xmlChar>?) {
        switch tag {
        case .meta:
            collectMeta(node)
            return
        case .title:
            collectTitle(node)
            return
        case .html:
            if let lang = attribute(node, "lang") ?? attribute(node, "xml:lang") {
                let l = collapsedString(lang)
                if !l.isEmpty { metadata.language = l }
            }
        case .link:
            collectCanonical(node)
            return
        case .script:
            collectJSONLD(node)
            return
        case .time:
            collectTime(node)
        case .h1:
            if metadata.headings.count < 4 {
                let t = textContent(node, limit: 600)
                if !t.isEmpty { metadata.headings.append(t) }
            }
        default: break
        }
        if let itemprop { collectItemprop(node, itemprop) }
    }

    /// `<meta name|property|itemprop|http-equiv=K content=V>`: V under lower-cased K, unless
    /// K has one already.
    private mutating func collectMeta(_ node: Node) {
        guard let content = attribute(node, "content"),
            let key = attribute(node, "name") ?? attribute(node, "property") ?? attribute(node, "itemprop")
                ?? attribute(node, "http-equiv")
        else { return }
        let k = collapsedString(key).lowercased()
        if metadata.meta[k] == nil { metadata.meta[k] = collapsedString(content) }
    }

    /// The first `<title>` that is not an SVG's.
    private mutating func collectTitle(_ node: Node) {
        if metadata.titleElement == nil, let p = node.pointee.parent, HTMLTag.of(p.pointee.name) != .svg {
            let t = textContent(node, limit: 600)
            if !t.isEmpty { metadata.titleElement = t }
        }
    }

    /// The first `<link rel=canonical href>`.
    private mutating func collectCanonical(_ node: Node) {
        if metadata.canonical == nil, let rel = attribute(node, "rel"),
            equalsIgnoringCase(rel, "canonical"), let href = attribute(node, "href")
        {
            let h = collapsedString(href)
            if !h.isEmpty { metadata.canonical = h }
        }
    }

    /// A `<script type=application/ld+json>`'s text (at most 16 of them, under 2 MB each).
    private mutating func collectJSONLD(_ node: Node) {
        guard let type = attribute(node, "type"), containsIgnoringCase(type, "ld+json"),
            metadata.jsonLD.count < 16
        else { return }
        var out: [UInt8] = []
        var c = node.pointee.children
        while let t = c {
            if let content = t.pointee.content { out.append(contentsOf: bytes(content)) }
            c = t.pointee.next
        }
        if !out.isEmpty, out.count < 2_000_000 { metadata.jsonLD.append(out) }
    }

    /// A `<time>`'s `datetime` (or text), and whether it is marked as the publication time
    /// (`pubdate`, `itemprop=datePublished`, a class naming `publish`). At most 8.
    private mutating func collectTime(_ node: Node) {
        guard metadata.times.count < 8 else { return }
        let value = attribute(node, "datetime").map { collapsedString($0) } ?? textContent(node, limit: 80)
        var published = attribute(node, "pubdate") != nil
        if let ip = attribute(node, "itemprop"), containsIgnoringCase(ip, "datepublished") { published = true }
        if let cls = attribute(node, "class"), containsIgnoringCase(cls, "publish") { published = true }
        if !value.isEmpty { metadata.times.append((value, published)) }
    }

    /// The first value of the `itemprop`s read for dates, author and headline (`content`,
    /// `datetime` or text); a `name` counts only inside an author item, as the author.
    private mutating func collectItemprop(_ node: Node, _ itemprop: UnsafePointer<xmlChar>) {
        let key = collapsedString(itemprop).lowercased()
        guard ["datepublished", "datemodified", "author", "headline", "name", "datecreated"].contains(key),
            metadata.itemprops[key] == nil || key == "name"
        else { return }
        if key == "name" {
            // `name` counts only inside an author item: keep it as the author.
            if metadata.itemprops["author"] == nil, let p = node.pointee.parent,
                let pip = attribute(p, "itemprop"), containsIgnoringCase(pip, "author")
            {
                let t = attribute(node, "content").map { collapsedString($0) } ?? textContent(node, limit: 120)
                if !t.isEmpty { metadata.itemprops["author"] = t }
            }
            return
        }
        let value =
            (attribute(node, "content") ?? attribute(node, "datetime")).map { collapsedString($0) }
            ?? textContent(node, limit: key == "author" ? 160 : 400)
        if !value.isEmpty { metadata.itemprops[key] = value }
    }

    /// `hidden`, `aria-hidden=true`, or an inline `display:none` / `visibility:hidden` (the
    /// utility class `hidden` is read with the names, by ``BoilerplateNames/classHides(_:)``).
    private func isHidden(_ attributes: CommonAttributes) -> Bool {
        if attributes.hidden { return true }
        if let aria = attributes.ariaHidden, equalsIgnoringCase(aria, "true") { return true }
        if let style = attributes.style {
            var compact: [UInt8] = []
            for c in bytes(style) where !isSpace(c) { compact.append(lowerASCII(c)) }
            if contains(compact, displayNone) || contains(compact, visibilityHidden) { return true }
        }
        return false
    }
}

/// Bytes as a dictionary key hashed in one call (an `[UInt8]` key hashes byte by byte).
private struct NameKey: Hashable {
    var bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

private let displayNone: [UInt8] = Array("display:none".utf8)
private let visibilityHidden: [UInt8] = Array("visibility:hidden".utf8)
