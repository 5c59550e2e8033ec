import Book
import DistributedTraining
import Foundation
import Model
import Pretraining
import Tokenizer

/// The weights after `steps` steps of a small model trained five ways on
/// the same global batches, and how far apart they are:
///   data parallel over the ranks, each rank its share of every batch,
///   the all-reduce overlapped with the backward pass;
///   the same with the all-reduce after the backward pass;
///   the same with ZeRO-1's sharded optimizer;
///   one process with the whole batch (rank 0, alone);
///   one process accumulating the ranks' shares as micro-batches (rank 0).
/// Run as `mpirun -np N ch07-distributed equivalence`; rank 0 prints the
/// relative differences from the first, and the exit status says whether
/// they are within `tolerance` (bit-identical for the data-parallel ways
/// on two ranks).
func equivalence(world: Communicator, steps: Int, tolerance: Float) throws -> Bool {
    let model = try ModelConfig(vocabSize: 96, contextLength: 16, width: 32, depth: 2, heads: 4,
                                kvHeads: 2, ffnWidth: 64)
    let training = try TrainingConfig(
        steps: steps, batch: 4 * world.size, context: 16, maxLR: 1e-3, minLR: 1e-4, warmup: 1,
        evalEvery: steps, evalBatches: 1, checkpointEvery: steps, seed: 7)
    let tokens = try syntheticTokens(world: world, vocabularySize: model.vocabSize)
    let data = try TokenWindows(tokens, context: training.context)

    let parallel = try DataParallel(model: try LlamaModel(model, seed: 1), config: training,
                                    world: world)
    parallel.overlap = true
    for _ in 0..<steps { try parallel.step(on: data) }
    let serial = try DataParallel(model: try LlamaModel(model, seed: 1), config: training,
                                  world: world)
    for _ in 0..<steps { try serial.step(on: data) }
    let sharded = try ShardedDataParallel(model: try LlamaModel(model, seed: 1),
                                          config: training, world: world)
    for _ in 0..<steps { try sharded.step(on: data) }
    guard world.rank == 0 else { return true }

    let whole = Trainer(model: try LlamaModel(model, seed: 1), config: training)
    for _ in 0..<steps { try whole.trainStep(on: data) }

    var micro = training
    (micro.batch, micro.accumulation) = (training.batch / world.size, world.size)
    let accumulated = Trainer(model: try LlamaModel(model, seed: 1), config: micro)
    for _ in 0..<steps {
        // The micro-batches are the shares of one global batch, drawn once.
        var shares: [(inputs: [Int32], targets: [Int32])] = []
        _ = try accumulated.update(loss: try accumulated.accumulateGradients { rng in
            if shares.isEmpty {
                let batch = data.randomBatch(training.batch, rng: &rng)
                shares = (0..<world.size).reversed().map { share(batch, rank: $0, of: world.size) }
            }
            return shares.removeLast()
        })
    }
    let reference = parallel.trainer.model.parameters
    // On two ranks every all-reduce, reduce-scatter and ring adds the same
    // two numbers (a + b = b + a exactly) and scales by the same 1/N, so the
    // three data-parallel ways agree to the last bit; only ZeRO-1's gradient
    // norm is summed in another order (block by block), which could move
    // the clipping's last bit, and the check would say so. On more ranks
    // the order of the additions may differ between them.
    let sameSums = world.size == 2 ? 0 : tolerance
    var equal = true
    let ranks = "\(world.size) ranks"
    for (label, other, limit) in [
        ("\(ranks), all-reduce after the backward pass", serial.trainer.model.parameters, sameSums),
        ("\(ranks), ZeRO-1", sharded.trainer.model.parameters, sameSums),
        ("one process, whole batch", whole.model.parameters, tolerance),
        ("one process, gradient accumulation", accumulated.model.parameters, tolerance),
    ] {
        let difference = relativeDifference(reference, other)
        let within = difference <= limit  // false for NaN
        equal = equal && within
        let required = limit == 0
            ? "bit-identical"
            : String(format: "within %.0e", limit) + (difference == 0 ? " (bit-identical)" : "")
        print(String(format: "%@: relative difference %.2e, %@%@", label, difference,
                     within ? "" : "NOT ", required))
    }
    return equal
}

/// ‖a − b‖ / ‖a‖ over all the weights together: the relative error of
/// the whole parameter vector.
func relativeDifference(_ a: [Variable], _ b: [Variable]) -> Float {
    var (difference, size) = (0.0, 0.0)
    for (x, y) in zip(a, b) {
        for (u, v) in zip(x.value.scalars, y.value.scalars) {
            difference += Double(u - v) * Double(u - v)
            size += Double(u) * Double(u)
        }
    }
    return Float((difference / size).squareRoot())
}

/// A token file every rank can read: rank 0 writes random tokens with a fixed seed, the others wait for it.
func syntheticTokens(world: Communicator, vocabularySize: Int) throws -> URL {
    let url = URL(fileURLWithPath: "build/ch07/equivalence.tokens")
    if world.rank == 0 {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        var rng = RandomGenerator(seed: 11)
        try TokenFile.write((0..<4_096).map { _ in rng.int(below: vocabularySize) },
                            vocabularySize: vocabularySize, to: url)
    }
    try world.barrier()
    return url
}
