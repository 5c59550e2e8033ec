import Book
import Finetuning
import Foundation
import Model
import Pretrained
import XCTest
#if EXERCISES
import FinetuningExercises
#else
import FinetuningSolutions
#endif

/// Chapter 6 exercises, checked against the chapter's own code.
final class Chapter6Tests: XCTestCase {
    func testE1MaskedSequence() throws {
        try exercise("6.1") {
            let format = SFTFormat(template: ChatTemplate(defaultSystemPrompt: nil)) {
                $0.utf8.map { Int32($0) }
            }
            let example = InstructionExample(.firstWord, prompt: "First word of \"Go now\"?",
                                             answer: "Go")
            let expected = format.sequence(example)
            let mine = try maskedSequence(prompt: format.encode(format.prefix(example.prompt)),
                                          reply: format.encode(format.reply(example.answer)))
            XCTAssertEqual(mine.ids, expected.ids)
            XCTAssertEqual(mine.targets, expected.targets)
        }
    }

    /// A LoRA adapter with random A and B (B is zero when fresh), and W.
    func randomAdapter() -> (x: Tensor, w: Tensor, lora: LoRA) {
        var rng = RandomGenerator(seed: 6)
        let lora = LoRA(in: 5, out: 4, rank: 2, alpha: 3, rng: &rng)
        for i in 0..<8 { lora.b.value.data[i] = Float(rng.normal()) }
        return (Tensor.randn([1, 5], rng: &rng), Tensor.randn([4, 5], rng: &rng), lora)
    }

    func rows(_ t: Tensor) -> [[Float]] {
        (0..<t.shape[0]).map { r in (0..<t.shape[1]).map { t.data[r * t.shape[1] + $0] } }
    }

    func testE2LoRAForward() throws {
        try exercise("6.2") {
            let (x, w, lora) = randomAdapter()
            let weight = Variable(w)
            weight.adapter = lora
            let expected = Tape().linear(Variable(x), weight).value.scalars
            let mine = try loraForward(x: x.scalars, w: rows(w), a: rows(lora.a.value),
                                       b: rows(lora.b.value), alpha: 3)
            for (m, e) in zip(mine, expected) { XCTAssertEqual(m, e, accuracy: 1e-5) }
        }
    }

    func testE3MergeAdapter() throws {
        try exercise("6.3") {
            let (_, w, lora) = randomAdapter()
            let delta = lora.delta.scalars
            let mine = try mergeAdapter(w: rows(w), a: rows(lora.a.value), b: rows(lora.b.value),
                                        alpha: 3).flatMap { $0 }
            for i in 0..<20 { XCTAssertEqual(mine[i], w.data[i] + delta[i], accuracy: 1e-5) }
        }
    }

    func testE4ExactMatch() throws {
        try exercise("6.4") {
            for (reply, answer) in [("B", "B"), (" b.\nmore", "B"), ("B. HAMLET", "B"), ("9 words", "9"),
                                    ("I can't help with that.", InstructionExample.refusal), ("", "A")] {
                XCTAssertEqual(try isExactMatch(reply, answer: answer),
                               ExactMatch.matches(reply, answer), "\(reply) vs \(answer)")
            }
        }
    }
}
