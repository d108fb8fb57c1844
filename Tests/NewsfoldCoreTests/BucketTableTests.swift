import Testing

@testable import NewsfoldCore

@Suite struct BucketTableTests {
    /// Against a Dictionary, through many doublings, with keys that collide in their low bits,
    /// zero, and keys filed again.
    @Test func agreesWithADictionaryThroughGrowth() {
        var table = BucketTable()
        var model: [UInt64: Int32] = [:]
        var rng = SplitMix(seed: 5)
        var keys: [UInt64] = [0, .max, 1 << 63]
        for n in 0..<5_000 { keys.append(UInt64(n) << 40) }  // same low bits: a weak hash would pile up
        for _ in 0..<20_000 { keys.append(rng.next()) }
        for (n, key) in keys.enumerated() {
            let v = Int32(n)
            if n % 3 == 0 {
                let had = table.insertIfAbsent(key, v)
                #expect(had == (model[key] ?? BucketTable.empty))
                if model[key] == nil { model[key] = v }
            } else {
                #expect(table.exchange(key, v) == (model[key] ?? BucketTable.empty))
                model[key] = v
            }
            if n % 997 == 0 {  // an earlier key filed again
                let old = model.updateValue(v, forKey: keys[n / 2]) ?? BucketTable.empty
                #expect(table.exchange(keys[n / 2], v) == old)
            }
        }
        #expect(table.count == model.count)
        #expect(Double(table.count) <= Double(table.capacity) * BucketTable.maxLoad)
        for (key, value) in model { #expect(table.value(key) == value) }
        #expect(table.value(12_345) == (model[12_345] ?? BucketTable.empty))
    }

    @Test func emptyTableAnswersEmpty() {
        let table = BucketTable(minimumCapacity: 100)
        #expect(table.capacity >= 143)
        #expect(table.value(7) == BucketTable.empty)
        #expect(table.count == 0)
    }
}
