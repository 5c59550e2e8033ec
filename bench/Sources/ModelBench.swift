import Book
import Notebook
import Model

/// A forward pass of chapter 4's benchmark model (vocab 4096, width 384,
/// 6 layers, 6 heads / 2 KV heads, FFN 1024, context 256, batch 8), logits
/// and loss, against the same model in PyTorch (bench/torch_llama.py, no
/// autograd) with the same thread count: tokens per second.
func modelForwardRows(repeats: Int) -> [[String]] {
    let (batch, context) = (8, 256)
    var rng = RandomGenerator(seed: 2)
    let ids = (0..<batch * context).map { _ in Int32(rng.int(below: 4_096)) }
    let targets = (0..<batch * context).map { _ in Int32(rng.int(below: 4_096)) }
    let model: LlamaModel, seconds: Double
    do {
        model = try LlamaModel(try ModelConfig(
            vocabSize: 4_096, contextLength: context, width: 384, depth: 6, heads: 6,
            kvHeads: 2, ffnWidth: 1_024, tiedEmbeddings: false), seed: 1)
        seconds = try medianSeconds(repeats: max(3, repeats / 2)) {
            let tape = Tape()
            let logits = try model.logits(tape, ids: ids, batch: batch)
            _ = tape.crossEntropy(Variable(logits.value.reshaped([-1, 4_096])),
                                  targets: targets)
        }
    } catch {
        print("bench: model skipped: \(error)")
        return []
    }
    let ours = Double(batch * context) / seconds
    let name = "model forward (chapter-4 config, \(model.countedParameters / 1_000_000)M "
        + "parameters, batch \(batch) × \(context)), \(threadCount) threads"
    guard let json = runReference("bench/torch_llama.py", [
        "--threads", "\(threadCount)", "--repeats", "\(max(3, repeats / 2))"]),
        let theirs = json["tokens_per_s"] as? Double, let version = json["torch"] as? String
    else {
        return [[name, String(format: "%.0f tokens/s", ours), "PyTorch unavailable", "–"]]
    }
    return [[name, String(format: "%.0f tokens/s", ours),
             String(format: "%.0f tokens/s PyTorch %@ eager", theirs, version),
             String(format: "%.2f×", ours / theirs)]]
}
