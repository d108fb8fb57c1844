import CZlib

/// Why compressed input could not be read.
public enum GzipError: Error, Equatable, CustomStringConvertible {
    /// The stream ended before the gzip trailer: the file was cut short (an interrupted download).
    case truncated(decodedBytes: Int)
    /// The bytes are not a valid gzip/zlib stream.
    case corrupt(String)
    /// Decompressed output passed the caller's limit.
    case tooLarge(limit: Int)

    /// A one-line message; for a truncated file, it says to download it again.
    public var description: String {
        switch self {
        case .truncated(let n):
            return "truncated gzip: the stream ends after \(n) decompressed bytes (re-download the file)"
        case .corrupt(let why): return "corrupt gzip data: \(why)"
        case .tooLarge(let limit): return "decompressed data is over the \(limit)-byte limit"
        }
    }
}

/// Streaming gzip decompression with zlib. Handles multi-member files (`cat a.gz b.gz`,
/// WARC.gz with one member per record) and plain zlib streams.
///
/// ```swift
/// var inflater = try GzipInflater()
/// try inflater.feed(chunk) { output in sink.append(contentsOf: output) }
/// try inflater.finish()   // throws .truncated if the last member is incomplete
/// ```
public final class GzipInflater {
    private var stream = z_stream()
    private var inMember = false
    private var produced = 0
    /// A data error zlib met in a step that still produced output: that output is returned
    /// first, and the next step (or ``finish()``) throws this.
    private var failed: GzipError?
    /// ``feed(_:sink:)``'s buffer, made on its first use (``inflate(_:into:)`` writes into the
    /// caller's).
    private var output: [UInt8] = []
    /// Where in the input of the last ``inflate(_:into:)`` a new member began, if one did.
    private(set) var memberStartedAt: Int?

    /// An inflater ready for a gzip or zlib stream (told apart by its header). Throws
    /// ``GzipError/corrupt(_:)`` when zlib cannot be initialised.
    public init() throws {
        try reset()
    }

    private func reset() throws {
        stream = z_stream()
        // 15 + 32: the largest window, and detect gzip or zlib headers automatically.
        let rc = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw GzipError.corrupt("inflateInit2 failed (\(rc))") }
    }

    deinit { inflateEnd(&stream) }

    /// Decompresses `input`, calling `sink` with each piece of output (at most 64 KB each).
    public func feed(_ input: UnsafeBufferPointer<UInt8>, sink: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard input.count > 0 else { return }
        if output.isEmpty { output = [UInt8](repeating: 0, count: 1 << 16) }
        var offset = 0
        var outputFull = false
        // Input left, or a full output buffer (zlib may hold more output for the same input).
        while offset < input.count || outputFull {
            let step = try output.withUnsafeMutableBufferPointer { out in
                try inflate(UnsafeBufferPointer(rebasing: input[offset...]), into: out)
            }
            offset += step.consumed
            outputFull = step.produced == output.count
            if step.produced > 0 {
                try output.withUnsafeBufferPointer { try sink(UnsafeBufferPointer(rebasing: $0[0..<step.produced])) }
            } else if step.consumed == 0 {
                return
            }
        }
    }

    /// One bounded step: decompresses from `input` into `output`, at most `output.count`
    /// bytes, and says how much input it consumed and how much output it produced. The caller
    /// passes the unconsumed rest of the input again (and may call with no input while the
    /// last step filled `output`: zlib may still hold output). Memory never grows with the
    /// ratio of the stream: 1 KB of input that inflates to 1 GB comes out `output.count`
    /// bytes per call.
    public func inflate(
        _ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>
    ) throws -> (consumed: Int, produced: Int) {
        memberStartedAt = nil
        if let failed { throw failed }
        var offset = 0
        if !inMember {
            // Skip zero padding between members (some writers pad the end of a file).
            while offset < input.count, input[offset] == 0 { offset += 1 }
            if offset == input.count { return (offset, 0) }
            inMember = true
            memberStartedAt = offset
        }
        var empty: UInt8 = 0
        let rc: Int32 = withUnsafeMutablePointer(to: &empty) { nothing in
            stream.next_in = input.baseAddress.map { UnsafeMutablePointer(mutating: $0 + offset) } ?? nothing
            stream.avail_in = UInt32(clamping: input.count - offset)
            stream.next_out = output.baseAddress
            stream.avail_out = UInt32(clamping: output.count)
            return CZlib.inflate(&stream, Z_NO_FLUSH)
        }
        let consumed = offset + (input.count - offset) - Int(stream.avail_in)
        let produced = output.count - Int(stream.avail_out)
        stream.next_in = nil
        stream.next_out = nil
        self.produced += produced
        if rc == Z_STREAM_END {
            // Next member, if any.
            inflateEnd(&stream)
            try reset()
            inMember = false
        } else if rc != Z_OK && rc != Z_BUF_ERROR {
            let error = GzipError.corrupt(stream.msg.map { String(cString: $0) } ?? "code \(rc)")
            guard produced > 0 else { throw error }
            failed = error  // hand out what came before the error first
        }
        return (consumed, produced)
    }

    /// Declares the input finished. Throws ``GzipError/truncated(decodedBytes:)`` when a member
    /// was still open.
    public func finish() throws {
        if let failed { throw failed }
        if inMember { throw GzipError.truncated(decodedBytes: produced) }
    }

    /// Decompresses a whole gzip buffer at once.
    public static func decompress(_ bytes: [UInt8], limit: Int = Int.max) throws -> [UInt8] {
        let inflater = try GzipInflater()
        var out: [UInt8] = []
        out.reserveCapacity(min(limit, bytes.count * 4))
        try bytes.withUnsafeBufferPointer { buf in
            try inflater.feed(buf) { piece in
                guard out.count + piece.count <= limit else { throw GzipError.tooLarge(limit: limit) }
                out.append(contentsOf: piece)
            }
        }
        try inflater.finish()
        return out
    }

    /// `true` when the bytes start with the gzip magic number.
    public static func isGzip<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var it = bytes.makeIterator()
        return it.next() == 0x1F && it.next() == 0x8B
    }
}

/// Gzip compression of whole buffers (for writing `.gz` output and test fixtures).
public enum Gzip {
    /// Compresses `bytes` as one gzip member.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var stream = z_stream()
        // 15 + 16: the largest window, with a gzip header and trailer.
        var rc = deflateInit2_(
            &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw GzipError.corrupt("deflateInit2 failed (\(rc))") }
        defer { deflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
        rc = bytes.withUnsafeBufferPointer { inp in
            out.withUnsafeMutableBufferPointer { o in
                stream.next_in = UnsafeMutablePointer(mutating: inp.baseAddress)
                stream.avail_in = UInt32(inp.count)
                stream.next_out = o.baseAddress
                stream.avail_out = UInt32(o.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard rc == Z_STREAM_END else { throw GzipError.corrupt("deflate failed (\(rc))") }
        out.removeLast(Int(stream.avail_out))
        return out
    }

    /// Decompresses a whole gzip buffer (see ``GzipInflater/decompress(_:limit:)``).
    public static func decompress(_ bytes: [UInt8], limit: Int = Int.max) throws -> [UInt8] {
        try GzipInflater.decompress(bytes, limit: limit)
    }
}

/// Streaming gzip compression (zlib deflate with a gzip header and trailer): bytes go in
/// piece by piece, compressed output leaves in chunks of at most 64 KB, so memory stays flat
/// however much is written. ``finish()`` writes the trailer; until then the output is not a
/// complete gzip file.
///
/// ```swift
/// let sink = try OutputSink(path: "part.jsonl.gz.tmp")
/// let gz = try GzipWriter(sink: sink)
/// try gz.write(Array(#"{"id":"a"}"#.utf8) + [0x0A])
/// try gz.finish()          // trailer written, sink flushed
/// try sink.close()
/// ```
///
/// Output goes to a closure, so anything that takes bytes can be the target; `OutputSink`
/// is the usual one.
public final class GzipWriter {
    private var stream = z_stream()
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private let emit: (UnsafeBufferPointer<UInt8>) throws -> Void
    private var finished = false
    /// Uncompressed bytes written so far.
    public private(set) var bytesIn = 0
    /// Compressed bytes produced so far.
    public private(set) var bytesOut = 0

    /// A writer that hands each compressed chunk to `output` (valid only during the call).
    /// `level`: 1 (fastest) to 9 (smallest); 6 is gzip's default.
    public init(level: Int32 = 6, output: @escaping (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        emit = output
        // 15 + 16: the largest window, with a gzip header and trailer.
        let rc = deflateInit2_(
            &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size))
        guard rc == Z_OK else { throw GzipError.corrupt("deflateInit2 failed (\(rc))") }
    }

    /// A writer into an ``OutputSink`` (which buffers and writes to its file).
    public convenience init(sink: OutputSink, level: Int32 = 6) throws {
        try self.init(level: level) { sink.write($0) }
    }

    deinit { deflateEnd(&stream) }

    /// Compresses `bytes`; output is handed on as zlib produces it.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        precondition(!finished, "GzipWriter.write after finish()")
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        bytesIn += bytes.count
        stream.next_in = UnsafeMutablePointer(mutating: base)
        stream.avail_in = UInt32(bytes.count)
        try run(Z_NO_FLUSH)
    }

    /// Compresses `bytes`.
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try write($0) }
    }

    /// Ends the gzip member: flushes what zlib holds and writes the trailer. Call once.
    public func finish() throws {
        guard !finished else { return }
        finished = true
        stream.next_in = nil
        stream.avail_in = 0
        try run(Z_FINISH)
    }

    private func run(_ flush: Int32) throws {
        while true {
            let rc = output.withUnsafeMutableBufferPointer { out -> Int32 in
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                return deflate(&stream, flush)
            }
            guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                throw GzipError.corrupt("deflate failed (\(rc))")
            }
            let have = output.count - Int(stream.avail_out)
            if have > 0 {
                bytesOut += have
                try output.withUnsafeBufferPointer { try emit(UnsafeBufferPointer(rebasing: $0[0..<have])) }
            }
            if flush == Z_FINISH {
                if rc == Z_STREAM_END { return }
            } else if stream.avail_in == 0 && stream.avail_out != 0 {
                return
            }
        }
    }
}
