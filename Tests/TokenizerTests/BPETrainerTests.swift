import Book
import XCTest
@testable import Tokenizer

/// A few kilobytes of varied text: verse, prose, numbers, punctuation,
/// repeated runs (`aaaa`, `!!!`), accents, CJK and emoji.
let sampleText: String = {
    let verse = """
        Shall I compare thee to a summer's day?
        Thou art more lovely and more temperate:
        Rough winds do shake the darling buds of May,
        And summer's lease hath all too short a date;
        Sometime too hot the eye of heaven shines,
        And often is his gold complexion dimm'd;
        And every fair from fair sometime declines,
        By chance or nature's changing course untrimm'd;
        But thy eternal summer shall not fade,
        Nor lose possession of that fair thou ow'st;
        Nor shall death brag thou wander'st in his shade,
        When in eternal lines to time thou grow'st:
          So long as men can breathe or eyes can see,
          So long lives this, and this gives life to thee.

        Let me not to the marriage of true minds
        Admit impediments. Love is not love
        Which alters when it alteration finds,
        Or bends with the remover to remove.
        O no! it is an ever-fixed mark
        That looks on tempests and is never shaken;
        It is the star to every wand'ring bark,
        Whose worth's unknown, although his height be taken.
        Love's not Time's fool, though rosy lips and cheeks
        Within his bending sickle's compass come;
        Love alters not with his brief hours and weeks,
        But bears it out even to the edge of doom.
          If this be error and upon me proved,
          I never writ, nor no man ever loved.

        My mistress' eyes are nothing like the sun;
        Coral is far more red than her lips' red;
        If snow be white, why then her breasts are dun;
        If hairs be wires, black wires grow on her head.
        I have seen roses damask'd, red and white,
        But no such roses see I in her cheeks;
        And in some perfumes is there more delight
        Than in the breath that from my mistress reeks.

        """
    let prose = """
        In 1609, 154 sonnets were printed; 2,155 lines in all (14 × 154 = 2156, \
        less one). Aaaa! Aaaaaaa!!! "Whence?" — 'Thence.' Café naïve façade; \
        東京は晴れ。 Emoji: 🎭🎭 and 👩‍👩‍👧. Tabs\tand\r\nCRLF lines, x=1;y=22;z=333.

        """
    return String(repeating: verse + prose, count: 3)
}()

final class BPETrainerTests: XCTestCase {
    func testWikipediaExampleGivesTheClassicMerges() throws {
        // Wikipedia: aaabdaaabac → ZabdZabac (Z=aa) → ZYdZYac (Y=ab) →
        // XdXac (X=ZY). The tie between Za and ab (both twice) goes to the
        // smaller pair: (97, 98) < (256, 97). Then every pair occurs once,
        // and the smallest is (97, 99), "ac".
        let expected = [TokenPair(97, 97), TokenPair(97, 98),
                        TokenPair(256, 257), TokenPair(97, 99)]
        let counted = try BPETrainer.train(
            pieceCounts: [Array("aaabdaaabac".utf8): 1], vocabularySize: 260,
            specialTokens: [])
        XCTAssertEqual(counted.merges, expected)
        let naive = try BPETrainer.trainNaive("aaabdaaabac", vocabularySize: 260,
                                              specialTokens: [])
        XCTAssertEqual(naive.merges, expected)
        XCTAssertEqual(counted.encodeOrdinary("aaabdaaabac"), [258, 100, 258, 259])
    }

    func testIncrementalTrainerMakesTheNaiveTrainersMerges() throws {
        let size = 256 + 300 + 3
        let naive = try BPETrainer.trainNaive(sampleText, vocabularySize: size)
        let incremental = try BPETrainer.train(sampleText, vocabularySize: size)
        XCTAssertEqual(naive.merges.count, 300)
        XCTAssertEqual(incremental.merges, naive.merges)
        XCTAssertEqual(incremental.specialTokens, naive.specialTokens)
    }

    func testIncrementalTrainerMakesTheNaiveTrainersMergesOnRandomTexts() throws {
        // Few letters and many repeats: long runs (overlapping pairs like
        // "aaaa"), many ties, and words that lose pairs to other merges.
        var random = RandomGenerator(seed: 7)
        let alphabet = Array("aaab  bc\n")
        for _ in 0..<40 {
            let text = String((0..<random.int(below: 400)).map { _ in
                alphabet[random.int(below: alphabet.count)]
            })
            let naive = try BPETrainer.trainNaive(text, vocabularySize: 2000,
                                                  specialTokens: [])
            let incremental = try BPETrainer.train(text, vocabularySize: 2000,
                                                   specialTokens: [])
            XCTAssertEqual(incremental.merges, naive.merges, text)
        }
    }

    func testBothTrainersStopWhenNothingIsLeftToMerge() throws {
        let text = "ab ab abc x 12 12"
        let naive = try BPETrainer.trainNaive(text, vocabularySize: 10_000)
        let incremental = try BPETrainer.train(text, vocabularySize: 10_000)
        XCTAssertEqual(incremental.merges, naive.merges)
        // Afterwards every piece is a single token.
        for piece in BPETrainer.pieceCounts(in: text).keys {
            XCTAssertEqual(incremental.encoding.encodeOrdinary(bytes: piece).count, 1)
        }
        XCTAssertLessThan(incremental.merges.count, 10)
    }

    func testTiesGoToTheSmallestPair() throws {
        // Every pair occurs 3 times: (32, 120) " x" < (97, 98) "ab" < (99, 100).
        let counts: [[UInt8]: Int] = [Array("cd".utf8): 3, Array("ab".utf8): 3,
                                      Array(" x".utf8): 3]
        let tokenizer = try BPETrainer.train(pieceCounts: counts, vocabularySize: 259,
                                             specialTokens: [])
        XCTAssertEqual(tokenizer.merges,
                       [TokenPair(32, 120), TokenPair(97, 98), TokenPair(99, 100)])
        // Counts still come first: a pair seen more often wins over a smaller one.
        let frequent = try BPETrainer.train(
            pieceCounts: [Array("ab".utf8): 1, Array("yz".utf8): 2],
            vocabularySize: 257, specialTokens: [])
        XCTAssertEqual(frequent.merges, [TokenPair(121, 122)])
    }

    func testOverlappingPairsCountEveryPosition() throws {
        // "aaaa" has (a, a) three times; "abab" has (a, b) twice. (a, a) wins,
        // and merging it left to right gives "XX", whose pair (X, X) occurs
        // once, while (a, b) still occurs twice: "ab" comes second.
        let tokenizer = try BPETrainer.train(
            pieceCounts: [Array("aaaa".utf8): 1, Array("abab".utf8): 1],
            vocabularySize: 258, specialTokens: [])
        XCTAssertEqual(tokenizer.merges, [TokenPair(97, 97), TokenPair(97, 98)])
    }

    func testPieceCountsCountEachPieceOnceWithItsFrequency() {
        let counts = BPETrainer.pieceCounts(in: "the cat the cat the")
        XCTAssertEqual(counts[Array(" cat".utf8)], 2)
        XCTAssertEqual(counts[Array(" the".utf8)], 2)
        XCTAssertEqual(counts[Array("the".utf8)], 1)
        XCTAssertEqual(counts.values.reduce(0, +), 5)
    }

    func testSpecialTokensAreCutOutOfTheTrainingText() throws {
        let text = "ab<|endoftext|>ab<|im_start|>ab<|im_end|>"
        let counts = BPETrainer.pieceCounts(in: text,
                                            specialTokens: BPETokenizer.defaultSpecialTokens)
        XCTAssertEqual(counts, [Array("ab".utf8): 3])
        // Without them, the markup is ordinary text and gets counted.
        XCTAssertGreaterThan(BPETrainer.pieceCounts(in: text).count, 1)
    }

    func testMergesAreNestedAcrossVocabularySizes() throws {
        let large = try BPETrainer.train(sampleText, vocabularySize: 600)
        for size in [259, 300, 420, 512] {
            let small = try BPETrainer.train(sampleText, vocabularySize: size)
            XCTAssertEqual(small.vocabularySize, size)
            XCTAssertEqual(small.merges, Array(large.merges.prefix(size - 259)))
            XCTAssertEqual(large.truncated(vocabularySize: size).merges, small.merges)
            XCTAssertEqual(large.truncated(vocabularySize: size).id(ofSpecial: "<|im_end|>"),
                           size - 1)
        }
    }

    func testVocabularySizeCountsBytesMergesAndSpecialTokens() throws {
        let tokenizer = try BPETrainer.train(sampleText, vocabularySize: 400)
        XCTAssertEqual(tokenizer.merges.count, 400 - 256 - 3)
        XCTAssertEqual(tokenizer.vocabularySize, 400)
        XCTAssertThrowsError(try BPETrainer.train(sampleText, vocabularySize: 258)) {
            XCTAssertTrue("\($0)".contains("cannot hold the 256 bytes and 3 special"),
                          "\($0)")
        }
    }

    func testProgressReportsEveryMerge() throws {
        var reports: [Int] = []
        _ = try BPETrainer.train(sampleText, vocabularySize: 270, specialTokens: []) {
            done, total in
            XCTAssertEqual(total, 14)
            reports.append(done)
        }
        XCTAssertEqual(reports, Array(1...14))
    }

    func testTheHeapPopsTheMostFrequentPairThenTheSmallest() {
        var heap = Heap([PairCount(count: 3, pair: TokenPair(5, 5)),
                         PairCount(count: 7, pair: TokenPair(9, 1)),
                         PairCount(count: 7, pair: TokenPair(2, 8)),
                         PairCount(count: 1, pair: TokenPair(0, 0))])
        heap.push(PairCount(count: 7, pair: TokenPair(2, 3)))
        var order: [TokenPair] = []
        while let entry = heap.pop() { order.append(entry.pair) }
        XCTAssertEqual(order, [TokenPair(2, 3), TokenPair(2, 8), TokenPair(9, 1),
                               TokenPair(5, 5), TokenPair(0, 0)])
        XCTAssertTrue(heap.isEmpty)
    }

    func testTheHeapSortsRandomNumbers() {
        var rng = RandomGenerator(seed: 3)
        let numbers = (0..<500).map { _ in UInt64(rng.int(below: 100)) }
        var heap = Heap(numbers)
        var popped: [UInt64] = []
        while let next = heap.pop() { popped.append(next) }
        XCTAssertEqual(popped, numbers.sorted())
    }
}
