import ArgumentParser
import NewsfoldCore
import NewsfoldIO

/// `newsfold bench signing PATH`: speed of the copy-group stages on texts already in memory.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure the speed of Newsfold's inner stages (release build).",
        subcommands: [BenchSigningCommand.self])
}

/// Times folding + shingling + MinHash (and optionally grouping) on one core, texts in memory.
struct BenchSigningCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signing",
        abstract: "MB/s of tokenising, shingling and MinHash signing on one core, texts in memory.")

    @Argument(help: "JSONL with a \"text\" field per line (e.g. Benchmarks/dedup corpus.jsonl).")
    var path: String

    @Option(help: "Read at most this many documents.")
    var limit: Int = 100_000

    @Option(help: "Repeat the timed pass this many times; the best is reported.")
    var repeats: Int = 3

    @Option(help: "Words per shingle.")
    var ngram: Int = 5

    @Option(help: "MinHash slots.")
    var permutations: Int = 128

    func run() throws {
        var texts: [[UInt8]] = []
        var bytes = 0
        try LineReader(source: ByteSource(path: path)).forEachLine { _, line in
            guard texts.count < limit, case .success(let l) = line,
                let f = try? JSONScanner.fields(["text"], in: l), let t = f[0]?.string
            else { return }
            texts.append(Array(t.utf8))
            bytes += t.utf8.count
        }
        let mb = Double(bytes) / 1e6
        print("\(texts.count) texts, \(format2(mb)) MB in memory")
        var tokens = 0
        var best = Double.infinity
        for _ in 0..<repeats {
            let t0 = ContinuousClock.now
            var n = 0
            for t in texts { t.withUnsafeBufferPointer { p in WordTokenizer().forEachWord(in: p) { _ in n += 1 } } }
            best = min(best, (ContinuousClock.now - t0).seconds)
            tokens = n
        }
        print("words only:        \(format2(mb / best)) MB/s (\(tokens) words)")
        best = .infinity
        for _ in 0..<repeats {
            let t0 = ContinuousClock.now
            var x: UInt64 = 0
            for t in texts { t.withUnsafeBufferPointer { p in _ = Shingler(n: ngram).forEachShingle(in: p) { x ^= $0 } } }
            best = min(best, (ContinuousClock.now - t0).seconds)
            if x == 42 { print("") }
        }
        print("words + shingles:  \(format2(mb / best)) MB/s")
        for scheme in MinHasher.Scheme.allCases {
            let parameters = try DedupParameters(ngram: ngram, permutations: permutations, scheme: scheme)
            let f = Fingerprinter(parameters: parameters)
            best = .infinity
            var fps: [DocumentFingerprint] = []
            for _ in 0..<repeats {
                fps.removeAll(keepingCapacity: true)
                let t0 = ContinuousClock.now
                for t in texts { fps.append(t.withUnsafeBufferPointer { f.fingerprint(id: "", utf8: $0, published: nil) }) }
                best = min(best, (ContinuousClock.now - t0).seconds)
            }
            print("signing, \(scheme.rawValue) \(parameters.permutations): \(format2(mb / best)) MB/s, \(format2(Double(texts.count) / best)) docs/s")
        }
    }
}

private func format2(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    return "\(r)"
}
