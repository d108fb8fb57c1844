/// Where one document stands among its copies: the line `newsfold dedup` writes for it.
///
/// ```json
/// {"id":"b","group":"a","duplicate_of":"a","similarity":0.92,"containment":0.95}
/// ```
public struct Assignment: Sendable, Equatable {
    /// The document.
    public var id: String
    /// The id of the group's representative (equal to ``id`` for the representative and for
    /// a document with no copy).
    public var group: String
    /// The member this document is most similar to (by verified edges); `nil` for the
    /// representative.
    public var duplicateOf: String?
    /// Estimated Jaccard similarity to ``duplicateOf`` (1 for an exact copy).
    public var similarity: Double?
    /// Estimated share of this document's shingles found in ``duplicateOf``.
    public var containment: Double?
    /// Position of the document in the index (input order).
    public var index: Int

    /// `true` for a group's representative (including documents alone in their group).
    public var isRepresentative: Bool { group == id && duplicateOf == nil }
}

/// A set of documents that are copies of one text, and the one kept to represent them.
public struct CopyGroup: Sendable, Equatable {
    /// The representative's id (see ``DedupParameters/Keep``).
    public var representative: String
    /// Every member's id, the representative included, in input order.
    public var members: [String]
}

/// Finds copy groups incrementally: add fingerprints in batches, read assignments any time.
///
/// Method: exact copies (same folded word sequence) join at once by content hash; others go
/// through LSH banding, and **every candidate pair is verified** (estimated Jaccard ≥
/// ``DedupParameters/threshold``, or containment when asked) before it becomes an edge, so a
/// chain of chance band collisions never glues unrelated documents together. Groups are the
/// connected components of verified edges (``UnionFind``). Which edges exist does not depend
/// on input order; the representative does only under ``DedupParameters/Keep/first``.
///
/// ```swift
/// let parameters = try DedupParameters(threshold: 0.8)
/// let fingerprinter = Fingerprinter(parameters: parameters)
/// var index = CopyGroupIndex(parameters: parameters)
/// let new = index.add([fingerprinter.fingerprint(id: "a", text: textA),
///                      fingerprinter.fingerprint(id: "b", text: textB)])
/// for a in new { print(a.id, a.group, a.duplicateOf ?? "-") }
/// ```
///
/// Adding documents can merge groups and change representatives of earlier documents; call
/// ``assignments()`` for the current state of all of them.
///
/// Cost: ``add(_:)`` is O(bands) hash look-ups plus O(candidates × permutations / 8) per
/// document. Memory: `4 × permutations + 4 × bands + ~48` bytes per document plus ids and
/// one bucket entry per band (≈ 100 bytes per band in a hash table) per non-exact document.
public struct CopyGroupIndex: Sendable {
    /// The parameters the index was made with; every fingerprint added must have been made with
    /// the same shingle length, signature length and scheme.
    public let parameters: DedupParameters
    private let k: Int
    // Per document (structure of arrays).
    private var ids: [String] = []
    private var published: [Int64] = []  // Int64.max when unknown
    private var shingles: [Int32] = []
    private var words: [Int32] = []
    private var contentHashes: [UInt64] = []
    private var signatures: [UInt32] = []  // k per document
    private var exactClass: [Int32] = []  // first document with the same content hash
    private var best: [Int32] = []  // best verified neighbour, -1 if none
    private var bestSimilarity: [Float] = []
    // Tables.
    private var exactTable = BucketTable()  // content hash → first document with it
    private var bandHeads: [BucketTable]  // per band: band key → latest document in the bucket
    private var bandNext: [Int32] = []  // bands per document: previous document in the bucket
    private var sets = UnionFind()
    private var representative: [Int32] = []  // valid at roots
    /// Members of each group as a cycle: following `nextMember` from any member visits its
    /// whole group (two cycles become one by swapping one link each on a merge).
    private var nextMember: [Int32] = []
    /// The member with the smallest id of each exact-copy class, by the class's first document.
    private var canonical: [Int32] = []
    private var idSeen: [String: Int32] = [:]

    /// Problems found while adding (duplicate ids, empty or tiny texts) and not yet taken by
    /// ``takeWarnings()``, one line each.
    public private(set) var warnings: [String] = []
    /// Number of candidate pairs verified, and how many became edges.
    public private(set) var verifiedPairs = 0
    /// Number of pairs that became similarity edges (exact copies, joined by content hash, are not
    /// counted).
    public private(set) var edges = 0
    /// Pairs left for an exact check (``DedupParameters/Verification/exact``).
    private var pending: [(Int32, Int32)] = []
    /// Number of pairs decided by an exact check so far.
    public private(set) var exactChecks = 0

    /// An empty index: one bucket table per LSH band of `parameters`.
    public init(parameters: DedupParameters) {
        self.parameters = parameters
        k = parameters.permutations
        bandHeads = Array(repeating: BucketTable(), count: parameters.bands)
    }

    /// Number of documents added.
    public var count: Int { ids.count }

    /// Adds documents (in input order) and returns their assignments after the whole batch.
    public mutating func add(_ fingerprints: [DocumentFingerprint]) -> [Assignment] {
        let first = ids.count
        insert(fingerprints)
        var out: [Assignment] = []
        out.reserveCapacity(fingerprints.count)
        for i in first..<ids.count { out.append(assignment(i)) }
        return out
    }

    /// Adds documents (in input order) without computing assignments: the fast path for
    /// streaming a large collection, then ``assignments()`` once at the end.
    ///
    /// `map`, when given, estimates the candidate pairs' similarities on the caller's threads
    /// (most of the cost of a large index: a signature read from memory per pair). The groups,
    /// edges and warnings are those of one-by-one insertion: the pairs are found, then verified
    /// in the order it would verify them (exact copies join as they are filed, and which
    /// document represents a group does not depend on the order of joins).
    public mutating func insert(_ fingerprints: [DocumentFingerprint], map: (any ParallelMap)? = nil) {
        reserve(fingerprints.count)
        var walkers: [Int32] = []
        for fp in fingerprints {
            if let i = file(fp) { walkers.append(Int32(i)) }
        }
        let pairs = candidatePairs(of: walkers, map: map)
        let estimates = similarities(of: pairs, map: map)
        for (p, (i, j)) in pairs.enumerated() { verify(Int(i), Int(j), estimates[p]) }
    }

    /// Runs pure jobs (any thread, any order) and returns their results in job order: how a
    /// caller lends its threads to ``insert(_:map:)`` (the core starts none of its own).
    public protocol ParallelMap: Sendable {
        /// The results of `job(0)`, `job(1)`, ... `job(jobs - 1)`, in that order.
        func map<Result: Sendable>(_ jobs: Int, _ job: @escaping @Sendable (Int) -> Result) -> [Result]
    }

    /// Documents whose bucket chains one job of ``insert(_:map:)`` walks.
    static let walkersPerJob = 256

    /// Pairs per job of ``insert(_:map:)``'s similarity estimates.
    static let pairsPerJob = 1 << 14

    /// The MinHash similarity of each pair, on `map`'s threads when given.
    private func similarities(of pairs: [(Int32, Int32)], map: (any ParallelMap)?) -> [Double] {
        let signatures = self.signatures, k = self.k
        let estimate: @Sendable (Range<Int>) -> [Double] = { range in
            signatures.withUnsafeBufferPointer { all in
                range.map { p in
                    let (i, j) = pairs[p]
                    return MinHasher.similarity(
                        UnsafeBufferPointer(rebasing: all[(Int(i) * k)..<((Int(i) + 1) * k)]),
                        UnsafeBufferPointer(rebasing: all[(Int(j) * k)..<((Int(j) + 1) * k)]))
                }
            }
        }
        guard let map, pairs.count > Self.pairsPerJob else { return estimate(0..<pairs.count) }
        let jobs = (pairs.count + Self.pairsPerJob - 1) / Self.pairsPerJob
        return map.map(jobs) { job in
            estimate((job * Self.pairsPerJob)..<min(pairs.count, (job + 1) * Self.pairsPerJob))
        }.flatMap { $0 }
    }

    /// The candidate pairs of the documents `walkers` (filed, in input order): for each, the
    /// documents before it in any of its LSH buckets, each once, in the order one-by-one
    /// insertion met them (band by band, newest first). The chains are final once the
    /// documents are filed (a document only sets its own links), so the walks run on `map`'s
    /// threads: each hop is a read from memory that depends on the one before.
    private func candidatePairs(of walkers: [Int32], map: (any ParallelMap)?) -> [(Int32, Int32)] {
        let bandNext = self.bandNext, bands = parameters.bands
        let walk: @Sendable (Range<Int>) -> [(Int32, Int32)] = { range in
            var seen = VisitedSet()
            var out: [(Int32, Int32)] = []
            bandNext.withUnsafeBufferPointer { next in
                for w in range {
                    let i = Int(walkers[w])
                    seen.clear()
                    for band in 0..<bands {
                        var c = next[i * bands + band]
                        while c >= 0 {
                            if seen.insert(c) { out.append((Int32(i), c)) }
                            c = next[Int(c) * bands + band]
                        }
                    }
                }
            }
            return out
        }
        guard let map, walkers.count > Self.walkersPerJob else { return walk(0..<walkers.count) }
        let jobs = (walkers.count + Self.walkersPerJob - 1) / Self.walkersPerJob
        return map.map(jobs) { job in
            walk((job * Self.walkersPerJob)..<min(walkers.count, (job + 1) * Self.walkersPerJob))
        }.flatMap { $0 }
    }

    /// Returns the pending ``warnings`` and forgets them.
    public mutating func takeWarnings() -> [String] {
        defer { warnings.removeAll() }
        return warnings
    }

    /// The assignments of documents `range` (input positions), after everything added so far.
    public mutating func assignments(_ range: Range<Int>) -> [Assignment] {
        return range.map { assignment($0) }
    }

    /// The assignment of every document, in input order.
    public mutating func assignments() -> [Assignment] {
        return (0..<ids.count).map { assignment($0) }
    }

    /// The groups with more than one member, largest first (ties: representative id).
    public mutating func groups() -> [CopyGroup] {
        var byRoot: [Int: [String]] = [:]
        for i in 0..<ids.count {
            byRoot[sets.find(i), default: []].append(ids[i])
        }
        return byRoot.compactMap { root, members -> CopyGroup? in
            members.count > 1 ? CopyGroup(representative: ids[Int(representative[root])], members: members) : nil
        }.sorted { ($0.members.count, $1.representative) > ($1.members.count, $0.representative) }
    }

    /// Size of the largest group (1 when nothing was copied, 0 when empty).
    public mutating func largestGroupSize() -> Int { groupSizes().largest }

    /// How many groups have more than one member (`groups().count`) and the size of the
    /// largest group (as ``largestGroupSize()``), in one O(n) pass over the union-find with
    /// no hashing and no ids copied.
    public mutating func groupSizes() -> (copyGroups: Int, largest: Int) {
        var size = [Int32](repeating: 0, count: ids.count)
        var copyGroups = 0
        var largest: Int32 = ids.isEmpty ? 0 : 1
        for i in 0..<ids.count {
            let r = sets.find(i)
            size[r] += 1
            if size[r] == 2 { copyGroups += 1 }
            largest = max(largest, size[r])
        }
        return (copyGroups, Int(largest))
    }

    /// The fingerprint of document `i` as stored (to persist the index).
    public func fingerprint(at i: Int) -> DocumentFingerprint {
        DocumentFingerprint(
            id: ids[i], published: published[i] == .max ? nil : published[i],
            words: Int(words[i]), shingles: Int(shingles[i]), contentHash: contentHashes[i],
            signature: Array(signatures[(i * k)..<((i + 1) * k)]))
    }

    /// The input positions of every member of document `i`'s group (`i` included), ascending.
    /// O(group size): what changed when a document joined a group lies in that group only.
    public func members(ofGroupOf i: Int) -> [Int] {
        var out = [i]
        var j = Int(nextMember[i])
        while j != i {
            out.append(j)
            j = Int(nextMember[j])
        }
        return out.sorted()
    }

    /// The assignments of the documents at `positions` (input positions), in that order.
    public mutating func assignments(at positions: [Int]) -> [Assignment] {
        return positions.map { assignment($0) }
    }

    // MARK: - Inserting

    /// Makes room for `extra` more documents. Capacity grows geometrically: `reserveCapacity`
    /// with the exact count would reallocate (and copy every signature) on each batch, which
    /// made inserting n documents in batches O(n²) bytes copied (17 M page faults at 1M documents).
    private mutating func reserve(_ extra: Int) {
        let needed = ids.count + extra
        guard needed > ids.capacity else { return }
        let n = max(needed, ids.capacity * 2)
        ids.reserveCapacity(n)
        published.reserveCapacity(n)
        shingles.reserveCapacity(n)
        signatures.reserveCapacity(n * k)
        bandNext.reserveCapacity(n * parameters.bands)
    }

    /// Files one document (its metadata, exact-copy class and bands) and joins it to an exact
    /// copy. Returns its position when its buckets' other documents are candidates to verify
    /// (not an exact copy, not empty or tiny).
    private mutating func file(_ fp: DocumentFingerprint) -> Int? {
        let i = ids.count
        let bands = parameters.bands, rows = parameters.rows
        ids.append(fp.id)
        published.append(fp.published ?? .max)
        shingles.append(Int32(clamping: fp.shingles))
        words.append(Int32(clamping: fp.words))
        contentHashes.append(fp.contentHash)
        precondition(fp.signature.count == k, "fingerprint made with other parameters")
        signatures.append(contentsOf: fp.signature)
        best.append(-1)
        bestSimilarity.append(-1)
        sets.append()
        representative.append(Int32(i))
        nextMember.append(Int32(i))
        canonical.append(Int32(i))
        bandNext.append(contentsOf: repeatElement(-1, count: bands))
        if let other = idSeen.updateValue(Int32(i), forKey: fp.id) {
            warnings.append("\(fp.id): duplicate id (also record \(other + 1)); both kept")
        }
        if fp.words == 0 {
            warnings.append("\(fp.id): empty text; left alone in its group")
            exactClass.append(Int32(i))
            return nil
        }
        let twin = exactTable.insertIfAbsent(fp.contentHash, Int32(i))
        if twin != BucketTable.empty {
            exactClass.append(twin)
            if fp.id < ids[Int(canonical[Int(twin)])] { canonical[Int(twin)] = Int32(i) }
            join(i, Int(twin))
            return nil
        }
        exactClass.append(Int32(i))
        if fp.words < parameters.ngram {
            warnings.append(
                "\(fp.id): tiny text (\(fp.words) words, fewer than --ngram \(parameters.ngram)); only exact copies are found")
            return nil
        }
        // Filed in its buckets; the chains are walked for the whole batch (candidatePairs).
        signatures.withUnsafeBufferPointer { all in
            let mine = UnsafeBufferPointer(rebasing: all[(i * k)..<((i + 1) * k)])
            for band in 0..<bands {
                let key = Banding.bandKey(mine, band: band, rows: rows)
                bandNext[i * bands + band] = bandHeads[band].exchange(key, Int32(i))
            }
        }
        return i
    }

    private mutating func verify(_ i: Int, _ j: Int, _ s: Double) {
        verifiedPairs += 1
        var accept = s >= parameters.threshold
        if !accept, let c = parameters.containment {
            let small = min(shingles[i], shingles[j])
            accept = Self.containment(similarity: s, of: Int(small), in: Int(max(shingles[i], shingles[j]))) >= c
        }
        if parameters.verification == .exact, abs(s - parameters.threshold) < parameters.exactMargin,
            !(accept && s < parameters.threshold)  // accepted by containment: decided
        {
            pending.append((Int32(i), Int32(j)))
            return
        }
        guard accept else { return }
        addEdge(i, j, s)
    }

    /// Documents (input positions) whose exact shingle sets ``resolvePending(exactSimilarity:)``
    /// will ask for, sorted.
    public var pendingDocuments: [Int] {
        var set = Set<Int32>()
        for (a, b) in pending {
            set.insert(a)
            set.insert(b)
        }
        return set.map { Int($0) }.sorted()
    }

    /// The pairs left for an exact check (input positions), as ``ExactCheckPlan`` takes them.
    public var pendingPairs: [(Int, Int)] { pending.map { (Int($0.0), Int($0.1)) } }

    /// Number of distinct shingles of document `i` (input position).
    public func shingleCount(at i: Int) -> Int { Int(shingles[i]) }

    /// Whether a text read again for document `i` is the one it was fingerprinted from (same
    /// folded word count and content hash): a record changed on disk between two reads is not.
    public func matches(_ summary: ShingleSummary, at i: Int) -> Bool {
        summary.contentHash == contentHashes[i] && summary.words == Int(words[i])
    }

    /// Decides the pairs left for an exact check: `exactSimilarity(i, j)` gives the exact
    /// Jaccard of documents `i` and `j`, or `nil` when their texts are not at hand (the
    /// estimate decides then). Call after adding, before reading assignments.
    public mutating func resolvePending(exactSimilarity: (Int, Int) -> Double?) {
        let pairs = pending
        pending.removeAll()
        for (a, b) in pairs {
            let i = Int(a), j = Int(b)
            let s: Double
            if let exact = exactSimilarity(i, j) {
                s = exact
                exactChecks += 1
            } else {
                s = signatures.withUnsafeBufferPointer { all in
                    MinHasher.similarity(
                        UnsafeBufferPointer(rebasing: all[(i * k)..<((i + 1) * k)]),
                        UnsafeBufferPointer(rebasing: all[(j * k)..<((j + 1) * k)]))
                }
            }
            if s >= parameters.threshold { addEdge(i, j, s) }
        }
    }

    private mutating func addEdge(_ i: Int, _ j: Int, _ s: Double) {
        edges += 1
        let f = Float(s)
        if better(j, f, than: i) { best[i] = Int32(j); bestSimilarity[i] = f }
        if better(i, f, than: j) { best[j] = Int32(i); bestSimilarity[j] = f }
        join(i, j)
    }

    /// Whether `candidate` at similarity `s` beats `of`'s current best neighbour
    /// (higher similarity, then smaller id: independent of input order).
    private func better(_ candidate: Int, _ s: Float, than of: Int) -> Bool {
        let b = best[of]
        if b < 0 || s > bestSimilarity[of] { return true }
        return s == bestSimilarity[of] && ids[candidate] < ids[Int(b)]
    }

    private mutating func join(_ a: Int, _ b: Int) {
        let ra = sets.find(a), rb = sets.find(b)
        let repA = Int(representative[ra]), repB = Int(representative[rb])
        guard let (root, _) = sets.union(a, b) else { return }
        representative[root] = Int32(preferred(repA, repB))
        nextMember.swapAt(a, b)
    }

    /// The better representative of two documents under ``DedupParameters/keep``.
    private func preferred(_ a: Int, _ b: Int) -> Int {
        switch parameters.keep {
        case .first: return min(a, b)
        case .earliest:
            if published[a] != published[b] { return published[a] < published[b] ? a : b }
        case .longest:
            if shingles[a] != shingles[b] { return shingles[a] > shingles[b] ? a : b }
        }
        if ids[a] != ids[b] { return ids[a] < ids[b] ? a : b }
        return min(a, b)
    }


    // MARK: - Reading

    /// Estimated share of `a`'s shingles found in `b`, from their Jaccard estimate:
    /// |A∩B| = J·|A∪B| and |A∪B| = (|A|+|B|)/(1+J).
    public static func containment(similarity j: Double, of a: Int, in b: Int) -> Double {
        guard a > 0 else { return 0 }
        return min(1, j * Double(a + b) / ((1 + j) * Double(a)))
    }

    /// The member of exact-copy class `cls` with the smallest id (the first such in input
    /// order): kept up to date on insert, so reading one assignment is O(1), not a scan.
    private func canonicalTwin(_ cls: Int) -> Int {
        Int(canonical[cls])
    }

    private mutating func assignment(_ i: Int) -> Assignment {
        let rep = Int(representative[sets.find(i)])
        var a = Assignment(id: ids[i], group: ids[rep], duplicateOf: nil, similarity: nil, containment: nil, index: i)
        guard rep != i else { return a }
        let cls = Int(exactClass[i])
        if Int(exactClass[rep]) == cls {
            a.duplicateOf = ids[rep]
            a.similarity = 1
            a.containment = 1
            return a
        }
        let canon = canonicalTwin(cls)
        if canon != i {
            a.duplicateOf = ids[canon]
            a.similarity = 1
            a.containment = 1
            return a
        }
        let n = Int(best[cls])
        guard n >= 0 else { return a }  // unreachable: a member of a group has an edge
        let ncls = Int(exactClass[n])
        let target = Int(exactClass[rep]) == ncls ? rep : canonicalTwin(ncls)
        let s = Double(bestSimilarity[cls])
        a.duplicateOf = ids[target]
        a.similarity = (s * 1000).rounded() / 1000
        a.containment =
            (Self.containment(similarity: s, of: Int(shingles[i]), in: Int(shingles[target])) * 1000).rounded() / 1000
        return a
    }
}

/// A set of document positions that empties in O(1): each slot carries the generation it was
/// filled in, and ``clear()`` starts a new one. For the walk of one document's bucket chains,
/// which meets the same neighbour in several bands. Open addressing, linear probing, grown at
/// half full: O(1) expected per ``insert(_:)``.
struct VisitedSet {
    /// `generation << 32 | position`; a slot of an older generation is free.
    private var slots = [UInt64](repeating: 0, count: 64)
    private var shift: UInt64 = 58
    private var generation: UInt64 = 1
    private var count = 0

    /// Empties the set.
    mutating func clear() {
        generation += 1
        count = 0
    }

    /// Adds `position` (not negative); whether it was not there yet.
    @inline(__always)
    mutating func insert(_ position: Int32) -> Bool {
        if 2 * (count + 1) > slots.count { grow() }
        let p = UInt64(UInt32(bitPattern: position))
        let tag = generation << 32 | p
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: (p &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let v = slots[s]
            if v == tag { return false }
            if v >> 32 != generation {
                slots[s] = tag
                count += 1
                return true
            }
            s = (s + 1) & mask
        }
    }

    private mutating func grow() {
        let live = slots.filter { $0 >> 32 == generation }
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        shift -= 1
        count = 0
        for v in live { _ = insert(Int32(truncatingIfNeeded: v & 0xFFFF_FFFF)) }
    }
}
