import Book

extension Tape {
    // listing: split-heads
    /// Splits the last dimension into heads and moves heads before time,
    /// so each head is a separate [T, headDim] matrix for batched matmuls.
    ///
    ///   x: [batch, T, heads · headDim]  →  [batch, heads, T, headDim]
    public func splitHeads(_ x: Variable, heads: Int) -> Variable {
        let (b, t, width) = (x.shape[0], x.shape[1], x.shape[2])
        precondition(width % heads == 0,
                     "splitHeads: \(width) not divisible by \(heads)")
        let d = width / heads
        let y = output([b, heads, t, d], of: x)
        swapMiddle(x.value, into: y.value, outer: b, first: t, second: heads,
                   inner: d)
        record(y) {
            swapMiddle(y.gradient, into: x.gradient, outer: b, first: heads,
                       second: t, inner: d, accumulate: true)
        }
        return y
    }
    // end listing

    /// The inverse of `splitHeads`: heads back side by side in each position.
    ///
    ///   x: [batch, heads, T, headDim]  →  [batch, T, heads · headDim]
    public func mergeHeads(_ x: Variable) -> Variable {
        let (b, h, t, d) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let y = output([b, t, h * d], of: x)
        swapMiddle(x.value, into: y.value, outer: b, first: h, second: t, inner: d)
        record(y) {
            swapMiddle(y.gradient, into: x.gradient, outer: b, first: t,
                       second: h, inner: d, accumulate: true)
        }
        return y
    }

    // listing: repeat-kv
    /// Grouped-query attention the simple way: copies each KV head `groups`
    /// times so that every query head has its own. The fused
    /// `causalAttention` reads the shared head instead of copying it.
    ///
    ///   x: [batch, kvHeads, T, d]  →  [batch, kvHeads · groups, T, d]
    public func repeatKV(_ x: Variable, groups: Int) -> Variable {
        let (b, kv) = (x.shape[0], x.shape[1])
        let block = x.shape[2] * x.shape[3]  // one head's T × d values
        let y = output([b, kv * groups] + x.shape.suffix(2), of: x)
        for i in 0..<b * kv {
            for g in 0..<groups {
                (y.value.data + (i * groups + g) * block)
                    .update(from: x.value.data + i * block, count: block)
            }
        }
        record(y) {
            // Each copy's gradient flows back to the one head it came from.
            for i in 0..<b * kv {
                for g in 0..<groups {
                    let dY = y.gradient.data + (i * groups + g) * block
                    zipMap(dY, x.gradient.data + i * block,
                           x.gradient.data + i * block, count: block, +)
                }
            }
        }
        return y
    }
    // end listing
}

/// Copies a [outer, first, second, inner] array into [outer, second, first,
/// inner] order (adding to `y` if `accumulate`).
func swapMiddle(_ x: Tensor, into y: Tensor, outer: Int, first: Int, second: Int,
                inner: Int, accumulate: Bool = false) {
    let (X, Y) = (x.data, y.data)
    parallelRows(outer * first, columns: second * inner) { row in
        let (o, i) = (row / first, row % first)
        for j in 0..<second {
            let source = X + ((o * first + i) * second + j) * inner
            let target = Y + ((o * second + j) * first + i) * inner
            if accumulate {
                zipMap(source, target, target, count: inner, +)
            } else {
                target.update(from: source, count: inner)
            }
        }
    }
}
