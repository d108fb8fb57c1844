/// A JSON value, as read from one JSONL line.
///
/// Objects keep their keys in input order (so that pass-through fields are written back as
/// they came). Parsing works on UTF-8 bytes; invalid UTF-8 inside strings is repaired with
/// U+FFFD rather than failing the record.
///
/// ```swift
/// let value = try JSONValue.parse(Array(#"{"id":"a","text":"Hi"}"#.utf8))
/// value["text"]?.string   // "Hi"
/// ```
public enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, as a `Double` (integers are exact up to 2⁵³).
    case number(Double)
    /// A string, unescaped.
    case string(String)
    /// An array, items in order.
    case array([JSONValue])
    /// An object: its members as (key, value) pairs in input order; a repeated key is kept twice.
    case object([(String, JSONValue)])

    /// Structural equality; objects are equal only with the same members in the same order.
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member named `key` of an object, or `nil`. A repeated key gives its last value, as
    /// `JSONScanner.fields` and most JSON readers do, so every reader of a line sees the same.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.0 == key })?.1
    }

    /// What this value is, for messages: `null`, `a boolean`, `a number`, `a string`,
    /// `an array`, `an object`.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// The string, or `nil` when this is not a string.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// A string, or a number written as text (ids are often numbers).
    public var stringOrNumber: String? {
        switch self {
        case .string(let s): return s
        case .number(let d):
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return String(d)
        default: return nil
        }
    }

    /// Parses one JSON document (surrounding white space allowed).
    public static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buf throws(JSONError) in try parse(buf) }
    }

    /// Parses one JSON document held in `buffer`.
    public static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONError) -> JSONValue {
        var p = JSONScanner(buffer)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.atEnd else { throw p.error("unexpected text after the JSON value") }
        return v
    }
}

/// What is wrong with a JSON text, and where.
public struct JSONError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, in a phrase.
    public var message: String
    /// Byte offset of the problem.
    public var offset: Int
    /// `not valid JSON at byte <offset>: <message>`.
    public var description: String { "not valid JSON at byte \(offset): \(message)" }

    /// An error at byte `offset` (0 for a document whose shape, not syntax, is wrong).
    public init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
}

/// A byte-level JSON reader. Used by `JSONValue.parse(_:)` and by
/// ``JSONScanner/fields(_:in:)``, which pulls a few top-level fields out of a JSONL line
/// without building the rest (the fast path for large corpora).
public struct JSONScanner {
    let buf: UnsafeBufferPointer<UInt8>
    var i = 0
    /// Nesting deeper than this is refused: hostile input must not overflow the stack.
    static let maxDepth = 512

    init(_ buf: UnsafeBufferPointer<UInt8>) { self.buf = buf }

    var atEnd: Bool { i >= buf.count }

    func error(_ m: String) -> JSONError { JSONError(message: m, offset: i) }

    mutating func skipSpace() {
        while i < buf.count {
            let c = buf[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
        }
    }

    mutating func expect(_ c: UInt8) throws(JSONError) {
        skipSpace()
        guard i < buf.count, buf[i] == c else {
            throw error("expected '\(Character(Unicode.Scalar(c)))'")
        }
        i += 1
    }

    mutating func value(depth: Int) throws(JSONError) -> JSONValue {
        skipSpace()
        guard i < buf.count else { throw error("unexpected end of input") }
        guard depth < JSONScanner.maxDepth else { throw error("nesting deeper than \(JSONScanner.maxDepth)") }
        switch buf[i] {
        case UInt8(ascii: "{"):
            i += 1
            var members: [(String, JSONValue)] = []
            skipSpace()
            if i < buf.count, buf[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            while true {
                skipSpace()
                let k = try string()
                try expect(UInt8(ascii: ":"))
                let v = try value(depth: depth + 1)
                members.append((k, v))
                skipSpace()
                guard i < buf.count else { throw error("unterminated object") }
                if buf[i] == UInt8(ascii: ",") { i += 1; continue }
                if buf[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                throw error("expected ',' or '}' in object")
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if i < buf.count, buf[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < buf.count else { throw error("unterminated array") }
                if buf[i] == UInt8(ascii: ",") { i += 1; continue }
                if buf[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw error("expected ',' or ']' in array")
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default:
            return .number(try number())
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= buf.count else { throw error("unexpected end of input") }
        for k in 0..<n where buf[i + k] != word.utf8Start[k] {
            throw error("unexpected character")
        }
        i += n
    }

    mutating func number() throws(JSONError) -> Double {
        let start = i
        while i < buf.count {
            let c = buf[i]
            if (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2B || c == 0x2E || c == 0x65 || c == 0x45 {
                i += 1
            } else {
                break
            }
        }
        guard i > start, let d = Double(String(decoding: buf[start..<i], as: UTF8.self)) else {
            throw error("expected a value")
        }
        return d
    }

    /// The index of the first `"` or `\\` at or after `from`, or `buf.count`: eight bytes at a
    /// time (a byte equal to either sets its high bit in `hit`: the classic has-zero-byte test
    /// on `w ^ quotes` and `w ^ backslashes`), then byte by byte for the last few. Article texts
    /// are long strings with few escapes, so this loop is most of reading a JSONL line.
    @inline(__always)
    func quoteOrBackslash(from: Int) -> Int {
        var i = from
        let n = buf.count
        if let base = buf.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            let quotes = ones &* 0x22, backslashes = ones &* 0x5C
            while i + 8 <= n {
                let w = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                let q = w ^ quotes, b = w ^ backslashes
                let hit = ((q &- ones) & ~q | (b &- ones) & ~b) & highs
                if hit != 0 { return i + hit.trailingZeroBitCount >> 3 }
                i += 8
            }
        }
        while i < n, buf[i] != UInt8(ascii: "\""), buf[i] != UInt8(ascii: "\\") { i += 1 }
        return i
    }

    /// Reads a string starting at the opening quote.
    mutating func string() throws(JSONError) -> String {
        try string { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads a string starting at the opening quote as its unescaped UTF-8 bytes, neither
    /// validated nor made a `String`: for text that is only hashed (an invalid byte stays as it
    /// is, where ``string()`` would put U+FFFD).
    mutating func stringBytes() throws(JSONError) -> [UInt8] {
        try string { Array($0) }
    }

    /// Reads a string starting at the opening quote and hands its unescaped bytes to `make`
    /// (the line's own bytes when the string has no escape: no copy).
    mutating func string<R>(_ make: (UnsafeBufferPointer<UInt8>) -> R) throws(JSONError) -> R {
        guard i < buf.count, buf[i] == UInt8(ascii: "\"") else { throw error("expected a string") }
        i += 1
        let start = i
        // Fast path: no escapes.
        i = quoteOrBackslash(from: i)
        guard i < buf.count else { throw error("unterminated string") }
        if buf[i] == UInt8(ascii: "\"") {
            let s = make(UnsafeBufferPointer(rebasing: buf[start..<i]))
            i += 1
            return s
        }
        var out: [UInt8] = []
        out.reserveCapacity(2 * (i - start) + 64)
        out.append(contentsOf: buf[start..<i])
        while i < buf.count {
            let c = buf[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return out.withUnsafeBufferPointer(make)
            }
            if c == UInt8(ascii: "\\") {
                i += 1
                guard i < buf.count else { break }
                let e = buf[i]
                i += 1
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar), i + 1 < buf.count, buf[i] == UInt8(ascii: "\\"),
                        buf[i + 1] == UInt8(ascii: "u")
                    {
                        i += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            appendScalar(0xFFFD, to: &out)
                            scalar = low
                        }
                    }
                    appendScalar(scalar, to: &out)
                default: out.append(e)  // \" \\ \/ and, leniently, anything else
                }
            } else {
                // Copy the run up to the next quote or backslash in one go.
                let start = i
                i = quoteOrBackslash(from: i + 1)
                out.append(contentsOf: buf[start..<i])
            }
        }
        throw error("unterminated string")
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        guard i + 4 <= buf.count else { throw error("bad \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = buf[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw error("bad \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    /// Skips one value without building it.
    mutating func skipValue() throws(JSONError) {
        skipSpace()
        guard i < buf.count else { throw error("unexpected end of input") }
        let c = buf[i]
        if c == UInt8(ascii: "\"") {
            i += 1
            while true {
                i = quoteOrBackslash(from: i)
                guard i < buf.count else { break }
                let b = buf[i]
                i += b == UInt8(ascii: "\\") ? 2 : 1
                if b == UInt8(ascii: "\"") { return }
            }
            throw error("unterminated string")
        }
        if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
            var depth = 0
            while i < buf.count {
                let b = buf[i]
                if b == UInt8(ascii: "\"") {
                    try skipValue()
                    continue
                }
                if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { depth += 1 }
                if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { i += 1; return }
                }
                i += 1
            }
            throw error("unterminated container")
        }
        _ = try value(depth: 0)
    }

    /// Pulls the named top-level fields out of one JSON object, skipping everything else without
    /// decoding it. Returns one entry per key, in the order of `keys` (`nil` when absent).
    ///
    /// ```swift
    /// let f = try JSONScanner.fields(["id", "text"], in: lineBuffer)
    /// let id = f[0]?.stringOrNumber, text = f[1]?.string
    /// ```
    /// Complexity: O(line length).
    public static func fields(_ keys: [String], in line: UnsafeBufferPointer<UInt8>) throws(JSONError) -> [JSONValue?] {
        try fields(keys, in: line, bytesOf: nil).values
    }

    /// ``fields(_:in:)``, except that the field `keys[bytesOf]`, when it is a string, comes back
    /// as its unescaped UTF-8 bytes in `bytes` (see `stringBytes()`) and `nil` in `values`;
    /// when it is anything else, `bytes` is `nil` and `values` has it. The fast path for texts
    /// that are only fingerprinted: no UTF-8 validation, no `String`.
    ///
    /// ```swift
    /// let (values, text) = try line.withUnsafeBufferPointer {
    ///     try JSONScanner.fields(["id", "text"], in: $0, bytesOf: 1)
    /// }
    /// ```
    public static func fields(_ keys: [String], in line: UnsafeBufferPointer<UInt8>, bytesOf: Int?) throws(JSONError)
        -> (values: [JSONValue?], bytes: [UInt8]?)
    {
        var bytes: [UInt8]? = nil
        var result = [JSONValue?](repeating: nil, count: keys.count)
        var p = JSONScanner(line)
        try p.expect(UInt8(ascii: "{"))
        p.skipSpace()
        if p.i < line.count, line[p.i] == UInt8(ascii: "}") { return (result, bytes) }
        let keyBytes = keys.map { Array($0.utf8) }
        while true {
            p.skipSpace()
            guard p.i < line.count, line[p.i] == UInt8(ascii: "\"") else { throw p.error("expected a key") }
            // Compare the raw key bytes (keys we look for have no escapes).
            let ks = p.i + 1
            var ke = ks
            while ke < line.count, line[ke] != UInt8(ascii: "\""), line[ke] != UInt8(ascii: "\\") { ke += 1 }
            var which = -1
            if ke < line.count, line[ke] == UInt8(ascii: "\"") {
                for (n, kb) in keyBytes.enumerated() where kb.count == ke - ks {
                    if kb.withUnsafeBufferPointer({ memcmpEqual($0, line, ks) }) { which = n; break }
                }
                p.i = ke + 1
            } else {
                _ = try p.string()
            }
            try p.expect(UInt8(ascii: ":"))
            p.skipSpace()
            if which >= 0, which == bytesOf, p.i < line.count, line[p.i] == UInt8(ascii: "\"") {
                bytes = try p.stringBytes()
                result[which] = nil
            } else if which >= 0 {
                result[which] = try p.value(depth: 1)
                if which == bytesOf { bytes = nil }  // a later duplicate key wins, as in value(depth:)
            } else {
                try p.skipValue()
            }
            p.skipSpace()
            guard p.i < line.count else { throw p.error("unterminated object") }
            if line[p.i] == UInt8(ascii: ",") { p.i += 1; continue }
            if line[p.i] == UInt8(ascii: "}") {
                p.i += 1
                p.skipSpace()
                guard p.atEnd else { throw p.error("unexpected text after the JSON value") }
                return (result, bytes)
            }
            throw p.error("expected ',' or '}' in object")
        }
    }
}

@inline(__always)
private func memcmpEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> Bool {
    for k in 0..<a.count where a[k] != b[at + k] { return false }
    return true
}

@inline(__always)
private func appendScalar(_ v: UInt32, to out: inout [UInt8]) {
    let s = Unicode.Scalar(v) ?? "\u{FFFD}"
    out.append(contentsOf: UTF8.encode(s)!)
}
