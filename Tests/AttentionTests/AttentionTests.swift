import Attention
@testable import Book
import XCTest

final class AttentionTests: XCTestCase {
    func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var rng = RandomGenerator(seed: seed)
        return Tensor.randn(shape, rng: &rng)
    }

    func testConfigErrorsNameTheValues() {
        func message(_ body: () throws -> AttentionConfig) -> String {
            do { _ = try body(); return "no error" } catch { return "\(error)" }
        }
        XCTAssertEqual(message { try AttentionConfig(width: 100, heads: 3, kvHeads: 1,
                                                     maxSequenceLength: 8) },
                       "heads 3 do not divide width 100")
        XCTAssertEqual(message { try AttentionConfig(width: 96, heads: 6, kvHeads: 4,
                                                     maxSequenceLength: 8) },
                       "kvHeads 4 do not divide heads 6")
        XCTAssertEqual(message { try AttentionConfig(width: 36, heads: 4, kvHeads: 2,
                                                     maxSequenceLength: 8) },
                       "RoPE needs an even head dimension, got 9 (width 36 / heads 4)")
        XCTAssertTrue(message { try AttentionConfig(width: 0, heads: 4, kvHeads: 2,
                                                    maxSequenceLength: 8) }
                        .contains("must be positive"))
    }

    func testSequenceLongerThanTheRoPETableIsAnError() throws {
        let config = try AttentionConfig(width: 16, heads: 2, kvHeads: 1, maxSequenceLength: 4)
        var rng = RandomGenerator(seed: 1)
        let attention = try MultiHeadAttention(config, rng: &rng)
        let x = Variable(random([1, 5, 16], seed: 2), requiresGrad: false)
        XCTAssertThrowsError(try attention(Tape(), x)) { error in
            XCTAssertTrue("\(error)".contains("exceed the table's 4 positions"), "\(error)")
        }
    }

    func testHeadOpsGradients() {
        let x = random([2, 3, 8], seed: 3)
        for e in gradientCheck([x], { $0.splitHeads($1[0], heads: 2) }) {
            XCTAssertLessThan(e, 2e-3)
        }
        let h = random([2, 2, 3, 4], seed: 4)
        for e in gradientCheck([h], { $0.mergeHeads($1[0]) }) { XCTAssertLessThan(e, 2e-3) }
        for e in gradientCheck([h], { $0.repeatKV($1[0], groups: 3) }) {
            XCTAssertLessThan(e, 2e-3)
        }
        let scores = random([2, 5, 5], seed: 5)
        for e in gradientCheck([scores], { $0.softmax($0.causalMask($1[0])) }) {
            XCTAssertLessThan(e, 2e-3)
        }
    }

    func testSplitThenMergeIsIdentity() {
        let tape = Tape()
        let x = Variable(random([2, 5, 12], seed: 6))
        XCTAssertEqual(tape.mergeHeads(tape.splitHeads(x, heads: 3)).value.scalars,
                       x.value.scalars)
        // [b, t, h·d] → [b, h, t, d]: head 1 of position 2 in batch 1.
        let split = tape.splitHeads(x, heads: 3)
        XCTAssertEqual(split.value[1, 1, 2, 0], x.value[1, 2, 4])
    }

    func testFusedEqualsReference() throws {
        for kvHeads in [4, 2, 1] {
            let config = try AttentionConfig(width: 32, heads: 4, kvHeads: kvHeads,
                                             maxSequenceLength: 16)
            var rng = RandomGenerator(seed: 7)
            let attention = try MultiHeadAttention(config, rng: &rng)
            let x = random([2, 11, 32], seed: 8)
            func run(_ body: (Tape, Variable) throws -> Variable) throws -> [[Float]] {
                attention.parameters.forEach { $0.zeroGrad() }
                let tape = Tape()
                let input = Variable(x.copy())
                let y = try body(tape, input)
                tape.backward(from: tape.sum(tape.mul(y, y)))
                return [y.value.scalars, input.grad!.scalars]
                    + attention.parameters.map { $0.grad!.scalars }
            }
            var unused = RandomGenerator(seed: 0)
            let reference = try run { try attention.reference($0, $1, rng: &unused).output }
            let fused = try run { try attention($0, $1) }
            for (r, f) in zip(reference, fused) {
                let scale = max(r.map(abs).max()!, 1)
                let gap = zip(r, f).map { abs($0 - $1) }.max()!
                XCTAssertLessThan(gap / scale, 1e-5, "kvHeads \(kvHeads)")
            }
        }
    }

    /// The core's `rope` (pointers, 16 pairs at a time with a shorter last
    /// block, rows split across threads) equals the listed plain-array
    /// version bit for bit, forward and backward: both compute the same
    /// products and sums in the same order (a·c − b·s, no fused
    /// multiply-add in either), so no tolerance is needed. Head dimensions
    /// 2 to 130 give half-widths 1 to 65: no full SIMD block, one, and full
    /// blocks with a ragged tail; 1,024 rows of 64 make `parallelRows` split.
    func testRoPEEqualsTheReadableReference() throws {
        let shapes: [(lead: [Int], t: Int, d: Int, start: Int)] = [
            ([1], 1, 2, 0), ([2, 3], 5, 6, 0), ([2], 7, 34, 3), ([1, 2], 9, 64, 0),
            ([3], 4, 96, 11), ([1], 6, 130, 2), ([2, 4], 128, 64, 5),
        ]
        for (lead, t, d, start) in shapes {
            let table = try RotaryEmbedding(headDim: d, maxSequenceLength: start + t,
                                            base: 10_000)
            let x = Variable(random(lead + [t, d], seed: UInt64(d)))
            let dy = random(lead + [t, d], seed: UInt64(d + 1))
            let tape = Tape()
            let y = try tape.rope(x, table, startPosition: start)
            tape.backward(from: y, seed: dy)
            let shape = "\(lead + [t, d]) from position \(start)"
            XCTAssertEqual(y.value.scalars,
                           ropeReference(x.value.scalars, time: t, table: table,
                                         startPosition: start), shape)
            XCTAssertEqual(try XCTUnwrap(x.grad).scalars,
                           ropeReference(dy.scalars, time: t, table: table,
                                         startPosition: start, inverse: true), shape)
        }
    }

    func testKVCacheMemoryMatchesPublishedFigures() {
        // Llama-3-8B: 128 KiB per token in fp16, 512 MiB for 4,096 tokens.
        let llama = KVCacheMemory("Llama-3-8B", layers: 32, heads: 32, kvHeads: 8, headDim: 128)
        XCTAssertEqual(llama.bytesPerToken(), 131_072)
        XCTAssertEqual(llama.bytesPerToken(kvHeads: 32), 4 * 131_072)
        let smol = KVCacheMemory("SmolLM2-135M", layers: 30, heads: 9, kvHeads: 3, headDim: 64)
        XCTAssertEqual(smol.bytesPerToken(), 2 * 30 * 3 * 64 * 2)
    }
}
