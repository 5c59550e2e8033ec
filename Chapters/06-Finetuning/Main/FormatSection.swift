import Book
import Finetuning
import Foundation
import Notebook
import Pretrained

/// One example in the two common formats, then as the model trains on it:
/// which tokens the loss reads, and how many.
func formatSection(_ nb: Notebook, _ data: InstructionSplits, _ base: ShakespeareBase) throws {
    let example = data.train.first { $0.family == .countWords }!
    try nb.verbatim("alpaca") {
        "### Instruction:\n\(example.prompt)\n\n### Response:\n\(example.answer)"
    }
    try nb.verbatim("chatml") {
        base.format.prefix(example.prompt) + base.format.reply(example.answer)
    }
    // The tokens, the scored ones in brackets: what the loss sees.
    let sequence = base.format.sequence(example)
    try nb.verbatim("masked") {
        let tokens = sequence.ids + [sequence.targets.last!]  // every token of the example
        return try tokens.enumerated().map { i, id in
            let text = try base.tokenizer.decodeText([Int(id)])
                .replacingOccurrences(of: "\n", with: "⏎")
            let scored = i > 0 && sequence.targets[i - 1] != SFTSequence.ignored
            return scored ? "[\(text)]" : text
        }.joined(separator: "·")
    }
    try nb.table("masked-counts", headers: ["", "tokens"], rows: [
        ["prompt, in the chat format (not scored)", "\(sequence.ids.count + 1 - sequence.scoredCount)"],
        ["reply and end-of-turn marker (scored)", "\(sequence.scoredCount)"],
    ])
}
