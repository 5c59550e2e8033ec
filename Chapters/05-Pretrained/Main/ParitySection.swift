import Book
import Foundation
import Model
import Notebook
import Pretrained

/// Logits against transformers: chapter 3's model with the dequantized
/// weights, and the engine in both kernel modes.
func paritySection(_ nb: Notebook, _ smol: PretrainedModel) throws {
    let cases = try Fixtures.logits()
    let reference = try LlamaModel(gguf: smol.file)
    let exact = try QuantizedLlama(gguf: smol.file, kernels: .reference)
    func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }
    var rows: [[String]] = []
    var worstReference: Float = 0
    for c in cases {
        let logits = try reference.logits(Tape(), ids: c.ids, batch: 1).value.scalars
        let chapter3 = Array(logits.suffix(reference.vocabSize))
        let engineExact = try exact.forward(c.ids, cache: exact.makeCache(capacity: c.ids.count))
        let engine = try smol.engine.forward(c.ids, cache: smol.engine.makeCache(capacity: c.ids.count))
        worstReference = max(worstReference, maxDifference(chapter3, c.logits),
                             maxDifference(engineExact, c.logits))
        // 32 greedy tokens with the cache, against transformers' own.
        var rng = RandomGenerator(seed: 0)
        let greedy = try exact.generate(
            prompt: c.ids, maxTokens: c.greedy.count, sampler: .greedy, rng: &rng,
            cache: exact.makeCache(capacity: c.ids.count + c.greedy.count + 1), stopTokens: [])
        let same = zip(greedy.tokens, c.greedy).prefix { $0 == $1 }.count
        rows.append([String(c.prompt.prefix(28)).replacingOccurrences(of: "\n", with: "\\n"),
                     "\(c.ids.count)",
                     String(format: "%.1e", maxDifference(chapter3, c.logits)),
                     String(format: "%.1e", maxDifference(engineExact, c.logits)),
                     String(format: "%.3f", maxDifference(engine, c.logits)),
                     "\(same) of \(c.greedy.count)"])
    }
    try nb.table("logit-parity", headers: [
        "prompt", "tokens", "chapter 3's model", "engine, Float32 rows",
        "engine, 8-bit activations", "greedy tokens equal (Float32 rows)"], rows: rows)
    guard worstReference < 1e-3 else {
        throw InputError("Float32 logits differ from transformers by \(worstReference) (> 1e-3)")
    }
}
