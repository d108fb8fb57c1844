#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether `hay` contains the bytes of `needle`: the first byte is found with `memchr`, the
/// rest compared with `memcmp`. O(hay) in practice, O(hay × needle) at worst. An empty needle
/// is contained everywhere. The one byte search of the extraction module.
@inline(__always)
func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = needle.first else { return true }
    guard needle.count <= hay.count, let h = hay.baseAddress, let n = needle.baseAddress else { return false }
    var start = 0
    let last = hay.count - needle.count
    while start <= last {
        guard let p = memchr(h + start, Int32(first), last - start + 1) else { return false }
        let at = h.distance(to: p.assumingMemoryBound(to: UInt8.self))
        if memcmp(h + at, n, needle.count) == 0 { return true }
        start = at + 1
    }
    return false
}

@inline(__always)
func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
    needle.withUnsafeBufferPointer { contains(hay, $0) }
}

@inline(__always)
func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
    hay.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { contains(h, $0) } }
}
