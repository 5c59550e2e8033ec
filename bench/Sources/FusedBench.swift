import Book
import Notebook

/// Each fused op's forward + backward against its unfused composition, on
/// the benchmark model's shapes. Both must give the same result.
func fusedRows(repeats: Int) -> [[String]] {
    var rng = RandomGenerator(seed: 1)
    let hidden = Tensor.randn([2048, 384], rng: &rng)
    let gain = Tensor.randn([384], std: 0.1, mean: 1, rng: &rng)
    let scores = Tensor.randn([8 * 6 * 256, 256], std: 2, rng: &rng)
    let logits = Tensor.randn([2048, 4096], std: 2, rng: &rng)
    let targets = (0..<2048).map { _ in Int32(rng.int(below: 4096)) }

    typealias Op = (Tape, [Variable]) -> Variable
    let cases: [(String, [Tensor], fused: Op, unfused: Op)] = [
        ("softmax [12288, 256]", [scores],
         { t, v in t.softmax(v[0]) }, { t, v in Unfused.softmax(t, v[0]) }),
        ("RMSNorm [2048, 384]", [hidden, gain],
         { t, v in t.rmsNorm(v[0], gain: v[1]) },
         { t, v in Unfused.rmsNorm(t, v[0], gain: v[1]) }),
        ("cross-entropy [2048, 4096]", [logits],
         { t, v in t.crossEntropy(v[0], targets: targets) },
         { t, v in Unfused.crossEntropy(t, v[0], targets: targets) }),
    ]
    return cases.map { name, inputs, fused, unfused in
        let (fusedSeconds, fusedGrad) = forwardBackward(inputs, fused, repeats: repeats)
        let (unfusedSeconds, unfusedGrad) = forwardBackward(inputs, unfused, repeats: repeats)
        let diff = zip(fusedGrad.scalars, unfusedGrad.scalars).map { abs($0 - $1) }.max()!
        precondition(diff < 1e-4, "\(name): fused and unfused gradients differ by \(diff)")
        return ["\(name) forward+backward",
                String(format: "%.2f ms fused", 1000 * fusedSeconds),
                String(format: "%.2f ms unfused", 1000 * unfusedSeconds),
                String(format: "%.1f× faster", unfusedSeconds / fusedSeconds)]
    }
}

/// Median time of forward + backward (seeded with ones), and the first
/// input's gradient.
private func forwardBackward(_ inputs: [Tensor], _ op: (Tape, [Variable]) -> Variable,
                             repeats: Int) -> (Double, Tensor) {
    var grad = Tensor(zeros: [0])
    let seconds = medianSeconds(repeats: repeats) {
        let tape = Tape()
        let vars = inputs.map { Variable($0) }
        let y = op(tape, vars)
        tape.backward(from: y, seed: Tensor(shape: y.shape, repeating: 1))
        grad = vars[0].grad!
    }
    return (seconds, grad)
}
