import Foundation
import XCTest
@testable import Book

/// Our ops against PyTorch (float64) on the inputs in Fixtures/ops, made by
/// Fixtures/ops/make_fixture.py: outputs and every input's gradient.
final class TorchParityTests: XCTestCase {
    struct Case {
        let inputs: [String: Tensor]
        let ints: [String: [Int32]]
        let upstream: Tensor
        let output: [Double]
        let grads: [String: [Double]]
    }

    nonisolated(unsafe) static let cases: [String: Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/ops/torch_ops.json")
        guard let data = try? Data(contentsOf: url),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = json["cases"] as? [String: [String: Any]] else { return [:] }
        func tensor(_ any: Any?) -> Tensor {
            let d = any as? [String: Any] ?? [:]
            return Tensor(shape: d["shape"] as? [Int] ?? [],
                          (d["data"] as? [Double] ?? []).map { Float($0) })
        }
        return cases.mapValues { c in
            Case(inputs: (c["inputs"] as? [String: Any] ?? [:]).mapValues(tensor),
                 ints: (c["ints"] as? [String: [Int]] ?? [:]).mapValues { $0.map(Int32.init) },
                 upstream: tensor(c["upstream"]),
                 output: (c["output"] as? [String: Any])?["data"] as? [Double] ?? [],
                 grads: c["grads"] as? [String: [Double]] ?? [:])
        }
    }()

    func check(_ name: String, file: StaticString = #filePath, line: UInt = #line,
               _ f: (Tape, [String: Variable], Case) -> Variable) throws {
        let c = try XCTUnwrap(Self.cases[name], "fixture case \(name)")
        let vars = c.inputs.mapValues { Variable($0.copy()) }
        let tape = Tape()
        let y = f(tape, vars, c)
        tape.backward(from: y, seed: y.value.count == 1 && c.upstream.count == 1
                      ? Tensor(shape: y.shape, c.upstream.scalars) : c.upstream)
        assertClose(y.value.scalars, c.output, "\(name) output", file: file, line: line)
        for (k, v) in vars {
            assertClose(v.grad?.scalars ?? [], c.grads[k] ?? [], "\(name) d\(k)",
                        file: file, line: line)
        }
    }

    /// Max abs error within 1e-5 of the reference's scale.
    func assertClose(_ ours: [Float], _ ref: [Double], _ what: String,
                     file: StaticString, line: UInt) {
        XCTAssertEqual(ours.count, ref.count, what, file: file, line: line)
        let scale = max(ref.map(abs).max() ?? 0, 1)
        let worst = zip(ours, ref).map { abs(Double($0) - $1) }.max() ?? 0
        XCTAssertLessThan(worst / scale, 1e-5, "\(what): max error \(worst)", file: file, line: line)
    }

    func testLinearAndBatchedTransposedMatmul() throws {
        try check("linear") { t, v, _ in t.matmul(v["x"]!, v["w"]!, transposeB: true) }
        try check("bmm_tt") { t, v, _ in
            t.matmul(v["a"]!, v["b"]!, transposeA: true, transposeB: true)
        }
    }

    func testArithmetic() throws {
        try check("add_bias") { t, v, _ in t.add(v["x"]!, v["b"]!) }
        try check("mul") { t, v, _ in t.mul(v["x"]!, v["y"]!) }
    }

    func testNormalizations() throws {
        try check("rms_norm") { t, v, _ in t.rmsNorm(v["x"]!, gain: v["g"]!) }
        try check("layer_norm") { t, v, _ in t.layerNorm(v["x"]!, gain: v["g"]!, bias: v["b"]!) }
    }

    func testSoftmaxAndActivations() throws {
        try check("softmax") { t, v, _ in t.softmax(v["x"]!) }
        try check("gelu_tanh") { t, v, _ in t.gelu(v["x"]!) }
        try check("silu") { t, v, _ in t.silu(v["x"]!) }
        try check("swiglu") { t, v, _ in t.swiglu(v["g"]!, v["u"]!) }
    }

    func testCrossEntropyAndEmbedding() throws {
        try check("cross_entropy") { t, v, c in
            t.crossEntropy(v["logits"]!, targets: c.ints["targets"]!)
        }
        try check("embedding") { t, v, c in
            t.embedding(v["table"]!, ids: c.ints["ids"]!, shape: [2, 3])
        }
    }

    func testFixtureLoaded() {
        XCTAssertEqual(Self.cases.count, 12)
    }
}
