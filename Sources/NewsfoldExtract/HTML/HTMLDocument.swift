import CLibXML2

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
        let encoding = HTMLDocument.chooseEncoding(
            bytes: bytes, declaredCharset: declaredCharset, warnings: &warnings)
        // Errors are suppressed by the parse options; this also keeps libxml2's structured
        // handler (thread-local) from printing anything.
        xmlSetStructuredErrorFunc(nil, { _, _ in })
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
        let parsed: htmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
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
        // A byte-order mark says it all.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return "UTF-8" }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return "UTF-16LE" }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return "UTF-16BE" }
        let declared = declaredCharset.map { Array($0.utf8) } ?? metaCharset(in: bytes)
        guard let name = declared.flatMap(normalizedCharset) else {
            return isValidUTF8(bytes) ? "UTF-8" : "windows-1252"
        }
        if name == "UTF-8" {
            if isValidUTF8(bytes) { return name }
            warnings.append("page declares UTF-8 but its bytes are not: read as windows-1252")
            return "windows-1252"
        }
        return name
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

/// Whether `bytes` are valid UTF-8 (the standard library's validating decoder, O(n)).
func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    String(validating: bytes, as: UTF8.self) != nil
}

@inline(__always)
func lowerASCII(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
