import XCTest
@testable import Book

/// `Tape.linear`, weight adapters, frozen weights and the backward pass's
/// progress report: the hooks chapters 6 and 7 build on.
final class LinearTests: XCTestCase {
    /// Adds scale · x Cᵀ: a full-rank stand-in for LoRA's update.
    final class Shift: LinearAdapter {
        let c: Variable, scale: Float
        init(_ c: Variable, scale: Float) { (self.c, self.scale) = (c, scale) }
        func add(_ tape: Tape, input x: Variable, to y: Variable) {
            let (n, out, k) = (x.value.count / c.shape[1], c.shape[0], c.shape[1])
            gemm(x.value.data, c.value.data, y.value.data, m: n, n: out, k: k,
                 transposeB: true, alpha: scale, beta: 1)
            if c.requiresGrad { y.requiresGrad = true }
            tape.record(y) { [c, scale] in
                if c.requiresGrad {
                    gemm(y.gradient.data, x.value.data, c.gradient.data, m: out, n: k, k: n,
                         transposeA: true, alpha: scale, beta: 1)
                }
                if x.requiresGrad {
                    gemm(y.gradient.data, c.value.data, x.gradient.data, m: n, n: k, k: out,
                         alpha: scale, beta: 1)
                }
            }
        }
    }

    func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.randn(shape, rng: &rng)
    }

    func testWithoutAdapterLinearIsTheMatrixProduct() {
        let (x, w) = (Variable(random([2, 3, 4], seed: 1)), Variable(random([5, 4], seed: 2)))
        let tape = Tape()
        XCTAssertEqual(tape.linear(x, w).value.scalars,
                       tape.matmul(x, w, transposeB: true).value.scalars)
    }

    func testAdapterAddsItsOutputAndGetsGradients() {
        let (x, w, c) = (random([2, 3, 4], seed: 1), random([5, 4], seed: 2), random([5, 4], seed: 3))
        let tape = Tape()
        let weight = Variable(w)
        weight.adapter = Shift(Variable(c), scale: 0.5)
        let y = tape.linear(Variable(x), weight).value.scalars
        let merged = Tensor(shape: w.shape, zip(w.scalars, c.scalars).map { $0 + 0.5 * $1 })
        let expected = tape.matmul(Variable(x), Variable(merged), transposeB: true).value.scalars
        for (a, b) in zip(y, expected) { XCTAssertEqual(a, b, accuracy: 1e-5) }

        let errors = gradientCheck([x, w, c]) { tape, v in
            v[1].adapter = Shift(v[2], scale: 0.5)
            return tape.linear(v[0], v[1])
        }
        for (i, e) in errors.enumerated() { XCTAssertLessThan(e, 2e-3, "input \(i)") }
    }

    func testAnAdapterTrainsBehindFrozenInputs() {
        let (x, w, c) = (Variable(random([3, 4], seed: 1)), Variable(random([5, 4], seed: 2)),
                         Variable(random([5, 4], seed: 3)))
        (x.requiresGrad, w.requiresGrad) = (false, false)
        w.adapter = Shift(c, scale: 0.5)
        let tape = Tape()
        tape.backward(from: tape.sum(tape.linear(x, w)))
        XCTAssertNil(x.grad)
        XCTAssertNil(w.grad)
        // d sum(0.5 · x Cᵀ) / dC[o, i] = 0.5 · Σ_rows x[row, i]
        let columnSums = (0..<4).map { i in (0..<3).reduce(Float(0)) { $0 + x.value.scalars[$1 * 4 + i] } }
        let expected = (0..<5).flatMap { _ in columnSums.map { 0.5 * $0 } }
        for (g, e) in zip(c.grad!.scalars, expected) { XCTAssertEqual(g, e, accuracy: 1e-5) }
    }

    func testAFrozenWeightGetsNoGradient() {
        let (x, w) = (Variable(random([3, 4], seed: 1)), Variable(random([5, 4], seed: 2)))
        w.requiresGrad = false
        let tape = Tape()
        tape.backward(from: tape.sum(tape.linear(x, w)))
        XCTAssertNil(w.grad)
        XCTAssertNotNil(x.grad)

        x.requiresGrad = false  // nothing left to differentiate: nothing recorded
        let frozen = Tape()
        _ = frozen.sum(frozen.linear(x, w))
        XCTAssertEqual(frozen.count, 0)
    }

    func testBackwardReportsEachGradientWhenFinal() {
        let (x, w1, w2) = (Variable(random([3, 4], seed: 1)), Variable(random([4, 4], seed: 2)),
                           Variable(random([4, 4], seed: 3)))
        let tape = Tape()
        let y = tape.linear(x, w1)   // step 0 reads x, w1
        let z = tape.linear(y, w2)   // step 1 reads y, w2
        let u = tape.linear(z, w1)   // step 2 reads z, and w1 again
        let loss = tape.sum(u)       // step 3 reads u
        var reports: [[ObjectIdentifier]] = [], snapshots: [(Variable, [Float])] = []
        tape.backward(from: loss) { done in
            reports.append(done.map(ObjectIdentifier.init))
            snapshots += done.map { ($0, $0.grad!.scalars) }
        }
        XCTAssertEqual(reports, [[u], [z], [y, w2], [x, w1]].map { $0.map(ObjectIdentifier.init) })
        // Nothing was added to a gradient after it was reported: w1's second
        // use, reported last, is in it.
        for (v, seen) in snapshots { XCTAssertEqual(v.grad!.scalars, seen) }
    }
}
