import Book

/// Llama's feed-forward network: SwiGLU (Shazeer, 2020). Two projections up
/// to ffnWidth, one gated by the other through SiLU, and one back down.
/// Weights use PyTorch's [out, in] layout, as Hugging Face checkpoints do.
public struct FeedForward {
    /// gate, up: [ffnWidth, width]; down: [width, ffnWidth]
    public let gate: Variable, up: Variable, down: Variable

    public var parameters: [Variable] { [gate, up, down] }

    /// Random weights, normal with standard deviation `std` (gate, up) and
    /// `outputStd` (down, which writes into the residual stream).
    public init(width: Int, ffnWidth: Int, std: Float, outputStd: Float,
                rng: inout RandomGenerator) {
        func weight(_ out: Int, _ fanIn: Int, _ std: Float) -> Variable {
            Variable(Tensor.randn([out, fanIn], std: std, rng: &rng))
        }
        gate = weight(ffnWidth, width, std)
        up = weight(ffnWidth, width, std)
        down = weight(width, ffnWidth, outputStd)
    }

    // listing: swiglu-ffn
    /// down(silu(gate(x)) ⊙ up(x))
    ///
    ///   x: [batch, T, width]  →  [batch, T, width]
    public func callAsFunction(_ tape: Tape, _ x: Variable) -> Variable {
        let g = tape.linear(x, gate)  // [b, T, ffnWidth]
        let u = tape.linear(x, up)
        return tape.linear(tape.swiglu(g, u), down)
    }
    // end listing
}
