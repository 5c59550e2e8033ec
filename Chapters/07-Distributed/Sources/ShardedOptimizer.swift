import Book
import Foundation
import Model
import Pretraining

/// The model's parameters laid end to end in one flat vector, padded to a
/// multiple of the number of ranks and cut into one block per rank.
public struct FlatLayout: Sendable {
    /// Where each parameter starts in the flat vector.
    public let offsets: [Int]
    public let counts: [Int]
    /// Values per rank's block; the vector holds ranks × block.
    public let block: Int

    public init(counts: [Int], ranks: Int) {
        var offsets: [Int] = [], total = 0
        for n in counts { offsets.append(total); total += n }
        (self.offsets, self.counts) = (offsets, counts)
        block = (total + ranks - 1) / ranks
    }

    /// The pieces of parameters that fall in `range` of the flat vector:
    /// (parameter, its first value inside, the piece's start in the vector, length).
    public func pieces(in range: Range<Int>) -> [(parameter: Int, start: Int, at: Int, count: Int)] {
        zip(offsets, counts).enumerated().compactMap { i, span in
            let (offset, count) = span
            let lower = max(offset, range.lowerBound), upper = min(offset + count, range.upperBound)
            guard lower < upper else { return nil }
            return (i, lower - offset, lower, upper - lower)
        }
    }
}

// listing: zero-1
/// ZeRO stage 1 (Rajbhandari et al., 2020): data parallelism with AdamW's
/// moments sharded. The parameters, end to end in one flat vector, are cut
/// into one block per rank, and rank r keeps m and v for block r only: 2P/N
/// numbers instead of 2P. A step:
///
///   1. forward and backward on the rank's share, as in data parallelism;
///   2. reduce-scatter: rank r receives the sum of block r of every rank's
///      gradients, and no other;
///   3. AdamW on block r, clipped by the global norm (the ranks' sums of
///      squares, summed);
///   4. all-gather: every rank receives every updated block.
///
/// A reduce-scatter and an all-gather are the two halves of a ring
/// all-reduce, so it sends what data parallelism sends, and each rank does
/// 1/N of the update.
public final class ShardedDataParallel<Model: LanguageModel> {
    public let world: Communicator
    /// This rank's trainer: its optimizer is AdamW over the owned block.
    public let trainer: Trainer<Model>
    let layout: FlatLayout
    /// The flat gradients, then the flat weights: [ranks × block]
    let gradients: Tensor, weights: Tensor
    /// The owned block's summed gradients: [block]
    let ownedGradient: Tensor
    let pieces: [(parameter: Int, start: Int, at: Int, count: Int)]
    /// The last step's split, as `DataParallel`'s. The update runs from the
    /// reduce-scatter's end to the all-gather: the 1/N, the global norm and
    /// loss (two scalar sums over the ranks), clipping and AdamW on the
    /// block. Communication is the rest after the compute: the copies into
    /// and out of the flat vectors, the reduce-scatter and the all-gather.
    public private(set) var timing = StepTiming()
    public var measure = false

    public init(model: Model, config: TrainingConfig,
                world: Communicator) throws {
        try checkShares(config.batch, world)
        let parameters = model.parameters
        let layout = FlatLayout(counts: parameters.map(\.value.count),
                                ranks: world.size)
        let owned = world.rank * layout.block
            ..< (world.rank + 1) * layout.block
        let flat = [world.size * layout.block]
        let weights = Tensor(zeros: flat)
        let pieces = layout.pieces(in: owned)
        // The optimizer's variables are views of the owned block of `weights`:
        // its update writes straight into what the all-gather sends.
        let slices = pieces.map { piece in
            Variable(Tensor(shape: [piece.count], storage: weights.storage,
                            offset: piece.at))
        }
        let decays = pieces.map { parameters[$0.parameter].value.rank >= 2 }
        let optimizer = AdamW(parameters: slices, decays: decays,
                              beta1: config.beta1, beta2: config.beta2,
                              weightDecay: config.weightDecay)
        let trainer = Trainer(model: model, config: config,
                              optimizer: optimizer)
        trainer.shares = world.size
        (self.trainer, self.world, self.layout) = (trainer, world, layout)
        (self.weights, self.pieces) = (weights, pieces)
        gradients = Tensor(zeros: flat)
        ownedGradient = Tensor(zeros: [layout.block])
        copy(parameters.map(\.value), into: weights)
    }

    @discardableResult
    public func step(on data: TokenWindows) throws -> StepRecord {
        let (rank, size, batch) = (world.rank, world.size, trainer.config.batch)
        let clock = Stopwatch()
        let loss = try trainer.accumulateGradients { rng in
            share(data.randomBatch(batch, rng: &rng), rank: rank, of: size)
        }
        timing.compute = clock.seconds
        if measure { try world.barrier() }
        timing.waiting = clock.seconds - timing.compute
        let parameters = trainer.model.parameters
        copy(parameters.map(\.gradient), into: gradients)
        try world.reduceScatterSum(gradients.data, into: ownedGradient.data,
                                   block: layout.block)
        let updateClock = Stopwatch()
        let owned = world.rank * layout.block
        // Times 1/N, as data parallelism takes the mean.
        let mean = 1 / Float(size)
        let ownedSlices = trainer.optimizer.parameters
        for (piece, slice) in zip(pieces, ownedSlices) {
            parallelMap(ownedGradient.data + (piece.at - owned),
                        slice.gradient.data, count: piece.count) { $0 * mean }
        }
        let squares = try world.sum(gradientSquares(ownedSlices))
        let norm = Float(squares.squareRoot())
        let meanLoss = Float(try world.sum(Double(loss))) / Float(size)
        guard meanLoss.isFinite, norm.isFinite else {
            throw InputError("step \(trainer.step + 1): loss \(meanLoss), "
                             + "gradient norm \(norm)")
        }
        let maxNorm = trainer.config.clipNorm
        scaleGradients(ownedSlices, norm: norm, maxNorm: maxNorm)
        let lr = trainer.config.learningRate(at: trainer.step)
        trainer.optimizer.update(lr: lr)
        timing.update = updateClock.seconds
        try world.allGather(weights.data, block: layout.block)
        for (p, offset) in zip(parameters, layout.offsets) {
            p.value.data.update(from: weights.data + offset,
                                count: p.value.count)
        }
        let record = StepRecord(step: trainer.step, loss: meanLoss,
                                gradientNorm: norm, learningRate: lr)
        trainer.history.append(record)
        timing.communication = clock.seconds - timing.compute
            - timing.waiting - timing.update
        return record
    }

    /// The tensors, end to end, into the flat vector (zero padding after).
    func copy(_ tensors: [Tensor], into flat: Tensor) {
        for (t, offset) in zip(tensors, layout.offsets) {
            (flat.data + offset).update(from: t.data, count: t.count)
        }
        let used = (layout.offsets.last ?? 0) + (layout.counts.last ?? 0)
        (flat.data + used).update(repeating: 0, count: flat.count - used)
    }
}
// end listing

extension ShardedDataParallel where Model == LlamaModel {
    /// Writes a checkpoint in chapter 4's format, readable by any number of
    /// ranks, sharded or not: the ranks send their blocks of the moments
    /// to rank 0, which alone writes (atomically, as chapter 4 does).
    /// Every rank must call it.
    @discardableResult
    public func save(in run: URL, tokenizerFingerprint: UInt64) throws -> URL? {
        let names = trainer.names
        var moments: [String: Tensor] = [:]
        for (prefix, owned) in [("m.", trainer.optimizer.m), ("v.", trainer.optimizer.v)] {
            let block = Tensor(zeros: [layout.block])
            let start = world.rank * layout.block
            for (piece, tensor) in zip(pieces, owned) {
                (block.data + (piece.at - start)).update(from: tensor.data, count: piece.count)
            }
            let all = world.rank == 0 ? Tensor(zeros: [world.size * layout.block]) : nil
            try world.gather(block.data, block: layout.block, into: all?.data)
            guard let all else { continue }
            for (i, p) in trainer.model.parameters.enumerated() {
                let t = Tensor(zeros: p.shape)
                t.data.update(from: all.data + layout.offsets[i], count: t.count)
                moments[prefix + names[i]] = t
            }
        }
        guard world.rank == 0 else { return nil }
        let state = TrainerState(
            step: trainer.step, rng: trainer.rng.stateWords, training: trainer.config,
            tokenizerFingerprint: tokenizerFingerprint, history: trainer.history,
            evaluations: trainer.evaluations)
        return try saveCheckpoint(in: run, model: trainer.model, moments: moments, state: state)
    }

    /// Resumes a checkpoint (written by any number of ranks, or by chapter
    /// 4's single process): each rank keeps its block of the moments.
    public static func resume(from url: URL, world: Communicator) throws -> ShardedDataParallel {
        let (model, state, directory) = try loadCheckpoint(url)
        let sharded = try ShardedDataParallel(model: model, config: state.training, world: world)
        let file = directory.appendingPathComponent("optimizer.safetensors")
        let saved = try SafetensorsFile(contentsOf: file)
        let names = sharded.trainer.names
        for (prefix, owned) in [("m.", sharded.trainer.optimizer.m),
                                ("v.", sharded.trainer.optimizer.v)] {
            for (piece, tensor) in zip(sharded.pieces, owned) {
                let name = prefix + names[piece.parameter]
                let full = try saved.tensor(named: name)
                guard full.count == sharded.layout.counts[piece.parameter] else {
                    throw FileError(file, "'\(name)' has \(full.count) values, expected "
                                    + "\(sharded.layout.counts[piece.parameter])")
                }
                tensor.data.update(from: full.data + piece.start, count: piece.count)
            }
        }
        sharded.trainer.optimizer.step = state.step
        sharded.trainer.rng = RandomGenerator(state: state.rng)
        (sharded.trainer.history, sharded.trainer.evaluations) = (state.history, state.evaluations)
        return sharded
    }
}
