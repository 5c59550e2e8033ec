import Book
import Pretraining
import XCTest
#if EXERCISES
import PretrainingExercises
#else
import PretrainingSolutions
#endif

/// Chapter 4 exercises, checked against the core's optimizer pieces.
final class Chapter4Tests: XCTestCase {
    func testE1WarmupCosine() throws {
        try exercise("4.1") {
            for step in [0, 1, 9, 10, 11, 50, 99, 100, 150] {
                let ours = try warmupCosine(step: step, warmup: 10, total: 100,
                                            maxLR: 1e-3, minLR: 1e-4)
                let expected = cosineSchedule(step: step, warmup: 10, total: 100,
                                              maxLR: 1e-3, minLR: 1e-4)
                XCTAssertEqual(ours, expected, accuracy: 1e-9, "step \(step)")
            }
        }
    }

    func testE2AdamW() throws {
        try exercise("4.2") {
            var rng = RandomGenerator(seed: 1)
            let start = Tensor.randn([50], rng: &rng)
            let parameter = Variable(start.copy())
            let optimizer = AdamW(parameters: [parameter], decays: [true], beta1: 0.9,
                                  beta2: 0.95, eps: 1e-8, weightDecay: 0.1)
            var w = start.scalars
            var m = [Float](repeating: 0, count: 50), v = m
            for t in 1...3 {
                let g = Tensor.randn([50], rng: &rng)
                parameter.gradient.data.update(from: g.data, count: 50)
                optimizer.update(lr: 0.01)
                try adamwUpdate(&w, g.scalars, m: &m, v: &v, t: t, lr: 0.01, beta1: 0.9,
                                beta2: 0.95, eps: 1e-8, weightDecay: 0.1)
            }
            for (a, b) in zip(w, parameter.value.scalars) { XCTAssertEqual(a, b, accuracy: 1e-6) }
        }
    }

    func testE3ClipByGlobalNorm() throws {
        try exercise("4.3") {
            var grads: [[Float]] = [[3, 0], [0, 4, 0]]  // norm 5
            let norm = try clipByGlobalNorm(&grads, maxNorm: 1)  // outside XCTAssert
            XCTAssertEqual(norm, 5, accuracy: 1e-5)
            XCTAssertEqual(grads[0][0], 0.6, accuracy: 1e-5)
            XCTAssertEqual(grads[1][1], 0.8, accuracy: 1e-5)
            var small: [[Float]] = [[0.1, 0.2]]
            _ = try clipByGlobalNorm(&small, maxNorm: 1)
            XCTAssertEqual(small, [[0.1, 0.2]], "under the limit nothing changes")
        }
    }

    func testE4Nucleus() throws {
        try exercise("4.4") {
            let p: [Float] = [0.1, 0.5, 0.05, 0.3, 0.05]
            let kept = try [0.5, 0.75, 0.85].map { try nucleus(p, p: $0) }
            XCTAssertEqual(kept, [[1], [1, 3], [1, 3, 0]])
        }
    }
}
