import Attention
import Book
import Foundation

// Answers to the chapter 2 exercises.

/// 2.1: column j > row i is the future.
public func causallyMasked(_ scores: [Float], t: Int) throws -> [Float] {
    scores.indices.map { $0 % t > $0 / t ? -.infinity : scores[$0] }
}

/// 2.2: a 2-D rotation of each pair (xᵢ, xᵢ₊d/2).
public func ropeRotated(_ x: [Double], position: Int, base: Double) throws -> [Double] {
    let half = x.count / 2
    var out = x
    for i in 0..<half {
        let angle = Double(position) * pow(base, -2 * Double(i) / Double(x.count))
        let (c, s) = (cos(angle), sin(angle))
        out[i] = x[i] * c - x[i + half] * s
        out[i + half] = x[i + half] * c + x[i] * s
    }
    return out
}

/// 2.3: each head copied `groups` times, in order.
public func repeatedKVHeads(_ kv: [Float], kvHeads: Int, groups: Int,
                            headSize: Int) throws -> [Float] {
    (0..<kvHeads).flatMap { head in
        (0..<groups).flatMap { _ in kv[head * headSize..<(head + 1) * headSize] }
    }
}

/// 2.4: a key j is visible to query i if j ≤ min(i, length − 1); the rest
/// get weight 0, the visible ones a softmax.
public func paddedAttentionWeights(_ scores: [Float], t: Int, length: Int) throws -> [Float] {
    var weights = [Float](repeating: 0, count: t * t)
    for i in 0..<t {
        let visible = 0...min(i, length - 1)
        let m = visible.map { scores[i * t + $0] }.max()!
        let e = visible.map { exp(scores[i * t + $0] - m) }
        let total = e.reduce(0, +)
        for (j, value) in zip(visible, e) { weights[i * t + j] = value / total }
    }
    return weights
}
