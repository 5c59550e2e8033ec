import Book
import Foundation
import Model
import Notebook
import Pretrained

/// A model as the evaluation talks to it: chapter 5's engine (KV cache,
/// one token at a time) and tokenizer, with the chat format it was tuned
/// with.
public struct Assistant {
    public let model: PretrainedModel
    public let format: SFTFormat

    public init(model: PretrainedModel, format: SFTFormat) {
        (self.model, self.format) = (model, format)
    }

    /// Enough for every answer in the data and its end-of-turn marker.
    public static let maxReplyTokens = 16

    /// The model's greedy reply to `prompt`, up to the end of its turn or
    /// `maxTokens` tokens. Greedy, so that an evaluation is a fixed
    /// function of the weights and repeats exactly.
    public func reply(to prompt: String, maxTokens: Int = maxReplyTokens) throws -> String {
        try model.reply(to: format.encode(format.prefix(prompt)), maxTokens: maxTokens,
                        sampler: .greedy).text
    }

    /// Replies to every example's prompt, with a progress bar.
    public func replies(to examples: [InstructionExample], label: String) throws -> [String] {
        let bar = ProgressBar(total: examples.count, label: label, unit: "prompt")
        return try examples.enumerated().map { i, example in
            defer { bar.update(completed: i + 1) }
            return try reply(to: example.prompt)
        }
    }
}
