import Book
import Foundation
import Model

extension PretrainedModel {
    // listing: reply
    /// The model's reply to `prompt` (after what `cache` holds), decoded
    /// through `TextStream`: each complete piece of text goes to `onText` as
    /// it comes, which returns false to stop (the chat's Ctrl-C).
    public func reply(to prompt: [Int32], maxTokens: Int, sampler: Sampler, seed: UInt64 = 0,
                      cache: KVCache? = nil, onText: (String) -> Bool = { _ in true }) throws
        -> (text: String, result: GenerationResult)
    {
        var rng = RandomGenerator(seed: seed)
        var stream = TextStream(), text = ""
        let result = try engine.generate(
            prompt: prompt, maxTokens: maxTokens, sampler: sampler, rng: &rng,
            cache: cache ?? engine.makeCache(capacity: prompt.count + maxTokens + 1),
            stopTokens: stopTokens) { id in
                let piece = stream.push(tokenizer.tokenBytes[Int(id)])
                text += piece
                return onText(piece)
            }
        let rest = stream.finish()
        _ = onText(rest)
        return (text + rest, result)
    }
    // end listing
}
