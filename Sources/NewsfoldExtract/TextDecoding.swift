/// Turns page bytes into a Swift `String` when the page does not (or cannot) declare its
/// encoding: crawled plain text, JSONL fields.
///
/// Policy: UTF-16 with a byte-order mark is decoded as such. Valid UTF-8 is taken as is (a BOM is dropped). Bytes that are not valid UTF-8 but
/// are mostly UTF-8 (``isMostlyUTF8(_:)``: a cut "ó" here and there) have each invalid byte
/// replaced by U+FFFD; other bytes are read as Windows-1252 (the usual legacy encoding of
/// Western pages; every byte maps). Both say so in a warning. Bytes that look binary (NUL or
/// many control characters) are refused. HTML pages follow the same rule
/// (`HTMLDocument.encodingChoice`).
public enum TextDecoding {
    /// The decoded text and, when the bytes were not UTF-8, a warning saying what was done.
    public static func decode(_ bytes: [UInt8]) throws(ExtractionError) -> (text: String, warning: String?) {
        // UTF-16 says so with its byte-order mark (its ASCII letters hold zero bytes: it must not
        // reach the binary check).
        if let utf8 = utf8FromUTF16(bytes) { return try decode(utf8) }
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
        let array = start == 0 ? bytes : Array(body)
        if isValidUTF8(array) { return (String(decoding: array, as: UTF8.self), nil) }
        let firstBad = firstInvalidUTF8Offset(array)
        let damage = utf8Damage(array)
        if isMostlyUTF8(damage) {
            return (
                String(decoding: repairingUTF8(array), as: UTF8.self),
                "UTF-8 with \(invalidSequences(damage.invalid)) (the first at offset \(firstBad + start)): replaced by U+FFFD"
            )
        }
        return (windows1252(body), windows1252Warning(firstBadByte: firstBad + start))
    }

    /// The warning for a record of a UTF-8 container (a JSONL line) whose bytes are not valid
    /// UTF-8, so that its bad bytes became U+FFFD when its strings were read; `nil` when valid.
    /// O(n), eight ASCII bytes at a time.
    public static func replacedBytesWarning(_ bytes: [UInt8], in what: String) -> String? {
        guard !isValidUTF8(bytes) else { return nil }
        let damage = utf8Damage(bytes)
        return "\(what) is not valid UTF-8 (\(invalidSequences(damage.invalid)), the first at byte "
            + "\(firstInvalidUTF8Offset(bytes))): replaced by U+FFFD"
    }

    /// The warning for bytes that are not UTF-8 and were read as Windows-1252 (text and HTML).
    static func windows1252Warning(firstBadByte: Int) -> String {
        "not valid UTF-8 (first bad byte at offset \(firstBadByte)): read as Windows-1252"
    }

    /// UTF-16 with a byte-order mark (`FF FE` little-endian, `FE FF` big-endian) turned into
    /// UTF-8 (without the mark; an unpaired surrogate becomes U+FFFD, an odd last byte is
    /// dropped); `nil` when the bytes do not start with a UTF-16 mark. O(n).
    public static func utf8FromUTF16(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count >= 2 else { return nil }
        let little: Bool
        switch (bytes[0], bytes[1]) {
        case (0xFF, 0xFE): little = true
        case (0xFE, 0xFF): little = false
        default: return nil
        }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var i = 2
        while i + 1 < bytes.count {
            let a = UInt16(bytes[i]), b = UInt16(bytes[i + 1])
            units.append(little ? a | b << 8 : a << 8 | b)
            i += 2
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    /// Whether bytes that are not valid UTF-8 are still UTF-8 with damage rather than another
    /// encoding: at most a quarter as many invalid bytes as valid multi-byte sequences.
    /// Text in a single-byte encoding has no valid multi-byte sequences to speak of (an accented
    /// letter is one byte ≥ 0x80 followed by ASCII); a UTF-8 page cut or garbled in a few places
    /// has many.
    public static func isMostlyUTF8(_ damage: (invalid: Int, multiByte: Int)) -> Bool {
        damage.invalid * 4 <= damage.multiByte
    }

    /// Offset of the first byte that starts no valid UTF-8 sequence (the count when there is
    /// none). O(n).
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count {
                let length = validSequenceLength(b, at: i)
                if length == 0 { return i }
                i += length
            }
            return b.count
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

/// "N invalid byte sequence(s)", for warnings (each is one byte that starts no valid sequence).
func invalidSequences(_ invalid: Int) -> String {
    "\(invalid) invalid byte sequence\(invalid == 1 ? "" : "s")"
}

/// Whether `bytes` are valid UTF-8 (no overlong forms, surrogates or code points past
/// U+10FFFF), read in place: eight ASCII bytes at a time, no copy. O(n).
func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress else { return true }
        let n = buffer.count
        var i = 0
        while i < n {
            while i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            guard i < n else { return true }
            let length = validSequenceLength(buffer, at: i)
            guard length > 0 else { return false }
            i += length
        }
        return true
    }
}

/// The length of the valid UTF-8 sequence starting at `i`, or 0 when the bytes there are
/// not one (a stray continuation byte, a truncated or overlong sequence, a surrogate): the
/// one definition of valid UTF-8 that every check here uses.
@inline(__always)
private func validSequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
    let n = b.count
    let c = b[i]
    @inline(__always) func continuation(_ k: Int) -> Bool { k < n && b[k] & 0xC0 == 0x80 }
    switch c {
    case 0x00..<0x80: return 1
    case 0xC2..<0xE0: return continuation(i + 1) ? 2 : 0
    case 0xE0..<0xF0:
        guard continuation(i + 1), continuation(i + 2) else { return 0 }
        if c == 0xE0, b[i + 1] < 0xA0 { return 0 }
        if c == 0xED, b[i + 1] > 0x9F { return 0 }
        return 3
    case 0xF0..<0xF5:
        guard continuation(i + 1), continuation(i + 2), continuation(i + 3) else { return 0 }
        if c == 0xF0, b[i + 1] < 0x90 { return 0 }
        if c == 0xF4, b[i + 1] > 0x8F { return 0 }
        return 4
    default: return 0
    }
}

/// Invalid bytes (each one that starts no valid sequence) and valid multi-byte sequences in
/// `bytes`. O(n).
func utf8Damage(_ bytes: [UInt8]) -> (invalid: Int, multiByte: Int) {
    bytes.withUnsafeBufferPointer { b in
        var invalid = 0, multiByte = 0, i = 0
        while i < b.count {
            let length = validSequenceLength(b, at: i)
            if length == 0 {
                invalid += 1
                i += 1
            } else {
                if length > 1 { multiByte += 1 }
                i += length
            }
        }
        return (invalid, multiByte)
    }
}

/// `bytes` with every byte that starts no valid UTF-8 sequence replaced by U+FFFD, as a
/// browser's decoder does; runs of valid bytes are copied whole. O(n).
///
/// ```swift
/// repairingUTF8([0x61, 0xC3, 0x2E])  // "a\u{FFFD}." as UTF-8
/// ```
func repairingUTF8(_ bytes: [UInt8]) -> [UInt8] {
    bytes.withUnsafeBufferPointer { b in
        var out: [UInt8] = []
        out.reserveCapacity(b.count + 16)
        var run = 0  // b[run..<i] is valid and not yet copied
        var i = 0
        while i < b.count {
            let length = validSequenceLength(b, at: i)
            if length == 0 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<i]))
                out.append(0xEF)
                out.append(0xBF)
                out.append(0xBD)
                i += 1
                run = i
            } else {
                i += length
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<b.count]))
        return out
    }
}
