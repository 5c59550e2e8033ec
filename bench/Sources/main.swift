import Book
import Foundation
import Notebook

// `make bench`: every speed claim of the book, measured side by side in one
// run. Each group of rows is written to bench/results/<group>.md, which the
// book quotes with `<!-- bench: <group> -->`, so the book and the benchmark
// show one measurement; bench/results.md collects them all.
//
//   bench [GROUP...] [--quick]      all groups, or only those named
if CommandLine.arguments.dropFirst().first == "train-step" {
    do { try trainStepMain(CommandLine.arguments) } catch { exitWithError("\(error)", status: 1) }
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "tune-step" {
    do { try tuneStepMain(CommandLine.arguments) } catch { exitWithError("\(error)", status: 1) }
    exit(0)
}
var arguments = CommandLineArguments(CommandLine.arguments, synopsis: "[GROUP...] [--quick]",
                                     help: "groups: " + BenchGroup.all.map(\.name).joined(separator: ", "))
let quick = arguments.flag("--quick")
var selected: [String] = []
while let name = try? arguments.positional("GROUP") { selected.append(name) }
do { try arguments.finish() } catch { error.reportAndExit() }
if let unknown = selected.first(where: { name in !BenchGroup.all.contains { $0.name == name } }) {
    exitWithError("no benchmark group '\(unknown)'; groups: "
                  + BenchGroup.all.map(\.name).joined(separator: ", "), status: 2)
}

let machine = Machine.current()
print("bench: \(machine.description)")
// The machine's FMA peak, measured once and shared with the book's chapters.
let peak: MachinePeak
do { peak = try MachinePeak.load(log: { print("bench: \($0)") }) } catch {
    exitWithError("\(error)", status: 1)
}
let context = BenchContext(repeats: quick ? 3 : 20, peak: peak)
for group in BenchGroup.all where selected.isEmpty || selected.contains(group.name) {
    print("bench: \(group.name)")
    do {
        let rows = try group.rows(context)
        let text = BenchGroup.markdown(rows, machine: machine, peak: context.peak)
        print(text)
        let url = BenchGroup.resultURL(group.name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try writeAtomically(Data(text.utf8), to: url)
    } catch {
        exitWithError("\(error)", status: 1)
    }
}
do {
    try writeAtomically(Data(BenchGroup.summary().utf8), to: URL(fileURLWithPath: "bench/results.md"))
} catch {
    exitWithError("\(error)", status: 1)
}
