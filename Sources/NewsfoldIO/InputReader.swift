import Foundation
import NewsfoldCore
import NewsfoldExtract

/// One record read from the input: a page file, one JSONL line, or what went wrong reading it.
public struct InputRecord: Sendable {
    /// Position of the record in the whole input (0-based), for ordered output.
    public var ordinal: Int
    /// Where it came from, for messages: `path` or `path:line`.
    public var locator: String
    /// The path as given.
    public var source: String
    /// What was read.
    public var content: Content
    /// Where a JSONL line lies in its file, when the file is plain (uncompressed, regular) and
    /// the line can be read again alone; `nil` otherwise.
    public var span: RecordSpan?

    /// What a record holds.
    public enum Content: Sendable {
        /// A page file (HTML or crawled text), not yet extracted.
        case page(Page)
        /// One JSONL line (the raw bytes, without the newline), with the id to use when the line
        /// has none (`file-stem:line`).
        case jsonLine([UInt8], fallbackID: String)
        /// The record could not be read; the message says why. The batch goes on.
        case failure(String)
    }

    /// A record numbered `ordinal` in input order, named `locator` in messages, read from the
    /// file `source`; `span` is where its bytes lie in that file, when known.
    public init(ordinal: Int, locator: String, source: String, content: Content, span: RecordSpan? = nil) {
        self.ordinal = ordinal
        self.locator = locator
        self.source = source
        self.content = content
        self.span = span
    }

    /// `message` as a warning on this record, the line a command prints on stderr:
    /// `path:line: warning: message` (the record was read all the same).
    public func warningLine(_ message: String) -> String { "\(locator): warning: \(message)" }

    /// Approximate size in memory, to bound batches.
    public var weight: Int {
        switch content {
        case .page(let p): return p.bytes.count + 256
        case .jsonLine(let b, _): return b.count + 128
        case .failure: return 256
        }
    }
}

/// Reads paths (files, directories recursively, `-` for standard input) into ``InputRecord``s,
/// in a stable order: the paths as given, directory entries sorted by name, JSONL lines in
/// file order.
///
/// The kind of each file is told from its content, not its name: gzip is unpacked when the
/// bytes start with the gzip magic number; a file whose first non-blank byte is `{` is JSONL;
/// a file that starts with `WARC/1.` is read record by record (``WARCReader``: WARC and WET);
/// anything else is a page (HTML or crawled text, see ``PageExtractor/sniff(_:)``).
///
/// Memory is bounded: a JSONL file is streamed line by line, and a page larger than
/// ``maxPageBytes`` is refused with an error record without being read whole.
///
/// ```swift
/// try InputReader(paths: ["pages/", "more.jsonl.gz"]).forEach { record in
///     switch record.content { ... }
/// }
/// ```
public struct InputReader: Sendable {
    /// Files and folders to read (folders recursively, in name order); `-` is standard input.
    public var paths: [String]
    /// Pages and JSONL lines larger than this are refused, each with an error naming it.
    public var maxPageBytes: Int
    /// Where notes that are not errors go (e.g. a WARC file's count of records that are not
    /// pages); standard error by default.
    public var note: @Sendable (String) -> Void = InputReader.noteOnStandardError

    /// A reader of `paths` refusing records over `maxPageBytes` (16 MiB by default).
    public init(paths: [String], maxPageBytes: Int = 16 << 20) {
        self.paths = paths
        self.maxPageBytes = maxPageBytes
    }

    /// Writes `newsfold: note: MESSAGE` on standard error.
    public static let noteOnStandardError: @Sendable (String) -> Void = { message in
        let err = OutputSink.standardError()
        err.write("newsfold: note: \(message)\n")
        try? err.flush()
    }

    /// Why writing to `output` would destroy the input or feed it back in: `output` is one of
    /// the input files (by file identity: links and other spellings of the path count), or lies
    /// inside an input folder (it would be emptied or read as it is written). `nil` when it is
    /// safe; standard output (`nil` or `-`) always is. Commands call this before they open
    /// the output, so nothing is truncated before the error.
    public func conflict(withOutput output: String?) -> String? {
        guard let output, output != "-" else { return nil }
        let out = ResolvedPath(output)
        for path in paths where path != "-" {
            let input = ResolvedPath(path)
            if let o = out.identity, let i = input.identity, o == i {
                return "the output \(output) is the input \(path): it would be emptied before it is read; write to another file"
            }
            if input.isDirectory, let dir = input.real, let file = out.real, file.hasPrefix(dir.hasSuffix("/") ? dir : dir + "/") {
                return "the output \(output) lies inside the input folder \(path): it would be read as input while it is written; write outside it"
            }
            // A link inside the input folder may lead to the output's folder: the walk follows it.
            if input.isDirectory, let file = out.real {
                var folders: [String] = []
                let files = InputReader.expand(path, folders: &folders)
                let parent = String(file[..<(file.lastIndex(of: "/") ?? file.startIndex)])
                let reached = folders.contains(parent) || (out.identity != nil && files.contains {
                    guard case .file(let f) = $0 else { return false }
                    var st = stat()
                    return stat(f, &st) == 0 && [UInt64(st.st_dev), UInt64(st.st_ino)] == out.identity
                })
                if reached {
                    return "the output \(output) lies in a folder that the input folder \(path) links to: it would be read as input while it is written; write outside it"
                }
            }
        }
        return nil
    }

    /// The files the paths expand to, in reading order (directories walked recursively,
    /// entries sorted by name); a path that cannot be read is there with its error.
    public func files() -> [InputFile] {
        paths.flatMap { path in
            InputReader.expand(path).map { entry -> InputFile in
                switch entry {
                case .file(let p): return InputFile(path: p, error: nil)
                case .failure(let p, let message): return InputFile(path: p, error: message)
                }
            }
        }
    }

    /// Calls `body` with every record in order. Errors of single files or lines become
    /// `.failure` records; only an error thrown by `body` stops the walk.
    public func forEach(_ body: (InputRecord) throws -> Void) throws {
        try forEach(from: nil) { record, _ in try body(record) }
    }

    /// ``forEach(_:)`` from `start` (a position an earlier walk passed; `nil` is the beginning),
    /// passing with each record the position right after it (see ``InputPosition``).
    public func forEach(from start: InputPosition?, _ body: (InputRecord, InputPosition) throws -> Void) throws {
        let start = start ?? InputPosition()
        var ordinal = start.ordinal
        var fileIndex = -1
        var bytesBefore = 0  // input bytes of the files before the current one
        var cursor = FileCursor()
        func emit(_ locator: String, _ source: String, _ content: InputRecord.Content, _ span: RecordSpan?) throws {
            cursor.records += 1
            if cursor.records <= cursor.skipRecords { return }  // resumed: emitted by the earlier run
            let record = InputRecord(ordinal: ordinal, locator: locator, source: source, content: content, span: span)
            ordinal += 1
            var after = cursor.position(file: fileIndex, ordinal: ordinal, bytesBefore: bytesBefore)
            if locator == source { after = after.nextFile() }  // a whole-file record ends its file
            try body(record, after)
        }
        for path in paths {
            for file in InputReader.expand(path) {
                fileIndex += 1
                let name: String
                switch file {
                case .failure(let p, _): name = p
                case .file(let p): name = p
                }
                if fileIndex >= start.file {
                    cursor = fileIndex == start.file ? FileCursor(resuming: start) : FileCursor()
                    switch file {
                    case .failure(let path, let message):
                        try emit(path, path, .failure(message), nil)
                    case .file(let path):
                        try readFile(path, cursor: cursor) { try emit($0, $1, $2, $3) }
                        // Corrupt gzip members the reading went past: what was lost, by byte.
                        for message in cursor.source?.skipped ?? [] { try emit(path, path, .failure(message), nil) }
                    }
                }
                bytesBefore += InputFileStamp(path: name).size ?? cursor.source?.bytesRead ?? 0
                cursor.source = nil
            }
        }
    }

    private func readFile(
        _ path: String, cursor: FileCursor, emit emitWithSpan: (String, String, InputRecord.Content, RecordSpan?) throws -> Void
    ) throws {
        func emit(_ locator: String, _ source: String, _ content: InputRecord.Content) throws {
            try emitWithSpan(locator, source, content, nil)
        }
        let source: ByteSource
        let head: [UInt8]
        do {
            source = try ByteSource(path: path)
            cursor.source = source
            head = try source.peek()
        } catch {
            try emit(path, path, .failure("\(error)"))
            return
        }
        if head.isEmpty {
            try emit(path, path, .failure("\(path): empty file"))
            return
        }
        if let format = InputReader.unreadCompression(head) {
            try emit(path, path, .failure("\(path): \(format), which Newsfold does not read: decompress it first"))
            return
        }
        if WARCReader.looksLikeWARC(head) {  // WARC/WET: record by record, see WARCReader
            try WARCReader(path: path, maxPageBytes: maxPageBytes, note: note).read(source, emit: emit)
            return
        }
        let stem = InputReader.recordID(forPath: path)
        if InputReader.looksLikeJSONL(head) {
            let reader = LineReader(source: source, maxLineBytes: maxPageBytes)
            let seekable = source.isSeekable
            do {
                if cursor.resumeOffset > 0 { try source.skip(cursor.resumeOffset) }  // --resume
                try reader.forEachLine(numberingFrom: cursor.line + 1, offset: cursor.lineEnd) { number, end, line in
                    let start = cursor.lineEnd  // the previous line's end
                    cursor.line = number
                    cursor.lineEnd = end
                    let locator = "\(path):\(number)"
                    switch line {
                    case .success(let line):
                        // A byte-order mark before the first line is no part of its JSON.
                        let bom = number == 1 && line.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
                        let bytes = UnsafeBufferPointer(rebasing: line[bom...])
                        if isBlank(bytes) { return }
                        let span = seekable ? RecordSpan(path: path, offset: start + bom, length: bytes.count, line: number) : nil
                        try emitWithSpan(locator, path, .jsonLine(Array(bytes), fallbackID: "\(stem):\(number)"), span)
                    case .failure(let error):
                        try emit(locator, path, .failure("\(locator): \(error)"))
                    }
                }
            } catch let error as InputError {
                // A read error part way (e.g. truncated gzip): what was read has been emitted.
                try emit(path, path, .failure("\(error)"))
            }
            return
        }
        do {
            let bytes = try source.readAll(limit: maxPageBytes)
            if isBlank(bytes) {
                try emit(path, path, .failure("\(path): empty page (only white space)"))
                return
            }
            try emit(path, path, .page(Page(id: stem, source: path, bytes: bytes)))
        } catch {
            try emit(path, path, .failure("\(error)"))
        }
    }

    /// A file to read, or a path that could not be listed.
    enum FileEntry {
        case file(String)
        case failure(String, String)

        /// The path, for ordering.
        var path: String {
            switch self {
            case .file(let p), .failure(let p, _): return p
            }
        }
    }

    /// Expands a path: a directory into its files (recursively, sorted, hidden files skipped).
    /// Links are followed, to files and to folders, each folder read once. What inside a folder
    /// cannot be read is a failure that names it, never a silent skip: a link to nothing (or a
    /// loop of links), a link back into a folder already read, and anything that is not a
    /// regular file (a FIFO would block the read forever; a socket or device is no page).
    static func expand(_ path: String) -> [FileEntry] {
        var folders: [String] = []
        return expand(path, folders: &folders)
    }

    /// ``expand(_:)``, also giving the real path of every folder read (for ``conflict(withOutput:)``).
    static func expand(_ path: String, folders: inout [String]) -> [FileEntry] {
        if path == "-" { return [.file("-")] }
        var st = stat()
        guard stat(path, &st) == 0 else {
            let why = errno == ENOENT ? "no such file or directory"
                : errno == ELOOP ? "a loop of symbolic links" : String(cString: strerror(errno))
            return [.failure(path, "\(path): \(why)")]
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { return [.file(path)] }
        var out: [FileEntry] = []
        var seen: Set<[UInt64]> = [[UInt64(st.st_dev), UInt64(st.st_ino)]]
        walk(path, into: &out, seen: &seen, folders: &folders)
        return out.sorted { $0.path < $1.path }
    }

    /// Adds the files under folder `dir` to `out`, and a failure for each entry that cannot be
    /// read; `seen` holds the folders already read (device and inode), `folders` their real
    /// paths. Entries are taken in name order, those that are not links first, so which of two
    /// paths to one folder is read (the real one, where both are in one folder) and which is
    /// reported does not depend on the file system.
    private static func walk(
        _ dir: String, into out: inout [FileEntry], seen: inout Set<[UInt64]>, folders: inout [String]
    ) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
            out.append(.failure(dir, "\(dir): cannot list the directory"))
            return
        }
        if let real = ResolvedPath(dir).real { folders.append(real) }
        func isLink(_ name: String) -> Bool {
            var link = stat()
            return lstat(dir + "/" + name, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK
        }
        let visible = names.filter { !$0.hasPrefix(".") }.sorted()
        let links = Set(visible.filter(isLink))
        for name in visible.filter({ !links.contains($0) }) + visible.filter({ links.contains($0) }) {
            let full = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            var st = stat()
            guard stat(full, &st) == 0 else {
                var link = stat()
                let isLink = lstat(full, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK
                out.append(.failure(full, isLink
                    ? "\(full): a symbolic link to nothing (or a loop of links); skipped"
                    : "\(full): cannot read: \(String(cString: strerror(errno)))"))
                continue
            }
            switch st.st_mode & S_IFMT {
            case S_IFREG:
                out.append(.file(full))
            case S_IFDIR:
                guard seen.insert([UInt64(st.st_dev), UInt64(st.st_ino)]).inserted else {
                    out.append(.failure(full, "\(full): the same folder as one already read (through a link, or a loop); skipped"))
                    continue
                }
                walk(full, into: &out, seen: &seen, folders: &folders)
            default:
                out.append(.failure(full, "\(full): not a regular file (a FIFO, socket or device) inside a folder; skipped"))
            }
        }
    }

    /// The id of a page file: its name without folders and extensions
    /// (`html/abc.html.gz` → `abc`).
    public static func recordID(forPath path: String) -> String {
        if path == "-" { return "stdin" }
        var name = Substring(path)
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        let known: Set<String> = [
            "gz", "html", "htm", "xhtml", "shtml", "php", "asp", "aspx", "txt", "text", "jsonl", "ndjson",
            "json", "warc", "wet", "xml",
        ]
        while let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let ext = name[name.index(after: dot)...].lowercased()
            guard known.contains(ext) else { break }
            name = name[..<dot]
        }
        return name.isEmpty ? String(path) : String(name)
    }

    /// The compression a file's first (already gunzipped) bytes show when it is one Newsfold
    /// does not undo, said in words: bzip2, xz, zstd, a zip archive, or gzip inside gzip.
    /// Without this they read as binary text ("the page holds NUL bytes").
    static func unreadCompression(_ head: [UInt8]) -> String? {
        func starts(_ magic: [UInt8]) -> Bool { head.starts(with: magic) }
        // bzip2: "BZh", a block size digit, then a block's magic (π) or the end of stream's (√π).
        if starts([0x42, 0x5A, 0x68]), head.count >= 10, (0x31...0x39).contains(head[3]),
            head[4..<10].elementsEqual([0x31, 0x41, 0x59, 0x26, 0x53, 0x59])
                || head[4..<10].elementsEqual([0x17, 0x72, 0x45, 0x38, 0x50, 0x90])
        {
            return "compressed with bzip2"
        }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return "compressed with xz" }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) { return "compressed with zstd" }
        if starts([0x50, 0x4B, 0x03, 0x04]) { return "a zip archive" }
        if starts([0x1F, 0x8B, 0x08]) { return "gzip inside gzip (compressed twice)" }
        return nil
    }

    /// JSONL: the first non-blank byte opens an object.
    static func looksLikeJSONL(_ head: [UInt8]) -> Bool {
        var i = 0
        if head.count >= 3, head[0] == 0xEF, head[1] == 0xBB, head[2] == 0xBF { i = 3 }
        while i < head.count, head[i] == 0x20 || head[i] == 0x0A || head[i] == 0x0D || head[i] == 0x09 { i += 1 }
        guard i < head.count, head[i] == UInt8(ascii: "{") else { return false }
        // The brace, then a quote (a key) or the closing brace (`{}`): JSON. A page that starts
        // with a brace is rare; a JSON object is not.
        var j = i + 1
        while j < head.count, head[j] == 0x20 || head[j] == 0x09 { j += 1 }
        return j >= head.count || head[j] == UInt8(ascii: "\"") || head[j] == UInt8(ascii: "}")
    }
}

/// A path as the file system sees it: its device and inode when it exists, and its real path
/// (symbolic links and `..` resolved; for a file not yet created, its folder's real path and
/// its name).
struct ResolvedPath {
    /// Device and inode, when the path exists.
    var identity: [UInt64]?
    /// Whether the path is a folder.
    var isDirectory = false
    /// The canonical absolute path, when its folder exists.
    var real: String?

    init(_ path: String) {
        var st = stat()
        if stat(path, &st) == 0 {
            identity = [UInt64(st.st_dev), UInt64(st.st_ino)]
            isDirectory = (st.st_mode & S_IFMT) == S_IFDIR
        }
        if let r = realpath(path, nil) {
            real = String(cString: r)
            free(r)
        } else {
            let url = URL(fileURLWithPath: path)
            let folder = url.deletingLastPathComponent().path
            if let r = realpath(folder, nil) {
                let base = String(cString: r)
                free(r)
                real = (base.hasSuffix("/") ? base : base + "/") + url.lastPathComponent
            }
        }
    }
}

/// One entry of ``InputReader/files()``: a file to read, or a path that cannot be (`error`).
public struct InputFile: Sendable, Equatable {
    /// The file's path.
    public var path: String
    /// Why it cannot be read (a missing file, a folder that cannot be listed), else `nil`.
    public var error: String?
}

/// Turning JSONL records into pages for extraction.
extension InputRecord {
    /// A page from a JSONL object `{id?, url?, html | text, fetched_at? | crawled?}`.
    ///
    /// Throws a message naming the record when the line is not JSON or has neither `html` nor
    /// `text`.
    public static func page(fromJSONLine line: [UInt8], fallbackID: String, source: String, locator: String)
        throws(RecordError) -> Page
    {
        let fields: [JSONValue?]
        do {
            fields = try line.withUnsafeBufferPointer { buf throws(JSONError) in
                try JSONScanner.fields(["id", "url", "html", "text", "fetched_at", "crawled"], in: buf)
            }
        } catch {
            throw RecordError(locator: locator, message: "\(error)")
        }
        let id = fields[0]?.stringOrNumber ?? fallbackID
        let url = fields[1]?.string
        let given = fields[4] ?? .null
        let crawledDate = given != .null ? JSONDate(given, field: "fetched_at") : JSONDate(fields[5], field: "crawled")
        let crawled = crawledDate.date
        // Its strings were read with each bad byte replaced: the article says so.
        var warnings = TextDecoding.replacedBytesWarning(line, in: "the JSON line").map { [$0] } ?? []
        if let w = crawledDate.warning { warnings.append(w) }
        if let given = fields[0], given != .null, given.stringOrNumber == nil {
            warnings.append("\"id\" is \(given.kindName), not a string or number: the record is named \(fallbackID)")
        }
        for (k, key) in [(2, "html"), (3, "text")] {
            if let v = fields[k], v != .null, v.string == nil {
                throw RecordError(locator: locator, message: "record \(id): \"\(key)\" is \(v.kindName), not a string")
            }
        }
        if let html = fields[2]?.string {
            var page = Page(
                id: id, source: source, url: url, crawled: crawled, bytes: Array(html.utf8), declaredKind: .html,
                declaredCharset: "UTF-8")
            page.warnings = warnings
            return page
        }
        if let text = fields[3]?.string {
            // A `text` field may hold markup too (some crawls store HTML there): sniff it.
            let bytes = Array(text.utf8)
            var page = Page(
                id: id, source: source, url: url, crawled: crawled, bytes: bytes,
                declaredKind: PageExtractor.sniff(bytes), declaredCharset: "UTF-8")
            page.warnings = warnings
            return page
        }
        throw RecordError(locator: locator, message: "record \(id) has neither \"html\" nor \"text\"")
    }
}

/// A problem with one record; the batch goes on without it.
public struct RecordError: Error, CustomStringConvertible, Sendable {
    /// `path:line` or `path`.
    public var locator: String
    /// What is wrong with it.
    public var message: String
    /// What the page states although it failed: a page whose body was not found keeps its
    /// title, dates, site and authors here (no paragraphs, a warning), for `extract` to write.
    public var article: Article?

    /// An error for the record at `locator`, keeping what its page states in `article`.
    public init(locator: String, message: String, article: Article? = nil) {
        self.locator = locator
        self.message = message
        self.article = article
    }

    /// `locator: message`, as printed on standard error.
    public var description: String { "\(locator): \(message)" }
}

private func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for b in bytes where !(b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09) { return false }
    return true
}

private func isBlank(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { isBlank($0) }
}
