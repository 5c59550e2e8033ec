import Book
import Foundation

/// Where a block's normalization sits relative to its residual connection.
public enum NormPlacement: String, Sendable, CaseIterable {
    /// No normalization at all.
    case none
    /// x + f(norm(x)): GPT-2 and Llama.
    case pre
    /// norm(x + f(x)): the original Transformer.
    case post
}

// listing: gradient-norms
/// The gradient's size in each layer of a deep stack at initialization:
/// ‖∂L/∂W₁‖ of every block f(x) = GELU(x·W₁)·W₂, for a random batch and a
/// loss linear in the output, L = mean(y ⊙ r) for a fixed random r, so
/// the same gradient enters the top of every stack. Without shortcut
/// connections the signal shrinks through every block, forward and again
/// backward, and every layer's gradient is tiny; with them each block adds
/// to an identity path and the gradients stay of order one at any depth.
public func layerGradientNorms(depth: Int, width: Int, residual: Bool,
                               norm: NormPlacement,
                               seed: UInt64 = 1) -> [Double] {
    var rng = RandomGenerator(seed: seed)
    let std = 1 / Float(width).squareRoot()
    func weights() -> [Variable] {
        (0..<depth).map { _ in
            Variable(Tensor.randn([width, width], std: std, rng: &rng))
        }
    }
    let (w1, w2) = (weights(), weights())
    let gain = Variable(Tensor(shape: [width], repeating: 1),
                        requiresGrad: false)
    let tape = Tape()
    var x = Variable(Tensor.randn([32, width], rng: &rng), requiresGrad: false)
    for l in 0..<depth {
        let input = norm == .pre ? tape.rmsNorm(x, gain: gain) : x
        let f = tape.matmul(tape.gelu(tape.matmul(input, w1[l])), w2[l])
        x = residual ? tape.add(x, f) : f
        if norm == .post { x = tape.rmsNorm(x, gain: gain) }
    }
    let r = Variable(Tensor.randn(x.shape, rng: &rng), requiresGrad: false)
    tape.backward(from: tape.mean(tape.mul(x, r)))
    return w1.map { w in
        let g = w.grad!
        return Double(dot(g.data, g.data, count: g.count)).squareRoot()
    }
}
// end listing
