import Book
import Foundation
import Model
import Pretraining
import Tokenizer

// listing: share
/// Rank `rank`'s share of a global batch ([batch, T], row after row): its
/// batch/size consecutive rows. Every rank draws the same global batch
/// (same seed, same generator), so the shares are disjoint and together
/// are exactly the batch one process would have drawn.
public func share(_ batch: (inputs: [Int32], targets: [Int32]), rank: Int,
                  of size: Int) -> (inputs: [Int32], targets: [Int32]) {
    let part = batch.inputs.count / size
    let range = rank * part ..< (rank + 1) * part
    return (Array(batch.inputs[range]), Array(batch.targets[range]))
}
// end listing

/// Where one data-parallel step's time went, in seconds.
public struct StepTiming: Sendable {
    /// Forward and backward on this rank's share, with whatever part of
    /// an overlapped all-reduce ran meanwhile.
    public var compute = 0.0
    /// At the barrier, for the slowest rank to finish its compute.
    public var waiting = 0.0
    /// Averaging the gradients: what is left of the all-reduce after the
    /// backward pass, or all of it when it does not overlap.
    public var communication = 0.0
    /// The gradient norm, clipping and AdamW's step.
    public var update = 0.0

    public init() {}
}

// listing: data-parallel
/// Data parallelism: every rank holds the whole model, runs the forward and
/// backward passes on its share of the global batch, and the ranks average
/// their gradients before the update. The averaged gradients are the same
/// on every rank, so every rank's AdamW takes the same step and the copies
/// stay equal without a weight ever being sent.
public final class DataParallel<Model: LanguageModel> {
    public let world: Communicator
    /// This rank's trainer, computing gradients for its share of each batch.
    public let trainer: Trainer<Model>
    public let buckets: GradientBuckets
    public let globalBatch: Int
    /// The last step's split; with `measure` a barrier separates waiting
    /// from communication (it costs a little, so training runs without).
    public private(set) var timing = StepTiming()
    public var measure = false
    /// Whether the all-reduce overlaps the backward pass (`OverlappedAverage`)
    /// or follows it. It follows by default: where every core computes, as
    /// on the book's machine, nothing is left to move the bytes meanwhile.
    public var overlap = false

    public convenience init(model: Model, config: TrainingConfig,
                            world: Communicator) throws {
        try self.init(trainer: Trainer(model: model, config: config),
                      world: world)
    }

    /// Data parallelism around a trainer, a fresh one or one resumed from
    /// a checkpoint (saved with any number of ranks): its config's batch is
    /// the global batch.
    public init(trainer: Trainer<Model>, world: Communicator) throws {
        try checkShares(trainer.config.batch, world)
        trainer.shares = world.size
        (self.trainer, self.world) = (trainer, world)
        globalBatch = trainer.config.batch
        buckets = GradientBuckets(trainer.model.parameters)
    }

    @discardableResult
    public func step(on data: TokenWindows) throws -> StepRecord {
        let (rank, size, batch) = (world.rank, world.size, globalBatch)
        let clock = Stopwatch()
        let overlapped = overlap ? OverlappedAverage(buckets, over: world) : nil
        let loss = try trainer.accumulateGradients({ rng in
            share(data.randomBatch(batch, rng: &rng), rank: rank, of: size)
        }, finished: overlapped?.finished)
        timing.compute = clock.seconds
        if measure { try world.barrier() }
        timing.waiting = clock.seconds - timing.compute
        if let overlapped {
            try overlapped.wait()
        } else {
            try buckets.average(over: world)
        }
        var total = loss
        try world.allReduceSum(&total, count: 1)
        let averaged = clock.seconds
        timing.communication = averaged - timing.compute - timing.waiting
        let record = try trainer.update(loss: total / Float(size))
        timing.update = clock.seconds - averaged
        return record
    }
}
// end listing

/// The global batch must split evenly over the ranks.
func checkShares(_ batch: Int, _ world: Communicator) throws {
    guard batch % world.size == 0 else {
        throw InputError("batch: \(batch) windows do not split evenly over \(world.size) ranks")
    }
}

/// Ranks started with different settings or data would average gradients
/// of different problems, or wait forever for a call another rank never
/// makes. Each rank's fingerprint of every field of its setup is compared
/// at the start instead; rank 0 names the first field that differs and the
/// rank, and the others stop without repeating it.
public func checkSameSetup(_ world: Communicator, _ fields: [(name: String, value: String)])
    throws
{
    for field in fields {
        let all = try world.allGather(Hash64.fnv1a(field.value.utf8))
        guard let other = all.firstIndex(where: { $0 != all[0] }) else { continue }
        guard world.rank == 0 else { throw ReportedByRankZero() }
        throw InputError("rank \(other) was started with another \(field.name) than rank 0 "
                         + "(rank 0 has: \(field.value))")
    }
}

/// Thrown on the other ranks when rank 0 reports an error for all of them.
public struct ReportedByRankZero: Error {
    public init() {}
}
