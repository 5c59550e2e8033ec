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

    public init(cpu: String, threads: Int, blasKernel: String) {
        (self.cpu, self.threads, self.blasKernel) = (cpu, threads, blasKernel)
    }

    /// This machine, now.
    public static func current() -> Machine {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = info.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { String($0.trimmingCharacters(in: .whitespaces)) } ?? "unknown CPU"
        return Machine(cpu: model, threads: threadCount, blasKernel: blasCoreName)
    }

    /// "Intel(R) Xeon(R) Processor, 2 threads, OpenBLAS kernel SkylakeX"
    public var description: String {
        "\(cpu), \(threads) threads, OpenBLAS kernel \(blasKernel)"
    }
}
