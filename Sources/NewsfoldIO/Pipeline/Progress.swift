#if canImport(Glibc)
    import Glibc
#endif

/// The progress line a batch command redraws on standard error while it reads:
///
/// ```text
/// 41,216 records · 163.2 MB · 31.4 MB/s · 7,930 records/s · 38% · ETA 8s
/// ```
///
/// It is drawn only on a terminal, at most ``minimumInterval`` apart, with `\r` (no scrolling),
/// and cleared by ``finish()``. Rates count what this run read (a resumed run starts its own
/// clock); percent and ETA compare the input bytes read (compressed bytes for gzip) with the
/// total size of the input files, and are left out when that size is unknown (standard input).
///
/// ```swift
/// let meter = ProgressMeter.standardError(totalBytes: reader.inventory().totalBytes, quiet: options.quiet)
/// try pipeline.run(progress: meter, consume: { ... })   // the pipeline updates and clears it
/// ```
public final class ProgressMeter {
    /// Seconds between two redraws (at most 4 a second).
    public static let minimumInterval = 0.25

    private let totalBytes: Int?
    private let enabled: Bool
    private let write: (String) -> Void
    private let clock: () -> Double
    private let started: Double
    private var lastDraw: Double
    private var startRecords = 0
    private var startBytes = 0
    private var drawn = false

    /// - Parameters:
    ///   - isTerminal: whether the output is a terminal; nothing is ever written when not.
    ///   - write: where the line goes (standard error by default).
    ///   - clock: seconds on a monotonic clock (a fake one in tests).
    public init(
        totalBytes: Int?, isTerminal: Bool, quiet: Bool = false,
        write: @escaping (String) -> Void = ProgressMeter.writeStandardError,
        clock: @escaping () -> Double = ProgressMeter.monotonicSeconds
    ) {
        self.totalBytes = totalBytes
        self.enabled = isTerminal && !quiet
        self.write = write
        self.clock = clock
        self.started = clock()
        self.lastDraw = started
    }

    /// A meter on standard error, drawn when it is a terminal and not `quiet`.
    public static func standardError(totalBytes: Int?, quiet: Bool) -> ProgressMeter {
        ProgressMeter(totalBytes: totalBytes, isTerminal: isatty(2) == 1, quiet: quiet)
    }

    /// Records and input bytes read so far (counted from the start of the input); redraws when
    /// the last draw is at least ``minimumInterval`` old.
    public func update(records: Int, inputBytes: Int) {
        guard enabled else { return }
        let now = clock()
        guard now - lastDraw >= ProgressMeter.minimumInterval else { return }
        lastDraw = now
        let line = ProgressMeter.render(
            records: records, inputBytes: inputBytes, totalBytes: totalBytes,
            recordsThisRun: records - startRecords, bytesThisRun: inputBytes - startBytes,
            seconds: now - started)
        write("\r" + line + "\u{1B}[K")
        drawn = true
    }

    /// A stage after reading (e.g. clustering), over a known number of items: redraws, as
    /// ``update(records:inputBytes:)`` does, a line like
    /// `clustering 120,000 of 1,000,014 articles · 12% · ETA 3m05s`. Rates and ETA count from the
    /// first update of each stage.
    public func update(stage: String, done: Int, total: Int, unit: String) {
        guard enabled else { return }
        let now = clock()
        if stage != stageName {
            stageName = stage
            stageStarted = now
        }
        guard now - lastDraw >= ProgressMeter.minimumInterval else { return }
        lastDraw = now
        write("\r" + ProgressMeter.render(stage: stage, done: done, total: total, unit: unit, seconds: now - stageStarted) + "\u{1B}[K")
        drawn = true
    }

    private var stageName = ""
    private var stageStarted = 0.0

    /// Where a resumed run starts: rates count only what is read after it.
    public func resumed(atRecords records: Int, inputBytes: Int) {
        startRecords = records
        startBytes = inputBytes
    }

    /// Clears the line (if one was drawn).
    public func finish() {
        guard drawn else { return }
        write("\r\u{1B}[K")
        drawn = false
    }

    // MARK: pure formatting

    /// The line, without `\r`.
    public static func render(
        records: Int, inputBytes: Int, totalBytes: Int?, recordsThisRun: Int, bytesThisRun: Int, seconds: Double
    ) -> String {
        var parts = ["\(grouped(records)) records", megabytes(inputBytes)]
        if seconds > 0 {
            parts.append(megabytes(Int(Double(bytesThisRun) / seconds)) + "/s")
            parts.append("\(grouped(Int(Double(recordsThisRun) / seconds))) records/s")
        }
        if let totalBytes, totalBytes > 0 {
            let share = min(1, Double(inputBytes) / Double(totalBytes))
            parts.append("\(Int(share * 100))%")
            if let eta = eta(doneBytes: bytesThisRun, leftBytes: totalBytes - inputBytes, seconds: seconds) {
                parts.append("ETA " + duration(eta))
            }
        }
        return parts.joined(separator: " · ")
    }

    /// The line of a later stage, without `\r`.
    public static func render(stage: String, done: Int, total: Int, unit: String, seconds: Double) -> String {
        var parts = ["\(stage) \(grouped(done)) of \(grouped(total)) \(unit)"]
        if total > 0 {
            parts.append("\(Int(min(1, Double(done) / Double(total)) * 100))%")
            if let eta = eta(doneBytes: done, leftBytes: total - done, seconds: seconds) {
                parts.append("ETA " + duration(eta))
            }
        }
        return parts.joined(separator: " · ")
    }

    /// Seconds left at the rate so far: `leftBytes / (doneBytes / seconds)`; `nil` before
    /// anything is read.
    public static func eta(doneBytes: Int, leftBytes: Int, seconds: Double) -> Double? {
        guard doneBytes > 0, seconds > 0 else { return nil }
        return Double(max(0, leftBytes)) * seconds / Double(doneBytes)
    }

    /// `12,345,678`.
    public static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// `163.2 MB` (decimal megabytes, one decimal).
    public static func megabytes(_ bytes: Int) -> String {
        let tenths = (Double(bytes) / 100_000).rounded()
        return "\(Int(tenths) / 10).\(Int(tenths) % 10) MB"
    }

    /// `8s`, `3m05s`, `2h07m`.
    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + pad2(s % 60) + "s" }
        return "\(s / 3600)h" + pad2(s / 60 % 60) + "m"
    }

    private static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// Writes to file descriptor 2 at once (unbuffered).
    public static func writeStandardError(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 {
                if n < 0, errno == EINTR { continue }
                return
            }
            offset += n
        }
    }

    /// Seconds on the monotonic clock.
    public static func monotonicSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
