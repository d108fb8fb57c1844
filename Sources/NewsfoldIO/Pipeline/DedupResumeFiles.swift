#if canImport(Glibc)
    import Glibc
#endif
import NewsfoldCore

/// What `newsfold dedup --resume` keeps in its checkpoint folder beside `checkpoint.json`,
/// so that a resumed run rebuilds its copy groups without reading the documents done again.
///
/// Two append-only files, one entry per new document (one not from `--index`), in input order:
///
/// ```text
/// signatures.nfsig   its fingerprint, in the ``SignatureIndex`` format
/// ordinals.bin       its input ordinal (``InputRecord/ordinal``), one little-endian Int32
/// ```
///
/// and two counters in ``ResumeState/counts``: ``inputBytesCounter``, the input bytes read
/// (for the default of `--exact-memory`), and ``indexBytesCounter``, the length of the
/// `--index` file before the run appended to it (-1: there was none).
///
/// Both files grow at each checkpoint (``save(ordinals:fingerprint:)``): the
/// ``ResumeCheckpoint`` syncs them and records their lengths, and on resume cuts back what a
/// stopped run wrote after the last checkpoint, before ``restore(_:)`` reads them.
///
/// ```swift
/// let files = DedupResumeFiles(directory: checkpoint.directory, parameters: parameters)
/// var ordinals = try files.restore { index.insert($0) }          // on resume
/// ...                                                            // index and ordinals grow
/// try files.save(ordinals: ordinals) { index.fingerprint(at: firstNew + $0) }
/// ```
public final class DedupResumeFiles {
    /// The name of the fingerprints file in the checkpoint folder.
    public static let signaturesName = "signatures.nfsig"
    /// The name of the ordinals file in the checkpoint folder.
    public static let ordinalsName = "ordinals.bin"
    /// Both names: the data files the checkpoint commits (``ResumeState/files``).
    public static let names = [signaturesName, ordinalsName]
    /// The ``ResumeState/counts`` key of the input bytes read so far.
    public static let inputBytesCounter = "bytes"
    /// The ``ResumeState/counts`` key of the `--index` file's length before this run (-1: none).
    public static let indexBytesCounter = "indexBytes"

    /// The checkpoint folder.
    public let directory: String
    /// The copy-group parameters the fingerprints are made with.
    public let parameters: DedupParameters
    /// Documents whose fingerprint and ordinal are in the files.
    public private(set) var saved = 0

    /// The files of the checkpoint folder `directory` (``ResumeCheckpoint/directory``).
    public init(directory: String, parameters: DedupParameters) {
        self.directory = directory
        self.parameters = parameters
    }

    /// The path of the fingerprints file.
    public var signaturesPath: String { directory + "/" + Self.signaturesName }
    /// The path of the ordinals file.
    public var ordinalsPath: String { directory + "/" + Self.ordinalsName }

    /// Reads back what the checkpoint holds: `body` gets the fingerprints in batches, in input
    /// order, and the ordinals are returned (one per fingerprint). Missing files hold nothing.
    ///
    /// - Throws: ``ResumeError`` when a file is unreadable, truncated, or the two disagree,
    ///   saying to delete the checkpoint folder; or what `body` throws.
    public func restore(_ body: ([DocumentFingerprint]) throws -> Void) throws -> [Int32] {
        var done = 0
        do {
            try SignatureIndex.forEachBatch(path: signaturesPath, parameters: parameters) { batch in
                try body(batch)
                done += batch.count
            }
        } catch let e as SignatureIndexError {
            throw ResumeError("\(signaturesPath): unreadable checkpoint fingerprints (\(e)); delete \(directory) to start again")
        }
        let ordinals = try Self.readOrdinals(ordinalsPath, directory: directory)
        guard ordinals.count == done else {
            throw ResumeError("\(directory): fingerprints and ordinals disagree; delete it to start again")
        }
        saved = done
        return ordinals
    }

    /// Appends the documents not saved yet, `saved..<ordinals.count`: the fingerprint of the
    /// `i`th new document is `fingerprint(i)`, its input ordinal `ordinals[i]`. The fingerprints
    /// are written as they are made, never all held at once.
    public func save(ordinals: [Int32], fingerprint: (Int) -> DocumentFingerprint) throws {
        let new = saved..<ordinals.count
        try SignatureIndex.append(new.lazy.map(fingerprint), to: signaturesPath, parameters: parameters)
        try Self.appendOrdinals(ordinals[new], to: ordinalsPath)
        saved = ordinals.count
    }

    /// `--index PATH` on resume: cuts the signature index back to `length`, the size it had
    /// before the stopped run appended its documents to it, so that they are not added twice.
    /// A tail the stopped run was killed in the middle of appending goes too. Nothing is done
    /// when `length` is negative (there was no index), when the file is no longer than that, or
    /// when it does not start as an index of these `parameters` (then the reading that follows
    /// reports it).
    public static func rewindIndex(_ path: String, to length: Int, parameters: DedupParameters) throws {
        guard length >= 0, SignatureIndex.hasHeader(path: path, parameters: parameters),
            let size = ResumeCheckpoint.size(of: path), size > length
        else { return }
        try ResumeCheckpoint.truncate(path, to: length)
    }

    /// The ordinals file: one little-endian Int32 per document; `[]` when there is none.
    static func readOrdinals(_ path: String, directory: String) throws -> [Int32] {
        let again = "delete \(directory) to start again"
        guard let f = fopen(path, "rb") else {
            if errno == ENOENT { return [] }
            throw ResumeError("\(path): cannot read checkpoint ordinals: \(String(cString: strerror(errno))); \(again)")
        }
        defer { fclose(f) }
        var out: [Int32] = []
        var chunk = [Int32](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 4, 1 << 16, f) }
            if n <= 0 { break }
            out += chunk[0..<n].map { Int32(littleEndian: $0) }
        }
        guard ferror(f) == 0 else {
            throw ResumeError("\(path): cannot read checkpoint ordinals: \(String(cString: strerror(errno))); \(again)")
        }
        let size = ResumeCheckpoint.size(of: path) ?? 0
        guard size == 4 * out.count else {
            throw ResumeError(
                "\(path): checkpoint ordinals truncated (\(size) bytes, not a whole number of 4-byte entries); \(again)")
        }
        return out
    }

    /// Appends `ordinals` to the ordinals file (created when missing).
    static func appendOrdinals(_ ordinals: ArraySlice<Int32>, to path: String) throws {
        guard let f = fopen(path, "ab") else {
            throw ResumeError("\(path): cannot write: \(String(cString: strerror(errno)))")
        }
        defer { fclose(f) }
        let le = ordinals.map { $0.littleEndian }
        let written = le.withUnsafeBytes { fwrite($0.baseAddress, 4, le.count, f) }
        guard written == le.count else { throw ResumeError("\(path): write failed: \(String(cString: strerror(errno)))") }
    }
}
