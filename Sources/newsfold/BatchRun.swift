import ArgumentParser
import NewsfoldCore
import NewsfoldIO

/// Options of the batch pipeline (`extract`, `dedup`, `stories`): batch size and `--resume`.
struct PipelineOptions: ParsableArguments {
    @Option(help: "Records per batch handed to the workers; at most 5 batches are in memory at once.")
    var batchSize = 512

    @Flag(
        help: """
            Checkpoint as the run goes (in OUTPUT.newsfold-resume/, next to the -o file) and, when a \
            checkpoint of the same command, arguments and input files is there, continue from it; the \
            output ends byte for byte as one uninterrupted run's. Needs -o FILE and file input.
            """)
    var resume = false

    @Option(help: "With --resume: records between two checkpoints (one is also made every 10 seconds).")
    var checkpointRecords = 100_000
}

/// One run of a batch command around its ``RecordPipeline``: the input reader, the progress
/// line, the `--resume` checkpoint (what to skip, what to restore, when to save) and the summary
/// line at the end, the same for `extract`, `dedup` and `stories`.
///
/// ```swift
/// let run = try BatchRun(command: "extract", common: common, pipeline: pipeline, paths: paths)
/// let out = try run.openOutput()
/// var summary = run.summary
/// try pipeline.run(from: run.start, progress: run.progress, consume: { ... }, afterBatch: { position in
///     try run.afterBatch(position, summary: summary, flush: { try out.flush() })
/// })
/// try out.close()
/// try run.finish(summary)
/// ```
final class BatchRun {
    let command: String
    let common: CommonOptions
    /// The pipeline limits of `--workers` and `--batch-size`.
    let limits: PipelineLimits
    /// The input, as every stage of the command reads it.
    let reader: InputReader
    /// The input files with sizes and modification times.
    let stamps: [InputFileStamp]
    let progress: ProgressMeter
    /// The checkpoint when `--resume` is on.
    let checkpoint: ResumeCheckpoint?
    /// The checkpoint this run resumes from, if any.
    let resumed: ResumeState?
    /// The command-line identity checked on resume.
    let arguments: [String]
    let err = OutputSink.standardError()
    private let clock = ContinuousClock.now
    /// Data files the command keeps in the checkpoint folder (committed with each checkpoint).
    var dataFiles: [String] = []
    /// Extra counters the command saves in each checkpoint.
    var extraCounts: () -> [String: Int] = { [:] }

    init(command: String, common: CommonOptions, pipeline options: PipelineOptions, paths: [String]) throws {
        let resume = options.resume
        self.command = command
        self.common = common
        limits = PipelineLimits(workers: common.workers, batchRecords: options.batchSize)
        let paths = paths.isEmpty ? ["-"] : paths
        reader = InputReader(paths: paths, maxPageBytes: common.maxPageBytes)
        if let conflict = reader.conflict(withOutput: common.output) { throw ValidationError(conflict) }
        stamps = reader.stamps()
        arguments = ResumeCheckpoint.identity(of: CommandLine.arguments)
        var resumed: ResumeState?
        let err = OutputSink.standardError()
        if resume {
            guard let output = common.output, output != "-" else {
                throw ValidationError(
                    "--resume needs -o FILE: the checkpoint lives next to the output file, and standard output cannot be rewound")
            }
            guard !paths.contains("-") else {
                throw ValidationError("--resume cannot re-read standard input; give the input as files")
            }
            let checkpoint = ResumeCheckpoint(output: output)
            checkpoint.everyRecords = max(1, options.checkpointRecords)
            if let state = try checkpoint.load() {
                try checkpoint.check(state, command: command, arguments: arguments, inputs: stamps)
                try checkpoint.rewind(to: state)
                resumed = state
                err.write(
                    "newsfold \(command): resuming after record \(state.position.ordinal) (checkpoint in \(checkpoint.directory))\n")
            } else {
                try checkpoint.start()
                err.write("newsfold \(command): no checkpoint in \(checkpoint.directory); starting from the beginning\n")
            }
            try err.flush()
            self.checkpoint = checkpoint
        } else {
            checkpoint = nil
        }
        self.resumed = resumed
        progress = ProgressMeter.standardError(totalBytes: stamps.totalBytes, quiet: common.quiet)
        if let resumed {
            progress.resumed(atRecords: resumed.position.ordinal, inputBytes: resumed.position.inputBytes)
        }
    }

    /// Where the pipeline starts: `nil` (the beginning) or the checkpoint's position.
    var start: InputPosition? { resumed?.position }

    /// A counter saved by the checkpoint resumed from (0 when not resuming).
    func restored(_ name: String) -> Int { resumed?.counts[name] ?? 0 }

    /// The summary so far: zero, or the counts of the run resumed.
    var summary: RunSummary {
        var s = RunSummary(command: command)
        s.records = restored("records")
        s.articles = restored("articles")
        s.errors = restored("errors")
        s.withoutText = restored("withoutText")
        return s
    }

    /// The `-o` file (or standard output): created afresh, or reopened after its committed bytes
    /// when resuming.
    func openOutput() throws -> OutputSink {
        if let resumed, let output = common.output {
            return try OutputSink(resuming: output, at: resumed.outputBytes)
        }
        return try OutputSink(path: common.output)
    }

    /// The path of a data file in the checkpoint folder (only with `--resume`).
    func dataPath(_ name: String) -> String? { checkpoint?.path(name) }

    /// Reports one record's error on stderr (clearing the progress line first).
    func report(_ message: String) throws {
        progress.finish()
        err.write("newsfold \(command): \(message)\n")
        try err.flush()
    }

    /// Warnings on records read all the same, as this run has printed and counted them.
    private var warnings = RecordWarnings()

    /// Reports a warning on a record that was read all the same (`line`: `path:3: warning: ...`;
    /// a date that could not be read, see ``JSONDate``): the first ``RecordWarnings/shown`` of a
    /// run on stderr, the others counted and said in one line by ``finish(_:)``.
    func warn(_ line: String) throws {
        if warnings.take() { try report(line) }
    }

    /// Counts and reports a failed record (a page without body is also counted without text).
    func fail(_ error: RecordError, _ summary: inout RunSummary) throws {
        summary.errors += 1
        if error.article != nil { summary.withoutText += 1 }
        try report("\(error)")
    }

    /// After each batch: saves a checkpoint when one is due (`flush` writes what is buffered).
    func afterBatch(_ position: InputPosition, summary: RunSummary, flush: () throws -> Void) throws {
        guard let checkpoint else { return }
        try checkpoint.afterBatch(position, flush: flush) { state(position, summary) }
    }

    /// Saves a checkpoint now (with `--resume`).
    func commit(_ position: InputPosition, summary: RunSummary, flush: () throws -> Void) throws {
        try checkpoint?.commit(flush: flush, state: state(position, summary))
    }

    private func state(_ position: InputPosition, _ summary: RunSummary) -> ResumeState {
        var state = ResumeState(command: command, arguments: arguments, inputs: stamps, position: position)
        state.counts = [
            "records": summary.records, "articles": summary.articles, "errors": summary.errors,
            "withoutText": summary.withoutText,
        ]
        state.counts.merge(extraCounts()) { $1 }
        for name in dataFiles { state.files[name] = 0 }  // lengths measured after the flush
        return state
    }

    /// The run is complete: deletes the checkpoint and prints the summary line (unless `--quiet`).
    func finish(_ summary: RunSummary) throws {
        checkpoint?.remove()
        progress.finish()
        if let more = warnings.closingLine { err.write("newsfold \(command): \(more)\n") }
        guard !common.quiet else { return }
        var summary = summary
        summary.seconds = (ContinuousClock.now - clock).seconds
        err.write(summary.line + "\n")
        try err.flush()
    }
}

/// Warnings on records read all the same (a date that could not be read): a run prints the
/// first ``shown`` and counts the others, so that a million records with the same fault give
/// twenty lines and a count, not a million lines.
///
/// ```swift
/// var warnings = RecordWarnings()
/// if warnings.take() { err.write("newsfold sign: in.jsonl:3: warning: ...\n") }
/// if let more = warnings.closingLine { err.write("newsfold sign: \(more)\n") }
/// ```
struct RecordWarnings {
    /// Warnings printed in a run; the rest are counted.
    static let shown = 20
    private var printed = 0, held = 0

    /// Whether the next warning is to be printed (else it is counted).
    mutating func take() -> Bool {
        guard printed < Self.shown else {
            held += 1
            return false
        }
        printed += 1
        return true
    }

    /// The line that says how many were not printed, or `nil` when all were.
    var closingLine: String? { held > 0 ? "\(held) more record warnings like those above, not shown" : nil }
}
