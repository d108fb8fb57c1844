#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import NewsfoldCore
import NewsfoldExtract

/// Reads a WARC file (WARC/1.0 or 1.1: `.warc`, `.warc.gz`, `.wet.gz`, or standard input)
/// record by record into ``InputRecord``s, in bounded memory: one record's block at a time
/// (at most `maxPageBytes`), never the whole file. ``InputReader`` hands a file to it when the
/// (gunzipped) content starts with `WARC/1.`; gzip with one member per record, the norm, and
/// a single gzip stream are both read by ``ByteSource``.
///
/// Which records become pages:
/// - `response`: the HTTP status line and headers are parsed. A 2xx response whose
///   `Content-Type` is HTML, XHTML or plain text (or missing: then the content decides) is a
///   page; its `charset=` parameter becomes ``Page/declaredCharset``. `Transfer-Encoding:
///   chunked` is undone, `Content-Encoding: gzip`/`deflate` unpacked; other encodings are an
///   error naming the record.
/// - `resource` with an HTML or plain-text `Content-Type`: a page.
/// - `conversion` (WET): the block is the page's extracted text, a page of kind
///   ``PageKind/text``.
/// - `warcinfo`, `request`, `metadata`, `revisit` and `continuation` records are not
///   documents: they are read past and produce nothing.
///
/// Responses and resources that are not pages (another status, another media type) produce no
/// record either, but they are counted, and one note per file says how many and why, e.g.
/// `crawl.warc.gz: skipped 12 WARC records that are not pages: 8 not HTML or text
/// (image/png 5, application/pdf 3), 4 with HTTP status other than 2xx (404 3, 301 1)`.
///
/// Each page's id is its `WARC-Record-ID` without the angle brackets (`urn:uuid:…`), its `url`
/// the `WARC-Target-URI`, its `crawled` date the `WARC-Date`; `source` is the path.
/// Messages name a record as `path#N`, N counting every WARC record of the file from 1
/// (warcinfo included); read errors add the byte offset of the record in the uncompressed
/// stream, so `tail -c +OFFSET+1` on the gunzipped file finds it.
///
/// Errors are per record and the file goes on: a bad header (the reader skips to the next
/// line starting with `WARC/1.`), a record over `maxPageBytes` (its block is skipped without
/// being held; a skip stops at a `WARC/1.` line after a blank line inside the claimed length,
/// so a record claiming a gigabyte loses no record after it), a `Content-Length` that does not end where the record does (running into the
/// next record or past the end of the file: the reader goes on at the next `WARC/1.` line it
/// finds in the bytes it holds), and a truncated last gzip member
/// (what was read before it is kept; one error names the file and the record).
///
/// Resuming: a record of a `.warc.gz` written one member per record could be found again by
/// the compressed offset of its member; ``ByteSource`` does not report member boundaries yet,
/// so that offset is not in ``InputRecord`` (recording `bytesRead` of the compressed stream
/// whenever the inflater starts a member, and pairing it with the uncompressed offset of the
/// record that starts there, would give it).
///
/// ```swift
/// let source = try ByteSource(path: "crawl.warc.gz")
/// try WARCReader(path: "crawl.warc.gz", maxPageBytes: 16 << 20, note: { print($0) })
///     .read(source) { locator, source, content in ... }
/// ```
struct WARCReader {
    let path: String
    let maxPageBytes: Int
    let note: (String) -> Void

    /// Longest header line accepted, and largest header block (WARC or HTTP).
    static let maxHeaderLine = 64 << 10
    static let maxHeaderBytes = 1 << 20

    /// `true` when the (decompressed) bytes start with a WARC version line.
    static func looksLikeWARC(_ head: [UInt8]) -> Bool {
        let magic = Array("WARC/1.".utf8)
        return head.count >= magic.count && Array(head[0..<magic.count]) == magic
    }

    /// Reads every record of `source`, calling `emit(locator, source, content)` for each
    /// page or failure. Only errors thrown by `emit` escape.
    func read(_ source: ByteSource, emit: (String, String, InputRecord.Content) throws -> Void) throws {
        let walk = RecordWalk(stream: WARCByteStream(source), path: path)
        let stem = InputReader.recordID(forPath: path)
        var skipped = SkippedRecords()
        func fail(_ locator: String, _ message: String) throws {
            try emit(locator, path, .failure("\(locator): \(message)"))
        }
        records: while let (version, start) = walk.nextVersionLine() {
            walk.number += 1
            let locator = "\(path)#\(walk.number)"
            guard Self.looksLikeWARC(version) else {
                try fail(
                    locator,
                    "not a WARC record at byte \(start): expected \"WARC/1.x\", found \"\(preview(version))\"; skipped to the next record")
                walk.resync()
                continue
            }
            let headers: WARCHeaderFields, length: Int
            switch walk.readHeader(start: start) {
            case .record(let h, let l):
                (headers, length) = (h, l)
            case .skip(let message):
                try fail(locator, message)
                walk.resync()
                continue
            case .end(let message):
                try fail(locator, message)
                break records
            }
            let type = headers.value("warc-type")?.lowercased() ?? ""
            switch walk.blockToSkip(type: type, headers: headers, length: length, start: start, maxPageBytes: maxPageBytes) {
            case .read:
                break
            case .skipped(let message, let ended):
                if let message { try fail(locator, message) }
                if ended { break records }
                continue
            }
            let block: [UInt8]
            switch walk.stream.readBlock(length) {
            case .block(let b):
                block = b
            case .misframed(let next):
                // Content-Length runs into the next record or past the end of the file (or
                // stops short of its end): the record is reported, and reading goes on at the
                // next WARC header, so one bad length does not lose the records after it.
                let whereTo = next.map { "the next WARC header is at byte \($0)" } ?? "no WARC header follows it"
                try fail(
                    locator,
                    "record at byte \(start): its Content-Length (\(length) bytes) does not end where the record does: \(whereTo); skipped")
                continue
            case .truncated:
                try fail(
                    locator,
                    "truncated: Content-Length is \(length) bytes but the file ends before (record at byte \(start))\(walk.streamErrorNote())"
                )
                break records
            }
            let id = headers.value("warc-record-id").map(stripAngles) ?? "\(stem)#\(walk.number)"
            switch makePage(type: type, headers: headers, block: block, skipped: &skipped) {
            case .page(var page):
                page.id = id
                page.url = headers.value("warc-target-uri").map(stripAngles)
                page.crawled = headers.value("warc-date").flatMap { NewsDate(iso8601: $0) }
                page.source = path
                try emit(locator, path, .page(page))
            case .failure(let message):
                try fail(locator, "\(id): \(message)")
            case .notAPage:
                break
            }
        }
        if let e = walk.streamError(), !walk.reportedStreamError {
            try emit(path, path, .failure("\(path): after record \(walk.number): \(e)"))
        }
        if let summary = skipped.summary {
            note("\(path): skipped \(summary)")
        }
    }

    /// `: its Content-Length (N bytes) runs into the next record, at byte X` when a skip
    /// stopped at a record inside the claimed block; empty otherwise.
    static func misframing(_ skip: WARCByteStream.Skip, _ length: Int) -> String {
        guard case .nextRecord(let at) = skip else { return "" }
        return ": its Content-Length (\(length) bytes) runs into the next WARC header, at byte \(at)"
    }

    /// What one record's block gives.
    enum Block {
        case page(Page)
        case failure(String)
        case notAPage
    }

    func makePage(type: String, headers: WARCHeaderFields, block: [UInt8], skipped: inout SkippedRecords) -> Block {
        switch type {
        case "conversion":
            let charset = headers.value("content-type").flatMap(MediaType.init)?.charset ?? "UTF-8"
            return .page(Page(id: "", bytes: block, declaredKind: .text, declaredCharset: charset))
        case "resource":
            let media = headers.value("content-type").flatMap(MediaType.init)
            guard let kind = media?.pageKind else {
                skipped.notText[media?.type ?? "(no Content-Type)", default: 0] += 1
                return .notAPage
            }
            return .page(Page(id: "", bytes: block, declaredKind: kind, declaredCharset: media?.charset))
        default:  // response
            return httpPage(block, skipped: &skipped)
        }
    }

    /// A `response` block: HTTP status line, headers, body.
    func httpPage(_ block: [UInt8], skipped: inout SkippedRecords) -> Block {
        var lines = HTTPLines(block)
        guard let status = lines.next(), status.starts(with: Array("HTTP/".utf8)) else {
            return .failure("response record without an HTTP status line")
        }
        // "HTTP/1.1 200 OK": the code is the second field.
        let fields = status.split(separator: 0x20, maxSplits: 2, omittingEmptySubsequences: true)
        guard fields.count >= 2, let code = Int(String(decoding: fields[1], as: UTF8.self)) else {
            return .failure("bad HTTP status line \"\(preview(status))\"")
        }
        var http = WARCHeaderFields()
        while let line = lines.next(), !line.isEmpty { _ = http.add(line: line) }
        guard (200..<300).contains(code) else {
            skipped.status[code, default: 0] += 1
            return .notAPage
        }
        let media = http.value("content-type").flatMap(MediaType.init)
        let kind: PageKind?
        if let media {
            guard let k = media.pageKind else {
                skipped.notText[media.type, default: 0] += 1
                return .notAPage
            }
            kind = k
        } else {
            kind = nil  // no Content-Type: the content decides
        }
        var body = Array(block[lines.position...])
        if let te = http.value("transfer-encoding")?.lowercased(), te.contains("chunked") {
            guard let plain = Self.dechunk(body) else { return .failure("bad chunked transfer encoding") }
            body = plain
        }
        if let ce = http.value("content-encoding")?.lowercased().trimmed, !ce.isEmpty, ce != "identity" {
            guard ce == "gzip" || ce == "x-gzip" || ce == "deflate" else {
                return .failure("Content-Encoding \(ce) is not supported (gzip and deflate are)")
            }
            do {
                body = try GzipInflater.decompress(body, limit: maxPageBytes)
            } catch {
                return .failure("Content-Encoding \(ce): \(error)")
            }
        }
        return .page(Page(id: "", bytes: body, declaredKind: kind, declaredCharset: media?.charset))
    }

    /// Undoes `Transfer-Encoding: chunked` (hex size line, data, CRLF; a 0 size ends it).
    /// `nil` when the framing is broken.
    static func dechunk(_ body: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var lines = HTTPLines(body)
        while let sizeLine = lines.next() {
            let hex = sizeLine.prefix { $0 != UInt8(ascii: ";") }
            guard let size = Int(String(decoding: hex, as: UTF8.self).trimmed, radix: 16), size >= 0 else {
                return nil
            }
            if size == 0 { return out }
            let from = lines.position
            guard from + size <= body.count else { return nil }
            out.append(contentsOf: body[from..<(from + size)])
            lines.position = from + size
            _ = lines.next()  // the CRLF after the data
        }
        return out  // no final 0-size chunk: keep what came (a cut capture)
    }
}

/// The state of one ``WARCReader/read(_:emit:)``: the stream, the record count, a version line
/// found while resynchronising, and whether the stream's own error was reported yet.
private final class RecordWalk {
    let stream: WARCByteStream
    let path: String
    var number = 0
    var reportedStreamError = false
    private var pendingLine: (line: [UInt8], start: Int)?

    init(stream: WARCByteStream, path: String) {
        self.stream = stream
        self.path = path
    }

    /// The next record's first line and its offset (blank lines between records skipped);
    /// `nil` at the end. A line too long to hold stands as "(a line too long)".
    func nextVersionLine() -> (line: [UInt8], start: Int)? {
        if let p = pendingLine {
            pendingLine = nil
            return p
        }
        while true {
            let start = stream.offset
            switch stream.readLine(limit: WARCReader.maxHeaderLine) {
            case .end: return nil
            case .tooLong: return (Array("(a line too long)".utf8), start)
            case .line(let l):
                if !l.isEmpty { return (l, start) }
            }
        }
    }

    /// Skips to the next line that starts a WARC record.
    func resync() {
        while true {
            let at = stream.offset
            switch stream.readLine(limit: WARCReader.maxHeaderLine) {
            case .end: return
            case .tooLong: continue
            case .line(let l):
                if WARCReader.looksLikeWARC(l) {
                    pendingLine = (l, at)
                    return
                }
            }
        }
    }

    /// What a record's header gave.
    enum Header {
        /// Its fields and a usable `Content-Length`.
        case record(WARCHeaderFields, length: Int)
        /// A header that cannot be used: report, resynchronise, go on.
        case skip(String)
        /// The file ends in the header: report and stop.
        case end(String)
    }

    /// Reads the WARC header after the version line of the record at `start`.
    func readHeader(start: Int) -> Header {
        var headers = WARCHeaderFields()
        var badLine: String?
        var headerBytes = 0
        var ended = false
        header: while headerBytes <= WARCReader.maxHeaderBytes {
            switch stream.readLine(limit: WARCReader.maxHeaderLine) {
            case .end:
                break header
            case .tooLong:
                badLine = badLine ?? "a header line over \(WARCReader.maxHeaderLine) bytes"
                headerBytes += WARCReader.maxHeaderLine
            case .line(let l):
                if l.isEmpty {
                    ended = true
                    break header
                }
                headerBytes += l.count
                if !headers.add(line: l) { badLine = badLine ?? "bad header line \"\(preview(l))\"" }
            }
        }
        if headerBytes > WARCReader.maxHeaderBytes {
            return .skip("record at byte \(start) has a header over \(WARCReader.maxHeaderBytes) bytes; skipped to the next record")
        }
        if !ended {
            return .end("truncated: the file ends in the WARC header (record at byte \(start))\(streamErrorNote())")
        }
        guard let length = headers.contentLength else {
            let why = headers.value("content-length") == nil ? "no Content-Length" : "a bad Content-Length"
            return .skip("record at byte \(start) has \(badLine.map { "\($0) and " } ?? "")\(why); skipped to the next record")
        }
        if let badLine { headers.badLine = badLine }
        return .record(headers, length: length)
    }

    /// Whether the block is read, or skipped (with the message to report, if any, and
    /// whether the stream ended).
    enum BlockAction {
        case read
        case skipped(String?, ended: Bool)
    }

    /// Skips the blocks that are not read: a record with a bad header line, one that is not a
    /// document (warcinfo, request, metadata, revisit, continuation), one over the page limit.
    /// A skip stops at a record that starts inside the claimed length.
    func blockToSkip(type: String, headers: WARCHeaderFields, length: Int, start: Int, maxPageBytes: Int) -> BlockAction {
        if let badLine = headers.badLine {
            let skip = stream.skipBlock(length)
            return .skipped("record at byte \(start) has \(badLine)\(WARCReader.misframing(skip, length)); skipped", ended: skip == .ended)
        }
        guard type == "response" || type == "resource" || type == "conversion" else {
            switch stream.skipBlock(length) {
            case .skipped:
                return .skipped(nil, ended: false)
            case .nextRecord(let at):
                let why = WARCReader.misframing(.nextRecord(at: at), length)
                return .skipped("\(type) record at byte \(start)\(why); skipped", ended: false)
            case .ended:
                // Cut short in a record that is not a page: only the stream error matters.
                let message = stream.error == nil ? nil : "truncated in this \(type) record\(streamErrorNote())"
                return .skipped(message, ended: true)
            }
        }
        guard length <= maxPageBytes else {
            let skip = stream.skipBlock(length)
            return .skipped(
                "\(type) record of \(length) bytes is over the \(maxPageBytes)-byte limit (raise it with --max-page-bytes)\(WARCReader.misframing(skip, length)); skipped",
                ended: skip == .ended)
        }
        return .read
    }

    /// The stream's error (truncated or corrupt gzip) without the path it starts with.
    func streamError() -> String? {
        guard let e = stream.error else { return nil }
        let text = "\(e)"
        return text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text
    }

    /// The stream's own error, said once, with the record.
    func streamErrorNote() -> String {
        guard let e = streamError(), !reportedStreamError else { return "" }
        reportedStreamError = true
        return " (\(e))"
    }
}

/// Responses and resources read past because they are not pages, for the note per file.
struct SkippedRecords {
    var notText: [String: Int] = [:]
    var status: [Int: Int] = [:]

    /// `12 WARC records that are not pages: 8 not HTML or text (image/png 5, ...), 4 with ...`.
    var summary: String? {
        let a = notText.values.reduce(0, +), b = status.values.reduce(0, +)
        guard a + b > 0 else { return nil }
        func top<K>(_ d: [K: Int], _ name: (K) -> String) -> String {
            let sorted = d.sorted { $0.value != $1.value ? $0.value > $1.value : name($0.key) < name($1.key) }
            var parts = sorted.prefix(5).map { "\(name($0.key)) \($0.value)" }
            if sorted.count > 5 { parts.append("…") }
            return parts.joined(separator: ", ")
        }
        var parts: [String] = []
        if a > 0 { parts.append("\(a) not HTML or text (\(top(notText) { $0 }))") }
        if b > 0 { parts.append("\(b) with HTTP status other than 2xx (\(top(status) { String($0) }))") }
        return "\(a + b) WARC record\(a + b == 1 ? "" : "s") that are not pages: " + parts.joined(separator: ", ")
    }
}

/// Header fields (`Name: value`), names compared case-insensitively. Used for the WARC header
/// and the HTTP header of a response. Continuation lines (starting with a space or tab) extend
/// the previous value.
struct WARCHeaderFields {
    private var fields: [(name: String, value: String)] = []
    /// The first line of the header that was not a header line, if any (the record is
    /// reported and skipped).
    var badLine: String?

    /// Adds one line; `false` when it is not a header line.
    mutating func add<Line: BidirectionalCollection<UInt8>>(line: Line) -> Bool {
        if let first = line.first, first == 0x20 || first == 0x09, !fields.isEmpty {
            fields[fields.count - 1].value += " " + String(decoding: line, as: UTF8.self).trimmed
            return true
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon != line.startIndex else { return false }
        let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
        let value = String(decoding: line[line.index(after: colon)...], as: UTF8.self).trimmed
        fields.append((name, value))
        return true
    }

    /// The first value of a field (`name` in lowercase).
    func value(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// `Content-Length` as a non-negative number, or `nil` when missing or malformed.
    var contentLength: Int? {
        guard let v = value("content-length"), !v.isEmpty, v.utf8.count <= 18,
            v.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return nil }
        return Int(v)
    }
}

/// A `Content-Type` value: `text/html; charset=ISO-8859-1`.
struct MediaType {
    /// The type in lowercase, without parameters (`text/html`).
    var type: String
    /// The `charset` parameter, without quotes.
    var charset: String?

    init?(_ value: String) {
        let parts = value.split(separator: ";")
        guard let first = parts.first else { return nil }
        type = String(first).trimmed.lowercased()
        if type.isEmpty { return nil }
        for p in parts.dropFirst() {
            let kv = p.split(separator: "=", maxSplits: 1)
            if kv.count == 2, String(kv[0]).trimmed.lowercased() == "charset" {
                var c = String(kv[1]).trimmed
                if c.hasPrefix("\"") { c.removeFirst() }
                if c.hasSuffix("\"") { c.removeLast() }
                charset = c.isEmpty ? nil : c
            }
        }
    }

    /// HTML and XHTML are pages of kind `.html`, plain text of kind `.text`; others none.
    var pageKind: PageKind? {
        switch type {
        case "text/html", "application/xhtml+xml", "application/xhtml", "text/xhtml": return .html
        case "text/plain": return .text
        default: return nil
        }
    }
}

/// Lines of an HTTP header block (`\r\n` or `\n`), keeping the position after the last one
/// read so the body can be taken from there.
struct HTTPLines {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func next() -> ArraySlice<UInt8>? {
        guard position < bytes.count else { return nil }
        let start = position
        guard let nl = bytes[start...].firstIndex(of: 0x0A) else {
            position = bytes.count
            return bytes[start...]
        }
        position = nl + 1
        var end = nl
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return bytes[start..<end]
    }
}

/// Bytes from a ``ByteSource`` with line reads, exact reads and skips, tracking the offset in
/// the (decompressed) stream. Holds at most one requested block plus one chunk.
final class WARCByteStream {
    private let source: ByteSource
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// Offset in the decompressed stream of the next unread byte.
    private(set) var offset = 0
    /// The error that ended the stream early (truncated or corrupt gzip, a failed read).
    private(set) var error: Error?

    init(_ source: ByteSource) {
        self.source = source
        buffer.reserveCapacity(1 << 17)
    }

    private var available: Int { buffer.count - start }

    /// Appends the next chunk; `false` at the end (or on an error, kept in ``error``).
    private func fill() -> Bool {
        guard !atEnd else { return false }
        // Compact, keeping 4 bytes before `start`: ``skipBlock(_:)`` looks back for the
        // blank line that precedes a version line.
        if start > 4, start >= buffer.count / 2 {
            buffer.removeFirst(start - 4)
            start = 4
        }
        do {
            var got = false
            while !got {
                guard try source.nextChunk({ chunk in
                    buffer.append(contentsOf: chunk)
                    got = got || chunk.count > 0
                }) else {
                    atEnd = true
                    return false
                }
            }
            return true
        } catch {
            self.error = error
            atEnd = true
            return false
        }
    }

    enum Line {
        case line([UInt8])
        case tooLong
        case end
    }

    /// The next line without its `\r\n` or `\n`; a line longer than `limit` is consumed
    /// without being held and reported as `.tooLong`. The last line may lack its newline.
    func readLine(limit: Int) -> Line {
        var scanned = 0
        var discarding = false
        while true {
            let found: Int? = buffer.withUnsafeBufferPointer { buf in
                guard available - scanned > 0, let base = buf.baseAddress else { return nil }
                let from = base + start + scanned
                guard let p = memchr(from, 0x0A, available - scanned) else { return nil }
                return base.distance(to: p.assumingMemoryBound(to: UInt8.self))
            }
            if let nl = found {
                let lineEnd = nl + 1
                defer {
                    offset += lineEnd - start
                    start = lineEnd
                }
                if discarding || nl - start > limit { return .tooLong }
                var end = nl
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                return .line(Array(buffer[start..<end]))
            }
            scanned = available
            if scanned > limit {
                // Drop what was scanned; keep discarding up to the newline.
                discarding = true
                offset += available
                start = buffer.count
                scanned = 0
            }
            if !fill() {
                if discarding { return .tooLong }
                guard available > 0 else { return .end }
                let line = Array(buffer[start...])
                offset += available
                start = buffer.count
                return .line(line)
            }
        }
    }

    /// How a record's block was read (``readBlock(_:)``).
    enum Block {
        /// The block, followed by the record end as it should be.
        case block([UInt8])
        /// The block is not followed by the record end: its length is wrong. The stream now
        /// stands at the next line starting with `WARC/1.` inside or after it (its offset), or,
        /// when there is none in reach, after the bytes it looked at (`nil`).
        case misframed(next: Int?)
        /// The stream ended inside the block, and no WARC header lies in what remained.
        case truncated
    }

    /// Reads a block of `count` bytes and checks that the record ends after it: `\r\n\r\n`
    /// (or a bare `\n`, or the end of the stream). When it does not, the length is wrong, and
    /// the stream is moved to the first WARC version line after the record's own header (in
    /// the block or just after it), so reading goes on with the next record. Holds at most
    /// `count` bytes plus one chunk.
    func readBlock(_ count: Int) -> Block {
        let trailer = 4
        while available < count + trailer, fill() {}
        if available >= count {
            let after = buffer[(start + count)..<min(start + count + trailer, buffer.count)]
            let ends =
                after.isEmpty || after.elementsEqual([0x0D, 0x0A, 0x0D, 0x0A]) || after.first == 0x0A
                || (atEnd && after.allSatisfy { $0 == 0x0D || $0 == 0x0A })
            if ends {
                let out = Array(buffer[start..<(start + count)])
                start += count
                offset += count
                return .block(out)
            }
        }
        // Misframed: find the next line that starts a record, in what is held.
        if let at = nextVersionLine() {
            offset += at - start
            start = at
            return .misframed(next: offset)
        }
        let truncated = available < count
        offset += available
        start = buffer.count
        return truncated ? .truncated : .misframed(next: nil)
    }

    /// The index in ``buffer`` of the first `WARC/1.` that starts a line after ``start``.
    private func nextVersionLine() -> Int? {
        let magic = Array("\nWARC/1.".utf8)
        return buffer.withUnsafeBufferPointer { buf -> Int? in
            guard let base = buf.baseAddress, available > 0 else { return nil }
            var from = start
            while from + magic.count <= buf.count {
                guard let p = memchr(base + from, 0x0A, buf.count - from) else { return nil }
                let nl = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                if nl + magic.count <= buf.count, memcmp(base + nl, magic, magic.count) == 0 { return nl + 1 }
                from = nl + 1
            }
            return nil
        }
    }

    /// How a record's block was skipped (``skipBlock(_:)``).
    enum Skip: Equatable {
        /// All `count` bytes were skipped.
        case skipped
        /// A record starts inside the claimed block: a line `WARC/1.` right after a blank
        /// line. The stream stands at it (its offset); the claimed length was a lie.
        case nextRecord(at: Int)
        /// The stream ended first.
        case ended
    }

    /// Skips a block of `count` bytes without holding it, but stops at a record that starts
    /// inside it (a blank line, then `WARC/1.`), so a `Content-Length` that claims gigabytes
    /// cannot carry the reader past the records after it. A well-framed block that embeds a
    /// whole WARC file (blank line, then `WARC/1.`) is cut there: the embedded records are
    /// read as records, and the rest of the block is reported as "not a WARC record".
    /// Holds at most one chunk; scans each newline once (`memchr`, linear).
    func skipBlock(_ count: Int) -> Skip {
        let magic = Array("\nWARC/1.".utf8)
        var left = count
        while true {
            let window = min(left, available)
            if let w = recordStart(within: window, magic: magic) {
                offset += w - start
                start = w
                return .nextRecord(at: offset)
            }
            // Keep the bytes a match could still start in; consume the rest of the window.
            let consume = min(window, max(0, available - (atEnd ? 0 : magic.count)))
            start += consume
            offset += consume
            left -= consume
            if left == 0 { return .skipped }
            if !fill(), consume == 0 { return .ended }
        }
    }

    /// The index in ``buffer`` of a `WARC/1.` line that follows a blank line and starts in the
    /// first `window` bytes after ``start``. The blank line may be the record header's own end,
    /// just before ``start``, which ``fill()`` keeps.
    private func recordStart(within window: Int, magic: [UInt8]) -> Int? {
        buffer.withUnsafeBufferPointer { buf -> Int? in
            guard let base = buf.baseAddress else { return nil }
            var from = max(0, start - 1)
            let limit = start + window  // a match's "W" must lie before this
            while from < limit, from + magic.count <= buf.count {
                guard let p = memchr(base + from, 0x0A, buf.count - from) else { return nil }
                let nl = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                let w = nl + 1
                if w >= limit || nl + magic.count > buf.count { return nil }
                if w >= start, memcmp(base + nl, magic, magic.count) == 0, nl >= 1, buf[nl - 1] == 0x0A || (nl >= 2 && buf[nl - 1] == 0x0D && buf[nl - 2] == 0x0A) {
                    return w
                }
                from = nl + 1
            }
            return nil
        }
    }
}

/// At most 40 bytes of a line, for messages.
private func preview<C: Collection<UInt8>>(_ bytes: C) -> String {
    let s = String(decoding: bytes.prefix(40), as: UTF8.self)
    return bytes.count > 40 ? s + "…" : s
}

private func stripAngles(_ s: String) -> String {
    s.hasPrefix("<") && s.hasSuffix(">") && s.count >= 2 ? String(s.dropFirst().dropLast()) : s
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmed: String {
        let u = utf8
        guard let first = u.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return "" }
        let last = u.lastIndex(where: { $0 != 0x20 && $0 != 0x09 })!
        return String(self[first...last])
    }
}
