import Foundation

// listing: adamw
/// AdamW (Loshchilov & Hutter, 2019): Adam with *decoupled* weight decay, as
/// in `torch.optim.AdamW`. For each parameter θ with gradient g, at step t:
///
///   θ ← θ − lr·λ·θ                         (decay, not part of the gradient)
///   m ← β1·m + (1 − β1)·g                   (first moment)
///   v ← β2·v + (1 − β2)·g²                  (second moment)
///   θ ← θ − lr · m̂ / (√v̂ + ε)   with m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ)
public final class AdamW {
    public let parameters: [Variable]
    /// Whether each parameter decays: matrices do, gains and biases do not.
    public let decays: [Bool]
    public var beta1: Float, beta2: Float, eps: Float, weightDecay: Float
    /// The moments m and v of each parameter (saved in checkpoints).
    public let m: [Tensor], v: [Tensor]
    /// Steps taken so far.
    public var step = 0

    public init(parameters: [Variable], decays: [Bool]? = nil,
                beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8,
                weightDecay: Float = 0.01) {
        self.parameters = parameters
        self.decays = decays ?? parameters.map { $0.value.rank >= 2 }
        precondition(self.decays.count == parameters.count,
                     "AdamW: \(self.decays.count) decay flags for "
                     + "\(parameters.count) parameters")
        (self.beta1, self.beta2, self.eps) = (beta1, beta2, eps)
        self.weightDecay = weightDecay
        m = parameters.map { Tensor(zeros: $0.shape) }
        v = parameters.map { Tensor(zeros: $0.shape) }
    }

    /// One update of every parameter that has a gradient, at rate `lr`.
    public func update(lr: Float) {
        step += 1
        let c1 = 1 - powf(beta1, Float(step)), c2 = 1 - powf(beta2, Float(step))
        let (b1, b2, eps) = (beta1, beta2, eps)
        for (i, p) in parameters.enumerated() {
            guard let grad = p.grad else { continue }
            let decay = decays[i] ? 1 - lr * weightDecay : 1
            let (w, g, m, v) = (p.value.data, grad.data, m[i].data, v[i].data)
            parallelBlocks(p.value.count) { start, n in
                forEachBlock(n) { j, width in
                    let k = start + j
                    let gk = load(g + k, width)
                    let mk = b1 * load(m + k, width) + (1 - b1) * gk
                    let vk = b2 * load(v + k, width) + (1 - b2) * gk * gk
                    let step = (mk / c1) / ((vk / c2).squareRoot() + eps)
                    store(mk, m + k, width)
                    store(vk, v + k, width)
                    store(decay * load(w + k, width) - lr * step, w + k, width)
                }
            }
        }
    }

    /// Zeroes every parameter's gradient (keeping the buffers).
    public func zeroGrad() { parameters.forEach { $0.zeroGrad() } }
}
// end listing
