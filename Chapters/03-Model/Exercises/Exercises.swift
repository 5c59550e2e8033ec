import Book
import Model

// Chapter 3 exercises. Replace each `throw` with your code, then run
// `make exercises CH=3`. The answers are in ../Solutions — try first!

/// Exercise 3.1 — RMSNorm's forward pass, for one vector:
/// yᵢ = xᵢ / √(mean(x²) + eps) · gainᵢ.
public func rmsNormalized(_ x: [Float], gain: [Float], eps: Float) throws -> [Float] {
    throw ExerciseError.notImplemented("3.1")
}

/// Exercise 3.2 — the SwiGLU feed-forward network, for one vector x of
/// width d: down · (silu(gate · x) ⊙ (up · x)). The matrices are in
/// PyTorch's [out, in] layout, row-major: gate and up are [f, d], down is
/// [d, f]; silu(z) = z · σ(z).
public func swigluFFN(_ x: [Float], gate: [Float], up: [Float], down: [Float],
                      hidden f: Int) throws -> [Float] {
    throw ExerciseError.notImplemented("3.2")
}

/// Exercise 3.3 — the parameter count of a Llama-style model, and weight
/// tying: embedding, `depth` blocks (Wq, Wk, Wv, Wo with `kvHeads` of the
/// `heads` heads for K and V; gate, up, down; two RMSNorm gains), a final
/// RMSNorm, and an LM head unless it is tied to the embedding.
public func llamaParameterCount(vocab: Int, width: Int, depth: Int, heads: Int,
                                kvHeads: Int, ffnWidth: Int, tied: Bool) throws -> Int {
    throw ExerciseError.notImplemented("3.3")
}
