import Book
import Foundation
import Pretraining

// Chapter 4 solutions. The tests run these in `make test`, so every
// exercise is known to be solvable.

/// Exercise 4.1 — the learning rate at `step`: warmup, then cosine decay.
public func warmupCosine(step: Int, warmup: Int, total: Int,
                         maxLR: Float, minLR: Float) throws -> Float {
    if step < warmup { return maxLR * Float(step + 1) / Float(warmup) }
    if step >= total { return minLR }
    let progress = Double(step - warmup) / Double(max(total - warmup, 1))
    return minLR + Float(0.5 * (1 + cos(.pi * progress))) * (maxLR - minLR)
}

/// Exercise 4.2 — one AdamW update, moments in place.
public func adamwUpdate(_ w: inout [Float], _ g: [Float], m: inout [Float],
                        v: inout [Float], t: Int, lr: Float, beta1: Float,
                        beta2: Float, eps: Float, weightDecay: Float) throws {
    let c1 = 1 - powf(beta1, Float(t)), c2 = 1 - powf(beta2, Float(t))
    for i in w.indices {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i]
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
        w[i] = w[i] * (1 - lr * weightDecay)
            - lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
    }
}

/// Exercise 4.3 — clipping by global norm.
public func clipByGlobalNorm(_ gradients: inout [[Float]], maxNorm: Float) throws -> Float {
    let norm = Float(gradients.joined().reduce(0.0) { $0 + Double($1 * $1) }.squareRoot())
    let scale = maxNorm / (norm + 1e-6)
    if scale < 1 { gradients = gradients.map { $0.map { $0 * scale } } }
    return norm
}

/// Exercise 4.4 — top-p filtering.
public func nucleus(_ probabilities: [Float], p: Float) throws -> [Int] {
    let order = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }
    var kept: [Int] = [], mass: Float = 0
    for i in order where mass < p {
        kept.append(i)
        mass += probabilities[i]
    }
    return kept
}
