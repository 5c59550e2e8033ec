import XCTest
@testable import Book

/// The optimizer, schedule and clipping against values worked out by hand.
final class OptimTests: XCTestCase {
    func testAdamWTwoStepsByHand() {
        let p = Variable(Tensor(shape: [1, 1], [1]))
        let opt = AdamW(parameters: [p], beta1: 0.9, beta2: 0.999, eps: 1e-8,
                        weightDecay: 0.1)
        // Step 1, g = 0.5: decay 1 → 1 − 0.1·0.1·1 = 0.99;
        // m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25, update 0.1·0.5/0.5 = 0.1.
        p.gradient.fill(0.5)
        opt.update(lr: 0.1)
        XCTAssertEqual(p.value.data[0], 0.89, accuracy: 1e-6)
        // Step 2, g = −0.25: decay 0.89 → 0.8811;
        // m = 0.045 − 0.025 = 0.02, v = 0.00024975 + 0.0000625 = 0.00031225,
        // m̂ = 0.02/0.19, v̂ = 0.00031225/0.001999.
        p.gradient.fill(-0.25)
        opt.update(lr: 0.1)
        let mHat = 0.02 / 0.19, vHat = 0.00031225 / 0.001999
        let expected = 0.8811 - 0.1 * mHat / (vHat.squareRoot() + 1e-8)
        XCTAssertEqual(Double(p.value.data[0]), expected, accuracy: 1e-6)
        XCTAssertEqual(opt.step, 2)
    }

    func testGainsDoNotDecayByDefault() {
        let w = Variable(Tensor(shape: [1, 2], [1, 1])), gain = Variable(Tensor(shape: [2], [1, 1]))
        let opt = AdamW(parameters: [w, gain], weightDecay: 0.5)
        XCTAssertEqual(opt.decays, [true, false])
        w.gradient.fill(0)
        gain.gradient.fill(0)
        opt.update(lr: 0.1)  // zero gradients: only decay moves anything
        XCTAssertEqual(w.value.scalars, [0.95, 0.95])
        XCTAssertEqual(gain.value.scalars, [1, 1])
    }

    func testParametersWithoutGradientsAreSkipped() {
        let p = Variable(Tensor(shape: [2, 2], repeating: 3))
        AdamW(parameters: [p]).update(lr: 1)
        XCTAssertEqual(p.value.scalars, [3, 3, 3, 3])
    }

    func testCosineScheduleWithWarmup() {
        let lr = { cosineSchedule(step: $0, warmup: 10, total: 110, maxLR: 1e-3, minLR: 1e-4) }
        XCTAssertEqual(lr(0), 1e-4, accuracy: 1e-9)   // 1/10 of the way up
        XCTAssertEqual(lr(9), 1e-3, accuracy: 1e-9)   // warmup done
        XCTAssertEqual(lr(10), 1e-3, accuracy: 1e-9)  // cosine starts at the top
        XCTAssertEqual(lr(60), 5.5e-4, accuracy: 1e-9)  // halfway: (max + min)/2
        XCTAssertEqual(lr(110), 1e-4, accuracy: 1e-9)
        XCTAssertEqual(lr(500), 1e-4, accuracy: 1e-9)
        XCTAssertEqual(lr(35), Float(1e-4 + 0.5 * (1 + cos(Double.pi / 4)) * 9e-4), accuracy: 1e-9)
    }

    func testClipByGlobalNorm() {
        let a = Variable(Tensor(shape: [2], [0, 0])), b = Variable(Tensor(shape: [1], [0]))
        a.gradient.data.update(from: [3, 0], count: 2)
        b.gradient.data[0] = 4  // global norm √(9 + 16) = 5
        XCTAssertEqual(clipGradientNorm([a, b], maxNorm: 1), 5, accuracy: 1e-6)
        XCTAssertEqual(a.grad!.data[0], 0.6, accuracy: 1e-6)
        XCTAssertEqual(b.grad!.data[0], 0.8, accuracy: 1e-6)
        // Below the limit nothing changes.
        XCTAssertEqual(clipGradientNorm([a, b], maxNorm: 10), 1, accuracy: 1e-5)
        XCTAssertEqual(b.grad!.data[0], 0.8, accuracy: 1e-6)
    }
}
