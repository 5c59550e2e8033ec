/// A trainable addition to a linear layer's output, attached to its weight
/// (`Variable.adapter`): chapter 6's LoRA adds s · (x Aᵀ) Bᵀ this way,
/// without the model's code knowing adapters exist.
public protocol LinearAdapter: AnyObject {
    /// Adds the adapter's term for x: [..., in] into y = x Wᵀ: [..., out] in
    /// place, and records its backward step, which reads y's gradient: the
    /// sum's gradient is y's, so no second output (and no second gradient
    /// buffer) of y's size is kept. If the adapter trains, y needs a
    /// gradient even when x and W do not.
    func add(_ tape: Tape, input x: Variable, to y: Variable)
}

extension Tape {
    // listing: linear
    /// A linear layer without bias, PyTorch's `F.linear(x, w)`: x Wᵀ with
    /// the weight in PyTorch's [out, in] layout, plus the weight's adapter
    /// if it has one.
    ///
    ///   x: [..., in]   w: [out, in]  →  [..., out]
    public func linear(_ x: Variable, _ w: Variable) -> Variable {
        let y = matmul(x, w, transposeB: true)
        w.adapter?.add(self, input: x, to: y)
        return y
    }
    // end listing
}
