/// How to settle the pairs left for an exact check when any document can be read alone (a
/// plain JSONL file, see `RecordSpan` in NewsfoldIO): every document's shingle set is built
/// **once**, and the sets held at a time stay within a byte budget.
///
/// The pairs are split into connected components (documents joined by pending pairs; a
/// component is at most one would-be copy group, so it is small). Components are packed, in
/// order of their first document, into batches whose sets fit `budgetBytes` together: a batch
/// reads its ``Batch/documents``, compares its ``Batch/pairs`` and drops every set. A component
/// of three or more documents too large for the budget on its own goes to ``oversized`` as its
/// own ``ExactCheckPlan`` (rounds that hold part of it and stream the rest, so a document of it
/// may be read twice); a single pair larger than the budget is a batch of its own.
///
/// ```swift
/// let batches = ExactCheckBatches(pairs: index.pendingPairs, shingles: { index.shingleCount(at: $0) },
///                                 budgetBytes: 64 << 20)
/// var exact: [ExactCheckPlan.PairKey: Double] = [:]
/// for batch in batches.batches {
///     let sets = readShingleSets(batch.documents)   // in parallel: [document: [UInt64]]
///     for (i, j) in batch.pairs { exact[ExactCheckPlan.key(i, j)] = ExactJaccard.similarity(sets[i]!, sets[j]!) }
/// }
/// index.resolvePending { i, j in exact[ExactCheckPlan.key(i, j)] }
/// ```
///
/// Cost: O(p α(p) + p log p) to plan p pairs; memory O(p) for the plan plus, while a batch
/// runs, at most `budgetBytes` of sets.
public struct ExactCheckBatches: Sendable {
    /// Documents read together, and the pairs among them.
    public struct Batch: Sendable {
        /// Documents (input positions), ascending.
        public var documents: [Int]
        /// Pairs `(i, j)`, `i < j`, both in ``documents``.
        public var pairs: [(Int, Int)]
        /// Estimated bytes of the documents' shingle sets (8 per shingle).
        public var bytes: Int
    }

    /// The batches, in order of their first document.
    public let batches: [Batch]
    /// Components larger than the budget, each planned in streaming rounds.
    public let oversized: [ExactCheckPlan]

    /// Plans `pairs` (input positions, any order, repeats ignored) with `shingles(d)` shingles
    /// for document `d` and at most `budgetBytes` of sets per batch.
    public init(pairs: [(Int, Int)], shingles: (Int) -> Int, budgetBytes: Int) {
        // Compact numbering of the documents, then components by union-find.
        var slot: [Int: Int] = [:]
        var docs: [Int] = []
        var sets = UnionFind()
        var seen = Set<ExactCheckPlan.PairKey>()
        var unique: [(Int, Int)] = []
        func number(_ d: Int) -> Int {
            if let s = slot[d] { return s }
            slot[d] = docs.count
            docs.append(d)
            return sets.append()
        }
        for (a, b) in pairs where a != b && seen.insert(ExactCheckPlan.key(a, b)).inserted {
            sets.union(number(a), number(b))
            unique.append((min(a, b), max(a, b)))
        }
        var members: [Int: [Int]] = [:]  // root → documents
        for (s, d) in docs.enumerated() { members[sets.find(s), default: []].append(d) }
        var pairsOf: [Int: [(Int, Int)]] = [:]
        for p in unique { pairsOf[sets.find(slot[p.0]!), default: []].append(p) }
        let roots = members.keys.sorted { members[$0]!.min()! < members[$1]!.min()! }

        var batches: [Batch] = []
        var oversized: [ExactCheckPlan] = []
        var current = Batch(documents: [], pairs: [], bytes: 0)
        for root in roots {
            let component = members[root]!
            let bytes = component.reduce(0) { $0 + 8 * max(0, shingles($1)) }
            if bytes > budgetBytes && component.count > 2 {
                oversized.append(ExactCheckPlan(pairs: pairsOf[root]!, shingles: shingles, budgetBytes: budgetBytes))
                continue
            }
            if !current.documents.isEmpty && current.bytes + bytes > budgetBytes {
                current.documents.sort()
                batches.append(current)
                current = Batch(documents: [], pairs: [], bytes: 0)
            }
            current.documents += component
            current.pairs += pairsOf[root]!
            current.bytes += bytes
        }
        if !current.documents.isEmpty {
            current.documents.sort()
            batches.append(current)
        }
        self.batches = batches
        self.oversized = oversized
    }

    /// Number of distinct pairs planned.
    public var pairCount: Int {
        batches.reduce(0) { $0 + $1.pairs.count } + oversized.reduce(0) { $0 + $1.pairCount }
    }
}
