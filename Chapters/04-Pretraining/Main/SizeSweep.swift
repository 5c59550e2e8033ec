import Book
import Foundation
import Model
import Notebook
import Pretraining

// listing: size-sweep
/// Models of four sizes, each trained for the same compute: the ablations'
/// budget, C = 3 × forward FLOPs per token × tokens of the 4 M-parameter
/// model's run. A model with more parameters costs more per token, so it
/// sees fewer tokens (Hoffmann et al., 2022: for a fixed C there is a best
/// size, and the best spends about 20 tokens per parameter).
func sweepModels(_ vocabulary: Int, quick: Bool) throws -> [ModelConfig] {
    let shapes = quick
        ? [(1, 32, 2, 1), (2, 64, 4, 2)]
        : [(2, 128, 2, 1), (3, 192, 3, 1), (4, 256, 4, 2), (6, 384, 6, 2)]
    return try shapes.map { depth, width, heads, kvHeads in
        try ModelConfig(vocabSize: vocabulary, contextLength: quick ? 32 : 128,
                        width: width, depth: depth, heads: heads,
                        kvHeads: kvHeads, ffnWidth: 3 * width)
    }
}

/// The steps a run of `model` may take within the budget of `reference`
/// trained for `steps` steps of `tokensPerStep` tokens.
func stepsForBudget(_ model: ModelConfig, of reference: ModelConfig, steps: Int,
                    tokensPerStep: Int) -> Int {
    let budget = 3 * reference.flopsPerToken() * steps * tokensPerStep  // FLOPs
    return max(1, budget / (3 * model.flopsPerToken() * tokensPerStep))
}
// end listing

/// The size sweep: each model at the fixed budget, with two seeds, and the
/// chapter's run set against the same rule of thumb.
func sizeSweep(_ nb: Notebook, _ corpus: Corpus, mainRun: (parameters: Int, tokens: Int))
    throws
{
    let quick = nb.isQuick
    let models = try sweepModels(corpus.data.train.file.vocabularySize, quick: quick)
    let reference = models[models.count - 2]  // the ablations' model
    let referenceSteps = quick ? 20 : 200
    let (batch, context) = (8, quick ? 32 : 128)
    let data = try corpus.windows(context: context)
    let seeds: [UInt64] = [1, 2]
    var rows: [[String]] = []
    var losses: [[Double]] = []
    var tokensSeen: [Int] = []
    try nb.time("size sweep") {
        for config in models {
            let steps = stepsForBudget(config, of: reference, steps: referenceSteps,
                                       tokensPerStep: batch * context)
            let training = try TrainingConfig(
                steps: steps, batch: batch, context: context, maxLR: 1e-3, minLR: 1e-4,
                warmup: steps / 10, evalEvery: steps, evalBatches: quick ? 2 : 8,
                checkpointEvery: steps, seed: 100)
            var finals: [Double] = []
            for seed in seeds {
                let trainer = Trainer(model: try LlamaModel(config, seed: seed),
                                      config: training)
                try trainer.run(on: data, label: "\(config.depth) × \(config.width), seed \(seed)")
                finals.append(Double(trainer.evaluations.last!.loss))
            }
            losses.append(finals)
            let tokens = steps * batch * context
            tokensSeen.append(tokens)
            rows.append(["\(config.depth) × \(config.width)",
                         config.parameterCount.formatted(),
                         String(format: "%.1f", Double(config.flopsPerToken()) / 1e6),
                         tokens.formatted(),
                         String(format: "%.2f", Double(tokens) / Double(config.parameterCount)),
                         String(format: "%.2f (%.2f–%.2f)", mean(finals), finals.min()!,
                                finals.max()!)])
        }
    }
    try nb.table("size-sweep", headers: [
        "depth × width", "parameters", "forward MFLOP/token", "tokens seen",
        "tokens per parameter", "validation loss (seeds)"], rows: rows)
    try nb.figure("size-sweep-loss", LinePlot(
        [.init("validation loss at a fixed compute budget",
               x: models.map(\.parameterCount), y: losses.map(mean),
               low: losses.map { $0.min()! }, high: losses.map { $0.max()! })],
        xlabel: "parameters (log scale)", ylabel: "validation loss (nats/token)",
        logX: true, markers: true))
    let best = losses.indices.min { mean(losses[$0]) < mean(losses[$1]) }!
    try nb.text("tokens-per-parameter") {
        "At this budget the lowest loss came from the \(models[best].depth) × "
            + "\(models[best].width) model, which saw "
            + String(format: "%.1f", Double(tokensSeen[best]) /
                     Double(models[best].parameterCount))
            + " tokens per parameter. The chapter's own run saw "
            + String(format: "%.2f", Double(mainRun.tokens) / Double(mainRun.parameters))
            + " tokens per parameter (\(mainRun.tokens.formatted()) tokens for "
            + "\(mainRun.parameters.formatted()) parameters)."
    }
}
