import Book
import Foundation
import Model

/// Why generation stopped.
public enum StopReason: String, Sendable {
    /// The model wrote an end-of-turn or end-of-text token.
    case endOfTurn = "end of turn"
    /// It wrote as many tokens as asked.
    case maxTokens = "token limit"
    /// The cache holds the whole context: no position is left.
    case contextFull = "context full"
    /// The caller said stop (Ctrl-C in the chat).
    case interrupted
}

/// What a generation did, and how fast.
public struct GenerationResult: Sendable {
    public var tokens: [Int32] = []
    public var stopReason = StopReason.maxTokens
    /// Seconds reading the prompt, and producing the tokens after it.
    public var prefillSeconds = 0.0, decodeSeconds = 0.0
    public var promptTokens = 0

    public var prefillTokensPerSecond: Double { Double(promptTokens) / prefillSeconds }
    /// Decode speed: every token after the first, which the prefill yields.
    public var decodeTokensPerSecond: Double {
        Double(max(tokens.count - 1, 0)) / decodeSeconds
    }
}

extension QuantizedLlama {
    // listing: generate-cached
    /// Continues the conversation in `cache` with `prompt`: one forward
    /// pass over the whole prompt (the prefill), then one token at a time,
    /// each step reading only the new token, its keys and values added to
    /// the cache. Chapter 3's sampler picks each token; `onToken` sees it at
    /// once (to stream it) and returns false to stop.
    public func generate(prompt: [Int32], maxTokens: Int, sampler: Sampler,
                         rng: inout RandomGenerator, cache: KVCache,
                         stopTokens: Set<Int32>,
                         onToken: (Int32) -> Bool = { _ in true }) throws -> GenerationResult {
        guard cache.count + prompt.count < cache.capacity else {
            throw InputError("the prompt's \(prompt.count) tokens after the \(cache.count) "
                + "already in context leave no room in the context of \(cache.capacity)")
        }
        var result = GenerationResult(promptTokens: prompt.count)
        let prefill = Stopwatch()
        var logits = try forward(prompt, cache: cache)
        result.prefillSeconds = prefill.seconds
        let decode = Stopwatch()
        while true {
            let next = Int32(sampler.next(logits, rng: &rng))
            if stopTokens.contains(next) { result.stopReason = .endOfTurn; break }
            result.tokens.append(next)
            guard onToken(next) else { result.stopReason = .interrupted; break }
            guard result.tokens.count < maxTokens else { result.stopReason = .maxTokens; break }
            guard cache.count < cache.capacity else { result.stopReason = .contextFull; break }
            logits = try forward([next], cache: cache)
        }
        result.decodeSeconds = decode.seconds
        return result
    }
    // end listing
}
