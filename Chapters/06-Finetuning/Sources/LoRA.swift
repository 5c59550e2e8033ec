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

    /// Adds (α/r) · (x Aᵀ) Bᵀ into y = x Wᵀ as one op on the tape, keeping
    /// only x Aᵀ for the backward pass, so an adapted layer costs little
    /// more memory than the frozen one.
    ///
    ///   x: [..., in]   y: [..., out]
    public func add(_ tape: Tape, input x: Variable, to y: Variable) {
        let (outputs, rank, inputs) = (b.shape[0], b.shape[1], a.shape[1])
        let rows = x.value.count / inputs
        let down = Tensor(zeros: [rows, rank])  // x Aᵀ: [n, r]
        gemm(x.value.data, a.value.data, down.data, m: rows, n: rank, k: inputs,
             transposeB: true)
        gemm(down.data, b.value.data, y.value.data, m: rows, n: outputs, k: rank,
             transposeB: true, alpha: scale, beta: 1)
        if a.requiresGrad || b.requiresGrad { y.requiresGrad = true }
        tape.record(y) { [a, b, scale] in
            let dy = y.gradient.data  // [n, out]
            if b.requiresGrad {       // dB += (α/r) · dyᵀ (x Aᵀ): [out, r]
                gemm(dy, down.data, b.gradient.data, m: outputs, n: rank, k: rows,
                     transposeA: true, alpha: scale, beta: 1)
            }
            let dDown = Tensor(zeros: [rows, rank])  // (α/r) · dy B: [n, r]
            gemm(dy, b.value.data, dDown.data, m: rows, n: rank, k: outputs, alpha: scale)
            if a.requiresGrad {       // dA += dDownᵀ x: [r, in]
                gemm(dDown.data, x.value.data, a.gradient.data, m: rank, n: inputs, k: rows,
                     transposeA: true, beta: 1)
            }
            if x.requiresGrad {       // dx += dDown A: [n, in]
                gemm(dDown.data, a.value.data, x.gradient.data, m: rows, n: inputs, k: rank,
                     beta: 1)
            }
        }
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
