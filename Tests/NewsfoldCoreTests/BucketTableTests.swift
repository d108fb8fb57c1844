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

    /// `KeySums` against a Dictionary: keys repeated, keys that collide in their low bits, 0
    /// and the largest key; the sorted result lists each key once, ascending, with its sum.
    @Test func keySumsAgreeWithADictionary() {
        var sums = KeySums<Int32>(expected: 4)
        var model: [UInt64: Int32] = [:]
        var rng = SplitMix(seed: 11)
        var keys: [UInt64] = [0, .max, 0]
        for n in 0..<300 { keys.append(UInt64(n % 100) << 50) }
        for _ in 0..<3_000 { keys.append(rng.next() % 997 &* 0x9E37_79B9_7F4A_7C15) }
        for (n, key) in keys.enumerated() {
            let v = Int32(n % 7) - 2
            sums.add(key, v)
            model[key, default: 0] += v
        }
        let (sortedKeys, values) = sums.sorted()
        #expect(sortedKeys == model.keys.sorted())
        #expect(values == sortedKeys.map { model[$0]! })
        #expect(!sums.isEmpty && KeySums<Float>(expected: 0).isEmpty)
    }

    @Test func emptyTableAnswersEmpty() {
        let table = BucketTable(minimumCapacity: 100)
        #expect(table.capacity >= 143)
        #expect(table.value(7) == BucketTable.empty)
        #expect(table.count == 0)
    }
}
