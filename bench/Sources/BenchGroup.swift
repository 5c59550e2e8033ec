import Book
import Foundation
import Notebook

/// What every benchmark row may need: how often to repeat, and the machine's
/// FMA peak (`MachinePeak`: the same number the book's chapters use).
struct BenchContext: Sendable {
    let repeats: Int
    let peak: MachinePeak
}

/// A named group of benchmark rows, written to bench/results/<name>.md.
struct BenchGroup: Sendable {
    let name: String
    let rows: @Sendable (BenchContext) throws -> [[String]]

    static let all: [BenchGroup] = [
        BenchGroup(name: "training") { try trainingRows(peak: $0.peak, repeats: $0.repeats) },
        BenchGroup(name: "forward") { modelForwardRows(repeats: $0.repeats) },
        BenchGroup(name: "gemm") { try gemmRows(peak: $0.peak, repeats: $0.repeats) },
        BenchGroup(name: "fused") { fusedRows(repeats: $0.repeats) },
        BenchGroup(name: "attention") { attentionRows(repeats: $0.repeats) },
        BenchGroup(name: "tokenizer") { tokenizerRows(repeats: $0.repeats) },
        BenchGroup(name: "pretrained") { try pretrainedRows(repeats: $0.repeats) },
        BenchGroup(name: "finetuning") { try finetuningRows(repeats: $0.repeats) },
        BenchGroup(name: "distributed") { try distributedRows(repeats: $0.repeats) },
        BenchGroup(name: "fuzz") { try fuzzRows(cases: $0.repeats < 20 ? 500 : 10_000) },
    ]

    static func resultURL(_ name: String) -> URL {
        URL(fileURLWithPath: "bench/results/\(name).md")
    }

    /// The group's table and, under it, where and when it was measured.
    static func markdown(_ rows: [[String]], machine: Machine, peak: MachinePeak) -> String {
        let table = markdownTable(headers: ["benchmark", "ours", "reference", "ratio"], rows: rows)
        return """
            \(table)

            *Measured by `make bench` at commit \(RunRecord.currentCommit()) on \
            \(Date().ISO8601Format().prefix(10)): \(machine.description); \(peak.summary).*

            """
    }

    /// bench/results.md: every group's latest results, in order.
    static func summary() -> String {
        var text = "# Benchmarks\n\nWritten by `make bench`; each section is bench/results/<group>.md.\n"
        for group in all {
            guard let section = try? String(contentsOf: resultURL(group.name), encoding: .utf8)
            else { continue }
            text += "\n## \(group.name)\n\n" + section
        }
        return text
    }
}
