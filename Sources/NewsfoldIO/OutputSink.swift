#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A buffered byte sink: standard output, or a file (created or truncated). `.gz` paths are
/// not compressed here; pipe through gzip for that.
///
/// ```swift
/// let out = try OutputSink(path: options.output)   // nil or "-" = standard output
/// out.write(writer.bytes)
/// try out.close()
/// ```
public final class OutputSink {
    private let fd: Int32
    private let owns: Bool
    private var buffer: [UInt8] = []
    private let limit = 1 << 20
    /// The file written, `-` for standard output, `/dev/stderr` for standard error.
    public let path: String

    /// A sink on the file at `path`, created or truncated; on standard output when `path` is
    /// `nil` or `-`. Throws ``InputError/cannotOpen(path:reason:)`` when the file cannot be opened.
    public init(path: String?) throws {
        if let path, path != "-" {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else {
                throw InputError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
            self.fd = fd
            self.owns = true
            self.path = path
        } else {
            self.fd = 1
            self.owns = false
            self.path = "-"
        }
        buffer.reserveCapacity(limit)
    }

    /// Reopens the file at `path` to go on writing after its first `length` bytes (a run
    /// resumed with `--resume`); whatever follows them is cut off.
    public init(resuming path: String, at length: Int) throws {
        let fd = open(path, O_WRONLY | O_CREAT, 0o644)
        guard fd >= 0, ftruncate(fd, off_t(length)) == 0, lseek(fd, off_t(length), SEEK_SET) >= 0 else {
            throw InputError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        self.fd = fd
        self.owns = true
        self.path = path
        buffer.reserveCapacity(limit)
    }

    /// A sink on standard error, for messages.
    public static func standardError() -> OutputSink { OutputSink(fd: 2, path: "/dev/stderr") }

    /// A sink on standard output.
    public static func standardOutput() -> OutputSink { OutputSink(fd: 1, path: "-") }

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.owns = false
        self.path = path
    }

    /// `true` when the sink is a terminal (for choosing a human-readable default format).
    public var isTerminal: Bool { isatty(fd) == 1 }

    /// Buffers `bytes`, writing the buffer out once it holds 1 MiB. An error of that write is not
    /// reported (the buffered bytes are lost): ``flush()`` and ``close()`` report only their own.
    public func write<C: Collection<UInt8>>(_ bytes: C) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { try? flush() }
    }

    /// Buffers `text` as UTF-8, as the byte version of `write(_:)` does.
    public func write(_ text: String) { write(text.utf8) }

    /// Writes out everything buffered. Throws ``InputError/readFailed(path:reason:)`` (`write
    /// failed: ...`) when the system refuses; what was buffered is dropped either way.
    public func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                buffer.removeAll(keepingCapacity: true)
                throw InputError.readFailed(path: path, reason: "write failed: \(reason)")
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, then closes the file if the sink opened it (never standard output or error); a
    /// failed flush throws and leaves it open.
    public func close() throws {
        try flush()
        if owns { Glibc.close(fd) }
    }

    deinit { try? flush() }
}

