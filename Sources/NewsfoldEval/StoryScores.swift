/// Scores of a clustering against gold clusters: B-cubed precision, recall and F1 over items,
/// the adjusted Rand index, and cluster counts.
///
/// B-cubed: for each item, precision is the share of its predicted cluster that shares its gold
/// cluster, recall the share of its gold cluster inside its predicted cluster; both are averaged
/// over items (Bagga and Baldwin 1998). ARI is the Rand index corrected for chance (Hubert and
/// Arabie 1985): 1 for identical partitions, about 0 for random ones. O(items) time and memory.
///
/// ```swift
/// let s = StoryScores(predicted: ["a": 1, "b": 1, "c": 2], gold: ["a": "x", "b": "x", "c": "x"])
/// s.precision   // 1
/// s.recall      // (2/3 + 2/3 + 1/3) / 3
/// ```
public struct StoryScores: Sendable, Equatable {
    /// B-cubed precision, 0 ... 1 (0 when no item is scored).
    public var precision: Double
    /// B-cubed recall, 0 ... 1 (0 when no item is scored).
    public var recall: Double
    /// The harmonic mean of ``precision`` and ``recall`` (0 when both are 0).
    public var f1: Double
    /// The adjusted Rand index: 1 for identical partitions, about 0 for chance agreement, negative
    /// below chance; 1 when it is undefined (fewer than two items, say).
    public var adjustedRand: Double
    /// Items scored: those with both a prediction and a gold label.
    public var items: Int
    /// Number of distinct predicted clusters among the scored items.
    public var predictedClusters: Int
    /// Number of distinct gold clusters among the scored items.
    public var goldClusters: Int

    /// Scores the items present in both maps (others are ignored).
    public init<P: Hashable, G: Hashable>(predicted: [String: P], gold: [String: G]) {
        let ids = gold.keys.filter { predicted[$0] != nil }.sorted()
        var predSize: [P: Int] = [:]
        var goldSize: [G: Int] = [:]
        var both: [Pair<P, G>: Int] = [:]
        for id in ids {
            let p = predicted[id]!, g = gold[id]!
            predSize[p, default: 0] += 1
            goldSize[g, default: 0] += 1
            both[Pair(p: p, g: g), default: 0] += 1
        }
        var pr = 0.0, rc = 0.0
        for id in ids {
            let p = predicted[id]!, g = gold[id]!
            let n = Double(both[Pair(p: p, g: g)]!)
            pr += n / Double(predSize[p]!)
            rc += n / Double(goldSize[g]!)
        }
        let n = Double(ids.count)
        precision = n > 0 ? pr / n : 0
        recall = n > 0 ? rc / n : 0
        f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        items = ids.count
        predictedClusters = predSize.count
        goldClusters = goldSize.count

        func pairs(_ k: Int) -> Double { Double(k) * Double(k - 1) / 2 }
        let index = both.values.reduce(0.0) { $0 + pairs($1) }
        let a = predSize.values.reduce(0.0) { $0 + pairs($1) }
        let b = goldSize.values.reduce(0.0) { $0 + pairs($1) }
        let total = pairs(ids.count)
        let expected = total > 0 ? a * b / total : 0
        let maxIndex = (a + b) / 2
        adjustedRand = maxIndex - expected != 0 ? (index - expected) / (maxIndex - expected) : 1
    }
}

private struct Pair<P: Hashable, G: Hashable>: Hashable {
    var p: P
    var g: G
}
