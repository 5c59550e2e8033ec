import Book
import Finetuning

// Chapter 6 exercises. Replace each `throw` with your code, then run
// `make exercises CH=6`. The answers are in ../Solutions — try first!

/// Exercise 6.1 — prompt-loss masking: the ids of a prompt and of its
/// reply as one training sequence. Return `ids` (all but the last token)
/// and `targets` (each position's next token), with the targets that are
/// prompt tokens set to -100 so the loss skips them.
public func maskedSequence(prompt: [Int32], reply: [Int32]) throws
    -> (ids: [Int32], targets: [Int32])
{
    throw ExerciseError.notImplemented("6.1")
}

/// Exercise 6.2 — the LoRA forward for one row x [in]: W x + (alpha/r)·B(A x),
/// with W [out][in], A [r][in], B [out][r] given as arrays of rows.
public func loraForward(x: [Float], w: [[Float]], a: [[Float]], b: [[Float]],
                        alpha: Float) throws -> [Float] {
    throw ExerciseError.notImplemented("6.2")
}

/// Exercise 6.3 — merging: the weight W + (alpha/r)·B A that computes,
/// alone, what W and its adapter computed together.
public func mergeAdapter(w: [[Float]], a: [[Float]], b: [[Float]], alpha: Float) throws
    -> [[Float]]
{
    throw ExerciseError.notImplemented("6.3")
}

/// Exercise 6.4 — the exact-match evaluator: true when `reply`, cut at its
/// first newline, trimmed of spaces and of one final ".", equals `answer`
/// treated the same way, ignoring case.
public func isExactMatch(_ reply: String, answer: String) throws -> Bool {
    throw ExerciseError.notImplemented("6.4")
}
