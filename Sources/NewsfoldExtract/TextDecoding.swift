/// Turns page bytes into a Swift `String` when the page does not (or cannot) declare its
/// encoding: crawled plain text, JSONL fields.
///
/// Policy: valid UTF-8 is taken as is (a BOM is dropped). Bytes that are not valid UTF-8 are
/// read as Windows-1252 (the usual legacy encoding of Western pages; every byte maps), with a
/// warning. Bytes that look binary (NUL or many control characters) are refused.
public enum TextDecoding {
    /// The decoded text and, when the bytes were not UTF-8, a warning saying what was done.
    public static func decode(_ bytes: [UInt8]) throws(ExtractionError) -> (text: String, warning: String?) {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        let body = bytes[start...]
        var controls = 0
        for b in body where b < 0x20 && b != 0x0A && b != 0x0D && b != 0x09 && b != 0x0C {
            if b == 0 { throw .undecodable("the page holds NUL bytes: it is binary, not text") }
            controls += 1
        }
        if controls > 8 && controls * 100 > body.count {
            throw .undecodable("\(controls) control bytes: the page is binary, not text")
        }
        if let s = String(validating: body, as: UTF8.self) { return (s, nil) }
        let firstBad = firstInvalidUTF8Offset(body)
        return (
            windows1252(body),
            "not valid UTF-8 (first bad byte at offset \(firstBad + start)): read as Windows-1252"
        )
    }

    /// Offset of the first byte that breaks UTF-8, relative to the slice start.
    static func firstInvalidUTF8Offset(_ bytes: ArraySlice<UInt8>) -> Int {
        var it = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }

    /// Decodes Windows-1252 (Latin-1 with typographic characters in 0x80–0x9F).
    public static func windows1252(_ bytes: ArraySlice<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for b in bytes {
            if b >= 0x80 && b < 0xA0 {
                scalars.append(Unicode.Scalar(cp1252High[Int(b - 0x80)]) ?? "\u{FFFD}")
            } else {
                scalars.append(Unicode.Scalar(b))
            }
        }
        return String(scalars)
    }

    private static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]
}
