#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The knobs of copy-group detection, with the LSH shape derived from the threshold.
///
/// ```swift
/// let p = try DedupParameters(threshold: 0.8)      // bands × rows picked for 0.8
/// print(p.explain())                               // S-curve, FP/FN probabilities
/// let strict = try DedupParameters(threshold: 0.9, ngram: 3, permutations: 256, keep: .longest)
/// ```
public struct DedupParameters: Sendable, Equatable {
    /// Which member of a group represents it.
    public enum Keep: String, Sendable, CaseIterable {
        /// The earliest `published` (undated last), then the smallest id.
        case earliest
        /// The most shingles, then the smallest id.
        case longest
        /// The first in input order (the only choice that depends on input order).
        case first
    }

    /// Minimum estimated Jaccard similarity of word shingles for two documents to be copies.
    public var threshold: Double
    /// Words per shingle.
    public var ngram: Int
    /// MinHash signature length (a multiple of 16).
    public var permutations: Int
    /// LSH bands; `bands × rows ≤ permutations`.
    public var bands: Int
    /// Signature slots per band.
    public var rows: Int
    /// When set, two documents are also copies when this share of the smaller one's shingles
    /// is in the larger (a copy that kept part of the text). `nil`: Jaccard only.
    public var containment: Double?
    /// Which member represents a group.
    public var keep: Keep
    /// How MinHash slots are filled (see ``MinHasher``).
    public var scheme: MinHasher.Scheme
    /// How a candidate pair is accepted.
    public var verification: Verification

    /// How candidate pairs are verified.
    public enum Verification: String, Sendable, CaseIterable {
        /// By the MinHash estimate of their Jaccard similarity (one pass, no texts kept).
        case estimate
        /// Pairs whose estimate is within ``DedupParameters/exactMargin`` of the threshold are
        /// decided by the exact Jaccard of their shingle sets, computed on demand
        /// (``CopyGroupIndex/pendingDocuments``, ``CopyGroupIndex/resolvePending(exactSimilarity:)``);
        /// the others by the estimate.
        case exact
    }

    /// Estimates this close to the threshold are checked exactly under ``Verification/exact``:
    /// three standard errors of the estimate at the threshold, `3·√(t(1−t)/k)` (a pair outside
    /// it is misjudged by the estimate with probability below 0.14%).
    public var exactMargin: Double {
        Self.exactMarginErrors * (threshold * (1 - threshold) / Double(permutations)).squareRoot()
    }
    /// Width of the exact-check band in standard errors of the estimate at the threshold. The
    /// estimate of a pair whose true Jaccard is exactly at the threshold falls below
    /// `threshold − 3·se` with probability 0.135% (normal approximation of the binomial share
    /// of equal slots); pairs further from the threshold err less. So at most about 0.1% of
    /// true pairs near the threshold can be lost (or wrongly kept) by the estimate alone.
    public static let exactMarginErrors = 3.0
    /// One-sided normal tail beyond ``exactMarginErrors``: `P(Z > 3) ≈ 0.00135`.
    public static var wrongSideBeyondMargin: Double { 0.5 * erfc(exactMarginErrors / 2.0.squareRoot()) }
    /// The similarity the LSH S-curve was shaped for: ``threshold``, or lower when
    /// ``containment`` is set (a copy with half the text has Jaccard `c / (3 − c)`).
    public var candidateThreshold: Double

    /// Checks the values and derives `bands`/`rows` when not given.
    ///
    /// - Throws: ``DedupParameterError`` naming the bad value and its valid range.
    public init(
        threshold: Double = 0.8, ngram: Int = 5, permutations: Int = 128, bands: Int? = nil,
        rows: Int? = nil, containment: Double? = nil, keep: Keep = .earliest,
        scheme: MinHasher.Scheme = .onePermutation, verification: Verification = .estimate
    ) throws {
        try Self.check(threshold: threshold, ngram: ngram, permutations: permutations, containment: containment)
        self.threshold = threshold
        self.ngram = ngram
        self.permutations = (permutations + 15) / 16 * 16
        self.containment = containment
        self.keep = keep
        self.scheme = scheme
        self.verification = verification
        candidateThreshold = containment.map { min(threshold, $0 / (3 - $0)) } ?? threshold
        (self.bands, self.rows) = Self.banding(
            bands: bands, rows: rows, permutations: self.permutations, threshold: candidateThreshold)
        guard self.bands >= 1, self.rows >= 1, self.bands * self.rows <= self.permutations else {
            throw DedupParameterError(
                "--bands × --rows must be at most --permutations (\(self.permutations)), got \(self.bands) × \(self.rows)")
        }
    }

    /// The interval of a share as the messages write it: above 0, at most 1.
    private static let shareInterval = "(0, 1]"

    /// Throws when a value given to ``init(threshold:ngram:permutations:bands:rows:containment:keep:scheme:verification:)``
    /// is out of its range.
    private static func check(threshold: Double, ngram: Int, permutations: Int, containment: Double?) throws {
        guard threshold > 0, threshold <= 1 else {
            throw DedupParameterError("--threshold must be in \(shareInterval), got \(threshold)")
        }
        guard (1...32).contains(ngram) else {
            throw DedupParameterError("--ngram must be 1...32 words, got \(ngram)")
        }
        guard (16...4096).contains(permutations) else {
            throw DedupParameterError("--permutations must be 16...4096, got \(permutations)")
        }
        if let c = containment, !(c > 0 && c <= 1) {
            throw DedupParameterError("--containment must be in \(shareInterval), got \(c)")
        }
    }

    /// The LSH shape: `bands` and `rows` as given, the one missing filling the `permutations`,
    /// or both picked for `threshold` (``Banding/optimal(threshold:permutations:)``).
    private static func banding(bands: Int?, rows: Int?, permutations: Int, threshold: Double) -> (bands: Int, rows: Int) {
        switch (bands, rows) {
        case let (b?, r?): return (b, r)
        case let (b?, nil): return (b, permutations / max(1, b))
        case let (nil, r?): return (permutations / max(1, r), r)
        case (nil, nil): return Banding.optimal(threshold: threshold, permutations: permutations)
        }
    }

    /// The copy groups the story and provenance views reason about: Jaccard ≥ 0.8 *or* at
    /// least 80% of the smaller text found in the larger, so that an edited or cut copy (a
    /// syndicated version with British spellings, a copy that dropped the last paragraphs)
    /// stays with its original. Slower than the defaults (the LSH shape admits pairs down to
    /// Jaccard ≈ 0.36 for verification).
    public static var storyView: DedupParameters {
        // Valid constants: cannot throw.
        try! DedupParameters(threshold: 0.8, containment: 0.8)
    }

    /// Probability that a pair of this Jaccard becomes a candidate (before verification).
    public func candidateProbability(_ similarity: Double) -> Double {
        Banding.candidateProbability(similarity: similarity, bands: bands, rows: rows)
    }

    /// A human explanation of the LSH trade-off: the S-curve and its error areas.
    public func explain() -> String {
        let (fp, fn) = Banding.errorAreas(threshold: candidateThreshold, bands: bands, rows: rows)
        let knee = pow(1 / Double(bands), 1 / Double(rows))
        var lines = [
            "threshold \(fmt(threshold)) on word \(ngram)-gram shingles, MinHash \(scheme.rawValue), \(permutations) slots",
            "LSH: \(bands) bands × \(rows) rows (\(bands * rows) of \(permutations) slots); S-curve knee (1/b)^(1/r) = \(fmt(knee))",
            "false-positive area below \(fmt(candidateThreshold)): \(fmt(fp, 5)) (candidates that verification rejects: time only)",
            "false-negative area above \(fmt(candidateThreshold)): \(fmt(fn, 5)) (pairs never compared: lost recall)",
            "P(candidate | Jaccard s):",
        ]
        for s in [0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95] {
            lines.append("  s = \(fmt(s)): \(fmt(candidateProbability(s), 5))")
        }
        let sd = (threshold * (1 - threshold) / Double(permutations)).squareRoot()
        lines.append(
            "verification: estimated Jaccard ≥ \(fmt(threshold)), standard error ±\(fmt(sd, 3)) at the threshold"
        )
        if verification == .exact {
            lines.append(
                "  estimates within ±\(fmt(exactMargin, 3)) (\(fmt(Self.exactMarginErrors, 0)) standard errors) of the threshold: exact Jaccard of the shingle sets")
            lines.append(
                "  outside that band the estimate decides; a pair whose true Jaccard is at the threshold lands outside on the wrong side with probability \(fmt(Self.wrongSideBeyondMargin, 5))")
        }
        if let c = containment {
            lines.append("or containment of the smaller document ≥ \(fmt(c))")
        }
        lines.append("representative: \(keep.rawValue)")
        return lines.joined(separator: "\n")
    }
}

/// A parameter is out of range; the message names the option and the range to use.
public struct DedupParameterError: Error, CustomStringConvertible, Equatable {
    /// What is wrong and the valid range, naming the command-line option.
    public var description: String
    /// An error with this message.
    public init(_ description: String) { self.description = description }
}

func fmt(_ x: Double, _ digits: Int = 2) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let v = (x * scale).rounded() / scale
    var s = String(v)
    if s.contains("e") { return String(x) }
    if let dot = s.firstIndex(of: ".") {
        let decimals = s.distance(from: dot, to: s.endIndex) - 1
        if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
    }
    return s
}
