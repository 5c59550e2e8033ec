extension Tape {
    // listing: silu
    /// SiLU (swish): x · σ(x), the gate of Llama's feed-forward network.
    ///
    ///   x: [...]  →  [...]
    public func silu(_ x: Variable) -> Variable {
        let y = output(x.shape, of: x)
        parallelMap(x.value.data, y.value.data, count: x.value.count) { x in
            x * sigmoid(x)
        }
        record(y) {
            // d/dx x·σ(x) = σ(x) · (1 + x · (1 − σ(x)))
            parallelAccumulate(x.gradient.data, x.value.data, y.gradient.data,
                               count: x.value.count) { x, dy in
                let s = sigmoid(x)
                return dy * s * (1 + x * (1 - s))
            }
        }
        return y
    }
    // end listing

    // listing: gelu
    /// GELU in GPT-2's tanh form:
    /// ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
    ///
    ///   x: [...]  →  [...]
    public func gelu(_ x: Variable) -> Variable {
        let y = output(x.shape, of: x)
        parallelMap(x.value.data, y.value.data, count: x.value.count) { x in
            0.5 * x * (1 + tanh(geluC * (x + 0.044715 * x * x * x)))
        }
        record(y) {
            parallelAccumulate(x.gradient.data, x.value.data, y.gradient.data,
                               count: x.value.count) { x, dy in
                let t = tanh(geluC * (x + 0.044715 * x * x * x))
                let du = geluC * (1 + 3 * 0.044715 * x * x)  // du/dx
                return dy * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * du)
            }
        }
        return y
    }
    // end listing

    // listing: swiglu
    /// SwiGLU: silu(gate) ⊙ up, the gated unit of Llama's feed-forward network
    /// (Shazeer, 2020). Fused, it keeps neither silu(gate) nor its gradient.
    ///
    ///   gate: [..., f]   up: [..., f]  →  [..., f]
    public func swiglu(_ gate: Variable, _ up: Variable) -> Variable {
        precondition(gate.shape == up.shape,
                     "swiglu: gate \(gate.shape) and up \(up.shape) differ")
        let y = output(gate.shape, of: gate, up, zeroed: false)
        let n = y.value.count
        parallelZipMap(gate.value.data, up.value.data, y.value.data,
                       count: n) { g, u in g * sigmoid(g) * u }
        record(y) {
            let (G, U, dY) = (gate.value.data, up.value.data, y.gradient.data)
            let dG = gate.requiresGrad ? gate.gradient.data : nil
            let dU = up.requiresGrad ? up.gradient.data : nil
            // One pass for both gradients: σ(g) is computed once, and g and
            // dy are read once.
            parallelBlocks(n) { start, count in
                forEachBlock(count) { j, width in
                    let i = start + j
                    let (g, dy) = (load(G + i, width), load(dY + i, width))
                    let s = sigmoid(g)
                    if let dG {
                        // d silu(g)/dg = σ(g)·(1 + g·(1 − σ(g)))
                        let u = load(U + i, width)
                        store(load(dG + i, width) + dy * u * s * (1 + g * (1 - s)), dG + i, width)
                    }
                    if let dU { store(load(dU + i, width) + dy * g * s, dU + i, width) }
                }
            }
        }
        return y
    }
    // end listing
}

/// √(2/π), GELU's constant.
let geluC: Float = 0.797_884_56
