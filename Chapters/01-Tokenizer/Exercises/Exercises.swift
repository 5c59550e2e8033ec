import Book
import Tokenizer

// Chapter 1 exercises. Replace each `throw` with your code, then run
// `make exercises CH=1`. The answers are in ../Solutions — try first!

/// Exercise 1.1 — count pairs.
/// How often each pair of adjacent ids occurs in `ids`: for `[1, 1, 1, 2]`,
/// (1, 1) twice and (1, 2) once. This count is what BPE training maximizes.
public func countPairs(_ ids: [Int]) throws -> [TokenPair: Int] {
    throw ExerciseError.notImplemented("1.1")
}

/// Exercise 1.2 — apply one merge.
/// Replace every occurrence of `pair` in `ids` by `id`, scanning left to
/// right, so that in `[a, a, a]` the pair (a, a) gives `[id, a]`.
public func applyMerge(_ pair: TokenPair, into id: Int, in ids: [Int]) throws -> [Int] {
    throw ExerciseError.notImplemented("1.2")
}

/// Exercise 1.3 — the symbol-ratio filter.
/// Of the visible (non-whitespace) characters of `block`, the fraction
/// that are symbols: not a letter (`properties.isAlphabetic`), not an ASCII
/// digit, and not in `BlockMeasures.ordinaryPunctuation`. 0 for a block
/// with no visible characters. Blocks above 0.10 are junk.
public func symbolRatio(_ block: String) throws -> Double {
    throw ExerciseError.notImplemented("1.3")
}

/// Exercise 1.4 — a MinHash signature.
/// For each k, the smallest (a[k]·(x mod p) + b[k]) mod p over the shingle
/// hashes x, with p = 2⁶¹ − 1; `UInt64.max` for an empty set. What
/// `MinHash.referenceSignature` computes in `UInt128`, in 64 bits. Hint:
/// `multipliedFullWidth(by:)` and `dividingFullWidth(_:)` give a 128-bit
/// product and its remainder without overflow.
public func minHashSignature(of shingles: [UInt64], a: [UInt64],
                             b: [UInt64]) throws -> [UInt64] {
    throw ExerciseError.notImplemented("1.4")
}
