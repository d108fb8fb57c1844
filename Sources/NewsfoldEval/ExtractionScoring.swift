import NewsfoldCore

/// Precision, recall and F1 from counts, or averaged over pages.
public struct PRF: Sendable, Codable, Equatable {
    /// Share of predicted items that are right, 0 ... 1.
    public var precision: Double
    /// Share of expected items that were found, 0 ... 1.
    public var recall: Double
    /// The harmonic mean of ``precision`` and ``recall`` (0 when both are 0).
    public var f1: Double

    /// Scores from a precision and a recall (averages over pages, say); ``f1`` is computed.
    public init(precision: Double, recall: Double) {
        self.precision = precision
        self.recall = recall
        f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }

    /// From true positive, false positive and false negative counts (an empty side counts as 0).
    public init(tp: Int, fp: Int, fn: Int) {
        self.init(
            precision: tp + fp > 0 ? Double(tp) / Double(tp + fp) : 0,
            recall: tp + fn > 0 ? Double(tp) / Double(tp + fn) : 0)
    }
}

/// The scoring rules of /work/shared/eval/README.md, one function per rule.
public enum ExtractionScoring {
    /// Collapses every run of white space to one space and trims (for snippet matching).
    public static func collapse(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var space = false
        for c in text.replacingNBSP().utf8 {
            let isSpace = c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C
            if isSpace {
                space = !out.isEmpty
            } else {
                if space { out.append(0x20) }
                space = false
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// trafilatura's rule: `with` snippets found are true positives (else false negatives),
    /// `without` snippets found are false positives (else true negatives).
    public static func snippets(body: String, with: [String], without: [String])
        -> (tp: Int, fn: Int, fp: Int, tn: Int)
    {
        let text = collapse(body)
        var r = (tp: 0, fn: 0, fp: 0, tn: 0)
        for s in with {
            if text.contains(collapse(s)) { r.tp += 1 } else { r.fn += 1 }
        }
        for s in without {
            if text.contains(collapse(s)) { r.fp += 1 } else { r.tn += 1 }
        }
        return r
    }

    /// Lower-cased word tokens: maximal runs of letters and digits (Unicode), as `\w+`.
    public static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil || scalar == "_" {
                current.append(scalar)
            } else if !current.isEmpty {
                out.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { out.append(String(current)) }
        return out
    }

    /// Bag-of-words precision/recall of `predicted` against `gold` (multiset overlap).
    public static func tokenPRF(predicted: String, gold: String) -> PRF {
        var bag: [String: Int] = [:]
        let g = tokens(gold)
        for t in g { bag[t, default: 0] += 1 }
        let p = tokens(predicted)
        var overlap = 0
        for t in p {
            if let n = bag[t], n > 0 {
                overlap += 1
                bag[t] = n - 1
            }
        }
        if p.isEmpty && g.isEmpty { return PRF(precision: 1, recall: 1) }
        return PRF(tp: overlap, fp: p.count - overlap, fn: g.count - overlap)
    }

    /// Paragraph-level counts: a predicted paragraph is right when some gold paragraph equals
    /// it after white-space collapsing.
    public static func paragraphCounts(predicted: [String], gold: [String]) -> (tp: Int, fp: Int, fn: Int) {
        var bag: [String: Int] = [:]
        for g in gold { bag[collapse(g), default: 0] += 1 }
        var tp = 0
        for p in predicted {
            let k = collapse(p)
            if let n = bag[k], n > 0 {
                tp += 1
                bag[k] = n - 1
            }
        }
        return (tp, predicted.count - tp, gold.count - tp)
    }

    /// Exact match after trimming and collapsing white space.
    public static func same(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return false }
        return collapse(a) == collapse(b)
    }

    /// How closely a predicted date must match the gold one: the README asks for the same
    /// minute on fundus and for the same day on the other sets.
    public enum DatePrecision: Sendable {
        /// `day`: the same calendar day; `minute`: the same minute when the gold states a time.
        case day, minute
    }

    /// Whether the predicted date matches the gold one, comparing only what the gold states.
    ///
    /// - `.day`: the same calendar day. When both carry an offset, the predicted instant is
    ///   read in the gold's offset (so `2023-09-05T01:00+02:00` matches gold
    ///   `2023-09-04T23:00Z`); otherwise the days as written are compared.
    /// - `.minute`: the same day when the gold has no time, else the same minute, comparing
    ///   instants when both carry an offset. A gold midnight without offset
    ///   (`2024-04-30 00:00:00`) is how fundus writes a page that states only a day, so a
    ///   predicted bare day is compared by day there.
    public static func sameDate(_ predicted: NewsDate?, gold: String, precision: DatePrecision = .minute) -> Bool {
        guard let p = predicted else { return false }
        guard let g = NewsDate(iso8601: gold) ?? NewsDate(iso8601: String(gold.prefix(10))) else { return false }
        let sameWrittenDay = p.year == g.year && p.month == g.month && p.day == g.day
        if !g.hasTime { return sameWrittenDay }
        if precision == .day {
            guard let offset = g.utcOffsetMinutes, p.hasOffset else { return sameWrittenDay }
            func localDay(_ d: NewsDate) -> Int64 {
                let local = d.instant + Int64(offset) * 60
                return local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
            }
            return localDay(p) == localDay(g)
        }
        guard p.hasTime else {
            let goldIsBareDay = !g.hasOffset && g.hour == 0 && g.minute == 0 && (g.second ?? 0) == 0
            return goldIsBareDay && sameWrittenDay
        }
        if p.hasOffset && g.hasOffset { return p.instant / 60 == g.instant / 60 }
        return sameWrittenDay && p.hour == g.hour && p.minute == g.minute
    }
}

extension String {
    fileprivate func replacingNBSP() -> String {
        guard utf8.contains(0xC2) else { return self }
        return String(unicodeScalars.map { $0 == "\u{00A0}" ? " " : Character($0) })
    }
}
