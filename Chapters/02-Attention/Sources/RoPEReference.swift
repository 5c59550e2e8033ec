import Book

// listing: rope-reference
/// RoPE on a plain array, one pair of numbers at a time: the readable
/// version of the core's `Tape.rope`, which the tests hold equal to it.
/// Row r (headDim numbers) sits at position p = startPosition + r % T,
/// and its pair i, (x[i], x[i + headDim/2]), turns by the angle p · θᵢ,
/// whose cosine and sine come from the table. `inverse` turns the other
/// way (sine negated): that is the backward pass.
///
///   x: [rows · headDim], rows = (leading dimensions) · T  →  the same
public func ropeReference(_ x: [Float], time T: Int, table: RotaryEmbedding,
                          startPosition: Int = 0, inverse: Bool = false)
    -> [Float]
{
    let d = table.headDim, half = d / 2
    let cos = table.cos.scalars, sin = table.sin.scalars  // [maxT, half]
    var y = x
    for r in 0..<x.count / d {
        let p = startPosition + r % T
        for i in 0..<half {
            let c = cos[p * half + i]
            let s = inverse ? -sin[p * half + i] : sin[p * half + i]
            let (a, b) = (x[r * d + i], x[r * d + half + i])
            y[r * d + i] = a * c - b * s
            y[r * d + half + i] = b * c + a * s
        }
    }
    return y
}
// end listing
