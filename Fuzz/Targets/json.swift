// libFuzzer target: the byte-level JSON parser, the field scanner JSONL records go through, and
// the reader of an extracted article's line (with its date fields, `JSONDate`).
import NewsfoldCore
import NewsfoldIO

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: data, count: count)
    _ = try? JSONValue.parse(buffer)
    _ = try? JSONScanner.fields(["id", "url", "html", "text", "fetched_at", "crawled"], in: buffer)
    _ = try? ArticleJSON.read(line: buffer, fallbackID: "fuzz", locator: "fuzz")
    return 0
}
