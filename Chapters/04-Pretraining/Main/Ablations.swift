import Book
import Notebook
import Foundation
import Model
import Pretraining

/// One short run of an ablation: a model, a peak learning rate, warmup or
/// not. Every run sees the same windows in the same order (same seed).
struct Ablation {
    let name: String
    let maxLR: Float
    let warmup: Bool
    let gpt2: Bool
}

// listing: ablation-settings
/// The ablations' budget: a smaller model (4 blocks of width 256, about
/// 4 M parameters with tied embeddings) for 300 steps of 8 × 128 tokens.
/// The Llama and GPT-2 blocks have equal weights per block: GPT-2's 12d²
/// (attention 4d², MLP 8d²) against Llama's 2d² + 2d·kv + 3d·ffn with
/// kv = 128 and ffn = 768.
func ablationModel(_ vocabulary: Int, gpt2: Bool, quick: Bool) throws
    -> any LanguageModel
{
    let (width, depth, context) = quick ? (64, 2, 32) : (256, 4, 128)
    if gpt2 {
        return GPT2Model(try GPT2Config(
            vocabSize: vocabulary, contextLength: context, width: width,
            depth: depth, heads: 4), seed: 1)
    }
    return try LlamaModel(try ModelConfig(
        vocabSize: vocabulary, contextLength: context, width: width,
        depth: depth, heads: 4, kvHeads: 2, ffnWidth: 3 * width), seed: 1)
}

func ablationTraining(_ a: Ablation, quick: Bool) throws -> TrainingConfig {
    let steps = quick ? 20 : 300
    return try TrainingConfig(
        steps: steps, batch: 8, context: quick ? 32 : 128, maxLR: a.maxLR,
        minLR: a.maxLR / 10, warmup: a.warmup ? steps / 10 : 0,
        evalEvery: steps / 5, evalBatches: quick ? 2 : 8,
        checkpointEvery: steps, seed: 2)
}
// end listing

/// What an ablation run leaves: its records and its size.
struct AblationResult {
    let history: [StepRecord], evaluations: [EvaluationRecord]
    let parameters: Int
}

/// Trains one ablation.
func train(_ a: Ablation, _ corpus: Corpus, quick: Bool) throws -> AblationResult {
    let training = try ablationTraining(a, quick: quick)
    let model = try ablationModel(corpus.data.train.file.vocabularySize,
                                  gpt2: a.gpt2, quick: quick)
    return try train(model, training, try corpus.windows(context: training.context),
                     label: a.name)
}

/// Opens the existential model into a typed trainer.
func train(_ model: some LanguageModel, _ training: TrainingConfig,
           _ data: TrainingData, label: String) throws -> AblationResult {
    let trainer = Trainer(model: model, config: training)
    try trainer.run(on: data, label: label)
    return AblationResult(history: trainer.history, evaluations: trainer.evaluations,
                          parameters: model.countedParameters)
}

func ablations(_ nb: Notebook, _ corpus: Corpus) throws {
    let quick = nb.isQuick
    let rates: [Float] = [3e-4, 1e-3, 3e-3, 1e-2]
    let runs = [Ablation(name: "GPT-2, lr 1e-3", maxLR: 1e-3, warmup: true, gpt2: true),
                Ablation(name: "Llama, lr 1e-2, no warmup", maxLR: 1e-2, warmup: false,
                         gpt2: false)]
        + rates.map { Ablation(name: "Llama, lr \(scientific($0))", maxLR: $0,
                               warmup: true, gpt2: false) }
    let results = try nb.time("ablations") {
        try runs.map { try train($0, corpus, quick: quick) }
    }
    let (gpt2, cold) = (results[0], results[1])
    let sweep = Array(results[2...])
    let llama = sweep[rates.firstIndex(of: 1e-3)!], hot = sweep.last!
    try nb.table("ablations", headers: ["run", "parameters", "validation loss, end"],
                 rows: zip(runs, results).map { a, r in
                     [a.name, r.parameters.formatted(),
                      String(format: "%.3f", r.evaluations.last!.loss)]
                 })
    let best = zip(rates, sweep).min { $0.1.evaluations.last!.loss
                                       < $1.1.evaluations.last!.loss }!
    func final(_ r: AblationResult) -> String {
        String(format: "%.2f", r.evaluations.last!.loss)
    }
    try nb.text("ablation-findings") {
        """
        At equal budget the Llama block (\(llama.parameters.formatted()) \
        parameters) ends at a validation loss of \(final(llama)), GPT-2's \
        (\(gpt2.parameters.formatted()) parameters) at \(final(gpt2)). \
        At a peak learning rate of 1e-2, \
        warmup ends at \(final(hot)) and no warmup at \(final(cold)). Of the four \
        peak rates, \(scientific(best.0)) ends lowest (\(final(best.1))).
        """
    }
    try nb.figure("ablation-architecture", LinePlot([
        .init("Llama block (RMSNorm, RoPE, GQA, SwiGLU)",
              x: llama.evaluations.map(\.step), y: llama.evaluations.map(\.loss)),
        .init("GPT-2 block (LayerNorm, learned positions, GELU)",
              x: gpt2.evaluations.map(\.step), y: gpt2.evaluations.map(\.loss)),
    ], xlabel: "step", ylabel: "validation loss (nats/token)", markers: true))
    try nb.figure("ablation-warmup", LinePlot([
        .init("10% warmup", x: hot.history.map(\.step), y: hot.history.map(\.loss)),
        .init("no warmup", x: cold.history.map(\.step), y: cold.history.map(\.loss)),
    ], xlabel: "step", ylabel: "training loss (nats/token), peak lr 1e-2"))
    try nb.figure("ablation-lr", LinePlot([
        .init("validation loss after the run", x: rates,
              y: sweep.map { $0.evaluations.last!.loss }),
    ], xlabel: "peak learning rate", ylabel: "validation loss (nats/token)",
       logX: true, markers: true))
}

/// 0.001 as "1e-3".
func scientific(_ x: Float) -> String {
    let exponent = Int((log10(Double(x)) + 1e-6).rounded(.down))  // 0.01 is 0.00999…
    let mantissa = Double(x) / pow(10, Double(exponent))
    return String(format: "%.0fe%d", mantissa, exponent)
}
