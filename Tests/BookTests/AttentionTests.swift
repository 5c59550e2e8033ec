import Foundation
import XCTest
@testable import Book

/// `Tape.causalAttention` three ways: finite differences, PyTorch's SDPA
/// (Fixtures/attention, made by make_fixture.py), and the same attention
/// composed from the tape's small ops.
final class AttentionTests: XCTestCase {
    func random(_ shape: [Int], seed: UInt64, std: Float = 1) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.randn(shape, std: std, rng: &rng)
    }

    /// q, k, v for batch, heads, KV heads, T, headDim.
    func inputs(_ b: Int, _ h: Int, _ kv: Int, _ t: Int, _ d: Int,
                seed: UInt64) -> [Tensor] {
        [random([b, h, t, d], seed: seed), random([b, kv, t, d], seed: seed + 1),
         random([b, kv, t, d], seed: seed + 2)]
    }

    // MARK: finite differences

    func testGradientsMatchFiniteDifferences() {
        let shapes = [(1, 2, 2, 5, 4),   // MHA
                      (2, 4, 2, 7, 3),   // GQA
                      (1, 3, 1, 5, 4),   // MQA
                      (1, 2, 1, 67, 3)]  // two row blocks, a partial one
        for (i, (b, h, kv, t, d)) in shapes.enumerated() {
            let errors = gradientCheck(inputs(b, h, kv, t, d, seed: UInt64(10 * i))) {
                tape, v in tape.causalAttention(v[0], v[1], v[2])
            }
            for (name, e) in zip(["q", "k", "v"], errors) {
                XCTAssertLessThan(e, 2e-3, "\([b, h, kv, t, d]) d\(name): relative error \(e)")
            }
        }
    }

    /// A forward pass that never runs backward (inference, evaluation) must
    /// free its tape and activations: a backward closure that captured the
    /// tape would keep both alive forever, a leak of every activation.
    func testATapeWithoutBackwardIsFreed() {
        weak var freedTape: Tape?
        weak var freedOutput: Variable?
        do {
            let tape = Tape()
            let x = inputs(1, 2, 1, 5, 4, seed: 50).map { Variable($0) }
            let y = tape.causalAttention(x[0], x[1], x[2])
            (freedTape, freedOutput) = (tape, y)
            XCTAssertEqual(tape.count, 1)
        }
        XCTAssertNil(freedTape, "the tape outlived its scope")
        XCTAssertNil(freedOutput, "the attention output outlived its tape")
    }

    func testOnlyRequestedGradientsAreComputed() {
        let x = inputs(2, 4, 2, 9, 5, seed: 40)
        let dy = random([2, 4, 9, 5], seed: 43)
        func grads(_ needs: [Bool]) -> [Tensor?] {
            let vars = zip(x, needs).map { Variable($0, requiresGrad: $1) }
            let tape = Tape()
            let y = tape.causalAttention(vars[0], vars[1], vars[2])
            if y.requiresGrad { tape.backward(from: y, seed: dy) }
            return vars.map { $0.grad }
        }
        let all = grads([true, true, true])
        for needs in [[true, false, false], [false, true, false], [false, false, true]] {
            for (i, g) in grads(needs).enumerated() {
                if needs[i] {
                    XCTAssertEqual(g?.scalars, all[i]?.scalars, "\(needs) input \(i)")
                } else {
                    XCTAssertNil(g, "\(needs) input \(i)")
                }
            }
        }
        XCTAssertEqual(Tape().causalAttention(
            Variable(x[0], requiresGrad: false), Variable(x[1], requiresGrad: false),
            Variable(x[2], requiresGrad: false)).requiresGrad, false)
    }

    // MARK: PyTorch parity

    struct TorchCase {
        let name: String
        let q: Tensor, k: Tensor, v: Tensor, dy: Tensor
        let out: [Double], dq: [Double], dk: [Double], dv: [Double]
    }

    nonisolated(unsafe) static let torchCases: [TorchCase] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/attention/torch_attention.json")
        guard let data = try? Data(contentsOf: url),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = json["cases"] as? [[String: Any]] else { return [] }
        return cases.map { c in
            let int = { (key: String) in c[key] as? Int ?? 0 }
            let q = [int("batch"), int("heads"), int("time"), int("headDim")]
            let kv = [int("batch"), int("kvHeads"), int("time"), int("headDim")]
            let values = { (key: String) in c[key] as? [Double] ?? [] }
            let tensor = { (key: String, shape: [Int]) in
                Tensor(shape: shape, values(key).map { Float($0) })
            }
            return TorchCase(name: c["name"] as? String ?? "?",
                             q: tensor("q", q), k: tensor("k", kv), v: tensor("v", kv),
                             dy: tensor("dy", q), out: values("out"), dq: values("dq"),
                             dk: values("dk"), dv: values("dv"))
        }
    }()

    /// Max abs error within 1e-5 of the reference's largest magnitude.
    func assertClose(_ ours: [Float], _ ref: [Double], _ what: String) {
        XCTAssertEqual(ours.count, ref.count, what)
        let scale = ref.map(abs).max() ?? 0
        let worst = zip(ours, ref).map { abs(Double($0) - $1) }.max() ?? 0
        XCTAssertLessThan(worst / max(scale, 1e-30), 1e-5, "\(what): max error \(worst)")
    }

    func testMatchesPyTorchSDPA() {
        XCTAssertEqual(Self.torchCases.count, 4, "fixture cases")
        for c in Self.torchCases {
            let (q, k, v) = (Variable(c.q), Variable(c.k), Variable(c.v))
            let tape = Tape()
            let out = tape.causalAttention(q, k, v)
            tape.backward(from: out, seed: c.dy)
            assertClose(out.value.scalars, c.out, "\(c.name) output")
            assertClose(q.grad?.scalars ?? [], c.dq, "\(c.name) dq")
            assertClose(k.grad?.scalars ?? [], c.dk, "\(c.name) dk")
            assertClose(v.grad?.scalars ?? [], c.dv, "\(c.name) dv")
        }
    }

    // MARK: against the composition of small ops

    func testEqualsComposedAttention() {
        // GQA, T over two row blocks with a partial third, odd headDim
        let (b, h, kv, t, d) = (2, 6, 2, 150, 24)
        let x = inputs(b, h, kv, t, d, seed: 77)
        let dy = random([b, h, t, d], seed: 80)
        func run(_ f: (Tape, [Variable]) -> Variable) -> [Tensor] {
            let tape = Tape(), vars = x.map { Variable($0) }
            let y = f(tape, vars)
            tape.backward(from: y, seed: dy)
            return [y.value] + vars.map { $0.gradient }
        }
        let fused = run { t, v in t.causalAttention(v[0], v[1], v[2]) }
        let composed = run { t, x in
            let (k, v) = (t.repeatHeads(x[1], h / kv), t.repeatHeads(x[2], h / kv))
            let scores = t.scale(t.matmul(x[0], k, transposeB: true),
                                 1 / Float(d).squareRoot())
            return t.matmul(t.softmax(t.causalMask(scores)), v)
        }
        for (name, (a, c)) in zip(["output", "dq", "dk", "dv"], zip(fused, composed)) {
            XCTAssertEqual(a.shape, c.shape, name)
            let scale = c.scalars.map(abs).max()!
            let worst = zip(a.scalars, c.scalars).map { abs($0 - $1) }.max()!
            XCTAssertLessThan(worst / scale, 1e-5, "\(name): max error \(worst)")
        }
    }
}

/// The two small ops the composition needs, written for this test only.
extension Tape {
    /// [B, kv, T, D] → [B, kv · n, T, D], each head repeated n times in a row
    /// (PyTorch's repeat_interleave on dim 1); backward sums the copies.
    func repeatHeads(_ x: Variable, _ n: Int) -> Variable {
        let s = x.shape, size = s[2] * s[3], heads = s[0] * s[1]
        let y = output([s[0], s[1] * n, s[2], s[3]], of: x)
        for i in 0..<heads * n {
            (y.value.data + i * size).update(from: x.value.data + (i / n) * size, count: size)
        }
        record(y) {
            for i in 0..<heads * n {
                for j in 0..<size {
                    x.gradient.data[(i / n) * size + j] += y.gradient.data[i * size + j]
                }
            }
        }
        return y
    }

    /// [..., T, T] with entries above the diagonal (key j > query i) set to
    /// −1e9, so softmax gives them weight 0; backward passes the rest.
    func causalMask(_ x: Variable) -> Variable {
        let t = x.shape.last!, count = x.value.count
        let y = output(x.shape, of: x)
        for e in 0..<count {
            let (i, j) = ((e / t) % t, e % t)
            y.value.data[e] = j > i ? -1e9 : x.value.data[e]
        }
        record(y) {
            for e in 0..<count where e % t <= (e / t) % t {
                x.gradient.data[e] += y.gradient.data[e]
            }
        }
        return y
    }
}
