import Book
import Foundation
import Model
import Pretrained
import XCTest
@testable import Finetuning

/// Prompt-loss masking and padding: the loss sees the reply only, and
/// padding changes no real position's logits.
final class MaskingTests: XCTestCase {
    /// Bytes as ids: a tokenizer simple enough to check by hand.
    let format = SFTFormat(template: ChatTemplate(defaultSystemPrompt: nil)) { text in
        text.utf8.map { Int32($0) }
    }
    let example = InstructionExample(.countWords, prompt: "How many words are in \"a b c\"?",
                                     answer: "3")
    static let config = try! ModelConfig(
        vocabSize: 256, contextLength: 128, width: 32, depth: 2, heads: 4, kvHeads: 2,
        ffnWidth: 48, ropeBase: 10_000, tiedEmbeddings: true)

    func testOnlyTheReplyIsScored() {
        let prompt = format.encode(format.prefix(example.prompt))
        let reply = format.encode("3<|im_end|>")
        let s = format.sequence(example)
        XCTAssertEqual(s.ids, Array((prompt + reply).dropLast()))
        XCTAssertEqual(s.targets.count, s.ids.count)
        // Position t predicts t + 1: the first scored position is the last
        // prompt token, predicting the reply's first.
        XCTAssertTrue(s.targets[..<(prompt.count - 1)].allSatisfy { $0 == SFTSequence.ignored })
        XCTAssertEqual(Array(s.targets[(prompt.count - 1)...]), reply)
        XCTAssertEqual(s.scoredCount, reply.count)

        let unmasked = format.sequence(example, maskPrompt: false)
        XCTAssertEqual(unmasked.targets, Array((prompt + reply).dropFirst()))
    }

    func testTheMaskedLossIsTheMeanOverReplyPositions() throws {
        let model = try LlamaModel(Self.config, seed: 3)
        let s = format.sequence(example)
        let tape = Tape()
        let logits = try model.logits(tape, ids: s.ids, batch: 1)
        let masked = tape.crossEntropy(logits, targets: s.targets).value.data[0]
        // Each scored position alone, then their mean.
        var total: Float = 0
        for (t, target) in s.targets.enumerated() where target != SFTSequence.ignored {
            var one = [Int32](repeating: SFTSequence.ignored, count: s.targets.count)
            one[t] = target
            total += tape.crossEntropy(logits, targets: one).value.data[0]
        }
        XCTAssertEqual(masked, total / Float(s.scoredCount), accuracy: 1e-5)
        let full = tape.crossEntropy(logits, targets: format.sequence(example, maskPrompt: false).targets)
        XCTAssertNotEqual(masked, full.value.data[0])
    }

    func testPaddingChangesNoRealPosition() throws {
        let model = try LlamaModel(Self.config, seed: 3)
        let short = format.sequence(example)
        let long = format.sequence(InstructionExample(
            .firstWord, prompt: "What is the first word of this line?\n\"Is this a dagger\"",
            answer: "Is"))
        let batch = SFTBatch([short, long])
        XCTAssertEqual(batch.length, long.ids.count)
        XCTAssertEqual(batch.targets.filter { $0 != SFTSequence.ignored }.count,
                       short.scoredCount + long.scoredCount)
        let together = try model.logits(Tape(), ids: batch.ids, batch: 2).value.scalars
        let alone = try model.logits(Tape(), ids: short.ids, batch: 1).value.scalars
        let vocab = Self.config.vocabSize
        let worst = (0..<short.ids.count * vocab).map { abs(together[$0] - alone[$0]) }.max()!
        XCTAssertLessThan(worst, 1e-5)
    }
}
