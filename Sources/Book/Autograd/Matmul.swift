extension Tape {
    // listing: matmul
    /// C = op(A) · op(B), where op(X) is X or Xᵀ, over any leading batch dims.
    ///
    ///   a: [..., m, k]  ([..., k, m] if transposeA)
    ///   b: [k, n] shared by every batch, or [..., k, n] one per batch
    ///      ([n, k] / [..., n, k] if transposeB)
    ///   →  [..., m, n]
    ///
    /// A linear layer with PyTorch's weight layout [out, in] is
    /// `matmul(x, w, transposeB: true)`.
    public func matmul(_ a: Variable, _ b: Variable,
                       transposeA: Bool = false,
                       transposeB: Bool = false) -> Variable {
        let p = MatmulShape(a.shape, b.shape, transposeA, transposeB)
        // gemm with beta 0 writes every element of C: no zero-filling first.
        let c = output(p.outputShape, of: a, b, zeroed: false)
        let (A, B, C) = (a.value.data, b.value.data, c.value.data)
        p.forEachBatch { ia, ib, ic in
            gemm(A + ia, B + ib, C + ic, m: p.m, n: p.n, k: p.k,
                 transposeA: transposeA, transposeB: transposeB)
        }
        record(c) {
            let (A, B) = (a.value.data, b.value.data)
            // dA = dC · op(B)ᵀ  (if A is stored transposed: dAᵀ = op(B) · dCᵀ)
            if a.requiresGrad {
                let dA = a.gradient.data, dC = c.gradient.data
                p.forEachBatch { ia, ib, ic in
                    if transposeA {
                        gemm(B + ib, dC + ic, dA + ia, m: p.k, n: p.m, k: p.n,
                             transposeA: transposeB, transposeB: true, beta: 1)
                    } else {
                        gemm(dC + ic, B + ib, dA + ia, m: p.m, n: p.k, k: p.n,
                             transposeB: !transposeB, beta: 1)
                    }
                }
            }
            // dB = op(A)ᵀ · dC  (if B is stored transposed: dBᵀ = dCᵀ · op(A))
            if b.requiresGrad {
                let dB = b.gradient.data, dC = c.gradient.data
                p.forEachBatch { ia, ib, ic in
                    if transposeB {
                        gemm(dC + ic, A + ia, dB + ib, m: p.n, n: p.k, k: p.m,
                             transposeA: true, transposeB: transposeA, beta: 1)
                    } else {
                        gemm(A + ia, dC + ic, dB + ib, m: p.k, n: p.n, k: p.m,
                             transposeA: !transposeA, beta: 1)
                    }
                }
            }
        }
        return c
    }
    // end listing
}

/// The sizes of a (batched) matrix product, and how to walk its batches.
struct MatmulShape {
    let m: Int, n: Int, k: Int
    /// Number of separate products, and the row stride between them.
    let batches: Int
    let outputShape: [Int]
    let strideA: Int, strideB: Int, strideC: Int

    init(_ a: [Int], _ b: [Int], _ transposeA: Bool, _ transposeB: Bool) {
        precondition(a.count >= 2 && b.count >= 2,
                     "matmul needs matrices, got \(a) and \(b)")
        let (bk, n) = transposeB ? (b[b.count - 1], b[b.count - 2])
                                 : (b[b.count - 2], b[b.count - 1])
        if b.count == 2 && !transposeA {
            // A shared weight: fold a's batch dims into its rows, one big gemm.
            let k = a[a.count - 1]
            precondition(k == bk, "matmul: inner dims differ, \(a) · \(b)")
            let m = a.dropLast().reduce(1, *)
            (self.m, self.n, self.k, batches) = (m, n, k, 1)
            outputShape = a.dropLast() + [n]
            (strideA, strideB, strideC) = (0, 0, 0)
            return
        }
        let (m, k) = transposeA ? (a[a.count - 1], a[a.count - 2])
                                : (a[a.count - 2], a[a.count - 1])
        precondition(k == bk, "matmul: inner dims differ, \(a) · \(b)")
        let batchA = Array(a.dropLast(2)), batchB = Array(b.dropLast(2))
        precondition(b.count == 2 || batchA == batchB,
                     "matmul: batch dims differ, \(a) · \(b)")
        (self.m, self.n, self.k) = (m, n, k)
        batches = batchA.reduce(1, *)
        outputShape = batchA + [m, n]
        (strideA, strideB, strideC) = (m * k, b.count == 2 ? 0 : k * n, m * n)
    }

    /// Calls `body` with the element offsets of each batch's A, B and C.
    func forEachBatch(_ body: (Int, Int, Int) -> Void) {
        for i in 0..<batches { body(i * strideA, i * strideB, i * strideC) }
    }
}
