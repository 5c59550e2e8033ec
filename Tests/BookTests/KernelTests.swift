import Foundation
import XCTest
@testable import Book

/// The SIMD kernels against plain scalar loops, at sizes around the 16-lane
/// block so the tails are exercised.
final class KernelTests: XCTestCase {
    func testVectorExpAgainstFoundation() {
        var x = Lanes(repeating: 0)
        var worst: Float = 0
        for start in stride(from: -87, to: 88, by: 0.37) {
            for i in 0..<16 { x[i] = Float(start) + Float(i) * 0.02 }
            let e = exp(x)
            for i in 0..<16 {
                let exact = Foundation.exp(Double(x[i]))
                worst = max(worst, Float(abs(Double(e[i]) - exact) / exact))
            }
        }
        XCTAssertLessThan(worst, 4e-7)  // ~3 ulp
        XCTAssertEqual(tanh(Lanes(repeating: 20))[0], 1)
        XCTAssertEqual(sigmoid(Lanes(repeating: -200))[0], 0)
    }

    func testReductionsAndMaps() {
        for n in [0, 1, 15, 16, 17, 100, 100_003] {
            let x = (0..<n).map { Float(($0 * 37) % 101) / 17 - 2 }
            let y = (0..<n).map { Float(($0 * 11) % 23) / 7 }
            x.withUnsafeBufferPointer { xp in
                y.withUnsafeBufferPointer { yp in
                    let (X, Y) = (xp.baseAddress!, yp.baseAddress!)
                    let s = x.reduce(0.0) { $0 + Double($1) }
                    XCTAssertEqual(Double(sum(X, count: n)), s, accuracy: 1e-5 * max(1, abs(s)))
                    let d = zip(x, y).reduce(0.0) { $0 + Double($1.0 * $1.1) }
                    XCTAssertEqual(Double(dot(X, Y, count: n)), d, accuracy: 1e-5 * max(1, abs(d)))
                    if n > 0 { XCTAssertEqual(maximum(X, count: n), x.max()!) }
                    let out = Tensor(zeros: [n]), acc = Tensor(shape: [n], repeating: 1)
                    parallelZipMap(X, Y, out.data, count: n) { $0 * $1 + 1 }
                    parallelAccumulate(acc.data, X, Y, count: n, *)
                    XCTAssertEqual(out.scalars, zip(x, y).map { $0 * $1 + 1 })
                    XCTAssertEqual(acc.scalars, zip(x, y).map { 1 + $0 * $1 })
                }
            }
        }
    }

    /// Kernels flush denormal results to zero: a product below 2⁻¹²⁶ is 0.
    func testDenormalsAreFlushedToZero() {
        let tiny: [Float] = [1e-30, 1e-10, 2e-19]
        let out = Tensor(zeros: [2])
        parallelFor(1) { _ in
            out.data[0] = tiny[0] * tiny[1]  // 1e-40: denormal
            out.data[1] = tiny[2] * tiny[2]  // 4e-38: normal
        }
        XCTAssertEqual(out.data[0], 0)
        XCTAssertEqual(out.data[1], 4e-38, accuracy: 1e-42)
    }

    func testGemmAgainstTripleLoop() {
        var rng = RandomGenerator(seed: 3)
        let (m, n, k) = (5, 7, 3)
        for ta in [false, true] {
            for tb in [false, true] {
                let a = Tensor.randn(ta ? [k, m] : [m, k], rng: &rng)
                let b = Tensor.randn(tb ? [n, k] : [k, n], rng: &rng)
                let c = Tensor(shape: [m, n], repeating: 1)
                gemm(a.data, b.data, c.data, m: m, n: n, k: k,
                     transposeA: ta, transposeB: tb, alpha: 2, beta: 0.5)
                for i in 0..<m {
                    for j in 0..<n {
                        var s: Float = 0
                        for p in 0..<k { s += (ta ? a[p, i] : a[i, p]) * (tb ? b[j, p] : b[p, j]) }
                        XCTAssertEqual(c[i, j], 2 * s + 0.5, accuracy: 1e-5)
                    }
                }
            }
        }
    }

    /// A product cut into bands of rows (tall C) or of columns (wide C), of
    /// uneven sizes, equals the same product in one call. The bands are run
    /// one after another here, so the test checks the band arithmetic on any
    /// machine, whatever its thread count.
    func testGemmBandsMatchOneCall() {
        var rng = RandomGenerator(seed: 4)
        for (m, n, k) in [(37, 13, 9), (13, 37, 9)] {
            for (ta, tb) in [(false, false), (false, true), (true, false), (true, true)] {
                let a = Tensor.randn(ta ? [k, m] : [m, k], rng: &rng)
                let b = Tensor.randn(tb ? [n, k] : [k, n], rng: &rng)
                let whole = Tensor(shape: [m, n], repeating: 1)
                GemmOperands(a: a.data, b: b.data, c: whole.data, m: m, n: n, k: k,
                             transposeA: ta, transposeB: tb, alpha: 2, beta: 0.5)
                    .band(0, of: 1)
                for count in [2, 3, 5] {
                    let banded = Tensor(shape: [m, n], repeating: 1)
                    let p = GemmOperands(a: a.data, b: b.data, c: banded.data, m: m, n: n,
                                         k: k, transposeA: ta, transposeB: tb, alpha: 2,
                                         beta: 0.5)
                    for band in 0..<count { p.band(band, of: count) }
                    let worst = zip(whole.scalars, banded.scalars).map { abs($0 - $1) }.max()!
                    XCTAssertLessThan(worst, 1e-5, "\(m)×\(n)×\(k) ta \(ta) tb \(tb), \(count) bands")
                }
            }
        }
    }

    /// One thread below 2²² multiply-adds, else what was asked for, within
    /// 1...threadCount.
    func testGemmThreads() {
        XCTAssertEqual(gemmThreads(m: 128, n: 128, k: 128, threads: 8), 1)
        XCTAssertEqual(gemmThreads(m: 1 << 11, n: 1 << 11, k: 1, threads: 1), 1)
        XCTAssertEqual(gemmThreads(m: 1 << 11, n: 1 << 11, k: 1, threads: 0), 1)
        XCTAssertEqual(gemmThreads(m: 1 << 11, n: 1 << 11, k: 1, threads: 1_000),
                       threadCount)
    }

    /// The peak's kernel computes what it says: `rounds` of acc · a + b on
    /// every chain, the chains starting at 0, 1, 2, ...
    func testFMAChainsComputeTheirRecurrence() {
        func expected(chains: Int, lanes: Int, rounds: Int) -> Float {
            (0..<chains).reduce(Float(0)) { total, c in
                var acc = Float(c)
                for _ in 0..<rounds { acc = Float(1e-4).addingProduct(acc, 0.999_9) }
                return total + Float(lanes) * acc
            }
        }
        XCTAssertEqual(fmaChains(50, InlineArray<4, SIMD8<Float>>.self),
                       expected(chains: 4, lanes: 8, rounds: 50), accuracy: 1e-3)
        XCTAssertEqual(fmaChains(50, InlineArray<12, SIMD16<Float>>.self),
                       expected(chains: 12, lanes: 16, rounds: 50), accuracy: 1e-2)
        let rate = fmaRate(InlineArray<8, SIMD16<Float>>.self, threads: 1,
                           flops: 10_000_000)
        XCTAssertEqual(rate.chains, 8)
        XCTAssertEqual(rate.lanes, 16)
        XCTAssertGreaterThan(rate.gflops, 0)
    }
}
