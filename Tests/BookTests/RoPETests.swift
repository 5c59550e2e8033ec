import Foundation
import XCTest
@testable import Book

/// Rotary position embeddings: gradients by finite differences, parity with
/// Hugging Face's `apply_rotary_pos_emb` (Fixtures/rope, float64), the
/// relative-position property, and the errors.
final class RoPETests: XCTestCase {
    func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.randn(shape, rng: &rng)
    }

    func testTable() throws {
        let table = try RotaryEmbedding(headDim: 8, maxSequenceLength: 4,
                                        base: 100_000)
        XCTAssertEqual(table.cos.shape, [4, 4])
        XCTAssertEqual(table.sin.shape, [4, 4])
        let theta = table.frequencies
        XCTAssertEqual(theta.count, 4)
        XCTAssertEqual(theta[0], 1)
        XCTAssertEqual(theta[2], pow(100_000, -0.5), accuracy: 1e-15)
        XCTAssertEqual(table.cos.data[0 * 4 + 1], 1)  // position 0: no turn
        XCTAssertEqual(table.sin.data[0 * 4 + 1], 0)
        XCTAssertEqual(table.sin.data[3 * 4 + 1], Float(sin(3 * theta[1])))
        XCTAssertEqual(table.rotateHalfOrder, [0, 2, 4, 6, 1, 3, 5, 7])
    }

    // MARK: finite differences

    func testGradientByFiniteDifferences() throws {
        // headDim 40: half = 20, one full SIMD block and a tail of 4.
        for (shape, start) in [([2, 3, 5, 40], 0), ([1, 2, 4, 6], 7)] {
            let table = try RotaryEmbedding(headDim: shape[3],
                                            maxSequenceLength: 12)
            let errors = gradientCheck([random(shape, seed: 1)]) { t, v in
                try! t.rope(v[0], table, startPosition: start)
            }
            XCTAssertLessThan(errors[0], 2e-3, "\(shape) from \(start)")
        }
    }

    func testGradientAccumulatesWhenUsedTwice() throws {
        let table = try RotaryEmbedding(headDim: 8, maxSequenceLength: 6)
        let errors = gradientCheck([random([1, 1, 6, 8], seed: 2)]) { t, v in
            t.add(try! t.rope(v[0], table), try! t.rope(v[0], table))
        }
        XCTAssertLessThan(errors[0], 2e-3)
    }

    // MARK: PyTorch (Hugging Face convention)

    struct Case {
        let shape: [Int], base: Double, start: Int
        let x: [Double], upstream: [Double], output: [Double], grad: [Double]
    }

    static let cases: [String: Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/rope/hf_rope.json")
        guard let data = try? Data(contentsOf: url),
              let json = try? JSONSerialization.jsonObject(with: data)
                as? [String: Any],
              let cases = json["cases"] as? [String: [String: Any]]
        else { return [:] }
        return cases.mapValues { c in
            let numbers = { (k: String) in c[k] as? [Double] ?? [] }
            return Case(shape: c["shape"] as? [Int] ?? [],
                        base: c["base"] as? Double ?? 0,
                        start: c["startPosition"] as? Int ?? 0,
                        x: numbers("x"), upstream: numbers("upstream"),
                        output: numbers("output"), grad: numbers("grad"))
        }
    }()

    func assertClose(_ ours: [Float], _ ref: [Double], _ what: String) {
        XCTAssertEqual(ours.count, ref.count, what)
        let worst = zip(ours, ref).map { abs(Double($0) - $1) }.max() ?? 0
        XCTAssertLessThan(worst, 1e-5, "\(what): max error \(worst)")
    }

    func testMatchesHuggingFace() throws {
        XCTAssertEqual(Self.cases.count, 2, "fixture hf_rope.json")
        for (name, c) in Self.cases.sorted(by: { $0.key < $1.key }) {
            let table = try RotaryEmbedding(
                headDim: c.shape[3], maxSequenceLength: c.start + c.shape[2],
                base: c.base)
            let x = Variable(Tensor(shape: c.shape, c.x.map { Float($0) }))
            let tape = Tape()
            let y = try tape.rope(x, table, startPosition: c.start)
            tape.backward(from: y, seed: Tensor(shape: c.shape,
                                                c.upstream.map { Float($0) }))
            assertClose(y.value.scalars, c.output, "\(name) output")
            assertClose(x.grad?.scalars ?? [], c.grad, "\(name) gradient")
        }
    }

    /// Enough rows that `parallelRows` splits them across threads, checked
    /// row by row against the Double helper: the forward rotates by +pθ,
    /// the backward by −pθ.
    func testManyRowsAgainstDoubleRotation() throws {
        let (B, H, T, d, start) = (2, 4, 128, 64, 5)
        let table = try RotaryEmbedding(headDim: d, maxSequenceLength: 200,
                                        base: 100_000)
        let x = Variable(random([B, H, T, d], seed: 5))
        let dy = random([B, H, T, d], seed: 6)
        let tape = Tape()
        let y = try tape.rope(x, table, startPosition: start)
        tape.backward(from: y, seed: dy)
        let g = try XCTUnwrap(x.grad)
        var worst = 0.0
        for r in 0..<(B * H * T) {
            let p = start + r % T
            func row(_ t: Tensor) -> [Double] {
                (0..<d).map { Double(t.data[r * d + $0]) }
            }
            let wantY = table.rotated(row(x.value), position: p)
            let wantG = table.rotated(row(dy), position: -p)
            for (ours, want) in zip(row(y.value) + row(g), wantY + wantG) {
                worst = max(worst, abs(ours - want))
            }
        }
        XCTAssertLessThan(worst, 1e-5)
    }

    // MARK: relative positions

    /// ⟨rope(q)_m, rope(k)_n⟩ depends only on m − n: rows holding the same
    /// q (and the same k) at every position give equal scores along each
    /// diagonal m − n = const.
    func testScoresDependOnlyOnRelativePosition() throws {
        let (T, d) = (24, 16)
        let table = try RotaryEmbedding(headDim: d, maxSequenceLength: 40)
        let q = random([d], seed: 3).scalars, k = random([d], seed: 4).scalars
        let tape = Tape()
        let rq = try tape.rope(Variable(Tensor(shape: [1, 1, T, d],
            Array(repeating: q, count: T).flatMap { $0 })), table,
            startPosition: 9).value
        let rk = try tape.rope(Variable(Tensor(shape: [1, 1, T, d],
            Array(repeating: k, count: T).flatMap { $0 })), table,
            startPosition: 9).value
        func score(_ m: Int, _ n: Int) -> Float {
            dot(rq.data + m * d, rk.data + n * d, count: d)
        }
        let qd = q.map(Double.init), kd = k.map(Double.init)
        for delta in [-7, -1, 0, 3, 11] {
            let pairs = (0..<T).map { ($0, $0 - delta) }
                .filter { (0..<T).contains($0.1) }
            let reference = score(pairs[0].0, pairs[0].1)
            for (m, n) in pairs {
                XCTAssertEqual(score(m, n), reference, accuracy: 1e-4,
                               "m \(m), n \(n)")
            }
            // The Double helper for figures agrees, at any absolute position.
            let helper = table.score(query: qd, key: kd, queryPosition: 1000,
                                     keyPosition: 1000 - delta)
            XCTAssertEqual(helper, Double(reference), accuracy: 1e-4)
        }
        // ...and the rotation does change scores with distance.
        XCTAssertGreaterThan(abs(score(5, 5) - score(5, 0)), 1e-2)
    }

    // MARK: errors

    func testInvalidTablesThrow() {
        XCTAssertThrowsError(try RotaryEmbedding(headDim: 7,
                                                 maxSequenceLength: 4)) {
            XCTAssertEqual($0 as? RoPEError, .invalidHeadDim(7))
            XCTAssertTrue("\($0)".contains("7"), "\($0)")
        }
        XCTAssertThrowsError(try RotaryEmbedding(headDim: 0,
                                                 maxSequenceLength: 4))
        XCTAssertThrowsError(try RotaryEmbedding(headDim: 8,
                                                 maxSequenceLength: 0)) {
            XCTAssertEqual($0 as? RoPEError, .invalidMaxSequenceLength(0))
        }
        XCTAssertThrowsError(try RotaryEmbedding(headDim: 8,
                                                 maxSequenceLength: 4,
                                                 base: -1)) {
            XCTAssertEqual($0 as? RoPEError, .invalidBase(-1))
        }
    }

    func testTooLongSequenceAndWrongShapeThrow() throws {
        let table = try RotaryEmbedding(headDim: 8, maxSequenceLength: 6)
        let tape = Tape()
        let x = Variable(Tensor(zeros: [1, 2, 4, 8]))
        XCTAssertNoThrow(try tape.rope(x, table, startPosition: 2))
        XCTAssertThrowsError(try tape.rope(x, table, startPosition: 3)) {
            XCTAssertEqual($0 as? RoPEError, .sequenceTooLong(
                length: 4, startPosition: 3, tableLength: 6))
            let message = "\($0)"
            for part in ["T = 4", "startPosition 3", "6 positions"] {
                XCTAssertTrue(message.contains(part), message)
            }
        }
        XCTAssertThrowsError(try tape.rope(
            Variable(Tensor(zeros: [1, 1, 7, 8])), table))
        XCTAssertThrowsError(try tape.rope(x, table, startPosition: -1))
        XCTAssertThrowsError(try tape.rope(
            Variable(Tensor(zeros: [1, 2, 4, 6])), table)) {
            XCTAssertEqual($0 as? RoPEError,
                           .shapeMismatch(shape: [1, 2, 4, 6], headDim: 8))
        }
    }
}
