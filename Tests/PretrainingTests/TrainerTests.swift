import Book
import Foundation
import Model
@testable import Pretraining
import XCTest

final class TrainerTests: XCTestCase {
    func testLossFalls() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try tinyData(in: dir)
        let trainer = Trainer(model: try tinyModel(), config: try tinyTraining(steps: 40))
        try trainer.run(on: data, label: "test")
        let first = trainer.evaluations.first!.loss, last = trainer.evaluations.last!.loss
        XCTAssertGreaterThan(first, log(32) - 0.1, "an untrained model is no better than uniform")
        XCTAssertLessThan(last, first - 1, "validation loss \(first) → \(last)")
        XCTAssertEqual(trainer.history.count, 40)
        XCTAssertEqual(trainer.evaluations.map(\.step), [0, 5, 10, 15, 20, 25, 30, 35, 40])
        // Bits per byte: nats / ln 2 / (2 bytes per token here).
        let e = trainer.evaluations.last!
        XCTAssertEqual(e.bitsPerByte, e.loss / Float(log(2.0)) / 2, accuracy: 1e-5)
    }

    /// Weight decay skips exactly the norm gains.
    func testOnlyMatricesDecay() throws {
        let trainer = Trainer(model: try tinyModel(), config: try tinyTraining(steps: 2))
        let skipped = zip(trainer.names, trainer.optimizer.decays).filter { !$1 }.map(\.0)
        XCTAssertEqual(skipped, ["blocks.0.attentionNorm", "blocks.0.ffnNorm",
                                 "blocks.1.attentionNorm", "blocks.1.ffnNorm", "norm"])
    }

    /// N steps straight, and N/2 + checkpoint + resume + N/2, give the same
    /// weights, moments and losses, bit for bit.
    func testResumeIsBitIdentical() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try tinyData(in: dir)
        let straight = Trainer(model: try tinyModel(), config: try tinyTraining(steps: 12))
        try straight.run(on: data, label: "straight")

        let run = dir.appendingPathComponent("run")
        let first = Trainer(model: try tinyModel(),
                            config: try tinyTraining(steps: 12, checkpointEvery: 6))
        // Stop after step 6, as a crash would, right after its checkpoint.
        struct Stop: Error {}
        XCTAssertThrowsError(try first.run(on: data, label: "first half", checkpoint: {
            try $0.save(in: run, tokenizerFingerprint: 42)
            throw Stop()
        }))
        XCTAssertEqual(first.step, 6)
        let (resumed, state, _) = try Trainer<LlamaModel>.resume(from: run)
        XCTAssertEqual(state.tokenizerFingerprint, 42)
        XCTAssertEqual(resumed.step, 6)
        try resumed.run(on: data, label: "second half")

        XCTAssertEqual(allWeights(resumed.model), allWeights(straight.model))
        XCTAssertEqual(resumed.optimizer.m.flatMap(\.scalars),
                       straight.optimizer.m.flatMap(\.scalars))
        XCTAssertEqual(resumed.history, straight.history)
        XCTAssertEqual(resumed.evaluations, straight.evaluations)
        XCTAssertEqual(resumed.rng, straight.rng)
    }

    /// A NaN stops training before the update, naming the step and tensor.
    func testNonFiniteLossStopsBeforeTheUpdate() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try tinyData(in: dir)
        let model = try tinyModel()
        let trainer = Trainer(model: model, config: try tinyTraining(steps: 5))
        try trainer.trainStep(on: data.train)
        model.blocks[1].ffn.down.value.data[0] = .nan
        let before = allWeights(model)
        XCTAssertThrowsError(try trainer.trainStep(on: data.train)) { error in
            XCTAssertEqual("\(error)", "step 2: loss is nan; stopped before updating "
                + "the weights (the last checkpoint is intact)")
        }
        XCTAssertEqual(trainer.step, 1)
        XCTAssertEqual(allWeights(model).map(\.bitPattern), before.map(\.bitPattern))
    }

    func testMissingTokenFileSaysRunChapterOne() {
        XCTAssertThrowsError(try TokenWindows(URL(fileURLWithPath: "/nonexistent/train.tokens"),
                                              context: 8)) { error in
            XCTAssertTrue("\(error)".contains("run chapter 1 first"), "\(error)")
        }
    }

    func testEvaluationWindowsAreFixedAndSpreadOut() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try tinyData(in: dir)
        let a = data.validation.evaluationBatch(1, of: 3, batch: 2)
        let b = data.validation.evaluationBatch(1, of: 3, batch: 2)
        XCTAssertEqual(a.inputs, b.inputs)
        XCTAssertEqual(a.inputs.count, 16)
        for row in 0..<2 {  // targets are the inputs shifted by one
            for i in 0..<7 {
                XCTAssertEqual(a.targets[row * 8 + i], a.inputs[row * 8 + i + 1])
            }
        }
        XCTAssertNotEqual(Array(a.inputs[0..<8]), Array(a.inputs[8..<16]))
    }
}
