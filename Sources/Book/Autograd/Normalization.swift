extension Tape {
    // listing: rmsnorm
    /// RMSNorm (Zhang & Sennrich, 2019): each row divided by its root mean
    /// square, then scaled by a learned gain. No mean subtraction, no bias.
    ///
    ///   x: [..., d]   gain: [d]  →  [..., d]
    public func rmsNorm(_ x: Variable, gain: Variable,
                        eps: Float = 1e-5) -> Variable {
        let d = gain.value.count
        let (rows, _) = broadcast(x.shape, gain.shape, op: "rmsNorm")
        let y = output(x.shape, of: x, gain, zeroed: false)
        let rstd = Tensor(zeros: [rows])  // 1/rms per row, kept for backward
        let (X, G, Y) = (x.value.data, gain.value.data, y.value.data)
        parallelRows(rows, columns: d) { r in
            let row = X + r * d
            let s = 1 / (dot(row, row, count: d) / Float(d) + eps).squareRoot()
            rstd.data[r] = s
            zipMap(row, G, Y + r * d, count: d) { x, g in x * s * g }
        }
        record(y) {
            let (X, G, R) = (x.value.data, gain.value.data, rstd.data)
            // With x̂ = x·rstd and g = dy ⊙ gain:
            //   dx = rstd · (g − x̂ · mean(g ⊙ x̂)),   dgain = Σ_rows dy ⊙ x̂
            let dY = y.gradient.data
            if x.requiresGrad {
                let dX = x.gradient.data
                parallelRows(rows, columns: d) { r in
                    let (row, dy, s) = (X + r * d, dY + r * d, R[r])
                    var gx = Lanes(repeating: 0)  // Σ g·x̂, in 16 lanes
                    forEachBlock(d) { i, w in
                        gx.addProduct(load(dy + i, w) * load(G + i, w),
                                      load(row + i, w) * s)
                    }
                    let mean = gx.sum() / Float(d)
                    accumulate(dX + r * d, dy, G, row, count: d) { dy, g, x in
                        s * (dy * g - x * s * mean)
                    }
                }
            }
            if gain.requiresGrad {
                let dG = gain.gradient.data
                for r in 0..<rows {
                    let s = R[r]
                    accumulate(dG, dY + r * d, X + r * d, count: d) { dy, x in
                        dy * x * s
                    }
                }
            }
        }
        return y
    }
    // end listing

    // listing: layernorm
    /// LayerNorm (Ba et al., 2016), GPT-2's normalization: subtract each row's
    /// mean, divide by its standard deviation, then scale and shift.
    ///
    ///   x: [..., d]   gain, bias: [d]  →  [..., d]
    public func layerNorm(_ x: Variable, gain: Variable, bias: Variable,
                          eps: Float = 1e-5) -> Variable {
        let d = gain.value.count
        let (rows, _) = broadcast(x.shape, gain.shape, op: "layerNorm")
        precondition(bias.shape == gain.shape,
                     "layerNorm: bias \(bias.shape) vs gain \(gain.shape)")
        let y = output(x.shape, of: x, gain, bias)
        let stats = Tensor(zeros: [rows, 2])  // mean and 1/std per row
        let (X, G, B, Y) = (x.value.data, gain.value.data, bias.value.data,
                            y.value.data)
        let S = stats.data
        parallelRows(rows, columns: d) { r in
            let row = X + r * d
            let mean = Book.sum(row, count: d) / Float(d)
            var sq = Lanes(repeating: 0)
            forEachBlock(d) { i, w in
                var c = load(row + i, w) - mean
                if w < 16 { c.replace(with: 0, where: tailMask(w)) }  // padding
                sq.addProduct(c, c)
            }
            let rstd = 1 / (sq.sum() / Float(d) + eps).squareRoot()
            (S[2 * r], S[2 * r + 1]) = (mean, rstd)
            zipMap(row, G, B, Y + r * d, count: d) { x, g, b in
                (x - mean) * rstd * g + b
            }
        }
        record(y) {
            // With x̂ = (x − mean)·rstd and g = dy ⊙ gain:
            //   dx = rstd · (g − mean(g) − x̂ · mean(g ⊙ x̂))
            let (X, G) = (x.value.data, gain.value.data)
            let (dY, S) = (y.gradient.data, stats.data)
            if x.requiresGrad {
                let dX = x.gradient.data
                parallelRows(rows, columns: d) { r in
                    let (row, dy) = (X + r * d, dY + r * d)
                    let (mean, rstd) = (S[2 * r], S[2 * r + 1])
                    var gSum = Lanes(repeating: 0), gx = Lanes(repeating: 0)
                    forEachBlock(d) { i, w in
                        let g = load(dy + i, w) * load(G + i, w)
                        gSum += g
                        gx.addProduct(g, (load(row + i, w) - mean) * rstd)
                    }
                    let (mg, mgx) = (gSum.sum() / Float(d), gx.sum() / Float(d))
                    accumulate(dX + r * d, dy, G, row, count: d) { dy, g, x in
                        rstd * (dy * g - mg - (x - mean) * rstd * mgx)
                    }
                }
            }
            for r in 0..<rows {
                let (mean, rstd) = (S[2 * r], S[2 * r + 1])
                if gain.requiresGrad {
                    let dG = gain.gradient.data
                    accumulate(dG, dY + r * d, X + r * d, count: d) { dy, x in
                        dy * (x - mean) * rstd
                    }
                }
                if bias.requiresGrad {
                    let dB = bias.gradient.data
                    zipMap(dY + r * d, dB, dB, count: d, +)
                }
            }
        }
        return y
    }
    // end listing
}
