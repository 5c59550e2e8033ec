import Book

/// Llama's feed-forward network: SwiGLU (Shazeer, 2020). Two projections up
/// to ffnWidth, one gated by the other through SiLU, and one back down.
/// Weights use PyTorch's [out, in] layout, as Hugging Face checkpoints do.
public struct FeedForward {
    /// gate, up: [ffnWidth, width]; down: [width, ffnWidth]
    public let gate: Variable, up: Variable, down: Variable

    public var parameters: [Variable] { [gate, up, down] }

    /// Random weights, normal with standard deviation 1/√(fan-in).
    public init(width: Int, ffnWidth: Int, rng: inout RandomGenerator) {
        func weight(_ out: Int, _ fanIn: Int) -> Variable {
            let std = 1 / Float(fanIn).squareRoot()
            return Variable(Tensor.randn([out, fanIn], std: std, rng: &rng))
        }
        gate = weight(ffnWidth, width)
        up = weight(ffnWidth, width)
        down = weight(width, ffnWidth)
    }

    // listing: swiglu-ffn
    /// down(silu(gate(x)) ⊙ up(x))
    ///
    ///   x: [batch, T, width]  →  [batch, T, width]
    public func callAsFunction(_ tape: Tape, _ x: Variable) -> Variable {
        let g = tape.matmul(x, gate, transposeB: true)  // [b, T, ffnWidth]
        let u = tape.matmul(x, up, transposeB: true)
        return tape.matmul(tape.swiglu(g, u), down, transposeB: true)
    }
    // end listing
}
