// libFuzzer target: page bytes → article (HTML and plain-text extraction, encodings, metadata).
import NewsfoldCore
import NewsfoldExtract

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    let extractor = PageExtractor(maxPageBytes: 1 << 20)
    _ = try? extractor.extract(Page(id: "fuzz", bytes: bytes))
    _ = try? extractor.extract(Page(id: "fuzz", bytes: bytes, declaredKind: .html, declaredCharset: "UTF-8"))
    return 0
}
