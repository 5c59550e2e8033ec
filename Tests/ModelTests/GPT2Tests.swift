import Book
import Model
import XCTest

final class GPT2Tests: XCTestCase {
    func small(dropout: Float = 0) throws -> GPT2Config {
        try GPT2Config(vocabSize: 50, contextLength: 16, width: 32, depth: 2,
                       heads: 4, dropout: dropout)
    }

    func testParameterCount() throws {
        let model = GPT2Model(try small(), seed: 1)
        XCTAssertEqual(model.countedParameters, model.config.parameterCount)
        // GPT-2 small, as transformers counts it.
        let gpt2 = try GPT2Config(vocabSize: 50_257, contextLength: 1_024,
                                  width: 768, depth: 12, heads: 12)
        XCTAssertEqual(gpt2.parameterCount, 124_439_808)
    }

    func testBadConfig() {
        XCTAssertThrowsError(try GPT2Config(vocabSize: 50, contextLength: 16,
                                            width: 30, depth: 1, heads: 4)) {
            XCTAssertEqual("\($0)", "heads 4 do not divide width 30")
        }
        XCTAssertThrowsError(try small(dropout: 1)) {
            XCTAssertEqual("\($0)", "dropout 1.0 is not in [0, 1)")
        }
    }

    /// Without dropout the model is a function of its input; with it, the
    /// same seed gives the same masks.
    func testDropoutIsSeeded() throws {
        let ids: [Int32] = [3, 1, 4, 1, 5, 9]
        let plain = GPT2Model(try small(), seed: 2)
        let a = try plain.logits(Tape(), ids: ids, batch: 2).value.scalars
        XCTAssertEqual(a, try plain.logits(Tape(), ids: ids, batch: 2).value.scalars)
        let x = GPT2Model(try small(dropout: 0.1), seed: 2)
        let y = GPT2Model(try small(dropout: 0.1), seed: 2)
        let dx = try x.logits(Tape(), ids: ids, batch: 2).value.scalars
        XCTAssertEqual(dx, try y.logits(Tape(), ids: ids, batch: 2).value.scalars)
        XCTAssertNotEqual(dx, a)
    }

    func testGradientsReachEveryParameter() throws {
        let model = GPT2Model(try small(dropout: 0.1), seed: 3)
        let tape = Tape()
        let logits = try model.logits(tape, ids: [1, 5, 9, 2, 7, 3], batch: 2)
        XCTAssertEqual(logits.shape, [2, 3, 50])
        tape.backward(from: tape.crossEntropy(logits, targets: [5, 9, 2, 7, 3, 4]))
        for (name, p) in model.namedParameters {
            let g = p.grad?.scalars ?? []
            XCTAssertTrue(g.contains { $0 != 0 }, "no gradient for \(name)")
        }
    }
}
