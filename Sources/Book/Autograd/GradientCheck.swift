/// How a finite difference estimates a derivative.
public enum FiniteDifference: Sendable {
    /// (f(x+h) − f(x−h)) / 2h: error O(h²).
    case central
    /// (f(x+h) − f(x)) / h: error O(h).
    case forward
}

// listing: gradient-check
/// Checks the tape's gradients of `f` against finite differences.
///
/// `f` maps the inputs to any tensor y; the check differentiates the scalar
/// L = Σ y ⊙ R for a fixed random R, which exercises every output element.
/// Returns, per input, max |analytic − numeric| / max |numeric|.
public func gradientCheck(
    _ inputs: [Tensor], step h: Float = 1e-2,
    scheme: FiniteDifference = .central, seed: UInt64 = 42,
    _ f: (Tape, [Variable]) -> Variable
) -> [Double] {
    let variables = inputs.map { Variable($0) }
    let tape = Tape()
    let y = f(tape, variables)
    var rng = RandomGenerator(seed: seed)
    let r = Tensor.randn(y.shape, rng: &rng)
    tape.backward(from: y, seed: r)

    // L(x) in Double, so the difference of two nearby L's keeps its digits.
    func loss() -> Double {
        let tape = Tape()
        let y = f(tape, inputs.map { Variable($0, requiresGrad: false) }).value
        return (0..<y.count).reduce(0) {
            $0 + Double(y.data[$1]) * Double(r.data[$1])
        }
    }
    let base = scheme == .forward ? loss() : 0
    return zip(inputs, variables).map { x, v in
        let analytic = v.grad ?? Tensor(zeros: x.shape)
        var worst = 0.0, largest = 0.0
        for i in 0..<x.count {
            let saved = x.data[i]
            // The step actually taken: saved ± h rounds to the nearest float.
            let high = saved + h
            let low = scheme == .central ? saved - h : saved
            x.data[i] = high
            let up = loss()
            x.data[i] = low
            let down = scheme == .central ? loss() : base
            x.data[i] = saved
            let numeric = (up - down) / (Double(high) - Double(low))
            worst = max(worst, abs(Double(analytic.data[i]) - numeric))
            largest = max(largest, abs(numeric))
        }
        return worst / max(largest, 1e-12)
    }
}
// end listing
