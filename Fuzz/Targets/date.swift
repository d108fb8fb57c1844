// libFuzzer target: the date parser (any text, both numeric orders, and the finder).
import NewsfoldCore
import NewsfoldExtract

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    _ = DateParser.parse(text)
    _ = DateParser.parse(text, order: .dayFirst)
    _ = DateParser.parseMatch(Substring(text))
    return 0
}
