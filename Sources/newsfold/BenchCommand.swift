import ArgumentParser
import NewsfoldCore
import NewsfoldIO

#if canImport(Glibc)
    import Glibc
#endif

/// `newsfold bench signing PATH`: speed of the copy-group stages on texts already in memory;
/// `newsfold bench profiling PATH`: speed of the story stage's per-article profile.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure the speed of Newsfold's inner stages (release build).",
        subcommands: [BenchSigningCommand.self, BenchProfilingCommand.self])
}

/// Times folding + shingling + MinHash (and optionally grouping) on one core, texts in memory.
///
/// Each stage reports MB/s of wall time and MB/s of this thread's CPU time: on a shared machine
/// the second is the steadier figure (it does not count time spent waiting for a core).
struct BenchSigningCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signing",
        abstract: "MB/s of tokenising, shingling and MinHash signing on one core, texts in memory.")

    @OptionGroup var input: BenchInput

    @Option(help: "Words per shingle.")
    var ngram: Int = 5

    @Option(help: "MinHash slots.")
    var permutations: Int = 128

    func run() throws {
        let texts = try input.records(["text"]).compactMap { $0[0]?.string.map { Array($0.utf8) } }
        let bytes = texts.reduce(0) { $0 + $1.count }
        let repeats = input.repeats
        let mb = Double(bytes) / 1e6
        print("\(texts.count) texts, \(format2(mb)) MB in memory")
        func rates(_ best: Timing) -> String {
            "\(format2(mb / best.wall)) MB/s wall, \(format2(mb / best.cpu)) MB/s CPU"
        }
        var tokens = 0
        var best = Timing.best(repeats) {
            var n = 0
            for t in texts { t.withUnsafeBufferPointer { p in WordTokenizer().forEachWord(in: p) { _ in n += 1 } } }
            tokens = n
        }
        print("words only:        \(rates(best)) (\(tokens) words)")
        best = Timing.best(repeats) {
            var x: UInt64 = 0
            for t in texts { t.withUnsafeBufferPointer { p in _ = Shingler(n: ngram).forEachShingle(in: p) { x ^= $0 } } }
            if x == 42 { print("") }
        }
        print("words + shingles:  \(rates(best))")
        for scheme in MinHasher.Scheme.allCases {
            let parameters = try DedupParameters(ngram: ngram, permutations: permutations, scheme: scheme)
            let f = Fingerprinter(parameters: parameters)
            var fps: [DocumentFingerprint] = []
            best = Timing.best(repeats) {
                fps.removeAll(keepingCapacity: true)
                for t in texts { fps.append(t.withUnsafeBufferPointer { f.fingerprint(id: "", utf8: $0, published: nil) }) }
            }
            print("signing, \(scheme.rawValue) \(parameters.permutations): \(rates(best)), \(format2(Double(texts.count) / best.cpu)) docs/CPU-s")
        }
    }
}

/// Times ``EventProfile`` (the words, names and dates `stories` compares) on one core, texts
/// in memory: the part of clustering that grows with the length of the articles.
struct BenchProfilingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profiling", abstract: "MB/s of event profiling (EventProfile) on one core, texts in memory.")

    @OptionGroup var input: BenchInput

    func run() throws {
        let articles = try input.records(["title", "text"]).compactMap { f in f[1]?.string.map { (title: f[0]?.string, text: $0) } }
        let bytes = articles.reduce(0) { $0 + min($1.text.utf8.count, EventProfile.maxTextBytes) + ($1.title?.utf8.count ?? 0) }
        let repeats = input.repeats
        let mb = Double(bytes) / 1e6
        print("\(articles.count) articles, \(format2(mb)) MB profiled (bodies cut at \(EventProfile.maxTextBytes) bytes)")
        var features = 0
        let best = Timing.best(repeats) {
            var n = 0
            for a in articles {
                let p = EventProfile(title: a.title, text: a.text)
                n += p.terms.count + p.entities.count
            }
            features = n
        }
        print("profiling: \(format2(mb / best.wall)) MB/s wall, \(format2(mb / best.cpu)) MB/s CPU, \(format2(Double(articles.count) / best.cpu)) articles/CPU-s (\(features) features)")
    }
}

/// What every benchmark reads: a JSONL file, how much of it, and how many timed passes.
struct BenchInput: ParsableArguments {
    @Argument(help: "JSONL with a \"text\" field (and optionally \"title\") per line (e.g. Benchmarks/dedup corpus.jsonl).")
    var path: String

    @Option(help: "Read at most this many documents.")
    var limit: Int = 100_000

    @Option(help: "Repeat the timed pass this many times; the best is reported.")
    var repeats: Int = 3

    /// The `keys` fields of the first ``limit`` lines that read as JSON objects.
    func records(_ keys: [String]) throws -> [[JSONValue?]] {
        var out: [[JSONValue?]] = []
        try LineReader(source: ByteSource(path: path)).forEachLine { _, line in
            guard out.count < limit, case .success(let l) = line, let f = try? JSONScanner.fields(keys, in: l) else { return }
            out.append(f)
        }
        return out
    }
}

/// Seconds of one timed pass: wall clock and this thread's CPU time.
private struct Timing {
    var wall: Double
    var cpu: Double

    /// The best (smallest) wall and CPU times of `repeats` runs of `body`, each minimum on its own.
    static func best(_ repeats: Int, _ body: () -> Void) -> Timing {
        var best = Timing(wall: .infinity, cpu: .infinity)
        for _ in 0..<max(1, repeats) {
            let w0 = ContinuousClock.now, c0 = threadCPUSeconds()
            body()
            best.cpu = min(best.cpu, threadCPUSeconds() - c0)
            best.wall = min(best.wall, (ContinuousClock.now - w0).seconds)
        }
        return best
    }

    /// CPU time used by the calling thread so far.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}

private func format2(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    return "\(r)"
}
