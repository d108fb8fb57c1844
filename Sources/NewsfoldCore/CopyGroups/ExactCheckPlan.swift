/// How to settle the pairs left for an exact check (``DedupParameters/Verification/exact``)
/// with a bounded amount of memory: the pairs are split into rounds, and each round is one
/// streaming read of the documents in input order.
///
/// A pair `(i, j)` with `i < j` (input positions) belongs to the round of `i`. A round holds
/// the shingle sets of its ``Round/held`` documents (the smaller ends of its pairs, a
/// contiguous run of positions whose sets fit the byte budget together); every other document
/// of the round is shingled when the read reaches it, compared with the held sets of its
/// partners and dropped. Since `i < j`, `i`'s set is always held by the time `j` is read, and a
/// held set can be dropped as soon as its last partner has been compared.
///
/// ```swift
/// let plan = ExactCheckPlan(pairs: index.pendingPairs, shingles: { index.shingleCount(at: $0) },
///                           budgetBytes: 64 << 20)
/// var exact: [ExactCheckPlan.PairKey: Double] = [:]
/// for round in plan.rounds {
///     // read the input again up to round.last; for each document d in round.partners:
///     //   set = ExactJaccard.shingleSet(of: text(d)); compare with held sets of round.partners[d]
/// }
/// index.resolvePending { i, j in exact[ExactCheckPlan.key(i, j)] }
/// ```
///
/// Cost: O(p log p) to plan p pairs; memory O(p) for the plan plus, while a round runs, at
/// most `budgetBytes` of held sets (one document larger than the budget gets a round of its own).
public struct ExactCheckPlan: Sendable {
    /// One streaming read of the input.
    public struct Round: Sendable {
        /// Documents whose shingle sets are kept once read (sorted input positions).
        public var held: [Int]
        /// For every document the round reads: its partners with a smaller position (whose
        /// sets are held by then), possibly empty for a document that is only held.
        public var partners: [Int: [Int]]
        /// For every held document: how many pairs of this round need its set (drop it at 0).
        public var uses: [Int: Int]
        /// The last input position the round needs: the read can stop after it.
        public var last: Int
        /// Estimated bytes of the held sets (8 per shingle).
        public var heldBytes: Int
        /// Shingle sets read and still needed by a later partner.
        public private(set) var sets: [Int: [UInt64]] = [:]
        /// Bytes of ``sets`` right now, and the most they have held during the round.
        public private(set) var setBytes = 0
        /// The most bytes ``sets`` has held during the round so far.
        public private(set) var peakSetBytes = 0

        init(held: [Int], partners: [Int: [Int]], uses: [Int: Int], last: Int, heldBytes: Int) {
            (self.held, self.partners, self.uses, self.last, self.heldBytes) = (held, partners, uses, last, heldBytes)
        }

        /// Feeds the shingle set of document `d` (call in increasing `d`, for the documents of
        /// ``partners`` only): compares it with the held sets of its partners, writing the exact
        /// Jaccard of each pair to `results`, drops the sets no longer needed, and keeps `d`'s
        /// set when a later document needs it.
        public mutating func read(_ d: Int, shingleSet set: [UInt64], into results: inout [PairKey: Double]) {
            for p in partners[d] ?? [] {
                guard let other = sets[p] else { continue }
                results[ExactCheckPlan.key(p, d)] = ExactJaccard.similarity(other, set)
                let left = uses[p]! - 1
                uses[p] = left
                if left == 0 {
                    sets[p] = nil
                    setBytes -= 8 * other.count
                }
            }
            if let n = uses[d], n > 0, sets[d] == nil {
                sets[d] = set
                setBytes += 8 * set.count
                peakSetBytes = max(peakSetBytes, setBytes)
            }
        }
    }

    /// Key of the pair `(i, j)` in a dictionary of results (order of `i`, `j` does not matter).
    public typealias PairKey = UInt64

    /// The key of the pair `(i, j)`.
    public static func key(_ i: Int, _ j: Int) -> PairKey {
        UInt64(UInt32(min(i, j))) << 32 | UInt64(UInt32(max(i, j)))
    }

    /// The rounds, in order.
    public let rounds: [Round]

    /// Plans rounds for `pairs` whose held sets (8 bytes per shingle, `shingles(d)` shingles
    /// for document `d`) stay within `budgetBytes` per round.
    public init(pairs: [(Int, Int)], shingles: (Int) -> Int, budgetBytes: Int) {
        var byOwner: [Int: [Int]] = [:]
        var seen = Set<PairKey>()
        for (a, b) in pairs where a != b && seen.insert(Self.key(a, b)).inserted {
            byOwner[min(a, b), default: []].append(max(a, b))
        }
        var rounds: [Round] = []
        var current = Round(held: [], partners: [:], uses: [:], last: -1, heldBytes: 0)
        for owner in byOwner.keys.sorted() {
            let bytes = 8 * max(0, shingles(owner))
            if !current.held.isEmpty && current.heldBytes + bytes > budgetBytes {
                rounds.append(current)
                current = Round(held: [], partners: [:], uses: [:], last: -1, heldBytes: 0)
            }
            current.held.append(owner)
            current.heldBytes += bytes
            current.partners[owner, default: []] = current.partners[owner] ?? []
            let later = byOwner[owner]!
            current.uses[owner] = later.count
            for j in later {
                current.partners[j, default: []].append(owner)
                current.last = max(current.last, j)
            }
        }
        if !current.held.isEmpty { rounds.append(current) }
        self.rounds = rounds
    }

    /// Number of distinct pairs planned.
    public var pairCount: Int { rounds.reduce(0) { $0 + $1.uses.values.reduce(0, +) } }
}
