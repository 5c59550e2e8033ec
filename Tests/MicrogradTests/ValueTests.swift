import Book
import Foundation
import Micrograd
import XCTest

final class ValueTests: XCTestCase {
    /// micrograd's own README example, whose gradients are printed there:
    /// g.data = 24.7041, a.grad = 138.8338, b.grad = 645.5773.
    func testMicrogradReadmeExample() {
        let (g, a, b) = microgradReadmeExample()
        XCTAssertEqual(g.data, 24.7041, accuracy: 1e-4)
        XCTAssertEqual(a.grad, 138.8338, accuracy: 1e-4)
        XCTAssertEqual(b.grad, 645.5773, accuracy: 1e-4)
    }

    /// A value used twice collects both gradients (d(x·x)/dx = 2x).
    func testSharedValueAccumulates() {
        let x = Value(3)
        (x * x).backward()
        XCTAssertEqual(x.grad, 6)
    }

    /// The scalar autograd and the coarse-op tape agree on
    /// f(w) = z² + 3z with z = w · x.
    func testValueAgreesWithTape() {
        let w: [Float] = [0.5, -1.25, 2], x: [Float] = [1, 0.5, -0.25]
        let ws = w.map { Value(Double($0)) }
        let z = zip(ws, x).reduce(Value(0)) { $0 + $1.0 * Value(Double($1.1)) }
        let f = z * z + Value(3) * z
        f.backward()

        let tape = Tape()
        let wv = Variable(Tensor(shape: [1, 3], w))
        let xv = Variable(Tensor(shape: [1, 3], x), requiresGrad: false)
        let zt = tape.matmul(xv, wv, transposeB: true)
        let ft = tape.sum(tape.add(tape.mul(zt, zt), tape.scale(zt, 3)))
        tape.backward(from: ft)
        XCTAssertEqual(Float(f.data), ft.value.data[0], accuracy: 1e-5)
        for (value, grad) in zip(ws, wv.grad!.scalars) {
            XCTAssertEqual(Float(value.grad), grad, accuracy: 1e-5)
        }
    }

    func testMLPLearnsMicrogradsToyData() {
        var rng = RandomGenerator(seed: 1)
        let mlp = MLP(sizes: [3, 4, 4, 1], rng: &rng)
        let xs: [[Double]] = [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]]
        let ys: [Double] = [1, -1, -1, 1]
        var first = 0.0, last = 0.0
        for step in 0..<50 {
            let loss = zip(xs, ys).reduce(Value(0)) { total, pair in
                total + (mlp(pair.0.map { Value($0) })[0] - Value(pair.1)).pow(2)
            }
            mlp.parameters.forEach { $0.grad = 0 }
            loss.backward()
            for p in mlp.parameters { p.data -= 0.05 * p.grad }
            if step == 0 { first = loss.data }
            last = loss.data
        }
        XCTAssertLessThan(last, first / 10)
    }
}
