import Book
import Micrograd

// Appendix A exercises. Replace each `throw` with your code, then run
// `make exercises CH=A`. The answers are in ../Solutions — try first!

/// Exercise A.1 — SiLU's backward pass.
/// Given inputs x and the upstream gradient dy (same length), return
/// dx = dy · d/dx [x · σ(x)].
public func siluBackward(x: [Float], dy: [Float]) throws -> [Float] {
    throw ExerciseError.notImplemented("A.1")
}

/// Exercise A.2 — softmax's backward pass.
/// y = softmax(x) over rows of `columns` elements; given y and dy, return dx.
/// Hint: the Jacobian of one row is diag(y) − y·yᵀ.
public func softmaxBackward(y: [Float], dy: [Float], columns: Int) throws -> [Float] {
    throw ExerciseError.notImplemented("A.2")
}

/// Exercise A.3 — one AdamW step (decoupled weight decay), in place.
/// `step` is the number of this step, counting from 1 (for bias correction).
public func adamWStep(
    parameter: inout [Float], gradient: [Float], m: inout [Float], v: inout [Float],
    step: Int, lr: Float, beta1: Float, beta2: Float, eps: Float, weightDecay: Float
) throws {
    throw ExerciseError.notImplemented("A.3")
}

/// Exercise A.4 — a new op for the scalar autograd: σ(x) = 1 / (1 + e^−x),
/// as one `Value` whose parent is x with the right local derivative.
public func sigmoid(_ x: Value) throws -> Value {
    throw ExerciseError.notImplemented("A.4")
}
