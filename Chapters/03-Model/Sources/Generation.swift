import Book
import Foundation

// listing: generate
/// Continues `prompt` by `count` tokens, one at a time: run the model on the
/// context so far, take the last position's logits, pick the next token.
/// Temperature 0 picks the most likely token (greedy); otherwise tokens are
/// drawn from softmax(logits / temperature), seeded by `rng`. (Chapter 5
/// keeps a KV cache so each step does not redo the whole context.)
public func generate(_ model: some LanguageModel, prompt: [Int32], count: Int,
                     contextLength: Int, temperature: Float = 0,
                     rng: inout RandomGenerator) throws -> [Int32] {
    var tokens = prompt
    for _ in 0..<count {
        let context = Array(tokens.suffix(contextLength))
        let tape = Tape()
        let logits = try model.logits(tape, ids: context, batch: 1)
        let vocab = logits.shape.last!
        let last = Array(logits.value.buffer.suffix(vocab))
        let next = nextToken(last, temperature: temperature, rng: &rng)
        tokens.append(Int32(next))
    }
    return tokens
}

/// The argmax of `logits`, or a draw from softmax(logits / temperature).
public func nextToken(_ logits: [Float], temperature: Float,
                      rng: inout RandomGenerator) -> Int {
    let best = logits.indices.max { logits[$0] < logits[$1] }!
    guard temperature > 0 else { return best }
    let weights = logits.map { exp(Double(($0 - logits[best]) / temperature)) }
    var u = rng.uniform() * weights.reduce(0, +)
    for (i, w) in weights.enumerated() {
        u -= w
        if u < 0 { return i }
    }
    return best
}
// end listing
