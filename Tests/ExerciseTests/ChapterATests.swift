import Book
import Micrograd
import XCTest
#if EXERCISES
import CoreExercises
#else
import CoreSolutions
#endif

/// Appendix A exercises, checked against the core's own ops and optimizer
/// (independent implementations) and against finite differences.
final class ChapterATests: XCTestCase {
    func random(_ n: Int, seed: UInt64) -> [Float] {
        var rng = RandomGenerator(seed: seed)
        return Tensor.randn([n], std: 2, rng: &rng).scalars
    }

    /// The tape's gradient of Σ op(x) ⊙ dy with respect to x.
    func tapeGradient(_ x: [Float], _ dy: [Float], shape: [Int],
                      _ op: (Tape, Variable) -> Variable) -> [Float] {
        let tape = Tape(), v = Variable(Tensor(shape: shape, x))
        let y = op(tape, v)
        tape.backward(from: y, seed: Tensor(shape: shape, dy))
        return v.grad!.scalars
    }

    func testA1SiLUBackward() throws {
        try exercise("A.1") {
            let x = random(37, seed: 1), dy = random(37, seed: 2)
            let dx = try siluBackward(x: x, dy: dy)
            let expected = tapeGradient(x, dy, shape: [37]) { $0.silu($1) }
            XCTAssertEqual(dx.count, 37)
            for (a, b) in zip(dx, expected) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        }
    }

    func testA2SoftmaxBackward() throws {
        try exercise("A.2") {
            let x = random(3 * 11, seed: 3), dy = random(3 * 11, seed: 4)
            let tape = Tape()
            let y = tape.softmax(Variable(Tensor(shape: [3, 11], x), requiresGrad: false))
            let dx = try softmaxBackward(y: y.value.scalars, dy: dy, columns: 11)
            let expected = tapeGradient(x, dy, shape: [3, 11]) { $0.softmax($1) }
            XCTAssertEqual(dx.count, 33)
            for (a, b) in zip(dx, expected) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        }
    }

    func testA3AdamWStep() throws {
        try exercise("A.3") {
            let start = random(20, seed: 5)
            var theta = start
            var m = [Float](repeating: 0, count: 20), v = m
            let reference = Variable(Tensor(shape: [4, 5], start))
            let opt = AdamW(parameters: [reference], beta1: 0.9, beta2: 0.95,
                            eps: 1e-8, weightDecay: 0.1)
            for step in 1...3 {
                let g = random(20, seed: 10 + UInt64(step))
                try adamWStep(parameter: &theta, gradient: g, m: &m, v: &v, step: step,
                              lr: 0.01, beta1: 0.9, beta2: 0.95, eps: 1e-8,
                              weightDecay: 0.1)
                reference.gradient.data.update(from: g, count: 20)
                opt.update(lr: 0.01)
            }
            for (a, b) in zip(theta, reference.value.scalars) {
                XCTAssertEqual(a, b, accuracy: 1e-6)
            }
            XCTAssertNotEqual(theta, start)
        }
    }

    func testA4SigmoidValue() throws {
        try exercise("A.4") {
            for x0 in [-3.0, -0.5, 0, 0.7, 4] {
                let x = Value(x0)
                let y = try sigmoid(x) * Value(2)  // the chain rule must flow through
                y.backward()
                XCTAssertEqual(y.data, 2 / (1 + exp(-x0)), accuracy: 1e-12)
                let h = 1e-6
                let numeric = (2 / (1 + exp(-(x0 + h))) - 2 / (1 + exp(-(x0 - h)))) / (2 * h)
                XCTAssertEqual(x.grad, numeric, accuracy: 1e-8)
            }
        }
    }
}
