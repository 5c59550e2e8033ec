// Appendix A — the tensor and autograd core, as a notebook.
//
//   swift run -c release chA-core [--quick]
//
// Every number, table and figure of Appendix A comes from this run.
import Book
import Notebook
import Foundation
import Micrograd

Notebook.run(chapter: "A") { nb in
    try scalarAutograd(nb)
    try gradientChecks(nb)
    try speed(nb)
    try optimizerSchedule(nb)
    try safetensorsExample(nb)
}

// MARK: Autograd on scalars

func scalarAutograd(_ nb: Notebook) throws {
    try nb.verbatim("micrograd-example") {
        let (g, a, b) = microgradReadmeExample()
        return String(format: "g = %.4f\n∂g/∂a = %.4f\n∂g/∂b = %.4f", g.data, a.grad, b.grad)
    }

    var rng = RandomGenerator(seed: 1)
    let mlp = MLP(sizes: [3, 4, 4, 1], rng: &rng)
    let xs: [[Double]] = [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]]
    let ys: [Double] = [1, -1, -1, 1]
    var rows: [[String]] = []
    for step in 0...40 {
        let predictions = xs.map { mlp($0.map { Value($0) })[0] }
        let loss = zip(predictions, ys).reduce(Value(0)) { $0 + ($1.0 - Value($1.1)).pow(2) }
        mlp.parameters.forEach { $0.grad = 0 }
        loss.backward()
        for p in mlp.parameters { p.data -= 0.05 * p.grad }
        if step % 10 == 0 {
            let shown = predictions.map { String(format: "%+.3f", $0.data) }
            rows.append([String(step), String(format: "%.4f", loss.data),
                         shown.joined(separator: " ")])
        }
    }
    try nb.table("mlp-training", headers: ["step", "loss", "predictions (targets +1 −1 −1 +1)"],
                 rows: rows)
}

// MARK: Gradient checks

/// Every op of the tape against central differences, as the tests do.
func gradientChecks(_ nb: Notebook) throws {
    var rng = RandomGenerator(seed: 42)
    func r(_ shape: [Int], std: Float = 1) -> Tensor { Tensor.randn(shape, std: std, rng: &rng) }
    typealias Op = (Tape, [Variable]) -> Variable
    let cases: [(String, [Tensor], Op)] = [
        ("matmul A·B", [r([3, 4]), r([4, 5])], { $0.matmul($1[0], $1[1]) }),
        ("matmul Aᵀ·Bᵀ", [r([4, 3]), r([5, 4])],
         { $0.matmul($1[0], $1[1], transposeA: true, transposeB: true) }),
        ("linear x·Wᵀ, batched", [r([2, 3, 4]), r([5, 4])],
         { $0.matmul($1[0], $1[1], transposeB: true) }),
        ("batched matmul", [r([2, 3, 4]), r([2, 4, 5])], { $0.matmul($1[0], $1[1]) }),
        ("add (bias)", [r([3, 20]), r([20])], { $0.add($1[0], $1[1]) }),
        ("mul", [r([3, 20]), r([3, 20])], { $0.mul($1[0], $1[1]) }),
        ("scale", [r([3, 20])], { $0.scale($1[0], 0.5) }),
        ("embedding", [r([6, 5])], { $0.embedding($1[0], ids: [1, 4, 1, 0], shape: [2, 2]) }),
        ("RMSNorm", [r([4, 37]), r([37], std: 0.5)], { $0.rmsNorm($1[0], gain: $1[1]) }),
        ("LayerNorm", [r([4, 37]), r([37]), r([37])],
         { $0.layerNorm($1[0], gain: $1[1], bias: $1[2]) }),
        ("softmax", [r([3, 21], std: 2)], { $0.softmax($1[0]) }),
        ("GELU (tanh)", [r([3, 21], std: 2)], { $0.gelu($1[0]) }),
        ("SiLU", [r([3, 21], std: 2)], { $0.silu($1[0]) }),
        ("SwiGLU", [r([3, 21]), r([3, 21])], { $0.swiglu($1[0], $1[1]) }),
        ("dropout p = 0.3", [r([4, 19])], { t, v in
            var rng = RandomGenerator(seed: 7)  // the same mask on every call
            return t.dropout(v[0], probability: 0.3, rng: &rng)
        }),
        ("cross-entropy, 2 of 5 ignored", [r([5, 23], std: 3)],
         { $0.crossEntropy($1[0], targets: [3, -100, 22, 0, -100]) }),
        ("sum", [r([3, 18])], { $0.sum($1[0]) }),
        ("mean", [r([3, 18])], { $0.mean($1[0]) }),
    ]
    let rows = cases.map { name, inputs, op in
        let errors = gradientCheck(inputs, op)
        return [name, inputs.map { "\($0.shape)" }.joined(separator: ", "),
                errors.map { String(format: "%.1e", $0) }.joined(separator: ", ")]
    }
    try nb.table("gradient-check-table",
                 headers: ["op", "input shapes", "relative error per input"], rows: rows)

    // Error against the step h, for GELU on 64 inputs.
    let x = r([64])
    let exponents = stride(from: -6.0, through: 0.0, by: nb.isQuick ? 0.5 : 0.25)
    let steps = exponents.map { pow(10, $0) }
    func errors(_ scheme: FiniteDifference) -> [Double] {
        steps.map { gradientCheck([x], step: Float($0), scheme: scheme) { $0.gelu($1[0]) }[0] }
    }
    let (central, forward) = (errors(.central), errors(.forward))
    try nb.figure("gradient-check-step", LinePlot(
        [.init("central difference", x: steps, y: central),
         .init("forward difference", x: steps, y: forward)],
        xlabel: "step h", ylabel: "relative error of the gradient",
        logX: true, logY: true, markers: true))
    func best(_ errors: [Double]) -> (h: Double, error: Double) {
        let i = errors.indices.min { errors[$0] < errors[$1] }!
        return (steps[i], errors[i])
    }
    let (bc, bf) = (best(central), best(forward))
    try nb.text("gradient-check-best") {
        String(format: """
            The smallest errors measured: %.1e for the central difference at h = %.0e, \
            and %.1e for the forward difference at h = %.0e. Balancing the two errors \
            predicts the best step near ε^(1/3) ≈ 4.9e-03 for the central difference and \
            √ε ≈ 2.4e-04 for the forward one (ε = 2⁻²⁴, float32's unit roundoff).
            """, bc.error, bc.h, bf.error, bf.h)
    }
}

// MARK: Speed

func speed(_ nb: Notebook) throws {
    let peaks = [1, threadCount].map { measurePeakGFLOPS(threads: $0) }
    try nb.table("peak", headers: ["threads", "peak GFLOP/s (fp32 FMA)", "OpenBLAS kernel"],
                 rows: zip([1, threadCount], peaks).map {
                     [String($0), String(format: "%.0f", $1), blasCoreName]
                 })

    let sizes = [32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048]
        .filter { !nb.isQuick || $0 <= 512 }
    let progress = ProgressBar(total: 2 * sizes.count, label: "sgemm", unit: "size")
    var single: [Double] = [], all: [Double] = []
    for threads in [1, threadCount] {
        for n in sizes {
            let gflops = sgemmGFLOPS(n: n, threads: threads,
                                     seconds: nb.isQuick ? 0.05 : 0.3)
            threads == 1 ? single.append(gflops) : all.append(gflops)
            progress.advance(info: "\(n)×\(n): \(Int(gflops)) GFLOP/s")
        }
    }
    progress.finish()
    try nb.figure("sgemm-gflops", LinePlot(
        [.init("sgemm, 1 thread", x: sizes, y: single),
         .init("sgemm, \(threadCount) threads", x: sizes, y: all)],
        xlabel: "matrix size n", ylabel: "GFLOP/s", logX: true,
        references: [.init(y: peaks[0], label: "FMA peak, 1 thread"),
                     .init(y: peaks[1], label: "FMA peak, \(threadCount) threads")],
        markers: true))
    try nb.table("sgemm-table",
                 headers: ["n", "1 thread GFLOP/s", "% of peak",
                           "\(threadCount) threads GFLOP/s", "% of peak"],
                 rows: sizes.indices.filter { $0 % 2 == 0 || $0 == sizes.count - 1 }.map { i in
                     [String(sizes[i]), String(format: "%.0f", single[i]),
                      String(format: "%.0f%%", 100 * single[i] / peaks[0]),
                      String(format: "%.0f", all[i]),
                      String(format: "%.0f%%", 100 * all[i] / peaks[1])]
                 })
}

/// Throughput of C = A·B for n×n matrices on `threads` threads: as many
/// products as fit in `seconds`, after one warm-up.
func sgemmGFLOPS(n: Int, threads: Int, seconds: Double) -> Double {
    var rng = RandomGenerator(seed: UInt64(n))
    let a = Tensor.randn([n, n], rng: &rng), b = Tensor.randn([n, n], rng: &rng)
    let c = Tensor(zeros: [n, n])
    gemm(a.data, b.data, c.data, m: n, n: n, k: n, threads: threads)
    let clock = Stopwatch()
    var runs = 0
    repeat {
        gemm(a.data, b.data, c.data, m: n, n: n, k: n, threads: threads)
        runs += 1
    } while clock.seconds < seconds
    return 2 * Double(n * n * n) * Double(runs) / clock.seconds / 1e9
}

// MARK: Optimizer

func optimizerSchedule(_ nb: Notebook) throws {
    let lr = (0..<1000).map {
        cosineSchedule(step: $0, warmup: 50, total: 1000, maxLR: 1e-3, minLR: 1e-4)
    }
    try nb.figure("lr-schedule", LinePlot([.init("learning rate", x: Array(0..<1000), y: lr)],
                                          xlabel: "step", ylabel: "learning rate"))
}

// MARK: safetensors

func safetensorsExample(_ nb: Notebook) throws {
    let url = nb.locations.chapterDirectory("A").appendingPathComponent("example.safetensors")
    var rng = RandomGenerator(seed: 3)
    let tensors = ["embedding.weight": Tensor.randn([8, 4], rng: &rng),
                   "norm.gain": Tensor(shape: [4], repeating: 1)]
    try SafetensorsFile.write(tensors, metadata: ["format": "pt"], to: url)
    let file = try SafetensorsFile(contentsOf: url)
    for (name, tensor) in tensors where try file.tensor(named: name).scalars != tensor.scalars {
        throw FileError(url, "tensor '\(name)' did not read back as written")
    }
    let bytes = try Data(contentsOf: url)
    let headerLength = Int(bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
    let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
    try nb.verbatim("safetensors-header") {
        """
        \(bytes.count) bytes: 8 (header length = \(headerLength)), \
        \(headerLength) of header, \(bytes.count - 8 - headerLength) of data
        \(header.trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: "},", with: "},\n "))
        """
    }
}
