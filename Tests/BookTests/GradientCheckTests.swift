import XCTest
@testable import Book

/// Every op's backward pass against central finite differences. Inputs are
/// small and random; a wrong factor, sign, transpose or missing accumulation
/// gives errors of order 1, far above the tolerance.
final class GradientCheckTests: XCTestCase {
    let tolerance = 2e-3

    func random(_ shape: [Int], seed: UInt64, std: Float = 1) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.randn(shape, std: std, rng: &rng)
    }

    func assertGradients(_ inputs: [Tensor], file: StaticString = #filePath, line: UInt = #line,
                         _ f: (Tape, [Variable]) -> Variable) {
        let errors = gradientCheck(inputs, f)
        for (i, e) in errors.enumerated() {
            XCTAssertLessThan(e, tolerance, "input \(i): relative error \(e)", file: file, line: line)
        }
    }

    func testMatmulAllTransposeCases() {
        for ta in [false, true] {
            for tb in [false, true] {
                let a = random(ta ? [4, 3] : [3, 4], seed: 1)
                let b = random(tb ? [5, 4] : [4, 5], seed: 2)
                assertGradients([a, b]) { t, v in
                    t.matmul(v[0], v[1], transposeA: ta, transposeB: tb)
                }
            }
        }
    }

    func testMatmulBatchedWithSharedAndPerBatchWeights() {
        let x = random([2, 3, 4], seed: 3)
        assertGradients([x, random([5, 4], seed: 4)]) { t, v in
            t.matmul(v[0], v[1], transposeB: true)  // a linear layer
        }
        for ta in [false, true] {
            for tb in [false, true] {
                let a = random(ta ? [2, 4, 3] : [2, 3, 4], seed: 5)
                let b = random(tb ? [2, 5, 4] : [2, 4, 5], seed: 6)
                assertGradients([a, b]) { t, v in
                    t.matmul(v[0], v[1], transposeA: ta, transposeB: tb)
                }
            }
        }
        // a transposed batch against one shared matrix
        assertGradients([random([2, 4, 3], seed: 7), random([4, 5], seed: 8)]) { t, v in
            t.matmul(v[0], v[1], transposeA: true)
        }
    }

    func testAddMulScale() {
        let a = random([3, 20], seed: 9), b = random([3, 20], seed: 10)
        let bias = random([20], seed: 11)
        assertGradients([a, b]) { t, v in t.add(v[0], v[1]) }
        assertGradients([a, bias]) { t, v in t.add(v[0], v[1]) }
        assertGradients([a, b]) { t, v in t.mul(v[0], v[1]) }
        assertGradients([a, bias]) { t, v in t.mul(v[0], v[1]) }
        assertGradients([a]) { t, v in t.scale(v[0], -2.5) }
    }

    func testVariableUsedTwiceAccumulates() {
        assertGradients([random([2, 17], seed: 12)]) { t, v in
            t.mul(t.silu(v[0]), v[0])
        }
    }

    func testEmbeddingWithRepeatedIds() {
        assertGradients([random([6, 5], seed: 13)]) { t, v in
            t.embedding(v[0], ids: [1, 4, 1, 0, 5, 1], shape: [2, 3])
        }
    }

    func testNormalizations() {
        let x = random([4, 37], seed: 14)  // 37: exercises the SIMD tail
        let gain = random([37], seed: 15, std: 0.5), bias = random([37], seed: 16)
        assertGradients([x, gain]) { t, v in t.rmsNorm(v[0], gain: v[1]) }
        assertGradients([x, gain, bias]) { t, v in
            t.layerNorm(v[0], gain: v[1], bias: v[2])
        }
    }

    func testSoftmaxAndActivations() {
        let x = random([3, 21], seed: 17, std: 2)
        assertGradients([x]) { t, v in t.softmax(v[0]) }
        assertGradients([x]) { t, v in t.gelu(v[0]) }
        assertGradients([x]) { t, v in t.silu(v[0]) }
        assertGradients([x, random([3, 21], seed: 18)]) { t, v in t.swiglu(v[0], v[1]) }
    }

    func testDropoutWithFixedSeed() {
        assertGradients([random([4, 19], seed: 19)]) { t, v in
            var rng = RandomGenerator(seed: 7)  // the same mask on every call
            return t.dropout(v[0], probability: 0.3, rng: &rng)
        }
    }

    func testCrossEntropyWithIgnoredTargets() {
        assertGradients([random([5, 23], seed: 20, std: 3)]) { t, v in
            t.crossEntropy(v[0], targets: [3, -100, 22, 0, -100])
        }
    }

    func testSumAndMean() {
        let x = random([3, 18], seed: 21)
        assertGradients([x]) { t, v in t.sum(v[0]) }
        assertGradients([x]) { t, v in t.mean(t.mul(v[0], v[0])) }
    }

    /// The checker itself must fail on a wrong backward: here the true
    /// gradient scaled by 1.01.
    func testCheckerCatchesAWrongGradient() {
        let errors = gradientCheck([random([3, 8], seed: 22)]) { t, v in
            let y = t.output(v[0].shape, of: v[0])
            y.value.data.update(from: v[0].value.data, count: v[0].value.count)
            t.record(y) {
                axpy(1.01, y.gradient.data, v[0].gradient.data, count: v[0].value.count)
            }
            return y
        }
        XCTAssertGreaterThan(errors[0], 5e-3)
    }
}
