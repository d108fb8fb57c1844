#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why an input could not be read.
public enum InputError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened.
    case cannotOpen(path: String, reason: String)
    /// Reading failed part way.
    case readFailed(path: String, reason: String)
    /// A whole-file page passed the limit. `bytes` is its size (decompressed) when known; for
    /// gzip, reading stops at the limit, so `bytes` is `nil` and `compressedBytes` the file's size.
    case tooLarge(path: String, bytes: Int?, limit: Int, compressedBytes: Int? = nil)
    /// The stream is not valid gzip.
    case gzip(path: String, GzipError)
    /// A line of `bytes` (decompressed) is longer than `limit`; it was read past, not held.
    case lineTooLong(bytes: Int, limit: Int)

    /// A one-line message naming the file (for a line, its size) and, when a limit was passed, the
    /// option that raises it.
    public var description: String {
        switch self {
        case .cannotOpen(let p, let r): return "\(p): cannot open: \(r)"
        case .readFailed(let p, let r): return "\(p): read failed: \(r)"
        case .tooLarge(let p, let b?, let l, _):
            return "\(p): \(b) bytes is over the \(l)-byte limit (raise it with --max-page-bytes)"
        case .tooLarge(let p, nil, let l, let c):
            let packed = c.map { " once decompressed (\($0) bytes compressed)" } ?? ""
            return "\(p): over the \(l)-byte limit\(packed); not read further (raise it with --max-page-bytes)"
        case .gzip(let p, let e): return "\(p): \(e)"
        case .lineTooLong(let b, let l):
            return "line of \(b) bytes (decompressed) is over the \(l)-byte limit; skipped (raise it with --max-page-bytes)"
        }
    }
}

/// A readable stream of bytes: a file or standard input (`-`), gunzipped on the fly when it
/// starts with the gzip magic number, whatever its name.
///
/// Memory is bounded by the chunk size: nothing is read ahead beyond one chunk.
///
/// ```swift
/// let source = try ByteSource(path: "pages.jsonl.gz")
/// while let chunk = try source.nextChunk() { consume(chunk) }
/// ```
public final class ByteSource {
    /// The path as given (`-` for standard input).
    public let path: String
    private let fd: Int32
    private let ownsFD: Bool
    /// The last read from the file: `raw[rawStart..<rawEnd]` is not yet decompressed.
    private let raw: UnsafeMutableBufferPointer<UInt8>
    private var rawStart = 0
    private var rawEnd = 0
    /// Decompressed output, handed out one bounded piece at a time.
    private let inflated: UnsafeMutableBufferPointer<UInt8>
    /// The last step filled ``inflated``: zlib may hold more output for the input it has.
    private var inflatedFull = false
    private var inflater: GzipInflater?
    private var sniffed = false
    private var eof = false
    /// Bytes read from the underlying file so far (compressed bytes for gzip): for progress.
    public private(set) var bytesRead: Int = 0
    /// The corrupt stretches of a gzip file that reading skipped, each a message saying where
    /// (``InputReader`` reports them as errors once the file is read). A gzip file of many
    /// members (a WARC.gz holds one per record) goes on at the next member after a corrupt
    /// one; what lay between is lost, and said to be (a member whose check fails was read whole
    /// before the check: its records are kept, and said to be possibly damaged). Skips with no
    /// output between them are one stretch, and at most ``maxSkipMessages`` are kept (then a
    /// count), so a file of fake gzip headers costs bounded memory.
    public var skipped: [String] {
        var out = skips.map { s in
            let head = "\(path): \(s.error) in the gzip member at compressed byte \(s.member)"
            // A check is found wrong only at the member's end: all its bytes were handed out.
            if case .corrupt(let why) = s.error, why.hasSuffix("check") {
                return head + ": its records were read, but may be damaged; skipped to the next member (at byte \(s.next))"
            }
            return head + ": skipped to the next member (at byte \(s.next)); the records of bytes "
                + "\(s.member)–\(s.next) that were not read are lost"
        }
        if moreSkips > 0 { out.append("\(path): \(moreSkips) more corrupt stretches of gzip data skipped") }
        return out
    }
    /// Messages kept in ``skipped``.
    public static let maxSkipMessages = 100
    private var skips: [(error: GzipError, member: Int, next: Int)] = []
    private var moreSkips = 0
    /// Compressed offset where the member being inflated began: after corrupt data, the next
    /// member is looked for from there (zlib may have read far past the next header before it
    /// noticed).
    private var memberStart = 0
    /// Output since the last skip: a skip right after another one extends its stretch.
    private var producedSinceSkip = true
    /// A skip happened: the next output starts with a line break, so that the corrupt member's
    /// partial line or record is not glued to the next member's first one.
    private var pendingBreak = false

    /// Opens `path`; reads of the file take `chunkSize` bytes, and decompressed gzip comes out
    /// in pieces of at most `inflatedChunkSize` bytes, however much one read inflates to.
    public init(path: String, chunkSize: Int = 1 << 20, inflatedChunkSize: Int = 1 << 16) throws {
        self.path = path
        self.raw = .allocate(capacity: max(chunkSize, 16))
        self.inflated = .allocate(capacity: max(inflatedChunkSize, 16))
        if path == "-" {
            fd = 0
            ownsFD = false
        } else {
            fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                let reason = String(cString: strerror(errno))
                raw.deallocate()
                inflated.deallocate()
                throw InputError.cannotOpen(path: path, reason: reason)
            }
            ownsFD = true
            var st = stat()
            if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                raw.deallocate()
                inflated.deallocate()
                throw InputError.cannotOpen(path: path, reason: "is a directory")
            }
        }
    }

    deinit {
        if ownsFD { close(fd) }
        raw.deallocate()
        inflated.deallocate()
    }

    /// The size of the file on disk, or `nil` for standard input and pipes.
    public var fileSize: Int? {
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(st.st_size)
    }

    /// `true` when offsets in the bytes read are offsets in the file: an uncompressed regular
    /// file (so a record can be read again alone, see ``RecordSpan``). Known after ``peek()``.
    public var isSeekable: Bool { sniffed && inflater == nil && fileSize != nil }

    /// Reads into `raw[offset...]`; returns the number of bytes read, 0 at the end.
    private func readRaw(at offset: Int = 0) throws -> Int {
        while true {
            let n = read(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError.readFailed(path: path, reason: String(cString: strerror(errno)))
            }
            bytesRead += n
            return n
        }
    }

    /// Returns the first (decompressed) bytes without consuming them: the next
    /// ``nextChunk(_:)`` calls return them again. Used to tell JSONL from a page by content.
    public func peek() throws -> [UInt8] {
        if !peeked.isEmpty || eof { return peeked }
        var first: [UInt8] = []
        while first.isEmpty, try nextChunkFromSource({ first.append(contentsOf: $0) }) {}
        peeked = first
        return first
    }

    private var peeked: [UInt8] = []

    /// Calls `body` with the next piece of (decompressed) bytes; returns `false` at the end.
    /// The buffer is only valid during the call.
    public func nextChunk(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        if !peeked.isEmpty {
            let p = peeked
            peeked = []
            try p.withUnsafeBufferPointer { try body($0) }
            return true
        }
        return try nextChunkFromSource(body)
    }

    private func nextChunkFromSource(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        while true {
            if let inf = inflater, rawStart < rawEnd || inflatedFull {
                // One bounded step of decompression: a bomb comes out 64 KB per call.
                let step: (consumed: Int, produced: Int)
                let stepStart = bytesRead - (rawEnd - rawStart)  // compressed offset of this step's input
                do {
                    step = try inf.inflate(UnsafeBufferPointer(rebasing: raw[rawStart..<rawEnd]), into: inflated)
                    if let m = inf.memberStartedAt { memberStart = stepStart + m }
                } catch let e as GzipError {
                    if let m = inf.memberStartedAt { memberStart = stepStart + m }
                    guard case .corrupt = e, try skipToNextMember(after: e) else { throw InputError.gzip(path: path, e) }
                    continue
                }
                rawStart += step.consumed
                inflatedFull = step.produced == inflated.count
                if step.produced > 0 {
                    producedSinceSkip = true
                    if pendingBreak {
                        pendingBreak = false
                        var newline: UInt8 = 0x0A
                        try withUnsafePointer(to: &newline) { try body(UnsafeBufferPointer(start: $0, count: 1)) }
                    }
                    try body(UnsafeBufferPointer(rebasing: inflated[0..<step.produced]))
                    return true
                }
                if step.consumed > 0 || rawStart == rawEnd { continue }
                throw InputError.gzip(path: path, .corrupt("zlib made no progress at compressed byte \(bytesRead - (rawEnd - rawStart))"))
            }
            if eof { return false }
            let n = try readRaw()
            if n == 0 {
                eof = true
                if let inf = inflater {
                    do { try inf.finish() } catch let e as GzipError { throw InputError.gzip(path: path, e) }
                }
                return false
            }
            if !sniffed {
                sniffed = true
                if n >= 2, raw[0] == 0x1F, raw[1] == 0x8B { inflater = try GzipInflater() }
            }
            if inflater != nil {
                rawStart = 0
                rawEnd = n
            } else {
                try body(UnsafeBufferPointer(rebasing: raw[0..<n]))
                return true
            }
        }
    }

    /// After corrupt gzip data, moves to the next gzip member header after the start of the
    /// corrupt member (going back in a regular file when zlib read past it; a pipe goes on
    /// from where zlib stopped), reading on as needed, and starts a fresh inflater there;
    /// records the skip. `false` when no member follows (the caller throws the error: the rest
    /// of the file is lost).
    private func skipToNextMember(after error: GzipError) throws -> Bool {
        let bufferStart = bytesRead - rawEnd
        var from = rawStart + 1
        if memberStart >= bufferStart {
            from = memberStart + 1 - bufferStart
        } else if fileSize != nil, lseek(fd, off_t(memberStart + 1), SEEK_SET) >= 0 {
            (bytesRead, rawStart, rawEnd, from, eof) = (memberStart + 1, 0, 0, 0, false)
        }
        while true {
            if let i = Self.memberHeader(in: raw, from: from, to: rawEnd) {
                recordSkip(error, next: bytesRead - (rawEnd - i))
                rawStart = i
                memberStart = bytesRead - (rawEnd - i)
                inflater = try GzipInflater()
                inflatedFull = false
                pendingBreak = true
                return true
            }
            if eof { return false }
            // Keep the last 9 bytes (a header split across two reads), read on.
            let kept = max(0, min(9, rawEnd - from))
            for k in 0..<kept { raw[k] = raw[rawEnd - kept + k] }
            let n = try readRaw(at: kept)
            if n == 0 {  // the last 9 bytes or fewer hold no whole header
                eof = true
                return false
            }
            (rawStart, rawEnd, from) = (0, kept + n, 0)
        }
    }

    /// The first gzip member header in `buffer[from..<to]` with its 10 bytes there: `1F 8B 08`,
    /// reserved flags clear, an extra-flags byte of 0, 2 or 4 and a known OS byte.
    private static func memberHeader(in buffer: UnsafeMutableBufferPointer<UInt8>, from: Int, to end: Int) -> Int? {
        var i = max(0, from)
        while i + 9 < end {
            if buffer[i] == 0x1F, buffer[i + 1] == 0x8B, buffer[i + 2] == 0x08, buffer[i + 3] & 0xE0 == 0,
                buffer[i + 8] == 0 || buffer[i + 8] == 2 || buffer[i + 8] == 4, buffer[i + 9] <= 13 || buffer[i + 9] == 255
            {
                return i
            }
            i += 1
        }
        return nil
    }

    /// Notes a skip from the corrupt member to `next`: one stretch with the last one when no
    /// output came between them; at most ``maxSkipMessages`` kept.
    private func recordSkip(_ error: GzipError, next: Int) {
        if !producedSinceSkip, !skips.isEmpty {
            skips[skips.count - 1].next = next
        } else if skips.count < Self.maxSkipMessages {
            skips.append((error, memberStart, next))
        } else {
            moreSkips += 1
        }
        producedSinceSkip = false
    }

    /// Skips the first `count` (decompressed) bytes, for `--resume`: an uncompressed regular
    /// file seeks there; gzip (which has no index) and pipes are read up to there and the bytes
    /// discarded. Call before reading anything but ``peek()``. Stops early at the end.
    public func skip(_ count: Int) throws {
        var left = count
        _ = try peek()  // tells gzip from plain
        if inflater == nil, fileSize != nil, left > peeked.count {
            guard lseek(fd, off_t(count), SEEK_SET) >= 0 else {
                throw InputError.readFailed(path: path, reason: String(cString: strerror(errno)))
            }
            peeked = []
            bytesRead = count
            return
        }
        while left > 0 {
            if !peeked.isEmpty {
                let n = min(left, peeked.count)
                peeked.removeFirst(n)
                left -= n
                continue
            }
            var rest: [UInt8] = []
            let more = try nextChunkFromSource { piece in  // may be called several times
                if piece.count <= left {
                    left -= piece.count
                } else {
                    rest.append(contentsOf: piece[left...])
                    left = 0
                }
            }
            peeked = rest
            if !more { return }
        }
    }

    /// Reads everything (decompressed) up to `limit` bytes; throws ``InputError/tooLarge`` past it
    /// without reading further (nor holding more than `limit` bytes plus one chunk).
    public func readAll(limit: Int) throws -> [UInt8] {
        _ = try peek()  // tells gzip from plain
        var out: [UInt8] = []
        if let size = fileSize, inflater == nil {
            if size > limit { throw InputError.tooLarge(path: path, bytes: size, limit: limit) }
            out.reserveCapacity(size)
        }
        var over = false
        while try nextChunk({ piece in
            if out.count + piece.count > limit {
                over = true
            } else {
                out.append(contentsOf: piece)
            }
        }) {
            if over {
                if inflater == nil, fileSize == nil {  // a pipe: its size is what was read
                    throw InputError.tooLarge(path: path, bytes: nil, limit: limit)
                }
                throw InputError.tooLarge(path: path, bytes: nil, limit: limit, compressedBytes: fileSize)
            }
        }
        return out
    }
}

/// Splits a ``ByteSource`` into lines (`\n`, with a trailing `\r` removed), in bounded memory.
///
/// A line longer than `maxLineBytes` is reported as ``InputError/lineTooLong(bytes:limit:)`` and
/// skipped; the following lines are read as usual.
///
/// ```swift
/// try LineReader(source: ByteSource(path: "docs.jsonl.gz")).forEachLine { number, line in
///     switch line {
///     case .success(let bytes): handle(bytes)          // valid only during the call
///     case .failure(let error): report(number, error)
///     }
/// }
/// ```
public struct LineReader {
    /// The bytes to split.
    public let source: ByteSource
    /// The longest line, in bytes (without its newline), that is passed on; longer ones are
    /// reported and skipped.
    public let maxLineBytes: Int

    /// A reader of `source` passing on lines of up to `maxLineBytes` bytes (256 MiB by default).
    public init(source: ByteSource, maxLineBytes: Int = 256 << 20) {
        self.source = source
        self.maxLineBytes = maxLineBytes
    }

    /// Calls `body` for every line with its 1-based number. Empty lines are passed too.
    public func forEachLine(
        _ body: (Int, Result<UnsafeBufferPointer<UInt8>, InputError>) throws -> Void
    ) throws {
        try forEachLine(numberingFrom: 1, offset: 0) { number, _, line in try body(number, line) }
    }

    /// ``forEachLine(_:)`` for a source that was skipped to `offset` (see ``ByteSource/skip(_:)``),
    /// numbering lines from `first`; `body` also gets the offset right after each line (its
    /// newline included), where a later read can resume.
    public func forEachLine(
        numberingFrom first: Int, offset: Int,
        _ body: (Int, Int, Result<UnsafeBufferPointer<UInt8>, InputError>) throws -> Void
    ) throws {
        var carry: [UInt8] = []
        var lineNo = first - 1
        var skipped = 0  // > 0: the bytes of an over-long line read past so far
        var chunkStart = offset  // offset of the current chunk in the stream
        var lineEnd = offset
        let limit = maxLineBytes
        func emit(_ line: UnsafeBufferPointer<UInt8>) throws {
            lineNo += 1
            var n = line.count
            if n > 0, line[n - 1] == 0x0D { n -= 1 }
            guard n <= limit else {  // every path checks the limit, however big a chunk is
                try body(lineNo, lineEnd, .failure(.lineTooLong(bytes: n, limit: limit)))
                return
            }
            try body(lineNo, lineEnd, .success(UnsafeBufferPointer(rebasing: line[0..<n])))
        }
        func skippedLine() throws {
            lineNo += 1
            try body(lineNo, lineEnd, .failure(.lineTooLong(bytes: skipped, limit: limit)))
            skipped = 0
        }
        while try source.nextChunk({ chunk in
            var start = 0
            let count = chunk.count
            defer { chunkStart += count }
            guard let base = chunk.baseAddress else { return }
            while start < count {
                guard let nl = memchr(base + start, 0x0A, count - start) else {
                    // No newline: the line goes on in the next chunk. Hold it up to the limit
                    // (plus a `\r`), then only count it.
                    if skipped > 0 {
                        skipped += count - start
                    } else if carry.count + (count - start) > limit + 1 {
                        skipped = carry.count + (count - start)
                        carry = []
                    } else {
                        carry.append(contentsOf: chunk[start..<count])
                    }
                    break
                }
                let end = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                lineEnd = chunkStart + end + 1
                if skipped > 0 {
                    skipped += end - start
                    try skippedLine()
                } else if carry.isEmpty {
                    try emit(UnsafeBufferPointer(rebasing: chunk[start..<end]))
                } else if carry.count + (end - start) > limit + 1 {
                    skipped = carry.count + (end - start)
                    carry.removeAll(keepingCapacity: true)
                    try skippedLine()
                } else {
                    carry.append(contentsOf: chunk[start..<end])
                    try carry.withUnsafeBufferPointer { try emit($0) }
                    carry.removeAll(keepingCapacity: true)
                }
                start = end + 1
            }
        }) {}
        lineEnd = chunkStart
        if skipped > 0 {
            try skippedLine()
        } else if !carry.isEmpty {
            try carry.withUnsafeBufferPointer { try emit($0) }
        }
    }
}
