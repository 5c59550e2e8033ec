import Book
import Foundation

/// A text's perplexity, scored as llama.cpp's `llama-perplexity -c N` does
/// it, so that the two print comparable numbers.
public struct PerplexityResult: Sendable {
    public let windows: Int, scoredTokens: Int
    /// Mean negative log-likelihood per scored token, in nats.
    public let meanLoss: Double
    public var perplexity: Double { exp(meanLoss) }
}

extension QuantizedLlama {
    // listing: perplexity
    /// Cuts `tokens` into non-overlapping windows of `context` tokens and
    /// runs each from an empty cache; each window scores only its second
    /// half, so that every scored token sees at least context / 2 before it.
    public func perplexity(of tokens: [Int32], context: Int,
                           onWindow: (Int, PerplexityResult) -> Void = { _, _ in })
        throws -> PerplexityResult
    {
        guard context >= 4, context <= config.contextLength else {
            throw InputError("context \(context) must be 4 to \(config.contextLength)")
        }
        guard tokens.count >= 2 * context else {
            throw InputError("the text has \(tokens.count) tokens; perplexity with "
                + "context \(context) needs at least \(2 * context)")
        }
        var loss = 0.0, scored = 0
        var result = PerplexityResult(windows: 0, scoredTokens: 0, meanLoss: 0)
        for w in 0..<tokens.count / context {
            let window = Array(tokens[w * context..<(w + 1) * context])
            let logits = try forward(window, cache: makeCache(capacity: context),
                                     allLogits: true)        // [context, vocab]
            for t in context / 2..<context - 1 {
                let row = logits[t * config.vocabSize..<(t + 1) * config.vocabSize]
                loss += negativeLogLikelihood(row, target: Int(window[t + 1]))
                scored += 1
            }
            result = PerplexityResult(windows: w + 1, scoredTokens: scored,
                                      meanLoss: loss / Double(scored))
            onWindow(w + 1, result)
        }
        return result
    }
    // end listing
}

/// −log softmax(logits)[target], in Double: log Σ exp(l − max) − (l_target − max).
func negativeLogLikelihood(_ logits: ArraySlice<Float>, target: Int) -> Double {
    let top = Double(logits.max()!)
    let total = logits.reduce(0.0) { $0 + exp(Double($1) - top) }
    return log(total) - (Double(logits[logits.startIndex + target]) - top)
}
