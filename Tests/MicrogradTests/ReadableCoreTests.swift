@testable import Book
import Micrograd
import XCTest

/// The core's fast RMSNorm and FMA peak against the plain versions that
/// Appendix A lists before them (Chapters/A-Core/Sources).
final class ReadableCoreTests: XCTestCase {
    /// The tape's `rmsNorm` (16 SIMD lanes, pointers, rows split across
    /// threads) against `rmsNormReference`, forward and backward, on widths
    /// with a ragged SIMD tail (1, 7, 17, 37, 100, 389), whole blocks (16,
    /// 64), 600 × 64 rows, which `parallelRows` splits, and rows so small
    /// (std 10⁻³) that ε dominates their mean square. Not bit for
    /// bit: the fast version sums squares and g ⊙ x̂ in 16 partial sums
    /// added at the end, the readable one left to right, and float addition
    /// is not associative. The differences are rounding: measured at most
    /// 4e-7 of the largest value of each result, so 1e-5 leaves room for
    /// other summation orders and fails on any wrong formula (order 1).
    func testRMSNormEqualsTheReadableReference() {
        var rng = RandomGenerator(seed: 21)
        var worst: Float = 0
        let cases: [(rows: Int, d: Int, std: Float)] = [
            (1, 1, 1), (3, 7, 1), (2, 16, 1), (5, 17, 1), (4, 37, 1), (3, 64, 1),
            (2, 100, 1), (3, 389, 1), (600, 64, 1), (4, 37, 1e-3)]
        for (rows, d, std) in cases {
            for (name, fast, reference) in rmsNormBothWays(rows: rows, width: d, std: std,
                                                           rng: &rng) {
                XCTAssertEqual(fast.count, reference.count)
                let gap = relativeGap(fast, reference)
                worst = max(worst, gap)
                XCTAssertLessThan(gap, 1e-5, "\(name), \(rows) × \(d), std \(std)")
            }
        }
        print("RMSNorm: largest difference \(worst) of the largest value")
    }

    /// The scalar chains compute the recurrence the peak's vector kernel
    /// computes in every lane, x ← x · a + b fused. Exact: the same FMAs
    /// and additions in the same order (the fast kernel's lanes within
    /// the roundings of their sum). Their speed is not compared here:
    /// a debug build says nothing about it, so Appendix A's notebook, in
    /// release, measures both and stops if a scalar rate is not below the
    /// vector peak (`MachinePeak.fraction` throws `PeakExceeded`).
    func testScalarFMAChainsComputeTheRecurrence() {
        func chain(from start: Float, rounds: Int) -> Float {
            var x = start
            for _ in 0..<rounds { x = Float(1e-4).addingProduct(x, 0.999_9) }
            return x
        }
        for rounds in [0, 1, 7, 1000] {
            XCTAssertEqual(oneFMAChain(rounds: rounds), chain(from: 0, rounds: rounds))
            XCTAssertEqual(eightFMAChains(rounds: rounds),
                           (0..<8).reduce(Float(0)) { $0 + chain(from: Float(-$1),
                                                                  rounds: rounds) })
            // The fast kernel's first chain (it starts at 0 too) in 8 lanes,
            // which it adds up one by one: 7 roundings, under 4 ulps.
            let lanes = 8 * chain(from: 0, rounds: rounds)
            XCTAssertEqual(fmaChains(rounds, InlineArray<1, SIMD8<Float>>.self),
                           lanes, accuracy: 4 * lanes.ulp)
        }
        XCTAssertGreaterThan(scalarFMARate(chains: 8, rounds: 1000), 0)
    }
}
