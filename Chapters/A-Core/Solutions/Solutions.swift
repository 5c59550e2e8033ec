import Foundation
import Book
import Micrograd

// Answers to the Appendix A exercises.

/// A.1: d/dx x·σ(x) = σ(x) + x·σ(x)·(1 − σ(x)) = σ(x)·(1 + x·(1 − σ(x))).
public func siluBackward(x: [Float], dy: [Float]) throws -> [Float] {
    zip(x, dy).map { x, dy in
        let s = 1 / (1 + Foundation.exp(-x))
        return dy * s * (1 + x * (1 - s))
    }
}

/// A.2: (diag(y) − y·yᵀ)·dy = y ⊙ (dy − ⟨dy, y⟩), one row at a time.
public func softmaxBackward(y: [Float], dy: [Float], columns: Int) throws -> [Float] {
    var dx = [Float](repeating: 0, count: y.count)
    for start in stride(from: 0, to: y.count, by: columns) {
        let row = start..<(start + columns)
        let inner = row.reduce(Float(0)) { $0 + y[$1] * dy[$1] }
        for i in row { dx[i] = y[i] * (dy[i] - inner) }
    }
    return dx
}

/// A.3: decay first (decoupled from the gradient), then the Adam step.
public func adamWStep(
    parameter: inout [Float], gradient: [Float], m: inout [Float], v: inout [Float],
    step: Int, lr: Float, beta1: Float, beta2: Float, eps: Float, weightDecay: Float
) throws {
    let c1 = 1 - powf(beta1, Float(step)), c2 = 1 - powf(beta2, Float(step))
    for i in parameter.indices {
        let g = gradient[i]
        m[i] = beta1 * m[i] + (1 - beta1) * g
        v[i] = beta2 * v[i] + (1 - beta2) * g * g
        parameter[i] *= 1 - lr * weightDecay
        parameter[i] -= lr * (m[i] / c1) / ((v[i] / c2).squareRoot() + eps)
    }
}

/// A.4: σ'(x) = σ(x)·(1 − σ(x)).
public func sigmoid(_ x: Value) throws -> Value {
    let s = 1 / (1 + Foundation.exp(-x.data))
    return Value(s, parents: [(x, s * (1 - s))])
}
