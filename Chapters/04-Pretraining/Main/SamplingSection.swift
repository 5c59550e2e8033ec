import Book
import Foundation
import Model
import Notebook
import Pretraining

/// The trained model's next-token distribution after a prompt, as numbers:
/// its likeliest tokens' logits, their probabilities at three temperatures,
/// and which of them top-k and top-p keep.
func samplingOnNumbers(_ nb: Notebook, _ model: LlamaModel, _ corpus: Corpus) throws {
    let prompt = "KING HENRY.\nWhat"
    let ids = corpus.tokenizer.encodeOrdinary(prompt).map(Int32.init)
    let logits = try model.logits(Tape(), ids: ids, batch: 1)
    let last = Array(logits.value.buffer.suffix(model.vocabSize))
    let temperatures: [Float] = [1, 0.7, 1.5]
    /// softmax(logits / T) over the whole vocabulary.
    func probabilities(_ t: Float) -> [Double] {
        let top = Double(last.max()!)
        let weights = last.map { exp((Double($0) - top) / Double(t)) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }
    let p = temperatures.map(probabilities)
    let (topK, topP): (Int, Float) = (3, 0.9)
    let keptK = Set(try Sampler(temperature: 1, topK: topK).candidates(last))
    let keptP = Set(try Sampler(temperature: 1, topP: topP).candidates(last))
    let order = last.indices.sorted { last[$0] > last[$1] }
    let shown = order.prefix(8)
    func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
    try nb.table("next-token", headers: [
        "next token", "logit"] + temperatures.map { "p, T = \($0)" }
        + ["top-k \(topK)", "top-p \(topP)"],
        rows: shown.map { id in
            let token = String(decoding: corpus.tokenizer.bytes(of: id), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: "\\n")
            return ["`\(token)`", String(format: "%.2f", last[id])]
                + p.map { percent($0[id]) }
                + [keptK.contains(id) ? "kept" : "", keptP.contains(id) ? "kept" : ""]
        } + [["all the others (\((last.count - shown.count).formatted()))", ""]
             + p.map { probability in percent(1 - shown.reduce(0) { $0 + probability[$1] }) }
             + ["", "\(keptP.subtracting(shown).count) more"]])
    try nb.text("next-token-prompt") {
        "After the prompt `\(prompt.replacingOccurrences(of: "\n", with: "\\n"))`, "
            + "top-k \(topK) keeps \(keptK.count) tokens and top-p \(topP) keeps "
            + "\(keptP.count) (at T = 1)."
    }
}

/// Evaluation by generation: several prompts, each continued with two seeds,
/// with the chapter's sampling settings.
func generations(_ nb: Notebook, _ model: LlamaModel, _ corpus: Corpus) throws {
    let prompts = ["ROMEO.\n", "QUEEN ELIZABETH.\nMy lord,", "First Citizen.\n"]
    let seeds: [UInt64] = [1, 2]
    let count = nb.isQuick ? 16 : 48
    var texts: [String] = []
    for prompt in prompts {
        for seed in seeds {
            var rng = RandomGenerator(seed: seed)
            let ids = try generate(model, prompt: corpus.tokenizer.encodeOrdinary(prompt)
                                    .map(Int32.init), count: count, sampler: sampling,
                                   rng: &rng)
            texts.append("seed \(seed):\n" + (try corpus.tokenizer.decodeText(ids.map(Int.init))))
        }
    }
    try nb.verbatim("generations") {
        "(temperature \(sampling.temperature), top-k \(sampling.topK!), "
            + "\(count) tokens each)\n\n" + texts.joined(separator: "\n\n")
    }
}
