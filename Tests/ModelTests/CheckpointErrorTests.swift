import Book
import Foundation
import Model
import XCTest

/// A broken checkpoint gives one error naming the file and the field or
/// tensor, with what was expected and what was found: never a trap.
final class CheckpointErrorTests: XCTestCase {
    var directory: URL!

    /// A fresh copy of the untied fixture to break.
    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ch03-\(UUID().uuidString)")
        try FileManager.default.copyItem(
            at: LlamaParityTests.fixtures.appendingPathComponent("untied"),
            to: directory)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    var configURL: URL { directory.appendingPathComponent("config.json") }
    var weightsURL: URL { directory.appendingPathComponent("model.safetensors") }

    /// Rewrites config.json with `change` applied to its top-level object.
    func editConfig(_ change: (inout [String: Any]) -> Void) throws {
        var json = try JSONSerialization.jsonObject(
            with: Data(contentsOf: configURL)) as! [String: Any]
        change(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: configURL)
    }

    /// Rewrites model.safetensors with `change` applied to its tensors.
    func editTensors(_ change: (inout [String: Tensor]) -> Void) throws {
        var tensors = try SafetensorsFile(contentsOf: weightsURL).tensors()
        change(&tensors)
        try SafetensorsFile.write(tensors, to: weightsURL)
    }

    func loadError() -> String {
        do {
            _ = try LlamaModel(huggingFaceDirectory: directory)
            return "no error"
        } catch { return "\(error)" }
    }

    func testTheUnbrokenCopyLoads() {
        XCTAssertEqual(loadError(), "no error")
    }

    func testMissingTensor() throws {
        try editTensors { $0["model.layers.1.mlp.up_proj.weight"] = nil }
        let message = loadError()
        XCTAssertTrue(message.hasPrefix(weightsURL.path), message)
        XCTAssertTrue(message.contains(
            "missing tensor 'model.layers.1.mlp.up_proj.weight' (shape [128, 64]"),
            message)
    }

    func testWrongShape() throws {
        try editTensors {
            $0["model.layers.0.self_attn.k_proj.weight"] = Tensor(zeros: [64, 64])
        }
        XCTAssertTrue(loadError().hasSuffix(
            "tensor 'model.layers.0.self_attn.k_proj.weight' has shape [64, 64], "
            + "expected [32, 64]"), loadError())
    }

    func testUnexpectedTensor() throws {
        try editTensors {
            $0["model.layers.2.mlp.up_proj.weight"] = Tensor(zeros: [128, 64])
        }
        XCTAssertTrue(loadError().contains(
            "unexpected tensor 'model.layers.2.mlp.up_proj.weight'"), loadError())
    }

    func testUntiedConfigWithoutLMHead() throws {
        try editTensors { $0["lm_head.weight"] = nil }
        XCTAssertTrue(loadError().contains("missing tensor 'lm_head.weight'"),
                      loadError())
    }

    func testUnsupportedDType() throws {
        // Rewrite one tensor's dtype in the header: F32 bytes read as I32.
        let tensors = try SafetensorsFile(contentsOf: weightsURL).tensors()
        try SafetensorsFile.write(tensors, to: weightsURL)
        var bytes = try Data(contentsOf: weightsURL)
        let name = Data("\"model.norm.weight\":{\"dtype\":\"F32\"".utf8)
        let range = try XCTUnwrap(bytes.range(of: name))
        bytes.replaceSubrange(range, with: Data(
            "\"model.norm.weight\":{\"dtype\":\"I32\"".utf8))
        try bytes.write(to: weightsURL)
        XCTAssertTrue(loadError().contains(
            "tensor 'model.norm.weight' has dtype I32; only F32, F16 and BF16"),
            loadError())
    }

    func testConfigThatDoesNotAddUp() throws {
        try editConfig { $0["num_key_value_heads"] = 3 }
        XCTAssertEqual(loadError(), configURL.path
            + ": config does not add up: kvHeads 3 do not divide heads 4")
    }

    func testMissingConfigField() throws {
        try editConfig { $0["hidden_size"] = nil }
        let message = loadError()
        XCTAssertTrue(message.hasPrefix(configURL.path), message)
        XCTAssertTrue(message.contains("hidden_size"), message)
    }

    func testRoPEThetaAtTopLevel() throws {
        try editConfig {
            $0["rope_parameters"] = nil
            $0["rope_theta"] = 10_000.0
        }
        XCTAssertEqual(loadError(), "no error")
        try editConfig { $0["rope_theta"] = nil }
        XCTAssertTrue(loadError().contains("no rope_theta"), loadError())
    }

    func testOtherArchitecturesAreRefused() throws {
        try editConfig { $0["architectures"] = ["MistralForCausalLM"] }
        XCTAssertTrue(loadError().contains("is not LlamaForCausalLM"), loadError())
        try editConfig {
            $0["architectures"] = ["LlamaForCausalLM"]
            $0["rope_parameters"] = ["rope_theta": 500_000.0, "rope_type": "llama3"]
        }
        XCTAssertTrue(loadError().contains("rope_type 'llama3'"), loadError())
    }

    func testMissingFiles() throws {
        try FileManager.default.removeItem(at: weightsURL)
        XCTAssertTrue(loadError().hasPrefix(weightsURL.path), loadError())
        try FileManager.default.removeItem(at: configURL)
        XCTAssertTrue(loadError().hasPrefix(configURL.path), loadError())
    }
}
