import Book
import Foundation
import Model

/// A validation measurement during training.
public struct EvaluationRecord: Codable, Sendable, Equatable {
    public let step: Int
    /// Mean cross-entropy in nats per token.
    public let loss: Float
    /// The same loss in bits per byte of text: independent of the tokenizer.
    public let bitsPerByte: Float
}

// listing: evaluate
/// Validation loss over fixed windows of `data`, without gradients, and in
/// bits per byte: the nats of all predicted tokens, over ln 2 for bits,
/// over the UTF-8 bytes those tokens spell. Per token, a bigger vocabulary
/// has more to predict and a harder loss; per byte, any two tokenizers (or
/// a character model, or gzip) compare directly.
public func evaluate(_ model: some LanguageModel, on data: TokenWindows,
                     batches: Int, batch: Int, tokenBytes: [Int]) throws
    -> (loss: Float, bitsPerByte: Float)
{
    var nats = 0.0, tokens = 0, bytes = 0
    for index in 0..<batches {
        let (inputs, targets) = data.evaluationBatch(index, of: batches,
                                                     batch: batch)
        let tape = Tape()
        let logits = try model.logits(tape, ids: inputs, batch: batch)
        let loss = tape.crossEntropy(logits, targets: targets)
        nats += Double(loss.value.data[0]) * Double(targets.count)
        tokens += targets.count
        bytes += targets.reduce(0) { $0 + tokenBytes[Int($1)] }
    }
    return (Float(nats / Double(tokens)),
            Float(nats / log(2) / Double(max(bytes, 1))))
}
// end listing
