import Book
import Notebook
import Foundation

/// Causal attention forward + backward at the benchmark model's shapes
/// (batch 8, 6 heads sharing 2 KV heads, T 256, head dim 64): our fused op
/// against PyTorch's scaled_dot_product_attention (bench/torch_attention_bench.py,
/// same shapes, float32, the same thread count).
func attentionRows(repeats: Int) -> [[String]] {
    let (batch, heads, kvHeads, time, headDim) = (8, 6, 2, 256, 64)
    var rng = RandomGenerator(seed: 3)
    let q = Tensor.randn([batch, heads, time, headDim], rng: &rng)
    let k = Tensor.randn([batch, kvHeads, time, headDim], rng: &rng)
    let v = Tensor.randn([batch, kvHeads, time, headDim], rng: &rng)
    let dy = Tensor.randn([batch, heads, time, headDim], rng: &rng)
    let seconds = medianSeconds(repeats: repeats) {
        let tape = Tape()
        let out = tape.causalAttention(Variable(q), Variable(k), Variable(v))
        tape.backward(from: out, seed: dy)
    }
    let name = "causal attention (GQA) [\(batch), \(heads)/\(kvHeads), \(time), "
        + "\(headDim)] forward+backward, \(threadCount) threads"
    let ours = String(format: "%.2f ms", 1000 * seconds)
    guard let reference = torchAttentionMilliseconds(repeats: repeats) else {
        return [[name, ours, "PyTorch unavailable", "–"]]
    }
    return [[name, ours,
             String(format: "%.2f ms", reference.ms) + " PyTorch \(reference.version) SDPA",
             String(format: "%.1f× faster", reference.ms / (1000 * seconds))]]
}

/// What bench/torch_attention_bench.py measured, or nil if it could not run.
private func torchAttentionMilliseconds(repeats: Int) -> (ms: Double, version: String)? {
    guard let json = runReference("bench/torch_attention_bench.py",
                                  ["--threads", "\(threadCount)", "--repeats", "\(repeats)"]),
          let ms = json["ms"] as? Double, let version = json["torch"] as? String
    else { return nil }
    return (ms, version)
}
