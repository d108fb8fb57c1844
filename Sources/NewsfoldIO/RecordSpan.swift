#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a JSONL record lies in an uncompressed regular file, so that it can be read again
/// alone (``RecordFile/read(_:)``, one `pread`) instead of re-reading the whole input.
///
/// ``InputReader`` sets ``InputRecord/span`` for the lines of plain files only: in a gzip file
/// or on standard input, offsets in the decompressed stream are not offsets in the file.
///
/// ```swift
/// try reader.forEach { record in if let span = record.span { spans.append(span) } }
/// let file = try RecordFile(path: spans[0].path)
/// let line = try file.read(spans[0])   // the same bytes as the record's JSONL line
/// ```
public struct RecordSpan: Sendable, Equatable {
    /// The file, as walked by ``InputReader``.
    public var path: String
    /// Byte offset of the line's first byte.
    public var offset: Int
    /// Bytes of the line, without the newline (nor a trailing `\r`).
    public var length: Int
    /// 1-based line number, for messages (`path:line`).
    public var line: Int

    /// The span of `length` bytes at byte `offset` of `path`, line number `line`.
    public init(path: String, offset: Int, length: Int, line: Int) {
        self.path = path
        self.offset = offset
        self.length = length
        self.line = line
    }

    /// `path:line`, as in ``InputRecord/locator``.
    public var locator: String { "\(path):\(line)" }
}

/// An input file opened for reading records by ``RecordSpan``, from any number of threads at
/// once (each read is one `pread`; the descriptor is never moved). Closed on deinit.
///
/// Cost: one system call per record; no buffering (the page cache holds a file just read).
public final class RecordFile: Sendable {
    /// The path as given.
    public let path: String
    private let fd: Int32

    /// Opens `path` for reading; throws ``InputError/cannotOpen(path:reason:)``.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw InputError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        self.fd = fd
    }

    deinit { close(fd) }

    /// The bytes of `span` (which must lie in this file). Throws ``InputError/readFailed(path:reason:)``
    /// when the file is now shorter than the span (it changed since it was read).
    public func read(_ span: RecordSpan) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: span.length)
        var done = 0
        while done < span.length {
            let n = out.withUnsafeMutableBytes {
                pread(fd, $0.baseAddress! + done, span.length - done, off_t(span.offset + done))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError.readFailed(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 {
                throw InputError.readFailed(
                    path: path, reason: "line \(span.line) ends past the end of the file (changed since it was read)")
            }
            done += n
        }
        return out
    }
}
