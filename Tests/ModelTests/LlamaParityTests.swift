import Book
import Foundation
import Model
import XCTest

/// Our `LlamaModel`, loaded from checkpoints that Hugging Face transformers
/// made and saved (Tests/Fixtures/llama, made by make_fixture.py there),
/// gives the logits transformers computed for the same ids.
final class LlamaParityTests: XCTestCase {
    struct Reference: Decodable {
        let ids: [Int32]
        let dtype: String
        let logits: [[Float]]
        let last: [Float]
    }

    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/llama").standardized

    func checkParity(_ name: String, tied: Bool) throws {
        let dir = Self.fixtures.appendingPathComponent(name)
        let reference = try readJSON(
            Reference.self, from: dir.appendingPathComponent("logits.json"))
        let model = try LlamaModel(huggingFaceDirectory: dir)
        XCTAssertEqual(model.config.tiedEmbeddings, tied)
        XCTAssertEqual(model.countedParameters, model.config.parameterCount)
        let logits = try model.logits(Tape(), ids: reference.ids, batch: 1)
        let (t, vocab) = (reference.ids.count, model.vocabSize)
        XCTAssertEqual(logits.shape, [1, t, vocab])
        var worst: Float = 0
        for p in 0..<t {
            for v in 0..<vocab {
                let diff = abs(logits.value.data[p * vocab + v]
                               - reference.logits[p][v])
                worst = max(worst, diff)
            }
        }
        print("\(name) (\(reference.dtype)): max |Δlogit| = \(worst)")
        XCTAssertLessThan(worst, 1e-4)
        XCTAssertEqual(reference.last, reference.logits[t - 1])
    }

    func testTiedF16CheckpointMatchesTransformers() throws {
        try checkParity("tied", tied: true)
    }

    func testUntiedBF16CheckpointMatchesTransformers() throws {
        try checkParity("untied", tied: false)
    }

    /// Two sequences in one batch give each sequence's own logits.
    func testBatchRowsAreIndependent() throws {
        let model = try LlamaModel(
            huggingFaceDirectory: Self.fixtures.appendingPathComponent("tied"))
        let a: [Int32] = [1, 2, 3, 4], b: [Int32] = [9, 8, 7, 6]
        let both = try model.logits(Tape(), ids: a + b, batch: 2)
        let second = try model.logits(Tape(), ids: b, batch: 1)
        let n = 4 * model.vocabSize
        for i in 0..<n {
            XCTAssertEqual(both.value.data[n + i], second.value.data[i],
                           accuracy: 1e-5)
        }
    }
}
