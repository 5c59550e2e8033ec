import Book
import Foundation

/// This machine's fp32 FMA peak, the one number every speed in the book is
/// a fraction of. It is measured once per machine (`measureFMARates`, on
/// one thread and on all of them) and kept in `build/machine-peak.json`,
/// one entry per `Machine`: CPU model, thread count and OpenBLAS kernel. The
/// appendix, the chapters and `bench` all load it from there, so the same
/// machine always states the same peak; another key (another CPU,
/// `BOOK_THREADS`, `OPENBLAS_CORETYPE`) measures it again. Delete the file
/// to measure again on the same machine.
public struct MachinePeak: Codable, Equatable, Sendable {
    /// Where it was measured: the key.
    public var machine: Machine
    /// When it was measured (ISO 8601 day).
    public var date: String
    /// Every chain count and vector width tried, on each thread count.
    public var rates: [FMARate]

    public init(machine: Machine, date: String, rates: [FMARate]) {
        (self.machine, self.date, self.rates) = (machine, date, rates)
    }

    /// `build/machine-peak.json`, relative to the repository root where the
    /// notebooks and the benchmark run.
    public static let standardFile = URL(fileURLWithPath: "build/machine-peak.json")

    /// The thread counts a peak is measured for: one, and all.
    public static func threadCounts(_ machine: Machine) -> [Int] {
        machine.threads == 1 ? [1] : [1, machine.threads]
    }

    /// The peak of `machine` from `file` if it was measured on this machine,
    /// else measured now (a few seconds) and added to `file` atomically. The
    /// file keeps one peak per machine key, so runs that alternate between
    /// keys (a test run with OpenBLAS's own kernel, a book run with the one
    /// `make` chose) each reuse theirs. `log` says which, and why.
    public static func load(
        from file: URL = standardFile, machine: Machine = .current(),
        measure: (Int) -> [FMARate] = { measureFMARates(threads: $0) },
        log: (String) -> Void = { print($0) }
    ) throws -> MachinePeak {
        var saved: [MachinePeak] = []
        if FileManager.default.fileExists(atPath: file.path) {
            do {
                saved = try readJSON([MachinePeak].self, from: file)
            } catch {
                log("peak: ignoring \(error)")
            }
        }
        if let known = saved.first(where: { $0.machine == machine }), known.isComplete {
            log("peak: \(known.summary)")
            return known
        }
        log("peak: measuring the FMA peak of \(machine.description)...")
        let rates = threadCounts(machine).flatMap(measure)
        let peak = MachinePeak(machine: machine, date: String(Date().ISO8601Format().prefix(10)),
                               rates: rates)
        guard peak.isComplete else {
            throw InputError("peak: no FMA rate measured for "
                             + "\(threadCounts(machine)) threads")
        }
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try writeJSON(saved.filter { $0.machine != machine } + [peak], to: file)
        log("peak: \(peak.summary)")
        return peak
    }

    private var isComplete: Bool {
        Self.threadCounts(machine).allSatisfy { best(threads: $0) != nil }
    }

    /// The fastest variant measured on `threads` threads.
    public func best(threads: Int) -> FMARate? {
        rates.filter { $0.threads == threads && $0.gflops.isFinite }.max { $0.gflops < $1.gflops }
    }

    /// The peak on `threads` threads (1 or all), in GFLOP/s.
    public func gflops(threads: Int) throws -> Double {
        guard let best = best(threads: threads) else {
            throw InputError("no FMA peak measured for \(threads) threads; measured: "
                             + "\(Self.threadCounts(machine)) (\(Self.standardFile.relativePath))")
        }
        return best.gflops
    }

    /// `gflops` measured on `threads` threads as a fraction of the peak.
    /// A kernel faster than the peak means the peak is wrong, so that is an
    /// error naming both numbers, never a fraction above 1.
    public func fraction(_ gflops: Double, threads: Int, of what: String) throws -> Double {
        let peak = try self.gflops(threads: threads)
        guard gflops <= peak else {
            throw PeakExceeded(what: what, gflops: gflops, threads: threads, peak: peak,
                               date: date)
        }
        return gflops / peak
    }

    /// "37%": `fraction(_:threads:of:)` as a whole percentage.
    public func percent(_ gflops: Double, threads: Int, of what: String) throws -> String {
        String(format: "%.0f%%", 100 * (try fraction(gflops, threads: threads, of: what)))
    }

    /// "FMA peak 168 GFLOP/s on 1 thread, 335 GFLOP/s on 2 threads
    /// (measured 2025-12-02, build/machine-peak.json)"
    public var summary: String {
        let peaks = Self.threadCounts(machine).compactMap { threads in
            best(threads: threads).map {
                String(format: "%.0f GFLOP/s on ", $0.gflops)
                    + "\(threads) thread\(threads == 1 ? "" : "s")"
            }
        }
        return "FMA peak " + peaks.joined(separator: ", ")
            + " (measured \(date), \(Self.standardFile.relativePath))"
    }
}

/// A kernel measured faster than the FMA peak: the peak measurement is
/// wrong for this CPU (too few chains, spilled registers, a busy machine).
public struct PeakExceeded: Error, CustomStringConvertible, Equatable, Sendable {
    public var what: String
    public var gflops: Double
    public var threads: Int
    public var peak: Double
    public var date: String

    public var description: String {
        let file = MachinePeak.standardFile.relativePath
        return "\(what) ran at \(String(format: "%.1f", gflops)) GFLOP/s on \(threads) "
            + "thread\(threads == 1 ? "" : "s"), above the FMA peak of "
            + "\(String(format: "%.1f", peak)) GFLOP/s measured on \(date) (\(file)): "
            + "that peak is not an upper bound on this CPU. Delete \(file) to measure "
            + "it again; if this persists, measureFMARates misses this CPU's fastest "
            + "FMA form."
    }
}
