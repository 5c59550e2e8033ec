import Book
import Model
import XCTest
#if EXERCISES
import ModelExercises
#else
import ModelSolutions
#endif

/// Chapter 3 exercises, checked against the core's ops and the chapter's
/// models. (Each call is made outside `XCTAssert…`, which would swallow a
/// "not implemented yet".)
final class Chapter3Tests: XCTestCase {
    func random(_ n: Int, seed: UInt64) -> [Float] {
        var rng = RandomGenerator(seed: seed)
        return Tensor.randn([n], rng: &rng).scalars
    }

    func testE1RMSNorm() throws {
        try exercise("3.1") {
            let x = random(37, seed: 1), gain = random(37, seed: 2)
            let ours = try rmsNormalized(x, gain: gain, eps: 1e-5)
            let expected = Tape().rmsNorm(Variable(Tensor(shape: [1, 37], x)),
                                          gain: Variable(Tensor(shape: [37], gain)))
            for (a, b) in zip(ours, expected.value.scalars) { XCTAssertEqual(a, b, accuracy: 1e-5) }
            XCTAssertEqual(ours.count, 37)
        }
    }

    func testE2SwiGLU() throws {
        try exercise("3.2") {
            let (d, f) = (8, 12)
            let x = random(d, seed: 3), gate = random(f * d, seed: 4)
            let up = random(f * d, seed: 5), down = random(d * f, seed: 6)
            let ours = try swigluFFN(x, gate: gate, up: up, down: down, hidden: f)
            let tape = Tape()
            let input = Variable(Tensor(shape: [1, d], x), requiresGrad: false)
            func linear(_ v: Variable, _ w: [Float], _ rows: Int, _ cols: Int) -> Variable {
                tape.matmul(v, Variable(Tensor(shape: [rows, cols], w)), transposeB: true)
            }
            let h = tape.swiglu(linear(input, gate, f, d), linear(input, up, f, d))
            let expected = linear(h, down, d, f).value.scalars
            for (a, b) in zip(ours, expected) { XCTAssertEqual(a, b, accuracy: 1e-4) }
            XCTAssertEqual(ours.count, d)
        }
    }

    func testE3ParameterCountAndTying() throws {
        try exercise("3.3") {
            for tied in [true, false] {
                let config = try ModelConfig(vocabSize: 96, contextLength: 16, width: 64,
                                             depth: 2, heads: 4, kvHeads: 2, ffnWidth: 128,
                                             tiedEmbeddings: tied)
                let ours = try llamaParameterCount(vocab: 96, width: 64, depth: 2, heads: 4,
                                                   kvHeads: 2, ffnWidth: 128, tied: tied)
                XCTAssertEqual(ours, try LlamaModel(config).countedParameters)
            }
            // SmolLM2-135M, tied: its published 134,515,008.
            let smol = try llamaParameterCount(vocab: 49_152, width: 576, depth: 30, heads: 9,
                                               kvHeads: 3, ffnWidth: 1_536, tied: true)
            XCTAssertEqual(smol, 134_515_008)
        }
    }
}
