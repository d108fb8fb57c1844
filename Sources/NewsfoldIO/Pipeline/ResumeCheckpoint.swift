import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a `--resume` checkpoint records: enough to skip the input already done and to rebuild
/// the command's state, and enough to refuse a resume that would not give the same output.
public struct ResumeState: Codable, Equatable, Sendable {
    /// Format of the checkpoint file.
    public var version = 1
    /// The subcommand that wrote it.
    public var command: String
    /// The command line that matters for the output (see ``ResumeCheckpoint/identity(of:)``).
    public var arguments: [String]
    /// The input files with their sizes and modification times.
    public var inputs: [InputFileStamp]
    /// Where the input stands: the next record to read.
    public var position: InputPosition
    /// Bytes of the output file (`-o`) written and synced; the rest is cut on resume.
    public var outputBytes = 0
    /// The command's own data files in the checkpoint folder and their committed lengths.
    public var files: [String: Int] = [:]
    /// The command's counters (records, errors, ...), to carry on counting.
    public var counts: [String: Int] = [:]

    /// The state of a run of `command` with `arguments` over `inputs`, at `position`.
    public init(command: String, arguments: [String], inputs: [InputFileStamp], position: InputPosition) {
        self.command = command
        self.arguments = arguments
        self.inputs = inputs
        self.position = position
    }
}

/// A `--resume` checkpoint: a folder next to the output (`OUT.newsfold-resume/`) holding
/// `checkpoint.json` (a ``ResumeState``) and the command's data files (e.g. the fingerprints
/// so far, in the append-only ``SignatureIndex`` format).
///
/// Crash safety: data is appended to the output and the data files first and synced
/// (`fsync`); then the checkpoint naming their lengths is written to a temporary file, synced
/// and renamed over the old one (and the folder synced). A crash at any point leaves the last
/// complete checkpoint, whose lengths are all on disk; on resume everything past those lengths
/// is cut off and redone, so the final output is byte for byte what one uninterrupted run
/// writes.
///
/// A checkpoint is written after a batch when ``everyRecords`` records or ``everySeconds``
/// seconds have passed since the last one.
///
/// ```swift
/// let checkpoint = ResumeCheckpoint(output: "out.jsonl")
/// if let state = try checkpoint.load() { try checkpoint.check(state, against: fresh); resume(state) }
/// try pipeline.run(from: state?.position, consume: write, afterBatch: { position in
///     try checkpoint.afterBatch(position, flush: { try out.flush() }, state: { makeState(position) })
/// })
/// checkpoint.remove()
/// ```
public final class ResumeCheckpoint {
    /// The checkpoint folder.
    public let directory: String
    /// The output file it belongs to.
    public let output: String
    /// Records between two checkpoints (at most).
    public var everyRecords = 100_000
    /// Seconds between two checkpoints (at most).
    public var everySeconds = 10.0

    private var lastRecords = 0
    private var lastTime = ProgressMeter.monotonicSeconds()
    /// Checkpoints written by this run.
    public private(set) var saved = 0

    // The crash test hook, for the tests only (not API, hence `package`): the resume tests
    // (ResumeTests) run the real `newsfold` binary and need it to die at a known point, just
    // past a checkpoint with output written after it, as `kill -9` would leave it. With
    // `NEWSFOLD_FAIL_AFTER_RECORDS=N` in the environment, the first batch boundary at or past N
    // records forces a checkpoint; the command then runs one more batch (its output written but
    // not committed) and the process ends with `_exit(137)`, as if killed.
    private let failAfter: Int?
    private var failArmed = false

    /// The environment variable of the crash test hook (see the comment above).
    package static let failAfterVariable = "NEWSFOLD_FAIL_AFTER_RECORDS"

    /// The checkpoint of a run writing to `output`: kept in the folder `OUTPUT.newsfold-resume`.
    public init(output: String) {
        self.output = output
        self.directory = output + ".newsfold-resume"
        failAfter = ProcessInfo.processInfo.environment[ResumeCheckpoint.failAfterVariable].flatMap { Int($0) }
    }

    /// The path of a data file in the checkpoint folder.
    public func path(_ name: String) -> String { directory + "/" + name }

    private var statePath: String { path("checkpoint.json") }

    /// The checkpoint, or `nil` when there is none.
    public func load() throws -> ResumeState? {
        guard let data = FileManager.default.contents(atPath: statePath) else { return nil }
        do {
            return try JSONDecoder().decode(ResumeState.self, from: data)
        } catch {
            throw ResumeError("\(statePath): unreadable checkpoint (\(error)); delete \(directory) to start again")
        }
    }

    /// Refuses to resume when the checkpoint was made by another command, other arguments or
    /// other input files (sizes or modification times changed), or when a data file is shorter
    /// than the checkpoint says.
    public func check(_ state: ResumeState, command: String, arguments: [String], inputs: [InputFileStamp]) throws {
        let again = "; run without --resume (or delete \(directory)) to start again"
        guard state.version == 1 else { throw ResumeError("\(statePath): checkpoint format \(state.version) not supported" + again) }
        guard state.command == command else {
            throw ResumeError("\(directory) is a checkpoint of `newsfold \(state.command)`, not `\(command)`" + again)
        }
        guard state.arguments == arguments else {
            throw ResumeError(
                "\(directory) was made with other arguments (\(state.arguments.joined(separator: " "))); resume with the same ones" + again)
        }
        guard state.inputs == inputs else {
            let changed = zip(state.inputs, inputs).first { $0 != $1 }.map { $0.0.path } ?? "the list of input files"
            throw ResumeError("the input changed since the checkpoint (\(changed))" + again)
        }
        if ResumeCheckpoint.size(of: output) ?? -1 < state.outputBytes {
            throw ResumeError("\(output) is shorter than the checkpoint says (\(state.outputBytes) bytes)" + again)
        }
        for (name, length) in state.files where ResumeCheckpoint.size(of: path(name)) ?? -1 < length {
            throw ResumeError("\(path(name)) is shorter than the checkpoint says (\(length) bytes)" + again)
        }
    }

    /// Cuts the output and the data files back to their committed lengths, before appending.
    public func rewind(to state: ResumeState) throws {
        try ResumeCheckpoint.truncate(output, to: state.outputBytes)
        for (name, length) in state.files { try ResumeCheckpoint.truncate(path(name), to: length) }
        lastRecords = state.position.ordinal
    }

    /// Starts a fresh checkpoint folder (removing an old one).
    public func start() throws {
        remove()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ResumeError("\(directory): cannot create the checkpoint folder: \(error)")
        }
    }

    /// After each batch: when a checkpoint is due, `flush` (write buffered output and data),
    /// sync the output and the data files, then save `state()` atomically.
    public func afterBatch(_ position: InputPosition, flush: () throws -> Void, state: () -> ResumeState) throws {
        if failArmed {  // test hook: one batch past the forced checkpoint, die like kill -9
            try flush()
            _exit(137)
        }
        let now = ProgressMeter.monotonicSeconds()
        var due = position.ordinal - lastRecords >= everyRecords || now - lastTime >= everySeconds
        if let failAfter, position.ordinal >= failAfter {
            due = true
            failArmed = true
        }
        guard due else { return }
        try commit(flush: flush, state: state())
        lastRecords = position.ordinal
        lastTime = ProgressMeter.monotonicSeconds()
    }

    /// Flushes, then records the lengths of the output and of the data files named in
    /// `state.files`, syncs them and saves the checkpoint.
    public func commit(flush: () throws -> Void, state: ResumeState) throws {
        try flush()
        var state = state
        state.outputBytes = ResumeCheckpoint.size(of: output) ?? 0
        try ResumeCheckpoint.sync(output)
        for name in state.files.keys {
            state.files[name] = ResumeCheckpoint.size(of: path(name)) ?? 0
            if state.files[name]! > 0 { try ResumeCheckpoint.sync(path(name)) }
        }
        try save(state)
    }

    /// Writes `state` to a temporary file, syncs it, renames it over `checkpoint.json` and syncs
    /// the folder.
    public func save(_ state: ResumeState) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(state)
        let temporary = statePath + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw ResumeError("\(temporary): cannot write: \(String(cString: strerror(errno)))") }
        let ok = data.withUnsafeBytes { buf -> Bool in
            var offset = 0
            while offset < buf.count {
                let n = write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += n
            }
            return true
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard ok, synced, rename(temporary, statePath) == 0 else {
            throw ResumeError("\(statePath): cannot save the checkpoint: \(String(cString: strerror(errno)))")
        }
        try ResumeCheckpoint.sync(directory)
        saved += 1
    }

    /// Deletes the checkpoint folder (after a successful run).
    public func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The command line minus what does not change the output: the program name, `--resume`,
    /// `--quiet`/`-q`, `--workers N`, `--batch-size N` and `--checkpoint-records N`.
    public static func identity(of arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 1
        while i < arguments.count {
            let a = arguments[i]
            i += 1
            let valued = ["--workers", "--batch-size", "--checkpoint-records"]
            if a == "--resume" || a == "--quiet" || a == "-q" || valued.contains(where: { a.hasPrefix($0 + "=") }) {
                continue
            }
            if valued.contains(a) {
                i += 1
                continue
            }
            out.append(a)
        }
        return out
    }

    /// The size of a file, `nil` when it does not exist.
    public static func size(of path: String) -> Int? {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : nil
    }

    static func truncate(_ path: String, to length: Int) throws {
        guard Glibc.truncate(path, off_t(length)) == 0 else {
            throw ResumeError("\(path): cannot cut back to \(length) bytes: \(String(cString: strerror(errno)))")
        }
    }

    /// `fsync` of a file or folder by path (it flushes the file, whichever descriptor wrote it).
    static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ResumeError("\(path): cannot sync: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw ResumeError("\(path): fsync failed: \(String(cString: strerror(errno)))") }
    }
}

/// `--resume` is not possible; the message says why and what to do.
public struct ResumeError: Error, CustomStringConvertible, Equatable {
    /// Why, and what to do.
    public var description: String
    /// An error with this message.
    public init(_ description: String) { self.description = description }
}
