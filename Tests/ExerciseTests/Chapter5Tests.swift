import Book
import Foundation
import Pretrained
import XCTest
#if EXERCISES
import PretrainedExercises
#else
import PretrainedSolutions
#endif

/// Chapter 5 exercises, checked against the chapter's own code.
final class Chapter5Tests: XCTestCase {
    func testE1DequantizeQ4_1() throws {
        try exercise("5.1") {
            var rng = RandomGenerator(seed: 1)
            let x = (0..<32).map { _ in Float(rng.normal()) }
            let block = quantize(x, count: 32, as: .q4_1)
            var expected = [Float](repeating: 0, count: 32)
            block.withUnsafeBytes { QuantizedBlock.dequantize(.q4_1, $0.baseAddress!, into: &expected) }
            XCTAssertEqual(try dequantizeQ4_1(block), expected)
        }
    }

    func testE2AttendWithCache() throws {
        try exercise("5.2") {
            var rng = RandomGenerator(seed: 2)
            func vector() -> [Float] { (0..<8).map { _ in Float(rng.normal()) } }
            var keys: [[Float]] = [], values: [[Float]] = []
            for step in 1...4 {
                let (q, k, v) = (vector(), vector(), vector())
                let out = try attendWithCache(query: q, key: k, value: v,
                                              keys: &keys, values: &values)
                XCTAssertEqual(keys.count, step)
                // softmax(q·k/√8) over the cache, by hand in Double.
                let scores = keys.map { k in zip(q, k).reduce(0.0) { $0 + Double($1.0 * $1.1) } / 8.0.squareRoot() }
                let weights = scores.map { exp($0 - scores.max()!) }
                for i in 0..<8 {
                    let expected = zip(weights, values).reduce(0.0) { $0 + $1.0 * Double($1.1[i]) }
                        / weights.reduce(0, +)
                    XCTAssertEqual(Double(out[i]), expected, accuracy: 1e-5)
                }
            }
        }
    }

    func testE3ChatPrompt() throws {
        try exercise("5.3") {
            let template = ChatTemplate(defaultSystemPrompt: "Be brief.")
            for messages in [[ChatMessage(.user, "Hi")],
                             [ChatMessage(.system, "Rhyme."), ChatMessage(.user, "Hi"),
                              ChatMessage(.assistant, "Hello"), ChatMessage(.user, "Bye")]] {
                XCTAssertEqual(try chatPrompt(messages.map { ($0.role.rawValue, $0.content) },
                                              defaultSystem: "Be brief."),
                               template.prompt(messages))
            }
        }
    }
}
