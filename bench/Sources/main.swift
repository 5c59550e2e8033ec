import Book
import Notebook
import Foundation

// `make bench`: every speed claim of the book, measured side by side in one
// run and written as a Markdown table to bench/results.md.
if CommandLine.arguments.dropFirst().first == "train-step" {
    do { try trainStepMain(CommandLine.arguments) } catch { exitWithError("\(error)", status: 1) }
    exit(0)
}
let quick = CommandLine.arguments.contains("--quick")
let repeats = quick ? 3 : 20
print("bench: OpenBLAS kernel \(blasCoreName), \(threadCount) threads")

let peak = measurePeakGFLOPS()
var table = Table(headers: ["benchmark", "ours", "reference", "ratio"])
table.rows += trainingRows(peak: peak, repeats: repeats)
table.rows += modelForwardRows(repeats: repeats)
table.rows += gemmRows(peak: peak, repeats: repeats)
table.rows += fusedRows(repeats: repeats)
table.rows += attentionRows(repeats: repeats)
table.rows += tokenizerRows(repeats: repeats)

let report = """
    # Benchmarks

    Measured by `make bench` on \(threadCount) threads, OpenBLAS kernel \
    \(blasCoreName); the peak is this machine's measured FMA throughput.

    \(table.markdown)

    """
print(report)
try report.write(toFile: "bench/results.md", atomically: true, encoding: .utf8)
