import Foundation
import NewsfoldCore
import NewsfoldExtract
import NewsfoldIO

/// The three public dev-set layouts `newsfold eval extraction` reads.
public enum ExtractionSetKind: String, Sendable, Codable {
    /// trafilatura's `evaldata.json` + `eval/`/`cache/` pages: `with`/`without` snippets.
    case trafilatura
    /// Mozilla Readability's `test-pages/NAME/{source.html,expected.html,expected-metadata.json}`.
    case readability
    /// fundus's `test_data/CC/Publisher.json` + `Publisher_YYYY_MM_DD.html.gz`.
    case fundus
}

/// The gold answer for one page; fields the set does not give are `nil`/empty.
public struct ExtractionGold: Sendable {
    /// Snippets that must be in the body (trafilatura).
    public var with: [String] = []
    /// Snippets that must not be in the body (trafilatura).
    public var without: [String] = []
    /// The whole expected body (Readability, fundus), for token scoring.
    public var body: String?
    /// The expected paragraphs (fundus), for paragraph scoring.
    public var paragraphs: [String] = []
    /// The expected headline.
    public var title: String?
    /// The expected authors: fundus's list, or the one `author` (trafilatura) or `byline`
    /// (Readability) string; `nil` when the set gives none.
    public var authors: [String]?
    /// As the set writes it: `2020-01-29` (trafilatura), ISO 8601 with offset (fundus, Readability).
    public var date: String?

    /// An answer with nothing given.
    public init() {}
}

/// One page of a dev set: where its bytes are and what the right answer is.
public struct ExtractionCase: Sendable {
    /// The page's name in the set: the file name (trafilatura), the folder name (Readability), or
    /// `COUNTRY/FILE` (fundus).
    public var id: String
    /// The page file on disk (``loadBytes()`` un-gzips one whose name ends in `.gz`).
    public var path: String
    /// The page's address, when the set gives one (trafilatura, fundus).
    public var url: String?
    /// The expected answer.
    public var gold: ExtractionGold

    /// Reads the page bytes (un-gzipping `.gz`).
    public func loadBytes() throws -> [UInt8] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let raw = [UInt8](data)
        if path.hasSuffix(".gz") { return try GzipInflater.decompress(raw, limit: 64 << 20) }
        return raw
    }
}

/// Why a dev set could not be read; each says what to pass instead.
public enum ExtractionSetError: Error, CustomStringConvertible {
    /// The path holds none of the three layouts.
    case unrecognised(String)
    /// A file (first value) could not be read or parsed, for the reason given (second value).
    case unreadable(String, String)

    /// What went wrong and, for an unknown layout, which folder to pass instead.
    public var description: String {
        switch self {
        case .unrecognised(let p):
            return "\(p) is not a known dev set: pass a folder holding evaldata.json (trafilatura), "
                + "test-pages/ (Readability) or test_data/ (fundus)"
        case .unreadable(let p, let why): return "cannot read \(p): \(why)"
        }
    }
}

/// A dev set loaded from disk: its kind and pages in a stable order.
///
/// ```swift
/// let set = try ExtractionSet(path: "../shared/eval/readability", limit: 20)
/// print(set.kind, set.cases.count)
/// ```
public struct ExtractionSet: Sendable {
    /// The layout found.
    public var kind: ExtractionSetKind
    /// The folder the set was read from: `path`, or its folder when `path` names a file.
    public var root: String
    /// The pages, in a stable order (sorted by address or by name), at most `limit` of them.
    public var cases: [ExtractionCase]

    /// Detects the layout under `path` (the set's folder or the sub-folder holding the pages)
    /// and reads the gold answers; `limit` keeps the first N pages.
    public init(path: String, limit: Int? = nil) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ExtractionSetError.unreadable(path, "no such file or folder")
        }
        var dir = path
        if !isDir.boolValue { dir = (path as NSString).deletingLastPathComponent }
        func exists(_ p: String) -> Bool { fm.fileExists(atPath: (dir as NSString).appendingPathComponent(p)) }
        if exists("evaldata.json") {
            kind = .trafilatura
            cases = try ExtractionSet.loadTrafilatura(dir)
        } else if exists("test-pages") || exists("001/source.html") || (try? fm.contentsOfDirectory(atPath: dir))?
            .contains(where: { exists("\($0)/source.html") }) == true
        {
            kind = .readability
            cases = try ExtractionSet.loadReadability(exists("test-pages") ? dir + "/test-pages" : dir)
        } else if exists("test_data") || (try? fm.contentsOfDirectory(atPath: dir))?.contains(where: {
            exists("\($0)/meta.info")
        }) == true {
            kind = .fundus
            cases = try ExtractionSet.loadFundus(exists("test_data") ? dir + "/test_data" : dir)
        } else {
            throw ExtractionSetError.unrecognised(path)
        }
        root = dir
        if let limit, limit < cases.count { cases = Array(cases.prefix(limit)) }
    }

    private static func json(_ path: String) throws -> Any {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ExtractionSetError.unreadable(path, "\(error)")
        }
    }

    static func loadTrafilatura(_ dir: String) throws -> [ExtractionCase] {
        guard let all = try json(dir + "/evaldata.json") as? [String: [String: Any]] else {
            throw ExtractionSetError.unreadable(dir + "/evaldata.json", "not an object of pages")
        }
        var cases: [ExtractionCase] = []
        for url in all.keys.sorted() {
            let entry = all[url]!
            guard let file = entry["file"] as? String else { continue }
            var path = dir + "/eval/" + file
            if !FileManager.default.fileExists(atPath: path) { path = dir + "/cache/" + file }
            var gold = ExtractionGold()
            gold.with = entry["with"] as? [String] ?? []
            gold.without = entry["without"] as? [String] ?? []
            gold.title = nonEmptyString(entry["title"])
            gold.authors = nonEmptyString(entry["author"]).map { [$0] }
            gold.date = nonEmptyString(entry["date"])
            cases.append(ExtractionCase(id: file, path: path, url: url, gold: gold))
        }
        return cases
    }

    static func loadReadability(_ dir: String) throws -> [ExtractionCase] {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        var cases: [ExtractionCase] = []
        for name in names {
            let folder = dir + "/" + name
            guard FileManager.default.fileExists(atPath: folder + "/source.html") else { continue }
            var gold = ExtractionGold()
            if let expected = try? Data(contentsOf: URL(fileURLWithPath: folder + "/expected.html")) {
                gold.body = HTMLText.plainText([UInt8](expected), charset: "utf-8")
            }
            if let meta = try? json(folder + "/expected-metadata.json") as? [String: Any] {
                gold.title = nonEmptyString(meta["title"])
                gold.authors = nonEmptyString(meta["byline"]).map { [$0] }
                gold.date = nonEmptyString(meta["publishedTime"])
            }
            cases.append(ExtractionCase(id: name, path: folder + "/source.html", gold: gold))
        }
        return cases
    }

    static func loadFundus(_ dir: String) throws -> [ExtractionCase] {
        let fm = FileManager.default
        var cases: [ExtractionCase] = []
        for country in try fm.contentsOfDirectory(atPath: dir).sorted() {
            let folder = dir + "/" + country
            guard let files = try? fm.contentsOfDirectory(atPath: folder) else { continue }
            let info = (try? json(folder + "/meta.info")) as? [String: [String: Any]] ?? [:]
            for jsonName in files.filter({ $0.hasSuffix(".json") }).sorted() {
                let publisher = String(jsonName.dropLast(5))
                let pages = files.filter { $0.hasPrefix(publisher + "_") && $0.hasSuffix(".html.gz") }.sorted()
                // Gold versions in key order (V1, V1_1, ...) match the pages in date order.
                guard let object = try? JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: folder + "/" + jsonName)))
                else { continue }
                let orderedKeys = jsonKeysInOrder(folder + "/" + jsonName)
                guard let versions = object as? [String: [String: Any]] else { continue }
                for (page, key) in zip(pages, orderedKeys) {
                    guard let v = versions[key] else { continue }
                    var gold = ExtractionGold()
                    gold.title = nonEmptyString(v["title"])
                    gold.authors = (v["authors"] as? [String])
                    gold.date = nonEmptyString(v["publishing_date"])
                    var paragraphs: [String] = []
                    if let body = v["body"] as? [String: Any] {
                        paragraphs += body["summary"] as? [String] ?? []
                        for section in body["sections"] as? [[String: Any]] ?? [] {
                            paragraphs += section["headline"] as? [String] ?? []
                            paragraphs += section["paragraphs"] as? [String] ?? []
                        }
                    }
                    gold.paragraphs = paragraphs
                    gold.body = paragraphs.joined(separator: "\n")
                    cases.append(ExtractionCase(
                        id: country + "/" + page, path: folder + "/" + page,
                        url: info[page]?["url"] as? String, gold: gold))
                }
            }
        }
        return cases
    }

    /// The top-level keys of a JSON object file in the order written (JSONSerialization
    /// forgets it): keys at depth 1, found by a byte scan that skips strings and nesting.
    static func jsonKeysInOrder(_ path: String) -> [String] {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else { return [] }
        let b = [UInt8](data)
        var keys: [String] = []
        var depth = 0
        var i = 0
        var expectKey = false
        while i < b.count {
            let c = b[i]
            if c == 0x22 {  // string
                var j = i + 1
                while j < b.count, b[j] != 0x22 { j += b[j] == 0x5C ? 2 : 1 }
                if depth == 1, expectKey { keys.append(String(decoding: b[(i + 1)..<min(j, b.count)], as: UTF8.self)) }
                expectKey = false
                i = j + 1
                continue
            }
            switch c {
            case 0x7B, 0x5B:
                depth += 1
                if depth == 1 { expectKey = true }
            case 0x7D, 0x5D: depth -= 1
            case 0x2C: if depth == 1 { expectKey = true }
            default: break
            }
            i += 1
        }
        return keys
    }
}

func nonEmptyString(_ value: Any?) -> String? {
    guard let s = value as? String else { return nil }
    let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
    return t.isEmpty ? nil : t
}
