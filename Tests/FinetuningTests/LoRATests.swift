import Book
import Foundation
import Model
import XCTest
@testable import Finetuning

/// LoRA: starts as the base model, trains only its adapters, merges to the
/// same function, saves and refuses to load onto the wrong base.
final class LoRATests: XCTestCase {
    static let config = try! ModelConfig(
        vocabSize: 64, contextLength: 16, width: 32, depth: 2, heads: 4, kvHeads: 2,
        ffnWidth: 48, ropeBase: 10_000, tiedEmbeddings: true)
    let ids: [Int32] = (0..<16).map { Int32(($0 * 7 + 3) % 64) }

    func logits(_ model: some LanguageModel) throws -> [Float] {
        let tape = Tape()
        return try model.logits(tape, ids: ids, batch: 2).value.scalars
    }

    func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("lora-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// Random B, so that the adapters change the model.
    func trained(_ lora: LoRAModel, seed: UInt64 = 5) -> LoRAModel {
        var rng = RandomGenerator(seed: seed)
        for (_, adapter) in lora.adapters {
            for i in 0..<adapter.b.value.count { adapter.b.value.data[i] = Float(rng.normal()) * 0.05 }
        }
        return lora
    }

    func testAtStepZeroTheAdaptedModelIsTheBaseModel() throws {
        let base = try LlamaModel(Self.config, seed: 1)
        let before = try logits(base)
        let lora = try LoRAModel(base: base, config: LoRAConfig(rank: 4, alpha: 8))
        XCTAssertEqual(try logits(lora), before)
        XCTAssertEqual(lora.adapters.count, 2 * 7)
        // r · (in + out) per adapted matrix, nothing else.
        let expected = lora.adapters.reduce(0) { $0 + 4 * ($1.lora.a.shape[1] + $1.lora.b.shape[0]) }
        XCTAssertEqual(lora.countedParameters, expected)
    }

    func testOnlyTheAdaptersGetGradients() throws {
        let base = try LlamaModel(Self.config, seed: 1)
        let lora = try LoRAModel(base: base, config: LoRAConfig(rank: 4, alpha: 8))
        let tape = Tape()
        let loss = tape.crossEntropy(try lora.logits(tape, ids: ids, batch: 2),
                                     targets: ids.map { ($0 + 1) % 64 })
        tape.backward(from: loss)
        for p in base.parameters { XCTAssertNil(p.grad) }
        // B = 0 at the start: B's gradient is not zero, A's is.
        for (_, adapter) in lora.adapters {
            XCTAssertGreaterThan(adapter.b.grad!.scalars.map(abs).max()!, 0)
            XCTAssertEqual(adapter.a.grad!.scalars.map(abs).max()!, 0)
        }
    }

    func testLoRAGradientsMatchFiniteDifferences() {
        var rng = RandomGenerator(seed: 2)
        let (x, w) = (Tensor.randn([2, 3, 6], rng: &rng), Tensor.randn([5, 6], rng: &rng))
        let (a, b) = (Tensor.randn([2, 6], rng: &rng), Tensor.randn([5, 2], rng: &rng))
        let errors = gradientCheck([x, w, a, b]) { tape, v in
            v[1].adapter = LoRA(a: v[2], b: v[3], scale: 1.5)
            return tape.linear(v[0], v[1])
        }
        for (i, e) in errors.enumerated() { XCTAssertLessThan(e, 2e-3, "input \(i)") }
    }

    func testMergedLogitsEqualBasePlusAdapter() throws {
        let lora = trained(try LoRAModel(base: try LlamaModel(Self.config, seed: 1),
                                         config: LoRAConfig(rank: 4, alpha: 8)))
        let adapted = try logits(lora)
        let plain = try logits(try LlamaModel(Self.config, seed: 1))
        XCTAssertGreaterThan(zip(adapted, plain).map { abs($0 - $1) }.max()!, 1e-3)
        let merged = try logits(lora.merged())
        XCTAssertLessThan(zip(adapted, merged).map { abs($0 - $1) }.max()!, 1e-5)
    }

    func testAdaptersSaveAndLoadOntoTheirBaseOnly() throws {
        let dir = try directory()
        let lora = trained(try LoRAModel(base: try LlamaModel(Self.config, seed: 1),
                                         config: LoRAConfig(rank: 4, alpha: 8, targets: ["attention.wq", "ffn.down"])))
        let adapted = try logits(lora)
        try lora.save(to: dir, base: BaseModel(URL(fileURLWithPath: "build/base")))
        let loaded = try LoRAModel(base: try LlamaModel(Self.config, seed: 1), adapterDirectory: dir)
        XCTAssertEqual(loaded.config, lora.config)
        XCTAssertEqual(try logits(loaded), adapted)
        XCTAssertEqual(try LoRAModel.base(ofAdapters: dir).url.relativePath, "build/base")

        XCTAssertThrowsError(try LoRAModel(base: try LlamaModel(Self.config, seed: 2),
                                           adapterDirectory: dir)) { error in
            XCTAssertTrue("\(error)".contains("were trained on base model"), "\(error)")
        }
    }

    func testAnAdapterOfTheWrongRankIsAnError() throws {
        let dir = try directory()
        let base = try LlamaModel(Self.config, seed: 1)
        let lora = try LoRAModel(base: base, config: LoRAConfig(rank: 4, alpha: 8))
        var tensors: [String: Tensor] = [:]
        for (name, v) in lora.namedParameters { tensors[name] = v.value }
        try SafetensorsFile.write(tensors, metadata: ["rank": "8", "alpha": "8",
                                                      "targets": LoRAConfig.allProjections.joined(separator: ","),
                                                      "base": base.fingerprint],
                                  to: dir.appendingPathComponent(LoRAModel.fileName))
        XCTAssertThrowsError(try LoRAModel(base: try LlamaModel(Self.config, seed: 1),
                                           adapterDirectory: dir)) { error in
            XCTAssertTrue("\(error)".contains("expected [8, 32] (rank 8)"), "\(error)")
        }
        XCTAssertThrowsError(try LoRAModel(base: base, config: LoRAConfig(targets: ["attention.wz"])))
    }
}
