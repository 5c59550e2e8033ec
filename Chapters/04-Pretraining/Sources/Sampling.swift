import Book
import Foundation
import Model

// listing: sampler
/// How the next token is chosen from the logits: temperature scales them
/// (0 means greedy), then top-k keeps the k likeliest tokens and top-p the
/// smallest set of likeliest tokens whose probability reaches p (nucleus
/// sampling, Holtzman et al., 2020); one is drawn from what is left.
public struct Sampler: Sendable, Equatable {
    public var temperature: Float = 1
    public var topK: Int? = nil
    public var topP: Float? = nil

    public init(temperature: Float = 1, topK: Int? = nil,
                topP: Float? = nil) {
        let problem = Sampler.problem(temperature, topK, topP)
        precondition(problem == nil, problem ?? "")
        (self.temperature, self.topK, self.topP) = (temperature, topK, topP)
    }

    public func next(_ logits: [Float], rng: inout RandomGenerator) -> Int {
        let order = logits.indices.sorted { logits[$0] > logits[$1] }
        guard temperature > 0 else { return order[0] }
        var kept = Array(order.prefix(topK ?? order.count))
        // Probabilities of the kept tokens, largest first.
        let top = Double(logits[kept[0]])
        var weights = kept.map {
            exp((Double(logits[$0]) - top) / Double(temperature))
        }
        if let topP {
            let total = weights.reduce(0, +)
            var mass = 0.0, count = 0
            while count < weights.count, mass < Double(topP) * total {
                mass += weights[count]
                count += 1
            }
            kept = Array(kept.prefix(max(count, 1)))
            weights = Array(weights.prefix(max(count, 1)))
        }
        var u = rng.uniform() * weights.reduce(0, +)
        for (token, w) in zip(kept, weights) {
            u -= w
            if u < 0 { return token }
        }
        return kept.last!
    }
}
// end listing

extension Sampler {
    /// What is wrong with these settings, if anything: for commands to
    /// check user input before making a sampler.
    public static func problem(_ temperature: Float, _ topK: Int?,
                               _ topP: Float?) -> String? {
        if !(temperature >= 0 && temperature.isFinite) {
            return "temperature \(temperature) must be 0 (greedy) or positive"
        }
        if let topK, topK < 1 { return "top-k \(topK) must be at least 1" }
        if let topP, !(topP > 0 && topP <= 1) {
            return "top-p \(topP) must be in (0, 1]"
        }
        return nil
    }
}

/// Continues `prompt` by up to `count` tokens with `sampler`, calling
/// `onToken` with each new token as soon as it is chosen (to stream it to
/// the terminal). Stops early at `stop`.
public func sample(_ model: some LanguageModel, prompt: [Int32], count: Int,
                   sampler: Sampler, rng: inout RandomGenerator, stop: Int32? = nil,
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
