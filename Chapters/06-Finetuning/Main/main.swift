// Chapter 6 — Supervised fine-tuning, as a notebook.
//
//   swift run -c release ch06-finetuning [--quick]
//   swift run -c release ch06-finetuning chat --adapter DIR | --checkpoint DIR
import Book
import Finetuning
import Foundation
import Notebook

if runFinetuningCommand(CommandLine.arguments) { exit(0) }

Notebook.run(chapter: "06") { nb in
    let data = try instructionData(nb)
    let shakespeare = try ShakespeareBase(nb)
    try formatSection(nb, data, shakespeare)
    let runs = try shakespeareRuns(nb, data, shakespeare)
    let smol = try smolRun(nb, data)
    try nb.table("full-vs-lora", headers: [
        "run", "trainable parameters", "memory training adds", "seconds per step",
        "test exact match",
    ], rows: (runs + [smol]).map { run, evaluation in
        [run.name, run.trainable.formatted(),
         String(format: "%.0f MB", Double(run.peakBytes) / 1e6),
         String(format: "%.2f", run.secondsPerStep), percent(evaluation.overall)]
    })
}
