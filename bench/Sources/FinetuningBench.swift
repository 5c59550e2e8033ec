import Book
import Finetuning
import Foundation
import Model
import Notebook
import Pretraining

/// Chapter 6's steps against PyTorch (bench/torch_llama.py), each in a
/// process of its own so that each peak resident memory is its own: a LoRA
/// step on SmolLM2-135M's shapes (batch 4 × 256, rank 8 on all seven
/// projections, random weights: the step costs the same whatever they are),
/// and a full fine-tuning step of chapter 4's model (batch 16 × 128).
func finetuningRows(repeats: Int) throws -> [[String]] {
    let smol = ["--vocab", "49152", "--dim", "576", "--layers", "30", "--heads", "9",
                "--kv-heads", "3", "--ffn", "1536", "--ctx", "256", "--batch", "4", "--tied",
                "--theta", "100000"]
    let chapter4 = ["--ctx", "128", "--batch", "16"]
    let common = ["--threads", "\(threadCount)", "--repeats", "\(repeats)"]
    var rows: [[String]] = []
    for (name, mode, shape) in [
        ("LoRA step, SmolLM2-135M shapes, rank 8, batch 4 × 256", "lora", smol),
        ("full fine-tuning step, chapter 4's model, batch 16 × 128", "train", chapter4),
    ] {
        let arguments = ["--mode", mode] + shape + common
        guard let ours = runJSON(CommandLine.arguments[0], ["tune-step"] + arguments),
              let rate = ours["tokens_per_s"] as? Double, let memory = ours["max_rss_mb"] as? Double
        else { rows.append([name, "failed", "–", "–"]); continue }
        var row = [name, String(format: "%.0f tokens/s", rate), "PyTorch unavailable", "–"]
        var memoryRow = ["  peak resident memory", String(format: "%.0f MB", memory), "", ""]
        if let theirs = runReference("bench/torch_llama.py", arguments),
           let reference = theirs["tokens_per_s"] as? Double,
           let referenceMemory = theirs["max_rss_mb"] as? Double,
           let version = theirs["torch"] as? String {
            row[2] = String(format: "%.0f tokens/s PyTorch %@ eager", reference, version)
            row[3] = String(format: "%.2f×", rate / reference)
            memoryRow[2] = String(format: "%.0f MB PyTorch", referenceMemory)
            memoryRow[3] = String(format: "%.2f×", memory / referenceMemory)
        }
        rows += [row, memoryRow]
    }
    return rows
}

/// `bench tune-step`: the step torch_llama.py times, with the same
/// arguments, in this process; prints JSON (median ms, tokens/s, peak
/// resident memory).
func tuneStepMain(_ arguments: [String]) throws {
    func value(_ name: String, _ fallback: Int) -> Int {
        arguments.firstIndex(of: name).map { Int(arguments[$0 + 1])! } ?? fallback
    }
    let (batch, context) = (value("--batch", 8), value("--ctx", 256))
    let config = try ModelConfig(
        vocabSize: value("--vocab", 4_096), contextLength: context, width: value("--dim", 384),
        depth: value("--layers", 6), heads: value("--heads", 6), kvHeads: value("--kv-heads", 2),
        ffnWidth: value("--ffn", 1_024),
        ropeBase: Double(arguments.firstIndex(of: "--theta").map { arguments[$0 + 1] } ?? "10000")!,
        tiedEmbeddings: arguments.contains("--tied"))
    let lora = arguments.contains("lora")
    let training = try TrainingConfig(
        steps: 1_000, batch: batch, context: context, maxLR: 3e-4, minLR: 3e-4, warmup: 0,
        weightDecay: lora ? 0 : 0.1, evalEvery: 1_000, evalBatches: 1, checkpointEvery: 1_000,
        seed: 1)
    var rng = RandomGenerator(seed: 4)
    let ids = (0..<batch * context).map { _ in Int32(rng.int(below: config.vocabSize)) }
    let targets = (0..<batch * context).map { _ in Int32(rng.int(below: config.vocabSize)) }
    let base = try LlamaModel(config, seed: 1)
    func step(_ trainer: Trainer<some LanguageModel>) throws {
        _ = try trainer.update(loss: try trainer.accumulateGradients { _ in (ids, targets) })
    }
    let seconds: Double
    if lora {
        let adapted = try LoRAModel(base: base, config: LoRAConfig(rank: value("--rank", 8),
                                                                    alpha: 16))
        let trainer = Trainer(model: adapted, config: training)
        seconds = try medianSeconds(repeats: value("--repeats", 10)) { try step(trainer) }
    } else {
        let trainer = Trainer(model: base, config: training)
        seconds = try medianSeconds(repeats: value("--repeats", 10)) { try step(trainer) }
    }
    try printStepResult(["ms": 1000 * seconds, "tokens_per_s": Double(batch * context) / seconds])
}
