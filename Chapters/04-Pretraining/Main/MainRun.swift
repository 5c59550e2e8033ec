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

/// The chapter's training run: curves, samples along the way, the numbers.
func mainRun(_ nb: Notebook, _ corpus: Corpus, _ training: TrainingConfig) throws {
    let config = try chapterModel(vocabulary: corpus.data.train.file.vocabularySize,
                                  quick: nb.isQuick)
    let trainer = Trainer(model: try LlamaModel(config, seed: training.seed),
                          config: training)
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
    try nb.table("run-summary", headers: ["", "value"], rows: [
        ["parameters", trainer.model.countedParameters.formatted()],
        ["steps × tokens per step", "\(training.steps) × \(training.tokensPerStep)"],
        ["training time (steps only)", formatDuration(seconds)],
        ["tokens per second", String(format: "%.0f", tokensPerSecond)],
        ["model FLOP rate (6N + attention per token)", String(
            format: "%.0f GFLOP/s", tokensPerSecond * 3 * Double(config.flopsPerToken()) / 1e9)],
        ["validation loss, start → end",
         String(format: "%.2f → %.2f nats/token", trainer.evaluations[0].loss, last.loss)],
        ["validation bits per byte, end", String(format: "%.3f", last.bitsPerByte)],
    ])
    guard last.loss < trainer.evaluations[0].loss - 0.5 else {
        throw TrainingConfigError("the validation loss did not fall: "
            + "\(trainer.evaluations[0].loss) → \(last.loss)")
    }
    try nb.figure("loss-curves", LinePlot([
        .init("training (mean of every 10 steps)", x: every(10, trainer.history.map(\.step)),
              y: means(10, trainer.history.map(\.loss))),
        .init("validation", x: trainer.evaluations.map(\.step),
              y: trainer.evaluations.map(\.loss)),
    ], xlabel: "step", ylabel: "cross-entropy (nats/token)", markers: true))
    try nb.verbatim("samples") { samples.joined(separator: "\n\n") }
}

/// `tokens` tokens after a fixed prompt: temperature 0.8, top-k 40, seed 1.
func sampleText(_ model: LlamaModel, _ corpus: Corpus, tokens: Int) throws -> String {
    let prompt = corpus.tokenizer.encodeOrdinary("KING HENRY.\n").map(Int32.init)
    var rng = RandomGenerator(seed: 1)
    let ids = try sample(model, prompt: prompt, count: tokens,
                         sampler: Sampler(temperature: 0.8, topK: 40), rng: &rng)
    return printable(try corpus.tokenizer.decodeText(ids.map(Int.init)))
}

/// Text for the page: control characters (an untrained model emits any
/// byte) become �, as invalid UTF-8 already does; line breaks stay.
func printable(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.map {
        $0.properties.generalCategory == .control && $0 != "\n" ? "\u{FFFD}" : $0
    }))
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
