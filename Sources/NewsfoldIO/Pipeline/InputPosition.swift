/// Where a read of the input stands: the point right after one record, from which
/// ``InputReader/forEach(from:_:)`` can go on without reading the records before it again.
///
/// Files are numbered in the order ``InputReader`` walks them (the paths as given, directories
/// expanded and sorted). Within a JSONL file the position is a byte offset in the decompressed
/// stream and a line number: an uncompressed file is resumed by seeking there, a gzip file by
/// inflating up to there and discarding (gzip has no index; a multi-member file could seek to a
/// member start later). Within any other file that holds several records (e.g. WARC), the
/// records already read are counted and read again without being emitted.
///
/// ```swift
/// var last = InputPosition()
/// try reader.forEach(from: nil) { record, after in handle(record); last = after }
/// // ... later, in another process:
/// try reader.forEach(from: last) { record, _ in handle(record) }  // the rest only
/// ```
public struct InputPosition: Codable, Equatable, Sendable {
    /// Index of the file being read, in walking order.
    public var file = 0
    /// Decompressed byte offset right after the last record read in that file (JSONL only; 0
    /// when the records of the file are not lines).
    public var offset = 0
    /// Number of the last line read in that file (JSONL only).
    public var line = 0
    /// Records read from that file so far.
    public var records = 0
    /// Records read from the whole input so far: the ordinal of the next record.
    public var ordinal = 0
    /// Bytes of the input files read so far (compressed bytes for gzip), for progress; not used
    /// to resume.
    public var inputBytes = 0

    /// The start of the input: first file, nothing read.
    public init() {}

    /// The start of the file after `file`.
    func nextFile() -> InputPosition {
        var p = InputPosition()
        p.file = file + 1
        p.ordinal = ordinal
        p.inputBytes = inputBytes
        return p
    }
}

/// The state of ``InputReader`` within the file it reads: what to skip when resuming, and
/// where the last record ended.
final class FileCursor {
    /// Records to read again without emitting them (a resumed file whose records are not lines).
    var skipRecords = 0
    /// Decompressed offset to skip to before reading lines (a resumed JSONL file).
    var resumeOffset = 0
    /// Records of this file so far (emitted or skipped).
    var records = 0
    /// The last line read and the offset right after it (JSONL).
    var line = 0
    var lineEnd = 0
    /// The open file, for the bytes read so far.
    var source: ByteSource?

    init() {}

    /// Resuming at `position` in this file: seek JSONL to its offset, else skip its records.
    init(resuming position: InputPosition) {
        if position.offset > 0 {
            resumeOffset = position.offset
            line = position.line
            lineEnd = position.offset
            records = position.records
        } else {
            skipRecords = position.records
        }
    }

    /// The position right after the record just read.
    func position(file: Int, ordinal: Int, bytesBefore: Int) -> InputPosition {
        var p = InputPosition()
        p.file = file
        p.offset = lineEnd
        p.line = line
        p.records = records
        p.ordinal = ordinal
        p.inputBytes = bytesBefore + (source?.bytesRead ?? 0)
        return p
    }
}
