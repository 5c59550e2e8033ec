import Book
import Notebook
import Foundation
import Model
import Pretraining
import Tokenizer

/// One training step of chapter 4's benchmark model (vocab 4096, width
/// 384, 6 layers, 6/2 heads, FFN 1024, batch 8 × 256; forward, backward,
/// clipping, AdamW) against the same step in PyTorch eager
/// (bench/torch_llama.py --mode train), same thread count. Each runs in a
/// process of its own, so each peak resident memory is its training's. Ours
/// runs with the OpenBLAS kernel of this run's environment (the one `make
/// bench` chose, scripts/blas-coretype.sh), then with the Haswell (AVX2)
/// kernel that `OPENBLAS_CORETYPE=Haswell` forces, as some machines set,
/// and with OpenBLAS's own pick when that is yet another; each row names
/// its kernel. PyTorch's sgemm is its own (MKL), unaffected.
func trainingRows(peak: MachinePeak, repeats: Int) throws -> [[String]] {
    let arguments = ["--threads", "\(threadCount)", "--repeats", "\(repeats)"]
    func ours(_ environment: [String: String?])
        -> (rate: Double, memory: Double, flops: Double, kernel: String)?
    {
        guard let json = runJSON(CommandLine.arguments[0], ["train-step"] + arguments,
                                 environment: environment),
              let rate = json["tokens_per_s"] as? Double,
              let memory = json["max_rss_mb"] as? Double,
              let flops = json["flops_per_token"] as? Double,
              let kernel = json["kernel"] as? String
        else { return nil }
        return (rate, memory, flops, kernel)
    }
    let name = "training step (chapter-4 config, batch 8 × 256), \(threadCount) threads"
    guard let picked = ours([:]) else { return [[name, "failed", "–", "–"]] }
    var others: [(rate: Double, memory: Double, flops: Double, kernel: String)] = []
    for environment in [["OPENBLAS_CORETYPE": "Haswell"],
                        ["OPENBLAS_CORETYPE": nil, "OPENBLAS_L2_SIZE": nil]] as [[String: String?]] {
        guard let run = ours(environment) else { return [[name, "failed", "–", "–"]] }
        if run.kernel != picked.kernel, !others.contains(where: { $0.kernel == run.kernel }) {
            others.append(run)
        }
    }
    let (ourRate, ourMemory) = (picked.rate, picked.memory)
    let gflops = ourRate * picked.flops / 1e9
    var rows = [[name + ", OpenBLAS \(picked.kernel)",
                 String(format: "%.0f tokens/s", ourRate), "", ""]]
        + others.map { [name + ", OpenBLAS \($0.kernel)",
                        String(format: "%.0f tokens/s", $0.rate), "", ""] }
    let fixed = rows.count
    rows += [["  model FLOP rate (training), fraction of the FMA peak",
                 String(format: "%.0f GFLOP/s", gflops),
                 String(format: "%.0f GFLOP/s FMA peak", try peak.gflops(threads: threadCount)),
                 try peak.percent(gflops, threads: threadCount, of: "the training step")],
                ["  peak resident memory", String(format: "%.0f MB", ourMemory), "", ""]]
    guard let theirs = runReference("bench/torch_llama.py", ["--mode", "train"] + arguments),
          let rate = theirs["tokens_per_s"] as? Double,
          let memory = theirs["max_rss_mb"] as? Double,
          let version = theirs["torch"] as? String
    else { rows[0][2] = "PyTorch unavailable"; return rows }
    let reference = String(format: "%.0f tokens/s PyTorch %@ eager", rate, version)
    for (i, run) in ([picked] + others).enumerated() {
        rows[i][2] = reference
        rows[i][3] = String(format: "%.2f×", run.rate / rate)
    }
    rows[fixed + 1][2] = String(format: "%.0f MB PyTorch", memory)
    rows[fixed + 1][3] = String(format: "%.2f×", ourMemory / memory)
    return rows
}

/// `bench train-step`: times training steps in this process and prints
/// JSON (median ms, tokens/s, FLOPs per token, peak resident memory).
func trainStepMain(_ arguments: [String]) throws {
    let repeats = arguments.firstIndex(of: "--repeats").map { Int(arguments[$0 + 1])! } ?? 10
    let config = try ModelConfig(vocabSize: 4_096, contextLength: 256, width: 384,
                                 depth: 6, heads: 6, kvHeads: 2, ffnWidth: 1_024,
                                 tiedEmbeddings: false)
    let training = try TrainingConfig(
        steps: 1_000, batch: 8, context: 256, maxLR: 3e-4, minLR: 3e-4, warmup: 0,
        evalEvery: 1_000, evalBatches: 1, checkpointEvery: 1_000, seed: 1)
    // Random tokens: the step costs the same whatever they are.
    var rng = RandomGenerator(seed: 4)
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("bench-\(getpid()).tokens")
    try TokenFile.write((0..<100_000).map { _ in rng.int(below: 4_096) },
                        vocabularySize: 4_096, to: url)
    defer { try? FileManager.default.removeItem(at: url) }
    let data = try TokenWindows(url, context: 256)
    let trainer = Trainer(model: try LlamaModel(config, seed: 1), config: training)
    let seconds = try medianSeconds(repeats: repeats) { try trainer.trainStep(on: data) }
    try printStepResult([
        "ms": 1000 * seconds, "tokens_per_s": Double(training.tokensPerStep) / seconds,
        "flops_per_token": Double(3 * config.flopsPerToken()), "kernel": blasCoreName])
}
