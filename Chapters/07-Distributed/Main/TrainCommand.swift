import Book
import DistributedTraining
import Foundation
import Model
import Notebook
import Pretraining
import Tokenizer

/// What `train` was asked for.
struct TrainOptions {
    var steps = 20, batch = 8, context = 256
    var sharded = false, overlap = false, measure = false, quick = false
    var run: URL?
    var checkpointEvery = 0
    var resume = false
    /// Fault injection for the tests: this rank kills itself after this step.
    var die: (rank: Int, step: Int)?
}

/// One rank of a training run under mpirun: data parallel (or ZeRO-1) on
/// chapter 1's training tokens. Rank 0 prints one JSON line with the run's
/// numbers: median step time and its split, tokens per second, peak
/// memory (largest over the ranks), last loss.
func trainRank(_ options: TrainOptions, world: Communicator) throws -> [String: Any] {
    // A resumed run continues its checkpoint's run: its context, batch and
    // steps, whatever the flags say, on chapter 1's tokens it was trained on.
    var latest: URL?
    if options.resume, let run = options.run {
        guard let last = try checkpoints(in: run).last else {
            throw FileError(run, "holds no checkpoint to resume")
        }
        latest = last
    }
    let resumed = try latest.map { try loadTrainerState($0).state }
    let data = try TokenWindows(TokenizerPaths.trainTokens,
                                context: resumed?.training.context ?? options.context)
    let fingerprint = data.file.tokenizerFingerprint
    if let latest, let resumed, resumed.tokenizerFingerprint != fingerprint {
        throw FileError(latest, "was trained on another tokenizer's ids than "
                        + TokenizerPaths.trainTokens.relativePath)
    }
    func fresh() throws -> (LlamaModel, TrainingConfig) {
        let model = try LlamaModel(
            try .pretraining(vocabulary: data.file.vocabularySize, quick: options.quick), seed: 1)
        let config = try TrainingConfig(
            steps: options.steps, batch: options.batch, context: options.context, maxLR: 1e-3,
            minLR: 1e-4, warmup: max(1, options.steps / 20), evalEvery: options.steps,
            evalBatches: 1, checkpointEvery: max(1, options.checkpointEvery), seed: 1)
        return (model, config)
    }
    let trainer: Trainer<LlamaModel>
    let step: (TokenWindows) throws -> StepRecord
    let timing: () -> StepTiming
    let save: (URL) throws -> Void
    if options.sharded {
        let sharded = try latest.map { try ShardedDataParallel<LlamaModel>.resume(from: $0, world: world) }
            ?? { let (model, config) = try fresh()
                 return try ShardedDataParallel(model: model, config: config, world: world) }()
        sharded.measure = options.measure
        (trainer, step, timing) = (sharded.trainer, { try sharded.step(on: $0) }, { sharded.timing })
        save = { try sharded.save(in: $0, tokenizerFingerprint: fingerprint) }
    } else {
        let parallel = try DataParallel(
            trainer: try latest.map { try Trainer<LlamaModel>.resume(from: $0).trainer }
                ?? { let (model, config) = try fresh(); return Trainer(model: model, config: config) }(),
            world: world)
        (parallel.overlap, parallel.measure) = (options.overlap, options.measure)
        (trainer, step, timing) = (parallel.trainer, { try parallel.step(on: $0) }, { parallel.timing })
        save = { run in
            if world.rank == 0 { try parallel.trainer.save(in: run, tokenizerFingerprint: fingerprint) }
        }
    }
    let config = trainer.config
    // Anything that changes which MPI calls a rank makes, or on what, must
    // be the same everywhere: a rank that differs would hang the others.
    try checkSameSetup(world, [
        ("model", "\(trainer.model.config)"), ("training", "\(config)"),
        ("tokens", "\(data.file.count) \(fingerprint)"), ("step", "\(trainer.step)"),
        ("--zero", "\(options.sharded)"), ("--overlap", "\(options.overlap)"),
        ("--measure", "\(options.measure)"),
        ("--run, --checkpoint-every", "\(options.run?.path ?? "-") \(options.checkpointEvery)"),
    ])
    var seconds: [Double] = [], split: [StepTiming] = []
    while trainer.step < config.steps {
        if let die = options.die, die.rank == world.rank, die.step == trainer.step {
            // A rank lost mid-run, as a machine failure would lose it; the
            // time goes where the notebook can find it.
            if let run = options.run {
                try? "\(Date().timeIntervalSince1970)".write(
                    to: run.appendingPathComponent("killed-at"), atomically: true, encoding: .utf8)
            }
            kill(getpid(), SIGKILL)
        }
        let clock = Stopwatch()
        _ = try step(data)
        seconds.append(clock.seconds)
        split.append(timing())
        if let run = options.run, options.checkpointEvery > 0,
           trainer.step % options.checkpointEvery == 0 {
            try save(run)
        }
    }
    let memory = try world.max(peakResidentMegabytes())
    guard !seconds.isEmpty else { return ["steps": 0] }
    return [
        "ranks": world.size, "threads": threadCount, "steps": seconds.count,
        "step_s": median(seconds),
        "tokens_per_s": Double(config.batch * config.context) / median(seconds),
        "compute_s": median(split.map(\.compute)), "waiting_s": median(split.map(\.waiting)),
        "communication_s": median(split.map(\.communication)),
        "update_s": median(split.map(\.update)),
        "max_rss_mb": memory, "loss": Double(trainer.history.last?.loss ?? .nan),
        "parameters": Double(trainer.model.parameters.reduce(0) { $0 + $1.value.count }),
        "optimizer_state_mb": Double(2 * trainer.optimizer.m.reduce(0) { $0 + $1.count } * 4) / 1e6,
    ]
}

/// The middle value: a step or call slowed by another process does not move it.
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// This process's peak resident memory so far, in MB.
func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// The all-reduce's time for buffers of `sizes` bytes, and the bandwidth it
/// reached: the bytes each rank sent, 2(N − 1)/N of the buffer, per second.
/// Rank 0's rows; the others return none.
func bandwidthRank(world: Communicator, sizes: [Int]) throws -> [[String: Any]] {
    var rows: [[String: Any]] = []
    for bytes in sizes {
        let buffer = Tensor(zeros: [bytes / 4])
        try world.allReduceSum(buffer.data, count: buffer.count)  // connections set up
        var times: [Double] = []
        for _ in 0..<max(5, min(200, (1 << 26) / bytes)) {
            try world.barrier()
            let clock = Stopwatch()
            try world.allReduceSum(buffer.data, count: buffer.count)
            times.append(try world.max(clock.seconds))
        }
        let seconds = median(times)
        let sent = 2 * Double(world.size - 1) / Double(world.size) * Double(bytes)
        rows.append(["bytes": bytes, "seconds": seconds, "bandwidth": sent / seconds])
    }
    return world.rank == 0 ? rows : []
}
