import Book
import Foundation
import Model
import Pretraining
import XCTest

/// Resuming from a damaged or mismatched checkpoint is an error naming the
/// file and the problem, and changes nothing on disk.
final class CheckpointTests: XCTestCase {
    var dir: URL!
    var checkpoint: URL!

    override func setUpWithError() throws {
        dir = try temporaryDirectory()
        let data = try tinyData(in: dir)
        let trainer = Trainer(model: try tinyModel(), config: try tinyTraining(steps: 2))
        try trainer.trainStep(on: data.train)
        checkpoint = try trainer.save(in: dir.appendingPathComponent("run"),
                                      tokenizerFingerprint: 7)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func resumeError() -> String {
        do { _ = try Trainer<LlamaModel>.resume(from: dir.appendingPathComponent("run")) }
        catch { return "\(error)" }
        return "no error"
    }

    func testSavedCheckpointResumes() throws {
        XCTAssertEqual(checkpoint.lastPathComponent, "step-000001")
        XCTAssertEqual(resumeError(), "no error")
    }

    func testTruncatedModel() throws {
        let url = checkpoint.appendingPathComponent("model.safetensors")
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(bytes.count / 2).write(to: url)
        XCTAssertTrue(resumeError().contains("model.safetensors"), resumeError())
    }

    func testMissingMoment() throws {
        let url = checkpoint.appendingPathComponent("optimizer.safetensors")
        var moments = try SafetensorsFile(contentsOf: url).tensors()
        moments["v.norm"] = nil
        try SafetensorsFile.write(moments, to: url)
        XCTAssertTrue(resumeError().contains("v.norm"), resumeError())
    }

    func testMismatchedConfig() throws {
        let url = checkpoint.appendingPathComponent("config.json")
        let text = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "\"intermediate_size\" : 64", with: "\"intermediate_size\" : 96")
        try text.write(to: url, atomically: true, encoding: .utf8)
        let error = resumeError()
        XCTAssertTrue(error.contains("model.safetensors") && error.contains("expected"), error)
    }

    func testNoCheckpoint() throws {
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        XCTAssertThrowsError(try Trainer<LlamaModel>.resume(from: empty)) { error in
            XCTAssertTrue("\(error)".contains("no checkpoint here"), "\(error)")
        }
    }

    /// A half-written checkpoint (a crash mid-save) is never picked up.
    func testPartialDirectoryIsIgnored() throws {
        let partial = dir.appendingPathComponent("run/step-000009.partial")
        try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: true)
        XCTAssertEqual(try checkpoints(in: dir.appendingPathComponent("run")).map(\.lastPathComponent),
                       ["step-000001"])
        XCTAssertEqual(resumeError(), "no error")
    }

    /// The model part of a checkpoint is a Hugging Face checkpoint: chapter
    /// 3's loader reads it back to the same logits, bit for bit.
    func testExportRoundTrip() throws {
        let model = try tinyModel(seed: 5)
        let out = dir.appendingPathComponent("hf")
        try model.saveHuggingFace(to: out)
        let loaded = try LlamaModel(huggingFaceDirectory: out)
        let ids: [Int32] = [1, 5, 9, 30, 2]
        XCTAssertEqual(try loaded.logits(Tape(), ids: ids, batch: 1).value.scalars,
                       try model.logits(Tape(), ids: ids, batch: 1).value.scalars)
        XCTAssertEqual(loaded.config, model.config)
    }
}
