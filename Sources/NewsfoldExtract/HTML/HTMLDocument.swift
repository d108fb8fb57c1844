import CLibXML2
#if canImport(Glibc)
    import Glibc
#endif

/// A parsed HTML page: libxml2's recovering HTML parser run on the page bytes in the right
/// encoding, holding the tree until it is released.
///
/// The tree is libxml2's own (`xmlNode`), and everything that reads it works on its UTF-8
/// bytes (`xmlChar*`): no Foundation string is made per node. The document is freed when
/// the value goes away.
///
/// ```swift
/// let document = try HTMLDocument(bytes: page.bytes, declaredCharset: page.declaredCharset)
/// print(document.encoding)              // "UTF-8", "windows-1252", "SHIFT_JIS", ...
/// if let root = document.root { ... }   // the <html> element
/// ```
///
/// Parsing is linear in the page size; libxml2 builds the tree without recursion, and every
/// walk in this folder is iterative, so a page nested 100,000 levels deep costs no stack.
final class HTMLDocument {
    /// The libxml2 document; freed in `deinit`.
    let doc: htmlDocPtr
    /// The encoding the bytes were read in (what the parser was told).
    let encoding: String
    /// Doubts about the encoding (a declaration the bytes contradict, an unknown charset).
    let warnings: [String]

    /// Parses `bytes`. `declaredCharset` (from an HTTP header) wins over the page's own
    /// declaration; a page with no declaration is read as UTF-8 when its bytes are valid
    /// UTF-8, else as windows-1252. Throws ``ExtractionError/unparsable(_:)`` when libxml2
    /// builds no document at all.
    init(bytes: [UInt8], declaredCharset: String?) throws {
        HTMLDocument.setUpLibXML
        var warnings: [String] = []
        // UTF-16 (with its byte-order mark) is read as the same text in UTF-8, so that the
        // byte-level pre-parse and the parser see ASCII markup.
        let fromUTF16 = TextDecoding.utf8FromUTF16(bytes)
        let input = fromUTF16 ?? bytes
        let choice = HTMLDocument.encodingChoice(
            bytes: input, declaredCharset: fromUTF16 == nil ? declaredCharset : "UTF-8", warnings: &warnings)
        let encoding = choice.name
        // UTF-8 with a few broken sequences (a truncated "ó" in a teaser) is repaired as browsers
        // do: libxml2 stops reading at the first invalid byte of a page it reads as UTF-8.
        let bytes = choice.repair ? repairingUTF8(input) : input
        // Errors are suppressed by the parse options; this also keeps libxml2's structured
        // handler (thread-local) from printing anything.
        xmlSetStructuredErrorFunc(nil, { _, _ in })
        // XML_PARSE_HUGE lifts libxml2's safety limits meant for untrusted XML: without it,
        // the parser stops at the 256th nested element (the rest of the page is lost) and cuts
        // a text node at 10 MB. Here the input is already bounded by `--max-page-bytes`, and
        // every walk of the tree is iterative, so neither depth nor text length needs a cap of
        // its own. (libxml2 2.9's HTML parser honours the XML option; HTML_PARSE_HUGE is the
        // same bit in later versions.)
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | XML_PARSE_HUGE.rawValue
                // Transcoded from UTF-16: the page's own `<meta charset=utf-16>` no longer holds.
                | (fromUTF16 == nil ? 0 : HTML_PARSE_IGNORE_ENC.rawValue))
        var stripped = HTMLDocument.strippingInertParts(bytes)
        // In UTF-16 every ASCII character has a zero byte: only byte encodings lose NULs.
        if !encoding.hasPrefix("UTF-16") { stripped = HTMLDocument.droppingNULs(stripped) }
        let tags = HTMLDocument.tagCount(stripped)
        guard tags <= HTMLDocument.maxTags else {
            throw ExtractionError.unparsable(
                "the page has \(tags) tags outside scripts and styles, over the limit of \(HTMLDocument.maxTags) (a news page has a few thousand): not parsed")
        }
        let parsed: htmlDocPtr? = stripped.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.flatMap { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                    htmlReadMemory(chars, Int32(clamping: buffer.count), nil, encoding, options)
                }
            }
        }
        guard let doc = parsed else {
            throw ExtractionError.unparsable("libxml2 built no document from \(bytes.count) bytes")
        }
        self.doc = doc
        self.encoding = encoding
        self.warnings = warnings
    }

    deinit { xmlFreeDoc(doc) }

    /// Most tags a page may have to be parsed. The tree costs about 500 bytes per element
    /// (libxml2's nodes and the scan's records): a 16 MB page of two million `<p>x</p>` took
    /// 1 GB. The largest real news pages have tens of thousands of tags; 400,000 bounds one
    /// page's tree near 200 MB and refuses only pages built to be huge.
    static let maxTags = 400_000

    /// The number of `<` followed by a letter, `/` or `!` (opening and closing tags,
    /// comments, doctypes): an upper bound on the elements the parser makes. O(n) with `memchr`.
    static func tagCount(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return 0 }
            var count = 0
            var i = 0
            while i < b.count, let p = memchr(base + i, 0x3C, b.count - i) {
                let at = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                if at + 1 < b.count {
                    let c = b[at + 1]
                    if isASCIILetter(c) || c == 0x2F || c == 0x21 { count += 1 }
                }
                i = at + 1
            }
            return count
        }
    }

    // MARK: Pre-parse

    /// The page without the parts that never reach the text or the metadata: comments, and
    /// `<script>`, `<style>` and `<svg>` elements with everything inside, except scripts whose
    /// opening tag says JSON (JSON-LD, application state), which are kept whole.
    ///
    /// ```swift
    /// let kept = HTMLDocument.strippingInertParts(Array("<p>a<script>x()</script>b</p>".utf8))
    /// // "<p>ab</p>"
    /// ```
    ///
    /// Scripts, styles and inline SVG are often more than half of a news page's bytes, and
    /// libxml2 2.9 reads them one character at a time; here they are found with `memchr` and
    /// dropped before parsing. Other tags are stepped over with their quoted attribute values,
    /// so `<script` inside an attribute is left alone. A self-closed `<script/>` or `<svg/>`
    /// is dropped alone (libxml2 closes it there too); an unclosed one runs to the end of the
    /// page, as it would in the parser. O(n), one copy.
    static func strippingInertParts(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { src -> [UInt8] in
            guard let base = src.baseAddress else { return bytes }
            let n = src.count
            var out: [UInt8] = []
            out.reserveCapacity(n)
            var copied = 0  // src[copied..<lt] is still to be copied
            var i = 0
            func drop(_ range: Range<Int>) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: src[copied..<range.lowerBound]))
                copied = range.upperBound
            }
            while i < n, let found = memchr(base + i, 0x3C, n - i) {
                let lt = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                i = lt + 1
                guard i < n else { break }
                let c = base[i]
                if c == 0x21 {  // "<!": a comment when "<!--"
                    guard i + 2 < n, base[i + 1] == 0x2D, base[i + 2] == 0x2D else { continue }
                    let end = find(commentEnd, in: src, from: i + 3).map { $0 + 3 } ?? n
                    drop(lt..<end)
                    i = end
                    continue
                }
                guard isASCIILetter(c) else { continue }
                var j = i
                while j < n, isTagNameByte(base[j]) { j += 1 }
                let name = UnsafeBufferPointer(rebasing: src[i..<j])
                let inert: [UInt8]? =
                    equalLowered(name, scriptName) ? scriptName
                    : equalLowered(name, styleName) ? styleName : equalLowered(name, svgName) ? svgName : nil
                guard let tagEnd = openTagEnd(src, from: j) else { break }
                i = tagEnd + 1
                guard let inert else {
                    if tagEnd > j {
                        // Keep only the attributes something reads.
                        drop(lt..<(tagEnd + 1))
                        appendReadAttributes(of: src, tag: lt..<j, attributes: j..<tagEnd, to: &out)
                    }
                    continue
                }
                if base[tagEnd - 1] == 0x2F {  // `<svg .../>`: closed where it stands
                    drop(lt..<(tagEnd + 1))
                    continue
                }
                let close = closingTag(inert, in: src, from: tagEnd + 1, nests: inert == svgName)
                if inert == scriptName, containsLowered(UnsafeBufferPointer(rebasing: src[j..<tagEnd]), jsonWord) {
                    i = close  // JSON is kept, and its `<` are not tags
                    continue
                }
                drop(lt..<close)
                i = close
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: src[copied..<n]))
            return out
        }
    }

    /// The bytes without NUL bytes. libxml2 2.9 takes a NUL for the end of the input and
    /// drops the rest of the page (a stray run of NULs before an article lost the article);
    /// browsers ignore a NUL in the body, and so does this. O(n) with `memchr`; a page without
    /// NULs is returned as is, without a copy.
    ///
    /// ```swift
    /// HTMLDocument.droppingNULs([0x61, 0, 0x62])  // [0x61, 0x62]
    /// ```
    static func droppingNULs(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { src -> [UInt8] in
            guard let base = src.baseAddress, memchr(base, 0, src.count) != nil else { return bytes }
            var out: [UInt8] = []
            out.reserveCapacity(src.count)
            var i = 0
            while i < src.count {
                guard let found = memchr(base + i, 0, src.count - i) else {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: src[i...]))
                    break
                }
                let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                out.append(contentsOf: UnsafeBufferPointer(rebasing: src[i..<at]))
                i = at + 1
            }
            return out
        }
    }

    /// Appends the opening tag `<name ...>` with only the attributes in ``readAttributes``
    /// (values copied as written), and a closing `/` when the tag is self-closed. Every other
    /// attribute (`href` of links, `src`, `srcset`, `data-*`, event handlers, ...) would cost
    /// libxml2 a node and a copy for nothing.
    private static func appendReadAttributes(
        of src: UnsafeBufferPointer<UInt8>, tag: Range<Int>, attributes: Range<Int>, to out: inout [UInt8]
    ) {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: src[tag]))
        let tagName = UnsafeBufferPointer(rebasing: src[(tag.lowerBound + 1)..<tag.upperBound])
        let isLink = equalLowered(tagName, linkName)
        let isAnchor = tagName.count == 1 && (tagName[0] | 0x20) == 0x61
        let end = attributes.upperBound
        var k = attributes.lowerBound
        var selfClosed = false
        while k < end {
            let b = src[k]
            if isSpace(b) {
                k += 1
                continue
            }
            if b == 0x2F {  // "/"
                if k + 1 == end { selfClosed = true }
                k += 1
                continue
            }
            let nameStart = k
            while k < end, !isSpace(src[k]), src[k] != 0x3D, !(src[k] == 0x2F && k + 1 == end) { k += 1 }
            let nameEnd = k
            var valueEnd = nameEnd
            var v = k
            while v < end, isSpace(src[v]) { v += 1 }
            if v < end, src[v] == 0x3D {
                v += 1
                while v < end, isSpace(src[v]) { v += 1 }
                if v < end, src[v] == 0x22 || src[v] == 0x27 {
                    let quote = src[v]
                    v += 1
                    while v < end, src[v] != quote { v += 1 }
                    valueEnd = min(v + 1, end)
                } else {
                    while v < end, !isSpace(src[v]) { v += 1 }
                    valueEnd = v
                }
                k = valueEnd
            }
            let name = UnsafeBufferPointer(rebasing: src[nameStart..<nameEnd])
            if isAnchor, equalLowered(name, hrefName) {
                // Only whether an `<a>` has a target matters (`<a name>`/`<a id>` anchors are
                // not links): the name is kept, the URL is not.
                out.append(0x20)
                out.append(contentsOf: hrefName)
            } else if isReadAttribute(name, onLink: isLink) {
                out.append(0x20)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: src[nameStart..<valueEnd]))
            }
        }
        if selfClosed { out.append(0x2F) }
        out.append(0x3E)
    }

    /// Whether anything in the extractor reads this attribute (``CommonAttributes``,
    /// ``PageScan``'s metadata, libxml2's own `charset`): the one list to extend when a new
    /// attribute is read. `href` is kept with its value on `<link>` only (the canonical URL);
    /// on `<a>` its name alone is kept (see ``appendReadAttributes(of:tag:attributes:to:)``).
    private static func isReadAttribute(_ name: UnsafeBufferPointer<UInt8>, onLink: Bool) -> Bool {
        if onLink, equalLowered(name, hrefName) { return true }
        return readAttributes.equalsAny(name, ignoringCase: true)
    }

    private static let readAttributes = PartWords([
        "class", "id", "role", "itemprop", "style", "rel", "hidden", "aria-hidden", "content", "name",
        "property", "http-equiv", "charset", "lang", "xml:lang", "type", "datetime", "pubdate", "data-testid",
    ])
    private static let hrefName: [UInt8] = Array("href".utf8)
    /// HTML start tags that end foreign content (`<svg>`) left open, as the HTML standard's
    /// tree builder does.
    private static let breakoutTags = PartWords([
        "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
        "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta",
        "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table",
        "tt", "u", "ul", "var",
    ])
    private static let linkName: [UInt8] = Array("link".utf8)

    /// The `>` ending the opening tag whose attributes start at `from`, stepping over quoted
    /// values (`title="a > b"`); `nil` when the page ends first.
    private static func openTagEnd(_ src: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var k = from
        let n = src.count
        var afterEquals = false
        while k < n {
            let b = src[k]
            if b == 0x3E { return k }
            if afterEquals, b == 0x22 || b == 0x27 {
                guard let base = src.baseAddress, let q = memchr(base + k + 1, Int32(b), n - k - 1) else { return nil }
                k = base.distance(to: q.assumingMemoryBound(to: UInt8.self)) + 1
                afterEquals = false
                continue
            }
            if b == 0x3D {
                afterEquals = true
            } else if !isSpace(b) {
                afterEquals = false
            }
            k += 1
        }
        return nil
    }

    /// Just past the `>` of the `</name` that closes an element opened before `from` (counting
    /// nested openings when `nests`), or the end of the page.
    ///
    /// An element that nests (`<svg>`, foreign content) also ends, as in browsers, where an
    /// HTML tag that cannot be inside it opens (`<p>`, `<div>`, `<h3>`, ...: the HTML
    /// standard's breakout tags): the result is then that tag's `<`, so that an `<svg>` left
    /// open does not take the rest of the page with it. Comments inside it are stepped over.
    private static func closingTag(_ name: [UInt8], in src: UnsafeBufferPointer<UInt8>, from: Int, nests: Bool) -> Int {
        guard let base = src.baseAddress else { return src.count }
        let n = src.count
        var depth = 1
        var i = from
        while i < n, let found = memchr(base + i, 0x3C, n - i) {
            let lt = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            i = lt + 1
            if nests, i + 2 < n, base[i] == 0x21, base[i + 1] == 0x2D, base[i + 2] == 0x2D {
                i = find(commentEnd, in: src, from: i + 3).map { $0 + 3 } ?? n
                continue
            }
            let closing = i < n && base[i] == 0x2F
            let start = closing ? i + 1 : i
            if nests, !closing {
                var j = start
                while j < n, isTagNameByte(base[j]) { j += 1 }
                if j > start, breakoutTags.equalsAny(UnsafeBufferPointer(rebasing: src[start..<j]), ignoringCase: true) {
                    return lt
                }
            }
            guard closing || nests, start + name.count <= n else { continue }
            let after = start + name.count
            guard equalLowered(UnsafeBufferPointer(rebasing: src[start..<after]), name),
                after == n || !isTagNameByte(base[after])
            else { continue }
            if !closing {
                depth += 1
                continue
            }
            depth -= 1
            if depth == 0 {
                guard let gt = memchr(base + after, 0x3E, n - after) else { return n }
                return base.distance(to: gt.assumingMemoryBound(to: UInt8.self)) + 1
            }
        }
        return n
    }

    private static func find(_ needle: [UInt8], in src: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < src.count, let base = src.baseAddress else { return nil }
        var i = from
        let n = src.count
        while i + needle.count <= n, let found = memchr(base + i, Int32(needle[0]), n - i) {
            let at = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            guard at + needle.count <= n else { return nil }
            if memcmp(base + at, needle, needle.count) == 0 { return at }
            i = at + 1
        }
        return nil
    }

    /// A byte libxml2 reads as part of a tag name: letters, digits, `-`, `_`, `:` and `.`
    /// (custom elements such as `<mjx-container>` or `<amp-img>`).
    @inline(__always)
    private static func isTagNameByte(_ c: UInt8) -> Bool {
        isASCIILetter(c) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F || c == 0x3A || c == 0x2E
    }

    private static let scriptName: [UInt8] = Array("script".utf8)
    private static let styleName: [UInt8] = Array("style".utf8)
    private static let svgName: [UInt8] = Array("svg".utf8)
    private static let jsonWord: [UInt8] = Array("json".utf8)
    private static let commentEnd: [UInt8] = Array("-->".utf8)

    /// The root element (`<html>`), if the page has one.
    var root: xmlNodePtr? { xmlDocGetRootElement(doc) }

    /// libxml2 must be initialised once before threads parse at the same time.
    private static let setUpLibXML: Void = { xmlInitParser() }()

    // MARK: Encoding

    /// Picks the encoding to tell the parser. Reads the page's `<meta charset>` /
    /// `http-equiv` declaration itself (in the first 16 KiB, as browsers do) so that a
    /// declaration the bytes contradict (a "UTF-8" page in windows-1252) is caught.
    static func chooseEncoding(bytes: [UInt8], declaredCharset: String?, warnings: inout [String])
        -> String
    {
        encodingChoice(bytes: bytes, declaredCharset: declaredCharset, warnings: &warnings).name
    }

    /// ``chooseEncoding(bytes:declaredCharset:warnings:)``, and whether the bytes must be
    /// repaired first (``repairingUTF8(_:)``): UTF-8, declared or not, that is damaged but
    /// mostly UTF-8 (``TextDecoding/isMostlyUTF8(_:)``, the rule plain text follows too) is read
    /// with each invalid byte replaced by U+FFFD; more damage than that is another encoding
    /// mislabelled, read as windows-1252.
    static func encodingChoice(bytes: [UInt8], declaredCharset: String?, warnings: inout [String])
        -> (name: String, repair: Bool)
    {
        // A byte-order mark says it all (damage and all: it is repaired).
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            if isValidUTF8(bytes) { return ("UTF-8", false) }
            warnings.append(
                "page starts with a UTF-8 byte-order mark and has \(invalidSequences(utf8Damage(bytes).invalid)): replaced by U+FFFD")
            return ("UTF-8", true)
        }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return ("UTF-16LE", false) }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return ("UTF-16BE", false) }
        let declared = declaredCharset.map { Array($0.utf8) } ?? metaCharset(in: bytes)
        func damagedUTF8(declared: Bool) -> (name: String, repair: Bool) {
            let damage = utf8Damage(bytes)
            if TextDecoding.isMostlyUTF8(damage) {
                warnings.append(
                    "\(declared ? "page declares UTF-8 and" : "page") is UTF-8 with \(invalidSequences(damage.invalid)): replaced by U+FFFD")
                return ("UTF-8", true)
            }
            if declared {
                warnings.append("page declares UTF-8 but its bytes are not: read as windows-1252")
            } else {
                let firstBad = TextDecoding.firstInvalidUTF8Offset(bytes)
                warnings.append("page is " + TextDecoding.windows1252Warning(firstBadByte: firstBad))
            }
            return ("windows-1252", false)
        }
        guard let name = declared.flatMap(normalizedCharset) else {
            return isValidUTF8(bytes) ? ("UTF-8", false) : damagedUTF8(declared: false)
        }
        if name == "UTF-8" {
            if isValidUTF8(bytes) { return (name, false) }
            return damagedUTF8(declared: true)
        }
        // Another charset declared, but the bytes are valid UTF-8 with letters outside ASCII: a
        // page saved (or served) as UTF-8 under its old declaration. Text in a single-byte or an
        // East Asian legacy charset is practically never valid UTF-8 once it leaves ASCII (an
        // accented letter is one byte ≥ 0x80 followed by ASCII), so reading it as declared would
        // only turn every "ó" into "Ã³".
        if bytes.contains(where: { $0 >= 0x80 }), isValidUTF8(bytes) {
            warnings.append("page declares \(name) but its bytes are UTF-8: read as UTF-8")
            return ("UTF-8", false)
        }
        return (name, false)
    }

    /// The WHATWG-style canonical name for a charset label, or `nil` for an empty one.
    /// Labels browsers read as a superset (ISO-8859-1 → windows-1252, GB2312 → GBK) are mapped.
    static func normalizedCharset(_ label: [UInt8]) -> String? {
        var s = label.filter { $0 != 0x22 && $0 != 0x27 && $0 > 0x20 }.map { lowerASCII($0) }
        while let l = s.last, l == 0x3B || l == 0x2C { s.removeLast() }
        guard !s.isEmpty else { return nil }
        let name = String(decoding: s, as: UTF8.self)
        switch name {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return "UTF-8"
        case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "cp1252",
            "windows-1252", "x-cp1252", "iso_8859-1", "cp819", "ibm819":
            return "windows-1252"
        case "gb2312", "gb_2312-80", "x-gbk", "gbk", "chinese", "csgb2312": return "GBK"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932":
            return "SHIFT_JIS"
        case "euc-kr", "ks_c_5601-1987", "windows-949", "cp949": return "CP949"
        case "utf-16", "utf-16le", "utf-16be":
            // A page that reached us as bytes with ASCII markup is not UTF-16 whatever it says.
            return "UTF-8"
        default: return name.uppercased()
        }
    }

    /// Finds `charset=` in a `<meta>` tag in the first 16 KiB. Returns the label's bytes.
    static func metaCharset(in bytes: [UInt8]) -> [UInt8]? {
        let n = min(bytes.count, 16_384)
        let needle: [UInt8] = Array("charset".utf8)
        var i = 0
        while i + needle.count < n {
            // Only inside a tag that starts with "<meta".
            if bytes[i] == 0x3C, i + 5 < n, lowerASCII(bytes[i + 1]) == 0x6D, lowerASCII(bytes[i + 2]) == 0x65,
                lowerASCII(bytes[i + 3]) == 0x74, lowerASCII(bytes[i + 4]) == 0x61
            {
                var j = i + 5
                while j < n, bytes[j] != 0x3E {
                    if j + needle.count < n, lowerASCII(bytes[j]) == 0x63 {
                        var k = 0
                        while k < needle.count, lowerASCII(bytes[j + k]) == needle[k] { k += 1 }
                        if k == needle.count {
                            var p = j + k
                            while p < n, bytes[p] == 0x20 { p += 1 }
                            if p < n, bytes[p] == 0x3D {
                                p += 1
                                while p < n, bytes[p] == 0x20 || bytes[p] == 0x22 || bytes[p] == 0x27 { p += 1 }
                                let start = p
                                while p < n, bytes[p] != 0x22, bytes[p] != 0x27, bytes[p] != 0x3E,
                                    bytes[p] != 0x20, bytes[p] != 0x3B, bytes[p] != 0x2F
                                {
                                    p += 1
                                }
                                if p > start { return Array(bytes[start..<p]) }
                            }
                        }
                    }
                    j += 1
                }
                i = j
            }
            i += 1
        }
        return nil
    }
}

@inline(__always)
func lowerASCII(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

@inline(__always)
func isASCIILetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }

/// Equal after lower-casing `a` (ASCII); `lower` is already lower-case.
@inline(__always)
func equalLowered(_ a: UnsafeBufferPointer<UInt8>, _ lower: [UInt8]) -> Bool {
    guard a.count == lower.count else { return false }
    for i in 0..<a.count where lowerASCII(a[i]) != lower[i] { return false }
    return true
}

/// Whether `hay`, lower-cased (ASCII), contains `lower`. O(hay × needle), for short hays.
func containsLowered(_ hay: UnsafeBufferPointer<UInt8>, _ lower: [UInt8]) -> Bool {
    guard !lower.isEmpty else { return true }
    guard hay.count >= lower.count else { return false }
    for start in 0...(hay.count - lower.count) {
        var k = 0
        while k < lower.count, lowerASCII(hay[start + k]) == lower[k] { k += 1 }
        if k == lower.count { return true }
    }
    return false
}
