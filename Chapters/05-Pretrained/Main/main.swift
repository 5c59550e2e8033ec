// Chapter 5 — Pretrained weights, as a notebook.
//
//   swift run -c release ch05-pretrained [--quick]
//   swift run -c release ch05-pretrained chat [--model FILE]
//   swift run -c release ch05-pretrained generate --prompt "…" [--max-tokens N]
//   swift run -c release ch05-pretrained perplexity --text FILE --ctx N
import Book
import Foundation
import Notebook
import Pretrained

if runPretrainedCommand(CommandLine.arguments) { exit(0) }

Notebook.run(chapter: "05") { nb in
    let smol = try PretrainedModel(contentsOf: PretrainedPaths.smolLM2)
    try fileSection(nb, smol)
    try tokenizerSection(nb, smol)
    try paritySection(nb, smol)
    try quantizationSection(nb, smol)
    try cacheSection(nb, smol)
    try assistantSection(nb, smol)
    try speedSection(nb, smol)
    try exportSection(nb)
}
