import Book
import Foundation

/// Every setting of a training run. A checkpoint stores it, so a resumed
/// run continues with exactly the settings it started with.
public struct TrainingConfig: Codable, Sendable, Equatable {
    /// Optimizer steps in the whole run.
    public var steps: Int
    /// Sequences per micro-batch, and micro-batches per step (gradient
    /// accumulation: a step sees batch × accumulation sequences).
    public var batch: Int, accumulation: Int = 1
    /// Tokens per sequence.
    public var context: Int
    /// Peak and final learning rate; warmup steps before the peak.
    public var maxLR: Float, minLR: Float, warmup: Int
    /// AdamW's decoupled weight decay and moment decay rates.
    public var weightDecay: Float = 0.1, beta1: Float = 0.9, beta2: Float = 0.95
    /// The global gradient norm is clipped to this.
    public var clipNorm: Float = 1
    /// Validation every `evalEvery` steps, on `evalBatches` fixed batches.
    public var evalEvery: Int, evalBatches: Int
    /// A checkpoint every `checkpointEvery` steps (and at the end).
    public var checkpointEvery: Int
    /// Seeds the weights and the order of training windows.
    public var seed: UInt64

    public init(steps: Int, batch: Int, accumulation: Int = 1, context: Int,
                maxLR: Float, minLR: Float, warmup: Int, weightDecay: Float = 0.1,
                clipNorm: Float = 1, evalEvery: Int, evalBatches: Int,
                checkpointEvery: Int, seed: UInt64) throws {
        (self.steps, self.batch, self.accumulation) = (steps, batch, accumulation)
        (self.context, self.maxLR, self.minLR) = (context, maxLR, minLR)
        (self.warmup, self.weightDecay, self.clipNorm) = (warmup, weightDecay, clipNorm)
        (self.evalEvery, self.evalBatches) = (evalEvery, evalBatches)
        (self.checkpointEvery, self.seed) = (checkpointEvery, seed)
        try validate()
    }

    /// Tokens the model learns from in one optimizer step.
    public var tokensPerStep: Int { batch * accumulation * context }

    /// The learning rate at `step`: warmup, then cosine decay to minLR.
    public func learningRate(at step: Int) -> Float {
        cosineSchedule(step: step, warmup: warmup, total: steps,
                       maxLR: maxLR, minLR: minLR)
    }

    /// Throws `InputError` naming the first setting out of range.
    public func validate() throws {
        for (name, value) in [("steps", steps), ("batch", batch),
                              ("accumulation", accumulation), ("context", context),
                              ("evalEvery", evalEvery), ("evalBatches", evalBatches),
                              ("checkpointEvery", checkpointEvery)] where value <= 0 {
            throw InputError("\(name) \(value) must be positive")
        }
        guard warmup >= 0, warmup <= steps else {
            throw InputError("warmup \(warmup) must be in 0...steps (\(steps))")
        }
        guard maxLR > 0, maxLR.isFinite, minLR >= 0, minLR <= maxLR else {
            throw InputError("learning rates must satisfy 0 ≤ minLR "
                + "(\(minLR)) ≤ maxLR (\(maxLR)), maxLR > 0")
        }
        guard weightDecay >= 0, clipNorm > 0 else {
            throw InputError("weightDecay \(weightDecay) must be ≥ 0 and "
                + "clipNorm \(clipNorm) > 0")
        }
    }
}

