import Book
import Notebook
import Foundation
import Model

/// The data a run reads: training and validation windows, and how many
/// bytes of text each token id spells (for bits per byte).
public struct TrainingData: Sendable {
    public let train: TokenWindows, validation: TokenWindows
    public let tokenBytes: [Int]

    public init(train: TokenWindows, validation: TokenWindows, tokenBytes: [Int]) {
        (self.train, self.validation, self.tokenBytes) = (train, validation, tokenBytes)
    }
}

extension Trainer {
    // listing: training-loop
    /// Trains from the current step to `config.steps`: a validation loss
    /// every `evalEvery` steps (and before the first), `checkpoint` every
    /// `checkpointEvery` steps and at the end, a progress bar with the loss,
    /// tokens per second and the time left. Returns the seconds spent in
    /// training steps (evaluation and checkpoints excluded).
    @discardableResult
    public func run(on data: TrainingData, label: String,
                    checkpoint: ((Trainer) throws -> Void)? = nil,
                    evaluated: (EvaluationRecord) throws -> Void = { _ in }) throws
        -> Double
    {
        func evaluateNow() throws {
            let (loss, bpb) = try evaluate(
                model, on: data.validation, batches: config.evalBatches,
                batch: config.batch, tokenBytes: data.tokenBytes)
            let record = EvaluationRecord(step: step, loss: loss, bitsPerByte: bpb)
            evaluations.append(record)
            try evaluated(record)
        }
        if evaluations.isEmpty { try evaluateNow() }
        let bar = ProgressBar(total: config.steps, label: label, unit: "step")
        bar.update(completed: step)
        var seconds = 0.0
        while step < config.steps {
            let clock = Stopwatch()
            let record = try trainStep(on: data.train)
            seconds += clock.seconds
            let rate = Double(config.tokensPerStep) / clock.seconds
            bar.update(completed: step, info: String(
                format: "loss %.3f  %.0f tok/s", record.loss, rate))
            if step % config.evalEvery == 0 || step == config.steps {
                try evaluateNow()
            }
            if step % config.checkpointEvery == 0 || step == config.steps {
                try checkpoint?(self)
            }
        }
        return seconds
    }
    // end listing
}
