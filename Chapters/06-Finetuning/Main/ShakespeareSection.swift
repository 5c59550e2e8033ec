import Book
import Finetuning
import Foundation
import Model
import Notebook
import Pretrained
import Pretraining

/// A fine-tuning recipe: `steps` AdamW steps of `batch` sequences, warmup
/// then cosine decay from `lr` to lr/10.
func recipe(_ nb: Notebook, steps: Int, batch: Int, lr: Float, weightDecay: Float,
            context: Int) throws -> TrainingConfig {
    let steps = nb.isQuick ? 4 : steps
    return try TrainingConfig(steps: steps, batch: nb.isQuick ? 2 : batch, context: context,
                              maxLR: lr, minLR: lr / 10, warmup: max(1, steps / 20),
                              weightDecay: weightDecay, evalEvery: max(1, steps / 10),
                              evalBatches: 1, checkpointEvery: steps, seed: 6)
}

/// Chapter 4's model before and after: full fine-tuning with and without
/// prompt masking, and LoRA; their curves, scores and replies.
func shakespeareRuns(_ nb: Notebook, _ data: InstructionSplits, _ base: ShakespeareBase) throws
    -> [(run: TuningRun, evaluation: Evaluation)]
{
    let context = try base.model().config.contextLength
    let masked = SFTData(data, base.format, context: context)
    let unmasked = SFTData(data, base.format, context: context, maskPrompt: false)
    let tokenizer = TunedTokenizer.bpe(base.tokenizer)
    func ask(_ model: LlamaModel, _ name: String) throws -> Evaluation {
        try evaluate(model, name: name, type: .f32, tokenizer: tokenizer, format: base.format,
                     on: data.test, nb: nb)
    }
    let before = try ask(base.model(), "shakespeare-base")

    let full = try recipe(nb, steps: 300, batch: 16, lr: 3e-4, weightDecay: 0.1, context: context)
    let fullModel = try base.model()
    let fullRun = try tune(fullModel, full, masked, name: "full fine-tuning")
    let fullAfter = try ask(fullModel, "shakespeare-full")
    try fullModel.saveHuggingFace(to: nb.locations.chapterDirectory("06").appendingPathComponent("full"))

    let plainModel = try base.model()
    let plainRun = try tune(plainModel, full, unmasked, name: "full, prompt not masked")
    let plainAfter = try ask(plainModel, "shakespeare-full-unmasked")

    let lora = try LoRAModel(base: try base.model(), config: LoRAConfig(rank: 8, alpha: 16))
    let loraRun = try tune(lora, try recipe(nb, steps: 300, batch: 16, lr: 2e-3, weightDecay: 0,
                                            context: context), masked, name: "LoRA")
    let adapters = nb.locations.chapterDirectory("06").appendingPathComponent("adapters/shakespeare")
    try lora.save(to: adapters, base: base.checkpoint)
    let loraAfter = try ask(lora.merged(), "shakespeare-lora")

    try nb.table("shakespeare-data", headers: ["", "value"], rows: [
        ["training sequences (ChatML)", masked.train.count.formatted()],
        ["left out: longer than the context of \(context)", masked.dropped.formatted()],
        ["scored tokens per sequence, masked (mean)",
         String(format: "%.1f", mean(masked.train.map(\.scoredCount)))],
        ["scored tokens per sequence, unmasked (mean)",
         String(format: "%.1f", mean(unmasked.train.map(\.scoredCount)))],
    ])
    try nb.figure("shakespeare-curves", LinePlot(
        [fullRun, plainRun, loraRun].map { run in
            LinePlot.Series(run.name, x: run.validation.map(\.step), y: run.validation.map(\.loss))
        }, xlabel: "step", ylabel: "validation loss on the replies (nats/token)", markers: true))
    try scoreTable(nb, "shakespeare-scores",
                   [("base", before), ("full", fullAfter), ("full, unmasked", plainAfter),
                    ("LoRA", loraAfter)])
    try transcripts(nb, "shakespeare-transcripts", before, [("full", fullAfter), ("LoRA", loraAfter)])
    return [(fullRun, fullAfter), (loraRun, loraAfter)]
}

func mean(_ values: [Int]) -> Double {
    values.isEmpty ? 0 : Double(values.reduce(0, +)) / Double(values.count)
}

/// Exact match per family for each model, with 95 % intervals; the form
/// rate; and the refusal rates.
func scoreTable(_ nb: Notebook, _ name: String, _ models: [(String, Evaluation)]) throws {
    let families = models[0].1.scores.map(\.family)
    var rows = families.map { family in
        ["\(family.rawValue) (n = \(models[0].1.scores.first { $0.family == family }!.correct.total))"]
            + models.map { _, e in percent(e.scores.first { $0.family == family }!.correct) }
    }
    rows.append(["all (exact match)"] + models.map { percent($0.1.overall) })
    rows.append(["replies of the right form"] + models.map { _, e in
        percent(Proportion(count: e.scores.reduce(0) { $0 + $1.wellFormed.count },
                           total: e.scores.reduce(0) { $0 + $1.wellFormed.total }))
    })
    rows.append(["refusal rate (refuse)"] + models.map { _, e in
        percent(e.scores.first { $0.family == .refuse }?.refused ?? Proportion(count: 0, total: 0))
    })
    rows.append(["false refusals (look-alike)"] + models.map { _, e in
        percent(e.scores.first { $0.family == .lookAlike }?.refused ?? Proportion(count: 0, total: 0))
    })
    try nb.table(name, headers: ["family"] + models.map(\.0), rows: rows)
}

/// One test prompt per family with the base model's reply and the tuned ones'.
func transcripts(_ nb: Notebook, _ name: String, _ before: Evaluation,
                 _ after: [(String, Evaluation)]) throws {
    try nb.verbatim(name) {
        TaskFamily.allCases.compactMap { family -> String? in
            guard let i = before.examples.firstIndex(where: { $0.family == family }) else { return nil }
            let e = before.examples[i]
            var lines = ["[\(family.rawValue)] \(e.prompt)", "answer: \(e.answer)",
                         "base:   \(oneLine(before.replies[i]))"]
            for (label, evaluation) in after {
                lines.append("\(label): \(oneLine(evaluation.replies[i]))")
            }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}

/// A reply on one line, shortened: a base model can ramble.
func oneLine(_ text: String) -> String {
    let flat = text.replacingOccurrences(of: "\n", with: " ⏎ ")
    return flat.count > 70 ? String(flat.prefix(70)) + "…" : flat
}
