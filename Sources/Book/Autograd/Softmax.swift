import Foundation

extension Tape {
    // listing: softmax
    /// Softmax over the last dimension: exp(x − max) / Σ exp(x − max).
    /// Subtracting the row's max changes nothing mathematically and keeps exp
    /// from overflowing.
    ///
    ///   x: [..., n]  →  [..., n], each row summing to 1
    public func softmax(_ x: Variable) -> Variable {
        let (rows, n) = x.value.rowsAndColumns
        let y = output(x.shape, of: x)
        let (X, Y) = (x.value.data, y.value.data)
        parallelRows(rows, columns: n) { r in
            softmaxRow(X + r * n, Y + r * n, count: n)
        }
        record(y) {
            // dx = y ⊙ (dy − Σ dy ⊙ y): the Jacobian diag(y) − y·yᵀ times dy
            let (Y, dY, dX) = (y.value.data, y.gradient.data, x.gradient.data)
            parallelRows(rows, columns: n) { r in
                let (y, dy) = (Y + r * n, dY + r * n)
                let inner = dot(dy, y, count: n)
                accumulate(dX + r * n, y, dy, count: n) { y, dy in
                    y * (dy - inner)
                }
            }
        }
        return y
    }
    // end listing
}

/// One row of softmax: out = exp(x − max x) / Σ exp(x − max x). Returns the
/// row's logsumexp, log Σ exp(x), which the fused attention keeps. `out` may
/// be `x` itself.
@inline(__always) @discardableResult
func softmaxRow(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                count n: Int) -> Float {
    let m = maximum(x, count: n)
    var total = Lanes(repeating: 0)
    forEachBlock(n) { i, w in
        let e = exp(load(x + i, w) - m)
        store(e, out + i, w)
        total += w == 16 ? e : e.replacing(with: 0, where: tailMask(w))
    }
    let sum = total.sum()
    let scale = 1 / sum
    map(out, out, count: n) { $0 * scale }
    return m + Foundation.log(sum)
}

/// True in lanes at or past `width`: the padding of a partial block.
@inline(__always)
func tailMask(_ width: Int) -> SIMDMask<SIMD16<Int32>> {
    SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        .>= SIMD16<Int32>(repeating: Int32(width))
}
