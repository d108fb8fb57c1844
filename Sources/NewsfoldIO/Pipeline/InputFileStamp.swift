#if canImport(Glibc)
    import Glibc
#endif

/// The size and modification time of one input file: to total the input size (for progress)
/// and to notice, on `--resume`, that the input changed since the checkpoint.
public struct InputFileStamp: Codable, Equatable, Sendable {
    /// The path as walked (`-` for standard input).
    public var path: String
    /// Size in bytes: `nil` for standard input and pipes, 0 for a path that cannot be read.
    public var size: Int?
    /// Last modification time, in nanoseconds since 1970; `nil` when unknown.
    public var modified: Int?

    /// Stats `path` now.
    public init(path: String) {
        self.path = path
        var st = stat()
        guard path != "-", stat(path, &st) == 0 else {
            size = path == "-" ? nil : 0
            return
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return }
        size = Int(st.st_size)
        modified = Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec)
    }
}

extension InputReader {
    /// ``files()`` with their sizes and modification times, in reading order. O(files).
    public func stamps() -> [InputFileStamp] {
        files().map { InputFileStamp(path: $0.path) }
    }
}

extension [InputFileStamp] {
    /// The total size in bytes, or `nil` when some input has no known size (standard input).
    public var totalBytes: Int? {
        var total = 0
        for f in self {
            guard let s = f.size else { return nil }
            total += s
        }
        return total
    }
}
