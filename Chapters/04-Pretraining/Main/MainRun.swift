import Book
import Notebook
import Foundation
import Model
import Pretraining

func dataSection(_ nb: Notebook, _ corpus: Corpus, _ training: TrainingConfig) throws {
    let (train, validation) = (corpus.data.train.file, corpus.data.validation.file)
    let tokens = training.steps * training.tokensPerStep
    try nb.table("data", headers: ["", "value"], rows: [
        ["training tokens (chapter 1's train.tokens)", train.count.formatted()],
        ["validation tokens (5 works held out)", validation.count.formatted()],
        ["tokens per step (batch × context)", training.tokensPerStep.formatted()],
        ["tokens in the run", tokens.formatted()],
        ["passes over the training tokens",
         String(format: "%.2f", Double(tokens) / Double(train.count))],
    ])
    try nb.figure("lr-schedule", LinePlot(
        [.init("learning rate", x: Array(0..<training.steps),
               y: (0..<training.steps).map { training.learningRate(at: $0) })],
        xlabel: "step", ylabel: "learning rate"))
}

/// The chapter's training run: curves, samples along the way, the numbers,
/// then what the trained model is worth: baselines, its next-token
/// distribution, and text for several prompts. Returns its size and the
/// tokens it trained on.
func mainRun(_ nb: Notebook, _ corpus: Corpus, _ training: TrainingConfig) throws
    -> (parameters: Int, tokens: Int)
{
    let config = try ModelConfig.pretraining(
        vocabulary: corpus.data.train.file.vocabularySize, quick: nb.isQuick)
    let trainer = Trainer(model: try LlamaModel(config, seed: training.seed),
                          config: training)
    try recipe(nb, training, trainer.optimizer, config)
    try initialLoss(nb, trainer.model, corpus, training)
    let run = nb.locations.chapterDirectory("04").appendingPathComponent("run")
    try? FileManager.default.removeItem(at: run)
    let sampleSteps = Set([0, training.steps / 10, training.steps / 2, training.steps])
    var samples: [String] = []
    let seconds = try nb.time("training") {
        try trainer.run(on: corpus.data, label: "training", checkpoint: {
            try $0.save(in: run, tokenizerFingerprint: corpus.fingerprint)
        }, evaluated: { e in
            guard sampleSteps.contains(e.step) else { return }
            samples.append("step \(e.step) (validation loss "
                + String(format: "%.2f", e.loss) + "):\n"
                + (try sampleText(trainer.model, corpus, tokens: nb.isQuick ? 24 : 80)))
        })
    }
    let last = trainer.evaluations.last!
    let tokensPerSecond = Double(training.steps * training.tokensPerStep) / seconds
    let gflops = tokensPerSecond * 3 * Double(config.flopsPerToken()) / 1e9
    let peak = try MachinePeak.load()
    try nb.table("run-summary", headers: ["", "value"], rows: [
        ["model", "\(config.depth) blocks of width \(config.width), \(config.heads) query "
            + "heads sharing \(config.kvHeads) key/value heads, FFN \(config.ffnWidth)"],
        ["parameters", trainer.model.countedParameters.formatted()],
        ["steps × tokens per step", "\(training.steps) × \(training.tokensPerStep)"],
        ["training time (steps only)", formatDuration(seconds)],
        ["tokens per second", String(format: "%.0f", tokensPerSecond)],
        ["model FLOP rate (3 × chapter 3's forward FLOPs per token)",
         String(format: "%.0f GFLOP/s, ", gflops)
            + (try peak.percent(gflops, threads: threadCount, of: "the training run"))
            + String(format: " of the FMA peak (%.0f GFLOP/s)",
                     try peak.gflops(threads: threadCount))],
        ["validation loss, start → end",
         String(format: "%.2f → %.2f nats/token", trainer.evaluations[0].loss, last.loss)],
        ["validation perplexity, start → end",
         String(format: "%.0f → %.0f", exp(trainer.evaluations[0].loss), exp(last.loss))],
        ["validation bits per byte, end", String(format: "%.3f", last.bitsPerByte)],
    ])
    guard last.loss < trainer.evaluations[0].loss - 0.5 else {
        throw InputError("the validation loss did not fall: "
            + "\(trainer.evaluations[0].loss) → \(last.loss)")
    }
    try nb.figure("loss-curves", LinePlot([
        .init("training (mean of every 10 steps)", x: every(10, trainer.history.map(\.step)),
              y: means(10, trainer.history.map(\.loss))),
        .init("validation", x: trainer.evaluations.map(\.step),
              y: trainer.evaluations.map(\.loss)),
    ], xlabel: "step", ylabel: "cross-entropy (nats/token)", markers: true))
    try nb.verbatim("samples") {
        "(temperature \(sampling.temperature), top-k \(sampling.topK!), seed 1)\n\n"
            + samples.joined(separator: "\n\n")
    }
    try baselines(nb, trainer.model, corpus, training)
    try samplingOnNumbers(nb, trainer.model, corpus)
    try generations(nb, trainer.model, corpus)
    return (trainer.model.countedParameters, training.steps * training.tokensPerStep)
}

/// How the chapter samples: temperature 0.8, top-k 40.
let sampling = try! Sampler(temperature: 0.8, topK: 40)

/// `tokens` tokens after a fixed prompt, seed 1.
func sampleText(_ model: LlamaModel, _ corpus: Corpus, tokens: Int) throws -> String {
    let prompt = corpus.tokenizer.encodeOrdinary("KING HENRY.\n").map(Int32.init)
    var rng = RandomGenerator(seed: 1)
    let ids = try generate(model, prompt: prompt, count: tokens, sampler: sampling,
                           rng: &rng)
    return try corpus.tokenizer.decodeText(ids.map(Int.init))
}

/// The last element of each group of `n`, and the mean of each group.
func every(_ n: Int, _ values: [Int]) -> [Int] {
    stride(from: n - 1, to: values.count, by: n).map { values[$0] }
}

func means(_ n: Int, _ values: [Float]) -> [Float] {
    stride(from: 0, to: values.count - n + 1, by: n).map {
        values[$0..<($0 + n)].reduce(0, +) / Float(n)
    }
}

/// The recipe of the run, as the code has it: every setting that decides
/// the updates, read from the config and the optimizer the trainer built.
func recipe(_ nb: Notebook, _ t: TrainingConfig, _ adamW: AdamW,
            _ model: ModelConfig) throws {
    func lr(_ x: Float) -> String { String(format: "%g", x) }
    try nb.table("recipe", headers: ["setting", "value"], rows: [
        ["steps × (batch × context)", "\(t.steps) × (\(t.batch) × \(t.context)) tokens"],
        ["learning rate", "linear warmup over \(t.warmup) steps to \(lr(t.maxLR)), "
            + "cosine decay to \(lr(t.minLR))"],
        ["optimizer", "AdamW, β₁ = \(lr(adamW.beta1)), β₂ = \(lr(adamW.beta2)), "
            + "ε = \(lr(adamW.eps))"],
        ["weight decay", "\(lr(adamW.weightDecay)) on the \(adamW.decays.filter { $0 }.count) "
            + "matrices; none on the \(adamW.decays.filter { !$0 }.count) norm gains"],
        ["gradient clipping", "global norm \(lr(t.clipNorm))"],
        ["initialization", "normal, std \(lr(WeightInit.std)); residual projections "
            + "\(String(format: "%.4f", model.residualInitStd)) "
            + "(\(lr(WeightInit.std))/√(2 · \(model.depth)))"],
        ["seed", "\(t.seed) (weights and the order of windows)"],
    ])
}

/// The untrained model's loss against ln(vocabulary): logits of standard
/// deviation σ add about σ²/2 to the loss of an even bet.
func initialLoss(_ nb: Notebook, _ model: LlamaModel, _ corpus: Corpus,
                 _ t: TrainingConfig) throws {
    let (inputs, targets) = corpus.data.validation.evaluationBatch(0, of: 1, batch: t.batch)
    let tape = Tape()
    let logits = try model.logits(tape, ids: inputs, batch: t.batch)
    let loss = Double(tape.crossEntropy(logits, targets: targets).value.data[0])
    let values = logits.value.scalars.map(Double.init)
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    let lnV = log(Double(model.vocabSize))
    try nb.table("initial-loss", headers: ["untrained model", "value"], rows: [
        ["loss on a validation batch", String(format: "%.3f nats/token", loss)],
        ["ln(vocabulary) = ln \(model.vocabSize): an even bet", String(format: "%.3f", lnV)],
        ["standard deviation σ of its logits", String(format: "%.3f", variance.squareRoot())],
        ["ln(vocabulary) + σ²/2", String(format: "%.3f", lnV + variance / 2)],
    ])
}
