import Book
import Foundation
import Pretrained

/// One example as the model trains on it: token ids and, at each position,
/// the id that should come next or `ignored`.
///
///   ids: [T]   targets: [T]
public struct SFTSequence: Sendable, Equatable {
    public let ids: [Int32]
    public let targets: [Int32]

    /// The ignore index of `crossEntropy`: a position not scored.
    public static let ignored: Int32 = -100

    /// How many positions are scored.
    public var scoredCount: Int { targets.filter { $0 != Self.ignored }.count }
}

/// Turns instruction examples into training sequences: the prompt in the
/// chat format, then the answer and the end-of-turn marker.
public struct SFTFormat {
    public let template: ChatTemplate
    /// Text to ids, the chat markers as their special tokens.
    public let encode: (String) -> [Int32]

    public init(template: ChatTemplate, encode: @escaping (String) -> [Int32]) {
        (self.template, self.encode) = (template, encode)
    }

    /// The text the model reads before it answers `prompt`.
    public func prefix(_ prompt: String) -> String {
        template.prompt([ChatMessage(.user, prompt)])
    }

    /// The reply as trained on: the answer, then end of turn.
    public func reply(_ answer: String) -> String { answer + ChatTemplate.end }

    // listing: prompt-mask
    /// The example as ids and targets. Each target is the next id (the model
    /// learns to predict position t + 1 from positions 0 … t); with
    /// `maskPrompt`, targets inside the prompt are `ignored`, so the loss,
    /// and every gradient, comes from the reply alone: the model is taught
    /// to answer, not to write questions. Prompt and reply are encoded
    /// apart, as generation will see them.
    public func sequence(_ example: InstructionExample, maskPrompt: Bool = true) -> SFTSequence {
        let prompt = encode(prefix(example.prompt))
        let reply = encode(reply(example.answer))
        let all = prompt + reply                                   // [n]
        let ids = Array(all.dropLast())                            // [n − 1]
        let targets = all.indices.dropFirst().map { next in        // [n − 1]
            maskPrompt && next < prompt.count ? SFTSequence.ignored : all[next]
        }
        return SFTSequence(ids: ids, targets: targets)
    }
    // end listing
}

/// Sequences of different lengths as one [batch, T] block: each padded at
/// the end to the longest, with `ignored` targets. Causal attention means
/// no real token attends to the padding after it, so padding changes no
/// real position's logits.
public struct SFTBatch: Sendable, Equatable {
    public let ids: [Int32], targets: [Int32]
    public let batch: Int, length: Int

    public init(_ sequences: [SFTSequence], padID: Int32 = 0) {
        let length = sequences.map(\.ids.count).max() ?? 0
        var ids: [Int32] = [], targets: [Int32] = []
        for s in sequences {
            let pad = length - s.ids.count
            ids += s.ids + [Int32](repeating: padID, count: pad)
            targets += s.targets + [Int32](repeating: SFTSequence.ignored, count: pad)
        }
        (self.ids, self.targets, self.batch, self.length) = (ids, targets, sequences.count, length)
    }
}
