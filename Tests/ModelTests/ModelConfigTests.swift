import Book
import Model
import XCTest

final class ModelConfigTests: XCTestCase {
    func small(tied: Bool = true) throws -> ModelConfig {
        try ModelConfig(vocabSize: 96, contextLength: 32, width: 64, depth: 2,
                        heads: 4, kvHeads: 2, ffnWidth: 128,
                        tiedEmbeddings: tied)
    }

    func testBadConfigsNameTheFieldAndValue() {
        func message(_ body: () throws -> ModelConfig) -> String {
            do { _ = try body(); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message {
            try ModelConfig(vocabSize: 0, contextLength: 8, width: 16, depth: 1,
                            heads: 2, kvHeads: 1, ffnWidth: 32)
        }, "vocabSize 0 must be positive")
        XCTAssertEqual(message {
            try ModelConfig(vocabSize: 10, contextLength: 8, width: 16, depth: -1,
                            heads: 2, kvHeads: 1, ffnWidth: 32)
        }, "depth -1 must be positive")
        XCTAssertEqual(message {
            try ModelConfig(vocabSize: 10, contextLength: 8, width: 100, depth: 1,
                            heads: 3, kvHeads: 1, ffnWidth: 32)
        }, "heads 3 do not divide width 100")
        XCTAssertEqual(message {
            try ModelConfig(vocabSize: 10, contextLength: 8, width: 96, depth: 1,
                            heads: 6, kvHeads: 4, ffnWidth: 32)
        }, "kvHeads 4 do not divide heads 6")
        XCTAssertEqual(message {
            try ModelConfig(vocabSize: 10, contextLength: 8, width: 16, depth: 1,
                            heads: 2, kvHeads: 1, ffnWidth: 32, normEpsilon: 0)
        }, "normEpsilon 0.0 must be positive")
    }

    /// The formula counts exactly the weights a built model has.
    func testParameterCountFormulaMatchesBuiltModels() throws {
        for tied in [true, false] {
            let config = try small(tied: tied)
            let model = try LlamaModel(config, seed: 1)
            XCTAssertEqual(model.countedParameters, config.parameterCount)
        }
        // By hand: 96·64 + 2·(2·64² + 2·64·32 + 3·64·128 + 2·64) + 64
        XCTAssertEqual(try small().parameterCount, 80_192)
        XCTAssertEqual(try small(tied: false).parameterCount, 80_192 + 96 * 64)
        // SmolLM2-135M (config.json on the Hub): 134,515,008 parameters.
        let smol = try ModelConfig(
            vocabSize: 49_152, contextLength: 8_192, width: 576, depth: 30,
            heads: 9, kvHeads: 3, ffnWidth: 1_536, ropeBase: 100_000)
        XCTAssertEqual(smol.parameterCount, 134_515_008)
    }

    func testFlopsPerToken() throws {
        let config = try small()
        let model = try LlamaModel(config)
        // 2 per weight of every matrix product: all 2-D weights but the
        // embedding lookup, plus the LM head (the embedding again, tied).
        let matrices = model.parameters.filter { $0.value.rank == 2 }
            .reduce(0) { $0 + $1.value.count } - 96 * 64 + 96 * 64
        XCTAssertEqual(config.flopsPerToken(sequenceLength: 10),
                       2 * matrices + 2 * 4 * 64 * 10)
        XCTAssertEqual(config.flopsPerToken(),
                       config.flopsPerToken(sequenceLength: 32))
    }

    /// The activation formula counts exactly the bytes a forward pass
    /// leaves alive on its tape, measured by the buffer pool.
    func testActivationFormulaMatchesMeasuredBytes() throws {
        let config = try small()
        let model = try LlamaModel(config, seed: 1)
        let ids = (0..<3 * 10).map { Int32($0 % 96) }
        let before = BufferPool.shared.liveBytes
        let tape = Tape()
        let logits = try model.logits(tape, ids: ids, batch: 3)
        XCTAssertEqual(BufferPool.shared.liveBytes - before,
                       config.activationBytes(batch: 3, sequenceLength: 10))
        XCTAssertEqual(logits.shape, [3, 10, 96])
    }

    func testSeededInitRepeatsAndNamesAreUnique() throws {
        let a = try LlamaModel(try small(tied: false), seed: 7)
        let b = try LlamaModel(try small(tied: false), seed: 7)
        XCTAssertEqual(a.namedParameters.map(\.name), b.namedParameters.map(\.name))
        for (x, y) in zip(a.parameters, b.parameters) {
            XCTAssertEqual(x.value.scalars, y.value.scalars)
        }
        let names = a.namedParameters.map(\.name)
        XCTAssertEqual(Set(names).count, names.count)
        XCTAssertEqual(names.first, "embedding")
        XCTAssertTrue(names.contains("blocks.1.ffn.down"))
        XCTAssertEqual(names.last, "head")
        let tied = try LlamaModel(try small(), seed: 7)
        XCTAssertTrue(tied.head === tied.embedding)
        XCTAssertFalse(tied.namedParameters.map(\.name).contains("head"))
    }

    func testBadInputIsAnErrorNotATrap() throws {
        let model = try LlamaModel(try small())
        func message(_ ids: [Int32], batch: Int) -> String {
            do { _ = try model.logits(Tape(), ids: ids, batch: batch); return "ok" }
            catch { return "\(error)" }
        }
        XCTAssertEqual(message([1, 96], batch: 1), "token id 96 is not in 0..<96")
        XCTAssertEqual(message([1, 2, 3], batch: 2),
                       "3 token ids do not split into 2 sequences of equal, non-zero length")
        XCTAssertEqual(message(Array(repeating: 1, count: 33), batch: 1),
                       "sequence length 33 exceeds the context length 32")
    }

    /// Logits train: one loss, gradients reach every parameter.
    func testGradientsReachEveryParameter() throws {
        let model = try LlamaModel(try small(tied: false), seed: 3)
        let tape = Tape()
        let ids: [Int32] = [1, 5, 9, 2, 7, 3]
        let logits = try model.logits(tape, ids: ids, batch: 2)
        // crossEntropy reads [batch, T, vocab] as batch·T rows.
        let loss = tape.crossEntropy(logits, targets: [5, 9, 2, 7, 3, 4])
        tape.backward(from: loss)
        for (name, p) in model.namedParameters {
            let g = p.grad?.scalars ?? []
            XCTAssertTrue(g.contains { $0 != 0 }, "no gradient for \(name)")
        }
    }
}
