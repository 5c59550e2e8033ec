import Foundation

/// xoshiro256** (Blackman & Vigna, 2018) seeded through SplitMix64: a small, fast
/// generator whose output depends only on the seed, so the same seed gives the
/// same numbers on every machine. Its whole state is four words, which makes
/// checkpointing it trivial.
public struct RandomGenerator: Sendable, Equatable {
    public var state: (UInt64, UInt64, UInt64, UInt64)

    public init(seed: UInt64) {
        var s = seed
        func splitMix() -> UInt64 {
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public init(state: [UInt64]) {
        precondition(state.count == 4, "xoshiro256** state has 4 words, got \(state.count)")
        self.state = (state[0], state[1], state[2], state[3])
    }

    public var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    public static func == (a: Self, b: Self) -> Bool { a.stateWords == b.stateWords }

    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform integer in 0..<n (Lemire's multiply-shift; bias below 2^-64 · n).
    public mutating func int(below n: Int) -> Int {
        precondition(n > 0, "int(below:) needs a positive bound, got \(n)")
        return Int(next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// Standard normal by the Box–Muller transform, in Double for accuracy.
    public mutating func normal() -> Double {
        let u1 = 1.0 - uniform()  // in (0, 1]: log is finite
        let u2 = uniform()
        return (-2.0 * log(u1)).squareRoot() * cos(2.0 * Double.pi * u2)
    }
}

extension Tensor {
    /// Normal(mean, std²) entries from `rng`.
    public static func randn(_ shape: [Int], std: Float = 1, mean: Float = 0,
                             rng: inout RandomGenerator) -> Tensor {
        let t = Tensor(zeros: shape)
        for i in 0..<t.count { t.data[i] = mean + std * Float(rng.normal()) }
        return t
    }

    /// Uniform entries in [low, high) from `rng`.
    public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1,
                               rng: inout RandomGenerator) -> Tensor {
        let t = Tensor(zeros: shape)
        for i in 0..<t.count { t.data[i] = low + (high - low) * Float(rng.uniform()) }
        return t
    }
}
