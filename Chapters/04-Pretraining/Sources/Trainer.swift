import Book
import Foundation
import Model

/// One optimizer step's numbers: what the log prints and the curves plot.
public struct StepRecord: Codable, Sendable, Equatable {
    /// Steps completed, counting this one.
    public let step: Int
    /// Mean training loss (nats per token) over the step's micro-batches.
    public let loss: Float
    /// Global gradient norm before clipping.
    public let gradientNorm: Float
    public let learningRate: Float

    public init(step: Int, loss: Float, gradientNorm: Float, learningRate: Float) {
        (self.step, self.loss) = (step, loss)
        (self.gradientNorm, self.learningRate) = (gradientNorm, learningRate)
    }
}

/// Trains any `LanguageModel` (the Llama decoder, GPT-2) on token windows:
/// AdamW with decoupled weight decay, warmup + cosine schedule, clipping,
/// gradient accumulation. Everything that decides the next step (weights,
/// moments, step count, the data generator) is state a checkpoint saves.
public final class Trainer<Model: LanguageModel> {
    public let model: Model
    public let config: TrainingConfig
    public let optimizer: AdamW
    /// The parameters' names, in the optimizer's order.
    public let names: [String]
    /// Draws the training windows.
    public var rng: RandomGenerator
    public var history: [StepRecord] = []
    public var evaluations: [EvaluationRecord] = []

    /// How many processes share each batch (chapter 7's data parallelism):
    /// this one computes the gradients of batch / shares of its windows.
    /// The config keeps the whole batch, so a checkpoint resumes on any
    /// number of processes.
    public var shares = 1

    /// Steps taken so far.
    public var step: Int { optimizer.step }

    // listing: weight-decay
    /// Matrices (projections, embeddings) decay toward zero; norm gains and
    /// biases do not. A gain is a per-channel scale that starts at 1, and
    /// pulling it toward 0 would only fight the normalization it follows.
    public convenience init(model: Model, config: TrainingConfig) {
        let named = model.namedParameters
        self.init(model: model, config: config, optimizer: AdamW(
            parameters: named.map(\.variable), decays: named.map { $0.variable.value.rank >= 2 },
            beta1: config.beta1, beta2: config.beta2, weightDecay: config.weightDecay))
    }
    // end listing

    /// A trainer whose optimizer holds other variables than the model's
    /// weights: chapter 7's sharded optimizer holds only this process's
    /// slice of them.
    public init(model: Model, config: TrainingConfig, optimizer: AdamW) {
        (self.model, self.config, self.optimizer) = (model, config, optimizer)
        names = model.namedParameters.map(\.name)
        rng = RandomGenerator(seed: config.seed)
    }

    // listing: train-step
    /// One optimizer step on random windows of `data`: the gradients of the
    /// mean loss over `accumulation` micro-batches, then the update.
    @discardableResult
    public func trainStep(on data: TokenWindows) throws -> StepRecord {
        let loss = try accumulateGradients { rng in data.randomBatch(config.batch, rng: &rng) }
        return try update(loss: loss)
    }

    /// Zeroes the gradients, then adds those of `accumulation` micro-batches
    /// from `nextBatch`, each loss scaled by 1/accumulation, so that they sum
    /// to the gradient of the mean loss, which it returns. Targets equal to
    /// the ignore index (-100) are not scored. `finished` is handed the
    /// variables whose gradients are final during the last micro-batch's
    /// backward pass (`Tape.backward`).
    public func accumulateGradients(
        _ nextBatch: (inout RandomGenerator) throws -> (inputs: [Int32], targets: [Int32]),
        finished: (([Variable]) -> Void)? = nil
    ) throws -> Float {
        let parts = Float(config.accumulation)
        model.parameters.forEach { $0.zeroGrad() }
        var loss: Float = 0
        for micro in 1...config.accumulation {
            let (inputs, targets) = try nextBatch(&rng)
            let tape = Tape()
            let logits = try model.logits(tape, ids: inputs, batch: config.batch / shares)
            let microLoss = tape.crossEntropy(logits, targets: targets)
            loss += microLoss.value.data[0] / parts
            tape.backward(from: tape.scale(microLoss, 1 / parts),
                          finished: micro == config.accumulation ? finished : nil)
        }
        return loss
    }

    /// Clips the gradients to a global norm, then takes an AdamW step at the
    /// step's learning rate. A non-finite loss or gradient stops before the
    /// update, so the weights (and the last checkpoint) stay good.
    public func update(loss: Float) throws -> StepRecord {
        let lr = config.learningRate(at: step)
        let norm = clipGradientNorm(optimizer.parameters, maxNorm: config.clipNorm)
        guard loss.isFinite, norm.isFinite else { throw nonFinite(loss: loss) }
        optimizer.update(lr: lr)
        let record = StepRecord(step: step, loss: loss, gradientNorm: norm,
                                learningRate: lr)
        history.append(record)
        return record
    }
    // end listing

    /// What went wrong at a non-finite step: the loss, or the first
    /// parameter whose gradient holds a NaN or an infinity.
    func nonFinite(loss: Float) -> NonFiniteError {
        let at = step + 1
        if !loss.isFinite { return NonFiniteError(step: at, tensor: "loss", value: loss) }
        for (name, p) in zip(names, optimizer.parameters) {
            guard let g = p.grad,
                  let bad = g.buffer.first(where: { !$0.isFinite }) else { continue }
            return NonFiniteError(step: at, tensor: "gradient of \(name)", value: bad)
        }
        return NonFiniteError(step: at, tensor: "gradient norm", value: .nan)
    }
}

/// Training hit a NaN or infinity: where, so the run can be diagnosed.
public struct NonFiniteError: Error, CustomStringConvertible, Equatable {
    public let step: Int
    public let tensor: String
    public let value: Float
    public var description: String {
        "step \(step): \(tensor) is \(value); stopped before updating the "
            + "weights (the last checkpoint is intact)"
    }
}
