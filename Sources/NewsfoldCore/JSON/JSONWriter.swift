/// Writes JSON into a byte buffer, fast: strings are escaped on UTF-8 bytes, and a string with
/// nothing to escape is copied whole.
///
/// Commas between members and items are placed automatically.
///
/// ```swift
/// var w = JSONWriter()
/// w.beginObject()
/// w.key("id"); w.string("abc")
/// w.key("similarity"); w.number(0.93)
/// w.key("duplicate_of"); w.null()
/// w.endObject()
/// w.newline()
/// // w.bytes == Array(#"{"id":"abc","similarity":0.93,"duplicate_of":null}"# + "\n").utf8
/// ```
public struct JSONWriter: Sendable {
    /// The UTF-8 JSON written so far.
    public var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    /// An empty writer whose buffer has room for `n` bytes.
    public init(reservingCapacity n: Int = 256) {
        bytes.reserveCapacity(n)
    }

    /// Clears the buffer, keeping its capacity.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = [false]
    }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    /// Begins an object (at the top level, as an array item, or as the value of a key).
    public mutating func beginObject() {
        beforeValue()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    /// Ends the object begun last.
    public mutating func endObject() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    /// Begins an array (at the top level, as an array item, or as the value of a key).
    public mutating func beginArray() {
        beforeValue()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    /// Ends the array begun last.
    public mutating func endArray() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes an object key; the next value call writes its value.
    public mutating func key(_ k: String) {
        separate()
        appendEscaped(k)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
        // The value that follows must not write a comma; the next key will.
        pendingValue = true
    }

    private var pendingValue = false

    private mutating func beforeValue() {
        if pendingValue {
            pendingValue = false
            needsComma[needsComma.count - 1] = true
        } else {
            separate()
        }
    }

    /// A string, escaped (`"`, `\`, and control characters; everything else is copied as is).
    public mutating func string(_ s: String) {
        beforeValue()
        appendEscaped(s)
    }

    /// A string, or `null` when `s` is `nil`.
    public mutating func string(_ s: String?) {
        if let s { string(s) } else { null() }
    }

    /// An array of strings.
    public mutating func strings(_ list: [String]) {
        beginArray()
        for s in list { string(s) }
        endArray()
    }

    /// A number: an integral value below 10¹⁵ without a fraction (`3`, not `3.0`), others in
    /// Swift's shortest form; `null` for infinities and NaN.
    public mutating func number(_ d: Double) {
        beforeValue()
        if d.isFinite {
            if d == d.rounded(), abs(d) < 1e15 {
                bytes.append(contentsOf: String(Int64(d)).utf8)
            } else {
                bytes.append(contentsOf: String(d).utf8)
            }
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }

    /// A number rounded to `places` decimals (similarities read better as 0.9312 than 0.931234567).
    public mutating func number(_ d: Double, places: Int) {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        number((d * scale).rounded() / scale)
    }

    /// An integer.
    public mutating func number(_ i: Int) {
        beforeValue()
        bytes.append(contentsOf: String(i).utf8)
    }

    /// `true` or `false`.
    public mutating func bool(_ b: Bool) {
        beforeValue()
        bytes.append(contentsOf: (b ? "true" : "false").utf8)
    }

    /// `null`.
    public mutating func null() {
        beforeValue()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Writes any ``JSONValue`` (used to pass input fields through untouched).
    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .number(let d): number(d)
        case .string(let s): string(s)
        case .array(let items):
            beginArray()
            for item in items { value(item) }
            endArray()
        case .object(let members):
            beginObject()
            for (k, item) in members {
                key(k)
                value(item)
            }
            endObject()
        }
    }

    /// Ends a line (JSONL): appends `\n`; the next top-level value starts without a comma.
    public mutating func newline() {
        bytes.append(0x0A)
        needsComma[needsComma.count - 1] = false
    }

    private mutating func appendEscaped(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { src in
            var runStart = 0
            for k in 0..<src.count {
                let c = src[k]
                if c >= 0x20 && c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\") { continue }
                if k > runStart { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: src[runStart..<k])) }
                runStart = k + 1
                switch c {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]])
                }
            }
            if runStart < src.count {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: src[runStart..<src.count]))
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
