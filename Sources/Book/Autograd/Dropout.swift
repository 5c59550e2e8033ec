extension Tape {
    // listing: dropout
    /// Inverted dropout: zeroes each element with probability p and scales the
    /// survivors by 1/(1−p), so the expected value is unchanged and evaluation
    /// needs no rescaling. The mask comes from `rng`: seeded runs repeat.
    ///
    ///   x: [...]  →  [...]
    public func dropout(_ x: Variable, probability p: Float,
                        rng: inout RandomGenerator) -> Variable {
        precondition(p >= 0 && p < 1, "dropout probability \(p) not in [0, 1)")
        if p == 0 { return x }
        let n = x.value.count
        let mask = Tensor(zeros: x.shape)  // 0 or 1/(1−p)
        let keep = 1 / (1 - p)
        for i in 0..<n { mask.data[i] = rng.uniform() < Double(p) ? 0 : keep }
        let y = output(x.shape, of: x)
        parallelZipMap(x.value.data, mask.data, y.value.data, count: n, *)
        record(y) {
            parallelAccumulate(x.gradient.data, y.gradient.data, mask.data,
                               count: n, *)
        }
        return y
    }
    // end listing
}
