import Book

/// MinHash (Broder, 1997): a fixed-size *signature* of a shingle set whose
/// agreement with another signature estimates the Jaccard similarity of the
/// two sets, without keeping or intersecting the sets.
///
/// For a random permutation π of all possible shingles, the probability
/// that min π(A) = min π(B) is exactly |A ∩ B| / |A ∪ B|. With k independent
/// permutations the fraction of agreeing minima is an unbiased estimate of
/// J with standard deviation √(J(1−J)/k): ±0.046 at J = 0.5 for k = 120.
///
/// A true random permutation of 2⁶⁴ values cannot be stored, so each one is
/// replaced by a seeded universal hash h(x) = (a·x + b) mod p with the
/// Mersenne prime p = 2⁶¹ − 1, as in datasketch, applied to the shingle
/// hashes reduced mod p. That family is only 2-universal, not min-wise
/// independent as the argument above assumes; it serves because the values
/// it permutes are random already (`Hash64.mix`), so that any bijection's
/// minimum is equally likely to be any element. The chapter's notebook
/// checks the result: the rows of unrelated plays agree about as often as
/// their exact Jaccard similarity predicts.
public struct MinHash: Sendable {
    /// The Mersenne prime 2⁶¹ − 1.
    public static let prime: UInt64 = (1 << 61) - 1

    /// k: the number of hash functions, the signature's length.
    public let permutations: Int
    let a: [UInt64]   // in 1..<p
    let b: [UInt64]   // in 0..<p

    /// `permutations` hash functions drawn from `seed`: the same seed gives
    /// the same signatures on every run and machine.
    public init(permutations: Int = 120, seed: UInt64 = 0x5348_414b) {
        precondition(permutations > 0, "MinHash needs at least one permutation")
        var rng = RandomGenerator(seed: seed)
        self.permutations = permutations
        a = (0..<permutations).map { _ in 1 + rng.next() % (MinHash.prime - 1) }
        b = (0..<permutations).map { _ in rng.next() % MinHash.prime }
    }

    // listing: minhash-reference
    /// The signature as its definition reads: for each hash function
    /// h(x) = (a·x + b) mod p, the smallest h over the set. The arithmetic
    /// is done in 128 bits, where a·x + b cannot overflow (a, x, b < 2⁶¹).
    /// Shape [permutations]. An empty set gets all `UInt64.max`.
    public func referenceSignature(of shingles: Shingles) -> [UInt64] {
        let p = UInt128(MinHash.prime)
        return (0..<permutations).map { k in
            var smallest = UInt64.max
            for shingle in shingles.hashes {
                let x = UInt128(shingle) % p
                let h = (UInt128(a[k]) * x + UInt128(b[k])) % p
                smallest = min(smallest, UInt64(h))
            }
            return smallest
        }
    }
    // end listing

    // listing: minhash
    /// (a·x + b) mod (2⁶¹ − 1) without overflow: the 122-bit product is
    /// split at bit 61, and since 2⁶¹ ≡ 1 (mod p) the two halves just add.
    @inline(__always)
    static func universalHash(_ x: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: x)
        var r = (low & prime) &+ ((high << 3) | (low >> 61))
        r = (r & prime) &+ (r >> 61)
        r = r &+ b                          // r ≤ p + 1, b < p: no overflow
        r = (r & prime) &+ (r >> 61)
        return r >= prime ? r - prime : r
    }

    /// The signature: for each hash function, the smallest hash over the
    /// set. Shape [permutations]. An empty set gets all `UInt64.max`.
    public func signature(of shingles: Shingles) -> [UInt64] {
        var minima = [UInt64](repeating: .max, count: permutations)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                minima.withUnsafeMutableBufferPointer { minima in
                    for shingle in shingles.hashes {
                        let x = shingle % MinHash.prime
                        for k in 0..<minima.count {
                            let h = MinHash.universalHash(x, a[k], b[k])
                            if h < minima[k] { minima[k] = h }
                        }
                    }
                }
            }
        }
        return minima
    }

    /// The fraction of positions where two signatures agree: the estimate
    /// of the Jaccard similarity of the sets they came from.
    public static func estimatedJaccard(_ s: [UInt64],
                                        _ t: [UInt64]) -> Double {
        precondition(s.count == t.count, "signatures of different lengths")
        var equal = 0
        for k in 0..<s.count where s[k] == t[k] { equal += 1 }
        return Double(equal) / Double(s.count)
    }
    // end listing
}
