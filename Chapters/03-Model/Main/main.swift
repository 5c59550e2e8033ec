// Chapter 3 — The model, as a notebook.
//
//   swift run -c release ch03-model [--quick]
//   swift run -c release ch03-model logits --model DIR --ids 1 2 3
import Book
import Foundation
import Model

if runModelCommand(CommandLine.arguments) { exit(0) }

Notebook.run(chapter: "03") { nb in
    let config = try ModelConfig(vocabSize: 96, contextLength: 32, width: 64,
                                 depth: 2, heads: 4, kvHeads: 2, ffnWidth: 128)
    try nb.text("parameter-count") {
        "A Llama-style model with \(config.parameterCount) parameters."
    }
}
