import Synchronization
import Testing
@testable import NewsfoldCore

@Suite struct CopyGroupIndexTests {
    static func prose(_ count: Int, seed: UInt64) -> [String] { MinHashTests.words(count, seed: seed) }

    @Test func unionFind() {
        var u = UnionFind()
        for _ in 0..<6 { u.append() }
        #expect(u.union(0, 1) != nil)
        #expect(u.union(2, 3) != nil)
        #expect(u.union(1, 0) == nil)
        u.union(1, 3)
        #expect(u.find(0) == u.find(2))
        #expect(u.find(4) == 4)
        #expect(u.find(5) != u.find(0))
    }

    @Test func groupsCopiesAndKeepsUnrelatedApart() throws {
        let p = try DedupParameters(threshold: 0.8)
        let f = Fingerprinter(parameters: p)
        let base = Self.prose(400, seed: 1).joined(separator: " ")
        var edited = Self.prose(400, seed: 1)
        edited[200] = "changed"
        let other = Self.prose(400, seed: 2).joined(separator: " ")
        var index = CopyGroupIndex(parameters: p)
        let out = index.add([
            f.fingerprint(id: "b", text: base.uppercased()),  // exact after folding
            f.fingerprint(id: "a", text: base),
            f.fingerprint(id: "c", text: edited.joined(separator: " ")),
            f.fingerprint(id: "d", text: other),
        ])
        #expect(out.map(\.group) == ["a", "a", "a", "d"])
        #expect(out[1].isRepresentative)
        #expect(out[0].duplicateOf == "a" && out[0].similarity == 1)
        #expect(out[2].duplicateOf == "a")
        #expect(out[2].similarity! > 0.9)
        #expect(out[3].duplicateOf == nil)
        #expect(index.largestGroupSize() == 3)
        #expect(index.groups() == [CopyGroup(representative: "a", members: ["b", "a", "c"])])
        let sizes = index.groupSizes()
        #expect(sizes.copyGroups == 1 && sizes.largest == 3)
    }

    @Test func resultsDoNotDependOnInputOrder() throws {
        let p = try DedupParameters(threshold: 0.7)
        let f = Fingerprinter(parameters: p)
        var docs: [DocumentFingerprint] = []
        for g in 0..<5 as Range<UInt64> {
            let base = Self.prose(300, seed: 100 + g)
            for c in 0..<4 {
                var copy = base
                var r = g * 31 + UInt64(c)
                for i in 0..<copy.count where StableHash.splitMix(&r) % 100 < 1 { copy[i] = "e\(c)" }
                docs.append(f.fingerprint(id: "g\(g)c\(c)", text: copy.joined(separator: " ")))
            }
        }
        func run(_ docs: [DocumentFingerprint]) -> [String: Assignment] {
            var index = CopyGroupIndex(parameters: p)
            var out: [String: Assignment] = [:]
            for a in index.add(docs) { out[a.id] = a }
            // Input position is the only thing allowed to differ.
            for (k, v) in out { out[k]!.index = 0; _ = v }
            return out
        }
        let forward = run(docs)
        let backward = run(docs.reversed())
        var s: UInt64 = 9
        var rng = SplitMixGenerator(state: &s)
        let shuffled = docs.shuffled(using: &rng)
        #expect(forward == backward)
        #expect(forward == run(shuffled))
        #expect(Set(forward.values.map(\.group)).count == 5)
        // The one-pass counts agree with the groups listed.
        var index = CopyGroupIndex(parameters: p)
        _ = index.add(docs + [f.fingerprint(id: "alone", text: Self.prose(300, seed: 999).joined(separator: " "))])
        let listed = index.groups()
        let sizes = index.groupSizes()
        #expect(sizes.copyGroups == listed.count && sizes.copyGroups == 5)
        #expect(sizes.largest == listed.map(\.members.count).max())
    }

    /// A batch inserted with its similarities estimated through a map (jobs run in reverse
    /// order here; bucket walks and estimates both) gives what inserting the documents one by one gives: the same groups, best
    /// neighbours, counts and warnings, exact copies and tiny texts interleaved.
    @Test func batchInsertWithAMapEqualsOneByOne() throws {
        let p = try DedupParameters(threshold: 0.8, containment: 0.8)
        let f = Fingerprinter(parameters: p)
        var docs: [DocumentFingerprint] = []
        for g in 0..<3 as Range<UInt64> {
            let base = Self.prose(200, seed: 300 + g)
            for c in 0..<130 {
                var copy = Array(base.prefix(120 + (c * 7) % 80))
                var r = g * 131 + UInt64(c)
                for i in 0..<copy.count where StableHash.splitMix(&r) % 100 < 3 { copy[i] = "w\(c)" }
                docs.append(f.fingerprint(id: "g\(g)c\(c)", text: copy.joined(separator: " ")))
                if c % 9 == 0 { docs.append(f.fingerprint(id: "g\(g)t\(c)", text: copy.joined(separator: " "))) }
                if c % 13 == 0 { docs.append(f.fingerprint(id: "g\(g)s\(c)", text: "too short")) }
            }
        }
        var one = CopyGroupIndex(parameters: p)
        for d in docs { one.insert([d]) }
        var mapped = CopyGroupIndex(parameters: p)
        let map = ReversedJobs()
        mapped.insert(docs, map: map)
        let jobsRun = map.jobs.withLock { $0 }
        #expect(jobsRun > 3, "the batch must have enough walks and pairs to be split into jobs")
        #expect(one.assignments() == mapped.assignments())
        #expect(one.verifiedPairs == mapped.verifiedPairs && one.edges == mapped.edges)
        #expect(one.takeWarnings() == mapped.takeWarnings())
    }

    @Test func verificationStopsChainsOfWeakMatches() throws {
        // a ~ b share half their text, b ~ c the other half: with a permissive LSH shape they
        // collide, but verification at 0.8 keeps all three apart.
        let p = try DedupParameters(threshold: 0.8, bands: 64, rows: 2)
        let f = Fingerprinter(parameters: p)
        let x = Self.prose(200, seed: 7), y = Self.prose(200, seed: 8), z = Self.prose(200, seed: 9)
        var index = CopyGroupIndex(parameters: p)
        let out = index.add([
            f.fingerprint(id: "a", text: (x + y).joined(separator: " ")),
            f.fingerprint(id: "b", text: (y + z).joined(separator: " ")),
            f.fingerprint(id: "c", text: (z + x).joined(separator: " ")),
        ])
        #expect(index.verifiedPairs >= 2)
        #expect(index.edges == 0)
        #expect(out.allSatisfy { $0.isRepresentative })
    }

    @Test func containmentCatchesHalfCopies() throws {
        let full = Self.prose(600, seed: 11)
        let half = Array(full[0..<300])
        let strict = try DedupParameters(threshold: 0.8)
        let loose = try DedupParameters(threshold: 0.8, containment: 0.8)
        for (p, grouped) in [(strict, false), (loose, true)] {
            let f = Fingerprinter(parameters: p)
            var index = CopyGroupIndex(parameters: p)
            let out = index.add([
                f.fingerprint(id: "full", text: full.joined(separator: " ")),
                f.fingerprint(id: "half", text: half.joined(separator: " ")),
            ])
            #expect((out[1].group == "full") == grouped)
            if grouped { #expect(out[1].containment! > 0.85) }
        }
    }

    @Test func keepPolicies() throws {
        let text = Self.prose(100, seed: 3).joined(separator: " ")
        let longer = text + " " + Self.prose(5, seed: 4).joined(separator: " ")
        for (keep, expected) in [(DedupParameters.Keep.earliest, "late"), (.longest, "long"), (.first, "z")] {
            let p = try DedupParameters(threshold: 0.8, keep: keep)
            let f = Fingerprinter(parameters: p)
            var index = CopyGroupIndex(parameters: p)
            let out = index.add([
                f.fingerprint(id: "z", text: text, published: NewsDate(year: 2024, month: 1, day: 2)),
                f.fingerprint(id: "late", text: text, published: NewsDate(year: 2023, month: 1, day: 1)),
                f.fingerprint(id: "long", text: longer),
            ])
            #expect(Set(out.map(\.group)) == [expected], "\(keep)")
        }
    }

    @Test func incrementalAddJoinsExistingGroups() throws {
        let p = try DedupParameters()
        let f = Fingerprinter(parameters: p)
        let a = Self.prose(200, seed: 5)
        var b = a
        b[100] = "different"
        var index = CopyGroupIndex(parameters: p)
        _ = index.add([f.fingerprint(id: "old", text: a.joined(separator: " ")),
                       f.fingerprint(id: "x", text: Self.prose(50, seed: 6).joined(separator: " "))])
        let new = index.add([f.fingerprint(id: "new", text: b.joined(separator: " "))])
        #expect(new.count == 1)
        #expect(new[0].group == "new")  // undated: the smaller id represents
        #expect(index.assignments()[0].group == "new")
        #expect(index.assignments()[0].duplicateOf == "new")
        #expect(new[0].index == 2)
        #expect(index.count == 3)
    }

    @Test func badRecordsWarnAndGoOn() throws {
        let p = try DedupParameters()
        let f = Fingerprinter(parameters: p)
        var index = CopyGroupIndex(parameters: p)
        let out = index.add([
            f.fingerprint(id: "e1", text: ""), f.fingerprint(id: "e2", text: "  ... "),
            f.fingerprint(id: "t1", text: "Too short."), f.fingerprint(id: "t2", text: "too SHORT"),
            f.fingerprint(id: "t1", text: Self.prose(30, seed: 1).joined(separator: " ")),
        ])
        #expect(out.count == 5)
        #expect(out[0].group == "e1" && out[1].group == "e2")  // empty texts are never grouped
        #expect(out[3].group == "t1")  // tiny texts: exact copies only
        #expect(index.warnings.count == 4)
        #expect(index.warnings.contains { $0.contains("duplicate id") })
    }
}

struct SplitMixGenerator: RandomNumberGenerator {
    var state: UInt64
    init(state: inout UInt64) { self.state = state }
    mutating func next() -> UInt64 { StableHash.splitMix(&state) }
}

/// Runs jobs last first and counts them: a map whose order of work is not the jobs' order.
private final class ReversedJobs: CopyGroupIndex.ParallelMap {
    let jobs = Mutex(0)

    func map<Result: Sendable>(_ jobs: Int, _ job: @escaping @Sendable (Int) -> Result) -> [Result] {
        self.jobs.withLock { $0 += jobs }
        var out = [Result?](repeating: nil, count: jobs)
        for k in (0..<jobs).reversed() { out[k] = job(k) }
        return out.map { $0! }
    }
}
