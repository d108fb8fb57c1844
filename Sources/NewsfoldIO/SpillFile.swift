#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lines kept on disk instead of in memory, read back by number in any order: how `stories`
/// holds a million articles while it clusters them (memory keeps 8 bytes per line).
///
/// Lines are appended by one thread (``append(_:)``, buffered); flushed lines can be read back
/// (``line(_:)`` uses `pread`), from any thread once ``finishWriting()`` has been called. A temporary spill lives in `$TMPDIR`
/// (default `/tmp`) and is unlinked at once, so nothing is left behind even after `kill -9`; a
/// spill with a path (a `--resume` data file) stays and can be reopened.
///
/// ```swift
/// let spill = try SpillFile.temporary()
/// var w = JSONWriter()
/// ArticleJSON.write(article, to: &w)
/// try spill.append(w.bytes)               // line 0 (must end with "\n", no other newline)
/// try spill.finishWriting()
/// let back = try ArticleJSON.read(line: try spill.line(0).dropLast(), locator: "spill:1")
/// ```
public final class SpillFile: @unchecked Sendable {
    // Sendable: mutation (append, finishWriting) happens on one thread before any concurrent
    // read; reads only use `pread` and the immutable offsets.

    /// The file's path (for messages; a temporary spill is already unlinked).
    public let path: String
    private let fd: Int32
    /// `offsets[i] ..< offsets[i + 1]`: line `i`, newline included.
    private var offsets: [UInt64] = [0]
    private var buffer: [UInt8] = []
    private var onDisk: UInt64 = 0
    private var writing = true
    private static let bufferLimit = 1 << 20

    /// Opens (or creates) a spill at `path`, keeping its first `length` bytes as lines already
    /// written (a file cut back to a checkpoint) and appending after them.
    public init(path: String, keeping length: Int = 0) throws {
        let fd = open(path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else { throw SpillFile.failure(path, "cannot open") }
        guard ftruncate(fd, off_t(length)) == 0 else {
            close(fd)
            throw SpillFile.failure(path, "cannot cut to \(length) bytes")
        }
        self.fd = fd
        self.path = path
        onDisk = UInt64(length)
        if length > 0 { try indexLines(upTo: length) }
    }

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    /// A new spill in `$TMPDIR` (or `/tmp`), removed from the folder at once: it disappears when
    /// the process ends, however it ends.
    public static func temporary(prefix: String = "newsfold-spill") throws -> SpillFile {
        let folder = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(folder)/\(prefix)-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard fd >= 0 else { throw SpillFile.failure(path, "cannot create a temporary file (set TMPDIR to a writable folder)") }
        unlink(path)
        return SpillFile(fd: fd, path: path)
    }

    deinit { close(fd) }

    /// The number of lines.
    public var count: Int { offsets.count - 1 }

    /// The bytes written so far (buffered ones included).
    public var size: Int { Int(offsets[offsets.count - 1]) }

    /// Appends one line: `bytes` must end with a newline and hold no other.
    public func append<C: Collection<UInt8>>(_ bytes: C) throws {
        precondition(writing, "SpillFile: append after finishWriting()")
        buffer.append(contentsOf: bytes)
        offsets.append(offsets[offsets.count - 1] + UInt64(bytes.count))
        if buffer.count >= SpillFile.bufferLimit { try flush() }
    }

    /// Writes the buffered lines to the file (before a checkpoint records its length).
    public func flush() throws {
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, $0.count - done, off_t(onDisk) + off_t(done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SpillFile.failure(path, "cannot write (\(String(cString: strerror(errno)))); is the disk full? set TMPDIR to a larger folder")
            }
            done += n
        }
        onDisk += UInt64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Ends appending: flushes, after which ``line(_:)`` may be called from any thread.
    public func finishWriting() throws {
        try flush()
        buffer = []
        writing = false
    }

    /// Line `i` (with its newline), read from the file.
    public func line(_ i: Int) throws -> [UInt8] {
        let start = offsets[i], count = Int(offsets[i + 1] - start)
        precondition(offsets[i + 1] <= onDisk, "SpillFile: line \(i) is not flushed yet")
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(start) + off_t(done)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw SpillFile.failure(path, "cannot read line \(i + 1)") }
            done += n
        }
        return bytes
    }

    /// Rebuilds the offsets of the complete lines in the first `length` bytes.
    private func indexLines(upTo length: Int) throws {
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var position = 0
        while position < length {
            let want = min(chunk.count, length - position)
            let n = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, want, off_t(position)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw SpillFile.failure(path, "cannot read back") }
            for k in 0..<n where chunk[k] == UInt8(ascii: "\n") { offsets.append(UInt64(position + k + 1)) }
            position += n
        }
        guard offsets[offsets.count - 1] == UInt64(length) else {
            throw SpillFile.failure(path, "ends inside a line (a torn write); delete it to start again")
        }
    }

    private static func failure(_ path: String, _ what: String) -> SpillError {
        SpillError(description: "\(path): spill file: \(what)")
    }
}

/// A spill file could not be created, written or read back; the message names the file and
/// what to do.
public struct SpillError: Error, CustomStringConvertible {
    /// The message: the file, what failed, and what to do.
    public let description: String

    /// An error with this message.
    public init(description: String) { self.description = description }
}
