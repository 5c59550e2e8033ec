extension Tape {
    // listing: add
    /// a + b, where b has a's shape or a suffix of it (a bias added to every
    /// row: b's gradient sums over the rows it was broadcast to).
    ///
    ///   a: [..., n]   b: [..., n] or [n]   →  [..., n]
    public func add(_ a: Variable, _ b: Variable) -> Variable {
        let (rows, n) = broadcast(a.shape, b.shape, op: "add")
        let y = output(a.shape, of: a, b, zeroed: false)
        let (A, B, Y) = (a.value.data, b.value.data, y.value.data)
        parallelRows(rows, columns: n) { r in
            zipMap(A + r * n, B, Y + r * n, count: n, +)
        }
        record(y) {
            let dY = y.gradient.data
            if a.requiresGrad { axpy(1, dY, a.gradient.data, count: rows * n) }
            if b.requiresGrad {
                let dB = b.gradient.data
                for r in 0..<rows { zipMap(dY + r * n, dB, dB, count: n, +) }
            }
        }
        return y
    }
    // end listing

    /// a ⊙ b elementwise, with b broadcast over a's rows as in `add`.
    ///
    ///   a: [..., n]   b: [..., n] or [n]   →  [..., n]
    public func mul(_ a: Variable, _ b: Variable) -> Variable {
        let (rows, n) = broadcast(a.shape, b.shape, op: "mul")
        let y = output(a.shape, of: a, b, zeroed: false)
        let (A, B, Y) = (a.value.data, b.value.data, y.value.data)
        parallelRows(rows, columns: n) { r in zipMap(A + r * n, B, Y + r * n, count: n, *) }
        record(y) {
            let (A, B, dY) = (a.value.data, b.value.data, y.gradient.data)
            // ∂(a·b)/∂a = b and ∂(a·b)/∂b = a
            if a.requiresGrad {
                let dA = a.gradient.data
                parallelRows(rows, columns: n) { r in
                    let o = r * n
                    accumulate(dA + o, dY + o, B, count: n, *)
                }
            }
            if b.requiresGrad {
                let dB = b.gradient.data
                for r in 0..<rows {
                    let o = r * n
                    accumulate(dB, dY + o, A + o, count: n, *)
                }
            }
        }
        return y
    }

    /// s · a for a constant s.
    public func scale(_ a: Variable, _ s: Float) -> Variable {
        let y = output(a.shape, of: a)
        parallelMap(a.value.data, y.value.data, count: a.value.count) { $0 * s }
        record(y) { axpy(s, y.gradient.data, a.gradient.data, count: a.value.count) }
        return y
    }
}

/// b's shape must be a's or a suffix of it: a is then `rows` rows of b's `n`
/// elements.
func broadcast(_ a: [Int], _ b: [Int], op: String) -> (rows: Int, n: Int) {
    precondition(b.count <= a.count && Array(a.suffix(b.count)) == b,
                 "\(op): cannot broadcast \(b) over \(a)")
    let n = b.reduce(1, *)
    return (n == 0 ? 0 : a.reduce(1, *) / n, n)
}
