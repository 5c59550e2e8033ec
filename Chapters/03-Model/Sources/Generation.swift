import Book
import Foundation

// listing: generate
/// Continues `prompt` by up to `count` tokens, one at a time: run the model
/// on the context so far (its last `contextLength` tokens), take the last
/// position's logits, let `sampler` pick the next token. `onToken` sees
/// each token as soon as it is picked, to stream it; `stop` ends early.
/// (Chapter 5 keeps a KV cache so each step does not redo the context.)
public func generate(_ model: some LanguageModel, prompt: [Int32], count: Int,
                     sampler: Sampler, rng: inout RandomGenerator,
                     stop: Int32? = nil,
                     onToken: (Int32) -> Void = { _ in }) throws -> [Int32] {
    var tokens = prompt
    for _ in 0..<count {
        let context = Array(tokens.suffix(model.contextLength))
        let logits = try model.logits(Tape(), ids: context, batch: 1)
        let last = Array(logits.value.buffer.suffix(model.vocabSize))
        let next = Int32(sampler.next(last, rng: &rng))
        if next == stop { break }
        tokens.append(next)
        onToken(next)
    }
    return tokens
}
// end listing

/// How the next token is chosen from the logits: the likeliest (greedy, at
/// temperature 0), or a draw from softmax(logits / temperature), perhaps
/// restricted to the k likeliest tokens (top-k) or to the fewest likeliest
/// tokens whose probability reaches p (top-p). Chapter 4 explains the last two.
public struct Sampler: Sendable, Equatable {
    public let temperature: Float
    public let topK: Int?
    public let topP: Float?

    /// Throws an `InputError` for settings that cannot work.
    public init(temperature: Float = 1, topK: Int? = nil, topP: Float? = nil) throws {
        guard temperature >= 0, temperature.isFinite else {
            throw InputError("temperature \(temperature) must be 0 (greedy) or positive")
        }
        if let topK, topK < 1 { throw InputError("top-k \(topK) must be at least 1") }
        if let topP, !(topP > 0 && topP <= 1) {
            throw InputError("top-p \(topP) must be in (0, 1]")
        }
        (self.temperature, self.topK, self.topP) = (temperature, topK, topP)
    }

    /// The greedy choice.
    public static let greedy = try! Sampler(temperature: 0)

    // listing: sampler-next
    /// The index of the next token.
    public func next(_ logits: [Float], rng: inout RandomGenerator) -> Int {
        let best = logits.indices.max { logits[$0] < logits[$1] }!
        guard temperature > 0 else { return best }
        let tokens = candidates(logits)
        // exp((logit − best) / T): proportional to softmax(logits / T).
        let weights = tokens.map {
            exp(Double(logits[$0] - logits[best]) / Double(temperature))
        }
        var u = rng.uniform() * weights.reduce(0, +)
        for (token, weight) in zip(tokens, weights) {
            u -= weight
            if u < 0 { return token }
        }
        return best
    }
    // end listing

    // listing: top-k-top-p
    /// The tokens a draw may pick: all of them, or the k likeliest (top-k),
    /// then the fewest likeliest whose probability reaches p (top-p, the
    /// nucleus: Holtzman et al., 2020). Largest first when filtered.
    public func candidates(_ logits: [Float]) -> [Int] {
        guard topK != nil || topP != nil else { return Array(logits.indices) }
        var kept = Array(logits.indices.sorted { logits[$0] > logits[$1] }
            .prefix(topK ?? logits.count))
        if let topP {
            let top = Double(logits[kept[0]]), t = Double(temperature)
            let weights = kept.map { exp((Double(logits[$0]) - top) / t) }
            let total = weights.reduce(0, +)
            var mass = 0.0, count = 0
            while count < kept.count, mass < Double(topP) * total {
                mass += weights[count]
                count += 1
            }
            kept = Array(kept.prefix(max(count, 1)))
        }
        return kept
    }
    // end listing
}
