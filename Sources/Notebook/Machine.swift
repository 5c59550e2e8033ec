import Book
import Foundation

/// The machine a run or a benchmark measured on, as the book states it under
/// every chapter's title and every benchmark table: speeds mean little without it.
public struct Machine: Codable, Equatable, Sendable {
    /// The CPU's model name, as /proc/cpuinfo gives it.
    public var cpu: String
    /// The threads the kernels split work across (`threadCount`).
    public var threads: Int
    /// The kernel OpenBLAS picked for this CPU (or `OPENBLAS_CORETYPE`).
    public var blasKernel: String
    /// The generic kernel OpenBLAS would have picked, when `make` chose
    /// `blasKernel` instead (scripts/blas-coretype.sh), else nil.
    public var blasFallback: String?

    public init(cpu: String, threads: Int, blasKernel: String, blasFallback: String? = nil) {
        (self.cpu, self.threads, self.blasKernel) = (cpu, threads, blasKernel)
        self.blasFallback = blasFallback
    }

    /// This machine, now.
    public static func current() -> Machine {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { String($0.trimmingCharacters(in: .whitespaces)) } ?? "unknown CPU"
        let fallback = ProcessInfo.processInfo.environment["BOOK_BLAS_FALLBACK"]
        return Machine(cpu: model, threads: threadCount, blasKernel: blasCoreName,
                       blasFallback: fallback.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// "Intel(R) Xeon(R) Processor, 2 threads, OpenBLAS kernel SkylakeX"
    /// (and, when `make` chose it, "instead of its fallback Prescott").
    public var description: String {
        "\(cpu), \(threads) threads, OpenBLAS kernel \(blasKernel)"
            + (blasFallback.map { " (chosen by make; OpenBLAS would fall back to \($0))" } ?? "")
    }
}
