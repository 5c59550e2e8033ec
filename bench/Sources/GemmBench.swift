import Book
import Notebook

/// sgemm at the shapes of one training step of chapter 4's benchmark model
/// (batch 8 × context 256 = 2048 tokens, width 384, FFN 1024, vocab 4096,
/// 6 heads and 2 KV heads of 64): forward, and the two backward products.
/// Each row is a fraction of the FMA peak for the threads `gemm` really used.
func gemmRows(peak: MachinePeak, repeats: Int) throws -> [[String]] {
    let tokens = 2048
    let layers: [(String, out: Int, in: Int)] = [
        ("QKV projection", 384 + 2 * 128, 384),
        ("FFN gate+up", 2 * 1024, 384),
        ("FFN down", 384, 1024),
        ("LM head", 4096, 384),
    ]
    var rows: [[String]] = []
    for (name, out, inner) in layers {
        // (what, m, n, k, transposeA, transposeB) for y = x·Wᵀ, dx = dy·W, dW = dyᵀ·x
        let products = [
            ("forward", tokens, out, inner, false, true),
            ("backward dx", tokens, inner, out, false, false),
            ("backward dW", out, inner, tokens, true, false),
        ]
        for (what, m, n, k, ta, tb) in products {
            let a = Tensor(shape: ta ? [k, m] : [m, k], repeating: 0.01)
            let b = Tensor(shape: tb ? [n, k] : [k, n], repeating: 0.01)
            let c = Tensor(zeros: [m, n])
            let s = medianSeconds(repeats: repeats) {
                gemm(a.data, b.data, c.data, m: m, n: n, k: k, transposeA: ta, transposeB: tb)
            }
            let gflops = 2 * Double(m * n * k) / s / 1e9
            let threads = gemmThreads(m: m, n: n, k: k)
            let row = "sgemm \(name), \(what) (\(m)×\(n)×\(k)), \(threads) thread"
                + (threads == 1 ? "" : "s")
            rows.append([row, String(format: "%.0f GFLOP/s", gflops),
                         String(format: "%.0f GFLOP/s FMA peak",
                                try peak.gflops(threads: threads)),
                         try peak.percent(gflops, threads: threads, of: row)])
        }
    }
    return rows
}
