import Attention
import Book

// Chapter 2 exercises. Replace each `throw` with your code, then run
// `make exercises CH=2`. The answers are in ../Solutions — try first!

/// Exercise 2.1 — the causal mask.
/// `scores` is a T × T matrix, row-major (row = query, column = key).
/// Return it with every score of a key after its query set to −∞.
public func causallyMasked(_ scores: [Float], t: Int) throws -> [Float] {
    throw ExerciseError.notImplemented("2.1")
}

/// Exercise 2.2 — RoPE's rotation, in the rotate-half convention.
/// Rotate `x` (even length d) for position `position`: for each i < d/2,
/// the pair (x[i], x[i + d/2]) turns by the angle position · θᵢ, with
/// θᵢ = base^(−2i/d).
public func ropeRotated(_ x: [Double], position: Int, base: Double) throws -> [Double] {
    throw ExerciseError.notImplemented("2.2")
}

/// Exercise 2.3 — sharing K/V heads in grouped-query attention.
/// `kv` holds `kvHeads` heads of `headSize` values each, one after another.
/// Return `kvHeads · groups` heads, each KV head repeated `groups` times in
/// place, so that query head h reads KV head h / groups.
public func repeatedKVHeads(_ kv: [Float], kvHeads: Int, groups: Int,
                            headSize: Int) throws -> [Float] {
    throw ExerciseError.notImplemented("2.3")
}

/// Exercise 2.4 — attention weights with a padding mask.
/// A batch pads short sequences to length T; only the first `length`
/// positions are real. Given T × T scores, return the causal attention
/// weights (softmax of each row) where no query looks at a padding key.
/// Rows of padding queries attend to the real keys only, like the last
/// real query would.
public func paddedAttentionWeights(_ scores: [Float], t: Int, length: Int) throws -> [Float] {
    throw ExerciseError.notImplemented("2.4")
}
