// libFuzzer target: the byte-level JSON parser and the field scanner JSONL records go through.
import NewsfoldCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: data, count: count)
    _ = try? JSONValue.parse(buffer)
    _ = try? JSONScanner.fields(["id", "url", "html", "text", "fetched_at", "crawled"], in: buffer)
    return 0
}
