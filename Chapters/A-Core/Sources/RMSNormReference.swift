// The readable versions of two pieces of the core that Appendix A lists in
// their fast form: RMSNorm here, the FMA peak in ScalarPeak.swift. Plain
// arrays and loops, no pointers, SIMD or threads; the tests hold the core's
// versions to these.

import Book

// listing: rmsnorm-reference
/// RMSNorm on plain arrays, one row and one number at a time: each row
/// divided by its root mean square, times the gain.
///
///   x: [rows · d]   gain: [d]  →  y: [rows · d],  rstd: [rows] (1/rms)
public func rmsNormReference(_ x: [Float], gain: [Float], eps: Float = 1e-5)
    -> (y: [Float], rstd: [Float])
{
    let d = gain.count
    var y = x, rstd: [Float] = []
    for r in 0..<x.count / d {
        var sumOfSquares: Float = 0
        for i in 0..<d { sumOfSquares += x[r * d + i] * x[r * d + i] }
        let s = 1 / (sumOfSquares / Float(d) + eps).squareRoot()
        rstd.append(s)
        for i in 0..<d { y[r * d + i] = x[r * d + i] * s * gain[i] }
    }
    return (y, rstd)
}

/// Its backward pass. With x̂ = x · rstd and g = dy ⊙ gain:
///   dx = rstd · (g − x̂ · mean(g ⊙ x̂)),   dgain = Σ over rows of dy ⊙ x̂
public func rmsNormReferenceBackward(
    _ x: [Float], gain: [Float], rstd: [Float], dy: [Float]
) -> (dx: [Float], dgain: [Float]) {
    let d = gain.count
    var dx = x, dgain = [Float](repeating: 0, count: d)
    for r in 0..<x.count / d {
        let s = rstd[r]
        var meanGX: Float = 0                    // mean(g ⊙ x̂) of this row
        for i in 0..<d { meanGX += dy[r * d + i] * gain[i] * x[r * d + i] * s }
        meanGX /= Float(d)
        for i in 0..<d {
            let g = dy[r * d + i] * gain[i], xHat = x[r * d + i] * s
            dx[r * d + i] = s * (g - xHat * meanGX)
            dgain[i] += dy[r * d + i] * xHat
        }
    }
    return (dx, dgain)
}
// end listing

/// The tape's RMSNorm and `rmsNormReference` on the same random rows,
/// forward and backward: y, dx and dgain from each, for the appendix's run
/// and the tests to compare.
public func rmsNormBothWays(rows: Int, width d: Int, std: Float = 1,
                            rng: inout RandomGenerator)
    -> [(name: String, fast: [Float], readable: [Float])]
{
    let x = Variable(Tensor.randn([rows, d], std: std, rng: &rng))
    let gain = Variable(Tensor.randn([d], std: 0.5, rng: &rng))
    let dy = Tensor.randn([rows, d], rng: &rng)
    let tape = Tape()
    let y = tape.rmsNorm(x, gain: gain)
    tape.backward(from: y, seed: dy)
    let (refY, rstd) = rmsNormReference(x.value.scalars, gain: gain.value.scalars)
    let (refDX, refDGain) = rmsNormReferenceBackward(
        x.value.scalars, gain: gain.value.scalars, rstd: rstd, dy: dy.scalars)
    return [("y", y.value.scalars, refY), ("dx", x.grad!.scalars, refDX),
            ("dgain", gain.grad!.scalars, refDGain)]
}

/// max |fast − readable| over the largest |readable|.
public func relativeGap(_ fast: [Float], _ readable: [Float]) -> Float {
    let scale = max(readable.map(abs).max() ?? 0, 1e-30)
    return zip(fast, readable).map { abs($0 - $1) }.max()! / scale
}
