import Book
import Foundation
import Model
import Notebook
import Pretraining

/// One short run of an ablation: which block, the peak learning rate,
/// warmup or not, and the seed of its weights and of its windows' order.
struct Ablation: Hashable {
    let gpt2: Bool
    let maxLR: Float
    let warmup: Bool
    let seed: UInt64
    /// GPT-2's dropout probability (the Llama block has none).
    var dropout: Float = 0

    var name: String {
        "\(gpt2 ? "GPT-2" : "Llama"), lr \(scientific(maxLR))"
            + (warmup ? "" : ", no warmup")
            + (dropout > 0 ? ", dropout \(dropout)" : "") + ", seed \(seed)"
    }
}

// listing: ablation-settings
/// The ablations' budget: a smaller model (4 blocks of width 256, about
/// 4 M parameters with tied embeddings) for 200 steps of 8 × 128 tokens.
/// The Llama and GPT-2 blocks have equal weights per block: GPT-2's 12d²
/// (attention 4d², MLP 8d²) against Llama's 2d² + 2d·kv + 3d·ffn with
/// kv = 128 and ffn = 768. Both start from the same initialization
/// (`WeightInit`); the seed picks the weights and the order of windows.
func ablationModel(_ vocabulary: Int, _ a: Ablation, quick: Bool) throws
    -> any LanguageModel
{
    let (width, depth, context) = quick ? (64, 2, 32) : (256, 4, 128)
    if a.gpt2 {
        return GPT2Model(try GPT2Config(
            vocabSize: vocabulary, contextLength: context, width: width,
            depth: depth, heads: 4, dropout: a.dropout), seed: a.seed)
    }
    return try LlamaModel(try ModelConfig(
        vocabSize: vocabulary, contextLength: context, width: width,
        depth: depth, heads: 4, kvHeads: 2, ffnWidth: 3 * width), seed: a.seed)
}

func ablationTraining(_ a: Ablation, quick: Bool) throws -> TrainingConfig {
    let steps = quick ? 20 : 200
    return try TrainingConfig(
        steps: steps, batch: 8, context: quick ? 32 : 128, maxLR: a.maxLR,
        minLR: a.maxLR / 10, warmup: a.warmup ? steps / 10 : 0,
        evalEvery: steps / 5, evalBatches: quick ? 2 : 8,
        checkpointEvery: steps, seed: 100 + a.seed)
}
// end listing

/// What an ablation run leaves: its records and its size.
struct AblationResult {
    let history: [StepRecord], evaluations: [EvaluationRecord]
    let parameters: Int
    var finalLoss: Double { Double(evaluations.last!.loss) }
}

/// Trains each ablation once, however many comparisons use it.
final class AblationRuns {
    let corpus: Corpus
    let quick: Bool
    private var results: [Ablation: AblationResult] = [:]

    init(_ corpus: Corpus, quick: Bool) { (self.corpus, self.quick) = (corpus, quick) }

    func callAsFunction(_ a: Ablation) throws -> AblationResult {
        if let done = results[a] { return done }
        let training = try ablationTraining(a, quick: quick)
        let model = try ablationModel(corpus.data.train.file.vocabularySize, a, quick: quick)
        let result = try train(model, training, try corpus.windows(context: training.context),
                               label: a.name)
        results[a] = result
        return result
    }

    /// Opens the existential model into a typed trainer.
    private func train(_ model: some LanguageModel, _ training: TrainingConfig,
                       _ data: TrainingData, label: String) throws -> AblationResult {
        let trainer = Trainer(model: model, config: training)
        try trainer.run(on: data, label: label)
        return AblationResult(history: trainer.history, evaluations: trainer.evaluations,
                              parameters: model.countedParameters)
    }
}

/// The mean of each position over several runs, and the smallest and largest.
struct Spread {
    let mean: [Double], low: [Double], high: [Double]

    init(_ runs: [[Double]]) {
        let n = runs.map(\.count).min() ?? 0
        let columns = (0..<n).map { i in runs.map { $0[i] } }
        mean = columns.map { $0.reduce(0, +) / Double($0.count) }
        low = columns.map { $0.min()! }
        high = columns.map { $0.max()! }
    }
}

func ablations(_ nb: Notebook, _ corpus: Corpus) throws {
    let runs = AblationRuns(corpus, quick: nb.isQuick)
    let seeds: [UInt64] = [1, 2, 3]
    let rates: [Float] = [3e-4, 1e-3, 3e-3, 1e-2]
    let blocks = [(name: "Llama", gpt2: false), (name: "GPT-2", gpt2: true)]
    try nb.time("ablations") {
        // Each block's learning-rate sweep, three seeds per rate.
        var best: [Float] = []
        var sweepSeries: [LinePlot.Series] = []
        var rows: [[String]] = []
        for block in blocks {
            let finals = try rates.map { rate in
                try seeds.map { try runs(Ablation(gpt2: block.gpt2, maxLR: rate,
                                                  warmup: true, seed: $0)).finalLoss }
            }
            let means = finals.map { $0.reduce(0, +) / Double($0.count) }
            best.append(rates[means.indices.min { means[$0] < means[$1] }!])
            sweepSeries.append(.init(block.name, x: rates, y: means,
                                     low: finals.map { $0.min()! },
                                     high: finals.map { $0.max()! }))
            rows += zip(rates, finals).map { rate, losses in
                [block.name, scientific(rate), format(losses.reduce(0, +) / 3),
                 format(losses.min()!) + "–" + format(losses.max()!)]
            }
        }
        try nb.table("ablation-sweep", headers: [
            "block", "peak learning rate", "validation loss, mean of 3 seeds",
            "lowest–highest"], rows: rows)
        try nb.figure("ablation-lr", LinePlot(
            sweepSeries, xlabel: "peak learning rate",
            ylabel: "validation loss after the run (nats/token)", logX: true,
            markers: true))
        try architecture(nb, runs, blocks: blocks, best: best, seeds: seeds)
        try warmup(nb, runs, rate: rates.last!, seeds: seeds)
        try dropout(nb, runs, rate: best[1], seeds: seeds)
    }
}

/// The two blocks, each at the best peak rate of its own sweep.
func architecture(_ nb: Notebook, _ runs: AblationRuns,
                  blocks: [(name: String, gpt2: Bool)], best: [Float],
                  seeds: [UInt64]) throws {
    var series: [LinePlot.Series] = []
    var summary: [(name: String, rate: Float, parameters: Int, finals: [Double])] = []
    for (block, rate) in zip(blocks, best) {
        let results = try seeds.map {
            try runs(Ablation(gpt2: block.gpt2, maxLR: rate, warmup: true, seed: $0))
        }
        let curves = Spread(results.map { $0.evaluations.map { Double($0.loss) } })
        series.append(.init("\(block.name) block, lr \(scientific(rate))",
                            x: results[0].evaluations.map(\.step), y: curves.mean,
                            low: curves.low, high: curves.high))
        summary.append((block.name, rate, results[0].parameters, results.map(\.finalLoss)))
    }
    try nb.figure("ablation-architecture", LinePlot(
        series, xlabel: "step", ylabel: "validation loss (nats/token)", markers: true))
    let (a, b) = (summary[0], summary[1])
    func describe(_ s: (name: String, rate: Float, parameters: Int, finals: [Double])) -> String {
        "\(s.name) (\(s.parameters.formatted()) parameters, best peak rate "
            + "\(scientific(s.rate))) ends at \(format(mean(s.finals))) "
            + "(seeds: \(format(s.finals.min()!))–\(format(s.finals.max()!)))"
    }
    let separated = a.finals.max()! < b.finals.min()! || b.finals.max()! < a.finals.min()!
    let lower = mean(a.finals) < mean(b.finals) ? a.name : b.name
    try nb.text("architecture-findings") {
        "At equal budget and each at its own best learning rate, \(describe(a)); "
            + "\(describe(b)). "
            + (separated
                ? "Every \(lower) seed ends below every seed of the other block."
                : "The seeds' ranges overlap: at this budget the run does not "
                    + "separate the two blocks.")
    }
}

/// Warmup at the highest peak rate of the sweep: the first steps of the
/// training loss, smoothed, with and without warmup, over the seeds.
func warmup(_ nb: Notebook, _ runs: AblationRuns, rate: Float, seeds: [UInt64]) throws {
    let window = nb.isQuick ? 2 : 5
    var series: [LinePlot.Series] = []
    var finals: [[Double]] = []
    var worstRise: [Double] = []
    for warm in [true, false] {
        let results = try seeds.map {
            try runs(Ablation(gpt2: false, maxLR: rate, warmup: warm, seed: $0))
        }
        let losses = results.map { movingAverage($0.history.map { Double($0.loss) }, window) }
        let shown = losses.map { Array($0.prefix(losses[0].count / 2)) }
        let curves = Spread(shown)
        series.append(.init(warm ? "10% warmup" : "no warmup",
                            x: Array(1...curves.mean.count), y: curves.mean,
                            low: curves.low, high: curves.high))
        finals.append(results.map(\.finalLoss))
        // How far the smoothed loss climbs back above its lowest point so far.
        worstRise.append(losses.map { curve in
            var lowest = Double.infinity, rise = 0.0
            for value in curve { lowest = min(lowest, value); rise = max(rise, value - lowest) }
            return rise
        }.max()!)
    }
    try nb.figure("ablation-warmup", LinePlot(
        series, xlabel: "step (first half of the run)",
        ylabel: "training loss, \(window)-step moving average (nats/token)"))
    try nb.text("warmup-findings") {
        "At a peak learning rate of \(scientific(rate)), over \(seeds.count) seeds, "
            + "the smoothed training loss climbs back by at most "
            + "\(format(worstRise[0])) nats above its lowest point with warmup and "
            + "\(format(worstRise[1])) without; the runs end at a validation loss of "
            + "\(format(mean(finals[0]))) (\(format(finals[0].min()!))–"
            + "\(format(finals[0].max()!))) with warmup and \(format(mean(finals[1]))) "
            + "(\(format(finals[1].min()!))–\(format(finals[1].max()!))) without."
    }
}

/// GPT-2's block, at its best rate, with dropout 0.1 (GPT-2's own setting)
/// and without, over the seeds: training and validation loss at the end.
func dropout(_ nb: Notebook, _ runs: AblationRuns, rate: Float, seeds: [UInt64]) throws {
    var rows: [[String]] = []
    for p: Float in [0, 0.1] {
        let results = try seeds.map {
            try runs(Ablation(gpt2: true, maxLR: rate, warmup: true, seed: $0, dropout: p))
        }
        // The training loss of the last tenth of the run, against validation.
        let train = results.map { r in
            mean(r.history.suffix(max(1, r.history.count / 10)).map { Double($0.loss) })
        }
        let validation = results.map(\.finalLoss)
        func spread(_ x: [Double]) -> String {
            "\(format(mean(x))) (\(format(x.min()!))–\(format(x.max()!)))"
        }
        rows.append([p == 0 ? "none" : String(format: "%g", p), spread(train),
                     spread(validation)])
    }
    try nb.table("dropout", headers: [
        "GPT-2 block, lr \(scientific(rate)), dropout", "training loss, last tenth",
        "validation loss, end"], rows: rows)
}

func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

func format(_ value: Double) -> String { String(format: "%.2f", value) }

/// Each value replaced by the mean of the `window` values ending at it.
func movingAverage(_ values: [Double], _ window: Int) -> [Double] {
    values.indices.map { i in
        let slice = values[max(0, i - window + 1)...i]
        return slice.reduce(0, +) / Double(slice.count)
    }
}

/// 0.001 as "1e-3".
func scientific(_ x: Float) -> String {
    let exponent = Int((log10(Double(x)) + 1e-6).rounded(.down))  // 0.01 is 0.00999…
    let mantissa = Double(x) / pow(10, Double(exponent))
    return String(format: "%.0fe%d", mantissa, exponent)
}
