import Book
import Foundation

// listing: lora
/// LoRA (Hu et al., 2021): a frozen weight W [out, in] learns only a
/// low-rank change ΔW = (α/r) · B A, with A: [r, in] and B: [out, r], so
/// the layer computes
///
///   y = x Wᵀ + (α/r) · (x Aᵀ) Bᵀ
///
/// and trains r · (in + out) numbers instead of out · in. B starts at zero,
/// so at step 0 the layer, and the model, is exactly the base model; A
/// starts random (as PEFT does, uniform in ±1/√in), so B's first gradient
/// is not zero. α/r keeps the update's size steady when r changes.
public final class LoRA: LinearAdapter {
    public let a: Variable   // [rank, in]
    public let b: Variable   // [out, rank]
    public let scale: Float  // α / r

    public init(in inputs: Int, out outputs: Int, rank: Int, alpha: Float,
                rng: inout RandomGenerator) {
        let bound = 1 / Float(inputs).squareRoot()
        a = Variable(Tensor.uniform([rank, inputs], low: -bound, high: bound, rng: &rng))
        b = Variable(Tensor(zeros: [outputs, rank]))
        scale = alpha / Float(rank)
    }

    /// An adapter with the given factors.
    init(a: Variable, b: Variable, scale: Float) { (self.a, self.b, self.scale) = (a, b, scale) }

    ///   x: [..., in]  →  [..., out]
    public func callAsFunction(_ tape: Tape, _ x: Variable) -> Variable {
        let down = tape.linear(x, a)                  // [..., r]
        return tape.scale(tape.linear(down, b), scale) // [..., out]
    }

    /// ΔW = (α/r) · B A: [out, in], what merging adds to the weight.
    public var delta: Tensor {
        let (outputs, rank, inputs) = (b.shape[0], b.shape[1], a.shape[1])
        let w = Tensor(zeros: [outputs, inputs])
        gemm(b.value.data, a.value.data, w.data, m: outputs, n: inputs, k: rank, alpha: scale)
        return w
    }
}
// end listing
