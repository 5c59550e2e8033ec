import Book
import Foundation
import Model

// Answers to the chapter 3 exercises.

/// 3.1: one reciprocal root, then a scale per element.
public func rmsNormalized(_ x: [Float], gain: [Float], eps: Float) throws -> [Float] {
    let meanSquare = x.reduce(0) { $0 + $1 * $1 } / Float(x.count)
    let r = 1 / (meanSquare + eps).squareRoot()
    return zip(x, gain).map { $0 * r * $1 }
}

/// 3.2: three matrix–vector products and the gate in between.
public func swigluFFN(_ x: [Float], gate: [Float], up: [Float], down: [Float],
                      hidden f: Int) throws -> [Float] {
    let d = x.count
    func times(_ w: [Float], rows: Int, _ v: [Float]) -> [Float] {
        (0..<rows).map { r in (0..<v.count).reduce(0) { $0 + w[r * v.count + $1] * v[$1] } }
    }
    let g = times(gate, rows: f, x), u = times(up, rows: f, x)
    let h = zip(g, u).map { g, u in g / (1 + exp(-g)) * u }
    return times(down, rows: d, h)
}

/// 3.3: per block 2·d² + 2·d·kv + 3·d·f + 2·d, with kv = kvHeads · d/heads.
public func llamaParameterCount(vocab: Int, width: Int, depth: Int, heads: Int,
                                kvHeads: Int, ffnWidth: Int, tied: Bool) throws -> Int {
    let kv = kvHeads * (width / heads)
    let block = 2 * width * width + 2 * width * kv + 3 * width * ffnWidth + 2 * width
    return vocab * width * (tied ? 1 : 2) + depth * block + width
}
