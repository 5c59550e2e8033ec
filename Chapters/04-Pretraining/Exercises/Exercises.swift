import Book
import Pretraining

// Chapter 4 exercises. Replace each `throw` with your code, then run
// `make exercises CH=4`. The answers are in ../Solutions — try first!

/// Exercise 4.1 — the learning rate at `step` (from 0): linear warmup from
/// maxLR/warmup up to maxLR over the first `warmup` steps, then a cosine
/// decay from maxLR to minLR at step `total`, and minLR after that.
public func warmupCosine(step: Int, warmup: Int, total: Int,
                         maxLR: Float, minLR: Float) throws -> Float {
    throw ExerciseError.notImplemented("4.1")
}

/// Exercise 4.2 — one AdamW update of the weights `w` with gradient `g`, at
/// step `t` (from 1), updating the moments `m` and `v` in place: decoupled
/// weight decay w ← w − lr·λ·w, then Adam with bias-corrected moments.
public func adamwUpdate(_ w: inout [Float], _ g: [Float], m: inout [Float],
                        v: inout [Float], t: Int, lr: Float, beta1: Float,
                        beta2: Float, eps: Float, weightDecay: Float) throws {
    throw ExerciseError.notImplemented("4.2")
}

/// Exercise 4.3 — clipping by global norm: scale every gradient by the same
/// factor so that the L2 norm of all of them together is at most `maxNorm`.
/// Returns the norm before clipping.
public func clipByGlobalNorm(_ gradients: inout [[Float]], maxNorm: Float) throws -> Float {
    throw ExerciseError.notImplemented("4.3")
}

/// Exercise 4.4 — top-p (nucleus) filtering: the indices of the smallest set
/// of most probable tokens whose probabilities sum to at least p, most
/// probable first. `probabilities` sums to 1.
public func nucleus(_ probabilities: [Float], p: Float) throws -> [Int] {
    throw ExerciseError.notImplemented("4.4")
}
