// Chapter 4 — Pretraining, as a notebook.
//
//   swift run -c release ch04-pretraining [--quick]
//   swift run -c release ch04-pretraining train [--out DIR | --resume DIR]
//   swift run -c release ch04-pretraining sample --checkpoint DIR --prompt TEXT
import Book
import Notebook
import Foundation

if runPretrainingCommand(CommandLine.arguments) { exit(0) }

Notebook.run(chapter: "04") { nb in
    let training = try chapterTraining(quick: nb.isQuick)
    let corpus = try Corpus(context: training.context)
    try dataSection(nb, corpus, training)
    let run = try mainRun(nb, corpus, training)
    try ablations(nb, corpus)
    try sizeSweep(nb, corpus, mainRun: run)
}
