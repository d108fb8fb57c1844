import Foundation
import NewsfoldCore
import NewsfoldIO
import Testing

/// `newsfold sign`, run as a process (it is a command-line contract with the Spark job): the
/// part files parse, hold the contract's fields in order, bands are `Banding.bandKeys` of the
/// `dedup` fingerprint, and the shards of a run cover every record exactly once.
@Suite struct SignTests {
    static let base = """
        The council voted on Tuesday to expand the bus network across the northern districts of the town. \
        Officials said the plan would cost about 40 million dollars over five years and add twelve new routes. \
        Residents who spoke at the meeting were divided, with some warning about noise and others welcoming it.
        """
    static let unrelated = """
        A rare orchid bloomed at the botanical garden this week for the first time in a decade, drawing \
        hundreds of visitors who queued along the glasshouse paths to photograph its pale violet petals.
        """

    /// One JSONL line `{id, text, published?}`.
    static func line(_ id: String, _ text: String, published: String? = nil) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.key("id"); w.string(id)
        w.key("text"); w.string(text)
        if let published { w.key("published"); w.string(published) }
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// Runs `newsfold ARGS`, returning the exit status and stderr.
    static func run(_ args: [String]) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = try newsfoldBinary()
        p.arguments = args
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The integers of the array `"name":[...]` in a JSON line, read exactly (a Double would
    /// round 64-bit keys).
    static func integers(_ name: String, in line: String) -> [Int64]? {
        guard let r = line.range(of: "\"\(name)\":[") else { return nil }
        let rest = line[r.upperBound...]
        guard let end = rest.firstIndex(of: "]") else { return nil }
        return rest[..<end].split(separator: ",").compactMap { Int64($0) }
    }

    /// The integer value of `"name":N` in a JSON line, read exactly.
    static func integer(_ name: String, in line: String) -> Int64? {
        guard let r = line.range(of: "\"\(name)\":") else { return nil }
        return Int64(line[r.upperBound...].prefix { $0 == "-" || $0.isNumber })
    }

    @Test func shardsCoverEveryRecordOnceWithTheContractsFields() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in").path
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        let copy = Self.base + " A spokesperson declined to comment further."
        let files: [(String, [String])] = [
            ("a.jsonl", [Self.line("orig", Self.base, published: "2024-05-01"), Self.line("other", Self.unrelated)]),
            ("b.jsonl", [Self.line("copy", copy), Self.line("tiny", "Bus plan"), Self.line("empty", "")]),
            ("c.jsonl", [Self.line("exact", Self.base), "not json"]),
        ]
        for (name, lines) in files {
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: input + "/" + name))
        }
        let out = dir.appendingPathComponent("out").path
        let shard0 = try Self.run(["sign", "--shard", "0/2", input, "-o", out, "--workers", "2"])
        let shard1 = try Self.run(["sign", "--shard", "1/2", input, "-o", out, "--workers", "2"])
        // Files 0 (a) and 2 (c) are shard 0's: c's bad line fails it; shard 1 (b) is clean.
        #expect(shard0.status == 1)
        #expect(shard0.stderr.contains("c.jsonl:2"))
        #expect(shard1.status == 0, "\(shard1.stderr)")

        // The default verifies exactly, as `dedup`'s does: lines carry their shingle sets.
        let parameters = try DedupParameters(threshold: 0.8, verification: .exact)
        let expectedParameters = SignatureShard.parametersJSON(parameters)
        let written = try Array(Data(contentsOf: URL(fileURLWithPath: out + "/parameters.json")))
        #expect(written == expectedParameters)
        let p = try JSONValue.parse(written)
        #expect(p["format"]?.string == "newsfold-signatures" && p["scheme"]?.string == "one-permutation")
        #expect(p["bands"] == .number(Double(parameters.bands)) && p["rows"] == .number(Double(parameters.rows)))
        #expect(p["containment"] == .null && p["keep"]?.string == "earliest")
        #expect(p["verification"]?.string == "exact" && p["exact_margin"] == .number(parameters.exactMargin))

        var lines: [String] = []
        for k in 0..<2 {
            let part = out + "/" + SignatureShard.partName(shard: k, of: 2)
            #expect(part.hasSuffix("part-0000\(k)-of-00002.jsonl.gz"))
            let text = try Gzip.decompress(Array(Data(contentsOf: URL(fileURLWithPath: part))))
            lines += String(decoding: text, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        let keys = [
            "id", "file", "record", "content_hash", "words", "shingles", "published", "bands", "signature", "shingle_set",
        ]
        var byID: [String: String] = [:]
        var positions: [String] = []
        for line in lines {
            let v = try JSONValue.parse(Array(line.utf8))
            guard case .object(let members) = v else {
                Issue.record("not an object: \(line)")
                continue
            }
            #expect(members.map(\.0) == keys)
            byID[v["id"]!.string!] = line
            positions.append("\(Self.integer("file", in: line)!)/\(Self.integer("record", in: line)!)")
        }
        // Every record written once, failed ones (c.jsonl line 2) not at all, nor records
        // without text ("empty", 1/2: skipped and counted, as `dedup` skips them); positions
        // count both.
        #expect(positions.sorted() == ["0/0", "0/1", "1/0", "1/1", "2/0"])
        #expect(Set(byID.keys) == ["orig", "other", "copy", "tiny", "exact"])
        #expect((shard0.stderr + shard1.stderr).contains("1 without text"), "\(shard0.stderr)\(shard1.stderr)")

        let fingerprinter = Fingerprinter(parameters: parameters)
        let texts = ["orig": Self.base, "other": Self.unrelated, "copy": copy, "tiny": "Bus plan", "exact": Self.base]
        for (id, text) in texts {
            let line = try #require(byID[id])
            let fp = fingerprinter.fingerprint(id: id, text: text)
            #expect(Self.integers("signature", in: line) == fp.signature.map { Int64($0) })
            #expect(Self.integer("content_hash", in: line) == Int64(bitPattern: fp.contentHash))
            #expect(Self.integer("words", in: line) == Int64(fp.words))
            let bands = try #require(Self.integers("bands", in: line))
            if fp.words >= parameters.ngram {
                // The keys CopyGroupIndex files the document under.
                let keys = Banding.bandKeys(of: fp.signature, bands: parameters.bands, rows: parameters.rows)
                #expect(bands == keys.map { Int64(bitPattern: $0) })
                #expect(bands.count == parameters.bands)
                // The set `dedup --verify exact` compares.
                let set = ExactJaccard.shingleSet(of: text, shingler: Shingler(n: parameters.ngram))
                #expect(Self.integers("shingle_set", in: line) == set.map { Int64(bitPattern: $0) })
                #expect(set.count == fp.shingles)
            } else {
                #expect(bands.isEmpty, "\(id): words \(fp.words) < ngram: no bands")
                #expect(Self.integers("shingle_set", in: line) == [])
            }
        }
        #expect(byID["empty"] == nil)
        #expect(byID["orig"]!.contains("\"published\":\(NewsDate(iso8601: "2024-05-01")!.instant)"))
        #expect(byID["other"]!.contains("\"published\":null"))
        // Exact copies share the content hash; the near copy shares at least one band.
        #expect(Self.integer("content_hash", in: byID["orig"]!) == Self.integer("content_hash", in: byID["exact"]!))
        let origBands = Self.integers("bands", in: byID["orig"]!)!, copyBands = Self.integers("bands", in: byID["copy"]!)!
        #expect(zip(origBands, copyBands).contains { $0 == $1 })
    }

    /// `--verify estimate`: signatures only, as before exact settlement.
    @Test func estimateShardsCarryNoShingleSets() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("a.jsonl").path
        try Data((Self.line("orig", Self.base) + "\n").utf8).write(to: URL(fileURLWithPath: input))
        let out = dir.appendingPathComponent("out").path
        let r = try Self.run(["sign", "--verify", "estimate", input, "-o", out])
        #expect(r.status == 0, "\(r.stderr)")
        let p = try JSONValue.parse(Array(Data(contentsOf: URL(fileURLWithPath: out + "/parameters.json"))))
        #expect(p["verification"]?.string == "estimate")
        let part = out + "/" + SignatureShard.partName(shard: 0, of: 1)
        let text = String(decoding: try Gzip.decompress(Array(Data(contentsOf: URL(fileURLWithPath: part)))), as: UTF8.self)
        #expect(text.contains("\"signature\":[") && !text.contains("shingle_set"))
    }

    @Test func badShardIsRefused() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.run(["sign", "--shard", "2/2", "-o", dir.path, dir.path])
        #expect(r.status != 0 && r.stderr.contains("--shard must be K/N"))
    }
}
