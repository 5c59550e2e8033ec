import Book
import Foundation
import Model
import Pretraining

extension Trainer {
    // listing: sft-step
    /// One step of supervised fine-tuning: `batch` sequences drawn at
    /// random from `data`, padded to the longest, scored on their replies
    /// only; then the usual clipped AdamW update. Full fine-tuning and LoRA
    /// run this same step: they differ only in which weights the model
    /// hands the optimizer.
    @discardableResult
    public func trainStep(on data: [SFTSequence]) throws -> StepRecord {
        let loss = try accumulateGradients { rng in
            let batch = SFTBatch((0..<config.batch).map { _ in data[rng.int(below: data.count)] })
            return (batch.ids, batch.targets)
        }
        return try update(loss: loss)
    }
    // end listing
}

/// The mean loss per scored token over `data` (replies only, if masked),
/// in batches of `batch`, without gradients: the validation loss of
/// fine-tuning.
public func replyLoss(_ model: some LanguageModel, on data: [SFTSequence], batch: Int) throws
    -> Float
{
    var total = 0.0, counted = 0
    for start in stride(from: 0, to: data.count, by: batch) {
        let part = SFTBatch(Array(data[start..<min(start + batch, data.count)]))
        let tape = Tape()
        let logits = try model.logits(tape, ids: part.ids, batch: part.batch)
        let scored = part.targets.filter { $0 != SFTSequence.ignored }.count
        total += Double(tape.crossEntropy(logits, targets: part.targets).value.data[0])
            * Double(scored)
        counted += scored
        tape.reset()
    }
    return Float(total / Double(max(counted, 1)))
}
