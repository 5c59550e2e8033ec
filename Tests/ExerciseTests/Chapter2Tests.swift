import Attention
import Book
import Foundation
import XCTest
#if EXERCISES
import AttentionExercises
#else
import AttentionSolutions
#endif

/// Chapter 2 exercises, checked against the chapter's and the core's ops.
/// (Each call is made outside `XCTAssert…`, which would swallow a "not
/// implemented yet".)
final class Chapter2Tests: XCTestCase {
    func random(_ n: Int, seed: UInt64) -> [Float] {
        var rng = RandomGenerator(seed: seed)
        return Tensor.randn([n], rng: &rng).scalars
    }

    func testE1CausalMask() throws {
        try exercise("2.1") {
            let t = 5, scores = random(25, seed: 1)
            let masked = try causallyMasked(scores, t: t)
            let tape = Tape()
            let expected = tape.causalMask(Variable(Tensor(shape: [t, t], scores))).value
            XCTAssertEqual(masked, expected.scalars)
            XCTAssertEqual(masked[1], -.infinity)   // query 0, key 1
            XCTAssertEqual(masked[5], scores[5])    // query 1, key 0
        }
    }

    func testE2RoPERotation() throws {
        try exercise("2.2") {
            let table = try RotaryEmbedding(headDim: 16, maxSequenceLength: 8, base: 10_000)
            let x = random(16, seed: 2).map(Double.init)
            for position in [0, 1, 7, 300] {
                let ours = try ropeRotated(x, position: position, base: 10_000)
                let expected = table.rotated(x, position: position)
                for (a, b) in zip(ours, expected) { XCTAssertEqual(a, b, accuracy: 1e-9) }
            }
            // A rotation keeps the length.
            let rotated = try ropeRotated(x, position: 5, base: 500)
            XCTAssertEqual(rotated.map { $0 * $0 }.reduce(0, +),
                           x.map { $0 * $0 }.reduce(0, +), accuracy: 1e-9)
        }
    }

    func testE3RepeatKVHeads() throws {
        try exercise("2.3") {
            let kv = random(2 * 2 * 3 * 4, seed: 3)   // batch 2, 2 KV heads, T 3, d 4
            let repeated = try repeatedKVHeads(kv, kvHeads: 4, groups: 3, headSize: 12)
            let tape = Tape()
            let expected = tape.repeatKV(Variable(Tensor(shape: [2, 2, 3, 4], kv)), groups: 3)
            XCTAssertEqual(repeated, expected.value.scalars)
        }
    }

    func testE4PaddingMask() throws {
        try exercise("2.4") {
            let t = 6, length = 4, scores = random(36, seed: 4)
            let weights = try paddedAttentionWeights(scores, t: t, length: length)
            // Reference: mask the future and the padding with −∞, then the core's softmax.
            let masked = (0..<36).map { k -> Float in
                let (i, j) = (k / t, k % t)
                return j <= min(i, length - 1) ? scores[k] : -.infinity
            }
            let tape = Tape()
            let expected = tape.softmax(Variable(Tensor(shape: [t, t], masked))).value.scalars
            for (a, b) in zip(weights, expected) { XCTAssertEqual(a, b, accuracy: 1e-6) }
            XCTAssertEqual(weights[5 * t + 4], 0)   // a padding key is never read
        }
    }
}
