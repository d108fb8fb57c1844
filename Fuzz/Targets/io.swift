// libFuzzer target for the readers of input files: the bytes are written to a file and read
// the way `newsfold` reads any input (gzip sniffed and inflated in bounded chunks, JSONL split by
// LineReader, WARC records by WARCReader, pages whole), with small limits so that the bounds are
// reached. FUZZ_KIND=gzip gzips the input first when it is not gzip already, so that the
// inflater sees real streams too.
import Foundation
import NewsfoldCore
import NewsfoldIO

let path = "/dev/shm/newsfold-fuzz-\(getpid())"
let gzipFirst = ProcessInfo.processInfo.environment["FUZZ_KIND"] == "gzip"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: count))
    if gzipFirst {
        _ = try? Gzip.decompress(bytes, limit: 1 << 16)
        if !(bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B), let z = try? Gzip.compress(bytes) {
            bytes = z
        }
    }
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return 0 }
    var reader = InputReader(paths: [path], maxPageBytes: 4096)
    reader.note = { _ in }
    try? reader.forEach { record in
        if case .jsonLine(let line, let fallback) = record.content {
            _ = try? InputRecord.page(fromJSONLine: line, fallbackID: fallback, source: path, locator: record.locator)
        }
    }
    return 0
}
