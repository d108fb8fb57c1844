import ArgumentParser
import NewsfoldCore

/// The copy-group parameters as command-line options (`--threshold --ngram --permutations
/// --sketch --bands --rows --containment --keep`), for every command that fingerprints
/// documents the way `dedup` does.
///
/// ```swift
/// struct SignCommand: ParsableCommand {
///     @OptionGroup var dedup: DedupOptions
///     func run() throws { let p = try dedup.parameters(verification: .estimate) }
/// }
/// ```
struct DedupOptions: ParsableArguments {
    @Option(help: "Minimum estimated Jaccard similarity of shingles for two documents to be copies.")
    var threshold: Double = 0.8

    @Option(help: "Words per shingle.")
    var ngram: Int = 5

    @Option(help: "MinHash permutations (rounded up to a multiple of 16).")
    var permutations: Int = 128

    @Option(help: "MinHash scheme: one-permutation (fast, default) or permutations (k independent).")
    var sketch: String = MinHasher.Scheme.onePermutation.rawValue

    @Option(help: "LSH bands (default: derived from the threshold, see dedup --explain).")
    var bands: Int?

    @Option(help: "LSH rows per band (default: derived from the threshold).")
    var rows: Int?

    @Option(help: "Also group a document when this share of its shingles is in a larger one (e.g. 0.8).")
    var containment: Double?

    @Option(help: "Which member represents a group: earliest (published), longest, first (input order).")
    var keep: String = "earliest"

    /// The checked parameters; a bad value is a ``ValidationError`` naming the option.
    func parameters(verification: DedupParameters.Verification) throws -> DedupParameters {
        guard let keepPolicy = DedupParameters.Keep(rawValue: keep) else {
            throw ValidationError("--keep must be earliest, longest or first, got \(keep)")
        }
        guard let scheme = MinHasher.Scheme(rawValue: sketch) else {
            throw ValidationError("--sketch must be one-permutation or permutations, got \(sketch)")
        }
        do {
            return try DedupParameters(
                threshold: threshold, ngram: ngram, permutations: permutations, bands: bands, rows: rows,
                containment: containment, keep: keepPolicy, scheme: scheme, verification: verification)
        } catch let e as DedupParameterError {
            throw ValidationError(e.description)
        }
    }
}

/// `--verify exact|estimate`.
extension DedupParameters.Verification: ExpressibleByArgument {}
