import Book
import Foundation
import Model

extension PretrainedModel {
    /// Text that ends a reply when the tokenizer has no end-of-turn token
    /// but the model has a chat template: ChatML's marker, spelled out. A
    /// model tuned with chapter 1's tokenizer (chapter 6) writes it as text.
    public var stopText: String? {
        template != nil && tokenizer.specialTokens[ChatTemplate.end] == nil
            ? ChatTemplate.end : nil
    }

    // listing: reply
    /// The model's reply to `prompt` (after what `cache` holds), decoded
    /// through `TextStream`: each complete piece of text goes to `onText` as
    /// it comes, which returns false to stop (the chat's Ctrl-C). Text that
    /// might be the start of `stopText` is held back until it is not, so
    /// the marker never shows.
    public func reply(to prompt: [Int32], maxTokens: Int, sampler: Sampler, seed: UInt64 = 0,
                      cache: KVCache? = nil, onText: (String) -> Bool = { _ in true }) throws
        -> (text: String, result: GenerationResult)
    {
        var rng = RandomGenerator(seed: seed)
        var stream = TextStream(), text = "", held = "", stopped = false
        func emit(_ piece: String) -> Bool {
            held += piece
            var ready = held
            held = ""
            if let stop = stopText {
                if let end = ready.range(of: stop) {
                    ready = String(ready[..<end.lowerBound])
                    stopped = true
                } else if let start = Self.partialSuffix(of: ready, startOf: stop) {
                    held = String(ready[start...])
                    ready = String(ready[..<start])
                }
            }
            text += ready
            return (ready.isEmpty || onText(ready)) && !stopped
        }
        var result = try engine.generate(
            prompt: prompt, maxTokens: maxTokens, sampler: sampler, rng: &rng,
            cache: cache ?? engine.makeCache(capacity: prompt.count + maxTokens + 1),
            stopTokens: stopTokens) { id in emit(stream.push(tokenizer.tokenBytes[Int(id)])) }
        if stopped {
            result.stopReason = .endOfTurn
        } else {
            _ = emit(stream.finish())
            text += held  // the start of a marker that never came: text after all
            _ = onText(held)
        }
        return (text, result)
    }
    // end listing

    /// Where a suffix of `text` that begins `marker` starts, if one does.
    static func partialSuffix(of text: String, startOf marker: String) -> String.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            if marker.hasPrefix(text[index...]) { return index }
            index = text.index(after: index)
        }
        return nil
    }
}
