import Book

extension Tape {
    // listing: causal-mask
    /// The causal mask: a query at position i may look at keys 0…i only, so
    /// every score above the diagonal becomes −∞ and, after the softmax,
    /// weight 0. Those entries get no gradient.
    ///
    ///   scores: [..., T, T]  →  [..., T, T]
    public func causalMask(_ scores: Variable) -> Variable {
        let t = scores.shape.last!
        precondition(scores.shape.dropLast().last == t,
                     "causalMask: \(scores.shape) is not square")
        let y = output(scores.shape, of: scores)
        let (S, Y) = (scores.value.data, y.value.data)
        parallelRows(scores.value.count / t, columns: t) { row in
            let i = row % t  // the query's position
            for j in 0..<t {
                Y[row * t + j] = j <= i ? S[row * t + j] : -.infinity
            }
        }
        record(y) {
            let (dY, dS) = (y.gradient.data, scores.gradient.data)
            parallelRows(scores.value.count / t, columns: t) { row in
                let i = row % t
                for j in 0...i { dS[row * t + j] += dY[row * t + j] }
            }
        }
        return y
    }
    // end listing
}
