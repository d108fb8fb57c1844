import CLibXML2

/// The HTML elements the extractor treats differently; everything else is ``other``.
///
/// Looked up from libxml2's lower-cased element name bytes with one dictionary probe on the
/// first eight bytes packed into a `UInt64` (O(1), no allocation).
enum HTMLTag: UInt8 {
    case other
    case html, head, body, title, meta, link, script, style, noscript, template
    case nav, header, footer, aside, form, button, iframe, svg, figure, figcaption, select, textarea
    case input, label, object, embed, video, audio, canvas, picture, img, dialog, menu
    case p, div, section, article, main, span, a, br, hr, time, address, center, font
    case h1, h2, h3, h4, h5, h6
    case ul, ol, li, dl, dt, dd, blockquote, pre, table, tr, td, th, tbody, thead, caption
    case b, strong

    /// Never holds article text: skipped with everything inside.
    var isNeverContent: Bool {
        switch self {
        case .script, .style, .noscript, .template, .button, .iframe, .svg, .figure, .figcaption,
            .select, .textarea, .input, .object, .embed, .video, .audio, .canvas, .picture, .img,
            .dialog, .head, .title, .meta, .link, .caption:
            return true
        default: return false
        }
    }

    /// Page furniture by its tag: left out unless it turns out to wrap the article.
    var isFurniture: Bool {
        switch self {
        case .nav, .header, .footer, .aside, .form, .menu, .label: return true
        default: return false
        }
    }

    /// Starts and ends a block of text (a paragraph boundary).
    var isBlock: Bool {
        switch self {
        case .p, .div, .section, .article, .main, .h1, .h2, .h3, .h4, .h5, .h6, .ul, .ol, .li,
            .dl, .dt, .dd, .blockquote, .pre, .table, .tr, .td, .th, .tbody, .thead, .body, .html,
            .nav, .header, .footer, .aside, .form, .address, .center, .hr, .menu, .figure, .caption:
            return true
        default: return false
        }
    }

    var headingLevel: Int? {
        switch self {
        case .h1: return 1
        case .h2: return 2
        case .h3: return 3
        case .h4: return 4
        case .h5: return 5
        case .h6: return 6
        default: return nil
        }
    }

    /// The tag of an element node's name.
    @inline(__always)
    static func of(_ name: UnsafePointer<xmlChar>?) -> HTMLTag {
        guard let name else { return .other }
        var key: UInt64 = 0
        var i = 0
        while i < 8 {
            let c = name[i]
            if c == 0 { break }
            key |= UInt64(c) << (8 * UInt64(i))
            i += 1
        }
        var length = i
        while name[length] != 0, length < 12 { length += 1 }
        guard let entry = lookup[key], entry.length == length else { return .other }
        return entry.tag
    }

    private static let lookup: [UInt64: (tag: HTMLTag, length: Int)] = {
        let names: [(String, HTMLTag)] = [
            ("html", .html), ("head", .head), ("body", .body), ("title", .title), ("meta", .meta),
            ("link", .link), ("script", .script), ("style", .style), ("noscript", .noscript),
            ("template", .template), ("nav", .nav), ("header", .header), ("footer", .footer),
            ("aside", .aside), ("form", .form), ("button", .button), ("iframe", .iframe), ("svg", .svg),
            ("figure", .figure), ("figcaption", .figcaption), ("select", .select),
            ("textarea", .textarea), ("input", .input), ("label", .label), ("object", .object),
            ("embed", .embed), ("video", .video), ("audio", .audio), ("canvas", .canvas),
            ("picture", .picture), ("img", .img), ("dialog", .dialog), ("menu", .menu), ("p", .p),
            ("div", .div), ("section", .section), ("article", .article), ("main", .main),
            ("span", .span), ("a", .a), ("br", .br), ("hr", .hr), ("time", .time),
            ("address", .address), ("center", .center), ("font", .font), ("h1", .h1), ("h2", .h2),
            ("h3", .h3), ("h4", .h4), ("h5", .h5), ("h6", .h6), ("ul", .ul), ("ol", .ol), ("li", .li),
            ("dl", .dl), ("dt", .dt), ("dd", .dd), ("blockquote", .blockquote), ("pre", .pre),
            ("table", .table), ("tr", .tr), ("td", .td), ("th", .th), ("tbody", .tbody),
            ("thead", .thead), ("caption", .caption), ("b", .b), ("strong", .strong),
        ]
        var t: [UInt64: (tag: HTMLTag, length: Int)] = [:]
        for (name, tag) in names {
            var key: UInt64 = 0
            for (i, c) in name.utf8.prefix(8).enumerated() { key |= UInt64(c) << (8 * UInt64(i)) }
            t[key] = (tag, name.utf8.count)
        }
        return t
    }()
}

// MARK: - Node helpers (bytes only)

typealias Node = UnsafeMutablePointer<xmlNode>

@inline(__always)
func isElement(_ node: Node) -> Bool { node.pointee.type == XML_ELEMENT_NODE }

@inline(__always)
func isText(_ node: Node) -> Bool {
    node.pointee.type == XML_TEXT_NODE || node.pointee.type == XML_CDATA_SECTION_NODE
}

/// The value of attribute `name` (lower-case, NUL-terminated ASCII) of an element, as libxml2's
/// UTF-8 bytes; `nil` when absent. O(number of attributes).
@inline(__always)
func attribute(_ node: Node, _ name: StaticString) -> UnsafePointer<xmlChar>? {
    var a = node.pointee.properties
    while let attr = a {
        if xmlStrEqual(attr.pointee.name, name.utf8Start) != 0 {
            guard let child = attr.pointee.children, let content = child.pointee.content else {
                return emptyCString
            }
            return UnsafePointer(content)
        }
        a = attr.pointee.next
    }
    return nil
}

/// The attributes the walk reads on every element, found in one pass over the element's
/// attribute list rather than one pass per name. libxml2 lower-cases attribute names; the
/// first of a repeated attribute wins, as with ``attribute(_:_:)``.
///
/// ```swift
/// let attributes = CommonAttributes(node)
/// if let cls = attributes.cls { ... }   // libxml2's UTF-8 bytes, NUL-terminated
/// ```
struct CommonAttributes {
    var cls: UnsafePointer<xmlChar>?
    var id: UnsafePointer<xmlChar>?
    var role: UnsafePointer<xmlChar>?
    var itemprop: UnsafePointer<xmlChar>?
    var style: UnsafePointer<xmlChar>?
    var rel: UnsafePointer<xmlChar>?
    var ariaHidden: UnsafePointer<xmlChar>?
    /// `data-testid`: the name a front-end framework gives a component for its tests
    /// (`article-details-date`); read only to find a visible date.
    var testID: UnsafePointer<xmlChar>?
    /// The `hidden` attribute is present.
    var hidden = false
    /// The `href` attribute is present (an `<a>` that links somewhere, not a named anchor).
    var href = false

    init(_ node: Node) {
        var a = node.pointee.properties
        while let attr = a {
            a = attr.pointee.next
            guard let name = attr.pointee.name else { continue }
            let value = attr.pointee.children?.pointee.content.map { UnsafePointer($0) } ?? emptyCString
            switch name[0] {
            case 0x63:  // c
                if cls == nil, xmlStrEqual(name, ("class" as StaticString).utf8Start) != 0 { cls = value }
            case 0x69:  // i
                if id == nil, xmlStrEqual(name, ("id" as StaticString).utf8Start) != 0 {
                    id = value
                } else if itemprop == nil, xmlStrEqual(name, ("itemprop" as StaticString).utf8Start) != 0 {
                    itemprop = value
                }
            case 0x72:  // r
                if role == nil, xmlStrEqual(name, ("role" as StaticString).utf8Start) != 0 {
                    role = value
                } else if rel == nil, xmlStrEqual(name, ("rel" as StaticString).utf8Start) != 0 {
                    rel = value
                }
            case 0x73:  // s
                if style == nil, xmlStrEqual(name, ("style" as StaticString).utf8Start) != 0 { style = value }
            case 0x68:  // h
                if xmlStrEqual(name, ("hidden" as StaticString).utf8Start) != 0 {
                    hidden = true
                } else if xmlStrEqual(name, ("href" as StaticString).utf8Start) != 0 {
                    href = true
                }
            case 0x64:  // d
                if testID == nil, xmlStrEqual(name, ("data-testid" as StaticString).utf8Start) != 0 { testID = value }
            case 0x61:  // a
                if ariaHidden == nil, xmlStrEqual(name, ("aria-hidden" as StaticString).utf8Start) != 0 {
                    ariaHidden = value
                }
            default: break
            }
        }
    }
}

/// A NUL-terminated empty string in static memory.
private var emptyCString: UnsafePointer<xmlChar> { ("" as StaticString).utf8Start }

/// A NUL-terminated libxml2 string as a buffer (no copy).
@inline(__always)
func bytes(_ s: UnsafePointer<xmlChar>) -> UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: s, count: Int(xmlStrlen(s)))
}

/// A NUL-terminated libxml2 string as a Swift `String` with white space collapsed and trimmed.
func collapsedString(_ s: UnsafePointer<xmlChar>?) -> String {
    guard let s else { return "" }
    var out: [UInt8] = []
    appendCollapsed(bytes(s), to: &out)
    if out.last == 0x20 { out.removeLast() }
    return String(decoding: out, as: UTF8.self)
}

@inline(__always)
func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C }

/// Appends `text` to `out`, turning every run of white space (ASCII, and the no-break space
/// U+00A0) into one space and never starting `out` with one, and leaving out the invisible
/// soft hyphen (U+00AD, a hyphenation hint) and zero-width space (U+200B). O(len).
@inline(__always)
func appendCollapsed(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    var i = 0
    let n = text.count
    while i < n {
        let c = text[i]
        if isSpace(c) {
            if let l = out.last, l != 0x20 { out.append(0x20) }
            i += 1
        } else if c == 0xC2, i + 1 < n, text[i + 1] == 0xA0 {
            if let l = out.last, l != 0x20 { out.append(0x20) }
            i += 2
        } else if c == 0xC2, i + 1 < n, text[i + 1] == 0xAD {
            i += 2  // soft hyphen
        } else if c == 0xE2, i + 2 < n, text[i + 1] == 0x80, text[i + 2] == 0x8B {
            i += 3  // zero-width space
        } else {
            out.append(c)
            i += 1
        }
    }
}

/// The collapsed text inside `node`, up to `limit` bytes and `maxNodes` nodes (an iterative
/// walk, so any depth is safe and the cost is bounded).
func textContent(_ node: Node, limit: Int = 400, maxNodes: Int = 400) -> String {
    var out: [UInt8] = []
    var visited = 0
    var cur: Node? = node.pointee.children
    guard cur != nil else {
        if isText(node), let c = node.pointee.content { appendCollapsed(bytes(c), to: &out) }
        return String(decoding: out, as: UTF8.self)
    }
    walk: while let n = cur, visited < maxNodes, out.count < limit {
        visited += 1
        if isText(n), let c = n.pointee.content {
            appendCollapsed(bytes(c), to: &out)
        } else if isElement(n) {
            let tag = HTMLTag.of(n.pointee.name)
            if tag == .br || tag.isBlock, out.last != 0x20, !out.isEmpty { out.append(0x20) }
            if !(tag == .script || tag == .style || tag == .noscript), let child = n.pointee.children {
                cur = child
                continue
            }
        }
        var m: Node = n
        while m.pointee.next == nil {
            guard let p = m.pointee.parent, p != node else { break walk }
            m = p
        }
        cur = m.pointee.next
    }
    while out.last == 0x20 { out.removeLast() }
    return String(decoding: out, as: UTF8.self)
}

/// ASCII case-insensitive equality of a libxml2 string and a literal.
@inline(__always)
func equalsIgnoringCase(_ s: UnsafePointer<xmlChar>, _ literal: StaticString) -> Bool {
    xmlStrcasecmp(s, literal.utf8Start) == 0
}

/// ASCII case-insensitive substring test of a libxml2 string and a literal.
@inline(__always)
func containsIgnoringCase(_ s: UnsafePointer<xmlChar>, _ literal: StaticString) -> Bool {
    xmlStrcasestr(s, literal.utf8Start) != nil
}
