/// A trainable addition to a linear layer's output, attached to its weight
/// (`Variable.adapter`): chapter 6's LoRA adds s · (x Aᵀ) Bᵀ this way,
/// without the model's code knowing adapters exist.
public protocol LinearAdapter: AnyObject {
    ///   x: [..., in]  →  [..., out], added to x Wᵀ
    func callAsFunction(_ tape: Tape, _ x: Variable) -> Variable
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
        guard let adapter = w.adapter else { return y }
        return add(y, adapter(self, x))
    }
    // end listing
}
