import Book
import XCTest
@testable import Tokenizer

/// The trained tokenizer: ids, special tokens, encode and decode, statistics.
final class BPETrainerTokenizerTests: XCTestCase {
    /// Trained once for the whole class: 256 bytes, 300 merges, 3 specials.
    nonisolated(unsafe) static var trained: BPETokenizer?
    var tokenizer: BPETokenizer {
        get throws {
            if let trained = Self.trained { return trained }
            let tokenizer = try BPETrainer.train(sampleText, vocabularySize: 559)
            Self.trained = tokenizer
            return tokenizer
        }
    }

    /// Encoding by the textbook algorithm: replay every merge, in training
    /// order, on every piece.
    func encodeByReplayingMerges(_ tokenizer: BPETokenizer, _ text: String) -> [Int] {
        var ids: [Int] = []
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            for range in Pretokenizer.split(UnsafeBufferPointer(buffer)) {
                var piece = buffer[range].map(Int.init)
                for (i, pair) in tokenizer.merges.enumerated() where piece.count > 1 {
                    piece = merging(pair, into: 256 + i, in: piece)
                }
                ids += piece
            }
        }
        return ids
    }

    func testIdsAreBytesThenMergesThenSpecialTokens() throws {
        let tokenizer = try tokenizer
        XCTAssertEqual(tokenizer.merges.count, 300)
        XCTAssertEqual(tokenizer.vocabularySize, 559)
        for byte in 0..<256 { XCTAssertEqual(tokenizer.bytes(of: byte), [UInt8(byte)]) }
        for (i, pair) in tokenizer.merges.enumerated() {
            XCTAssertEqual(tokenizer.bytes(of: 256 + i),
                           tokenizer.bytes(of: pair.left) + tokenizer.bytes(of: pair.right))
        }
        XCTAssertEqual(tokenizer.id(ofSpecial: "<|endoftext|>"), 556)
        XCTAssertEqual(tokenizer.id(ofSpecial: "<|im_start|>"), 557)
        XCTAssertEqual(tokenizer.id(ofSpecial: "<|im_end|>"), 558)
        XCTAssertNil(tokenizer.id(ofSpecial: "<|unknown|>"))
        XCTAssertEqual(tokenizer.bytes(of: 558), Array("<|im_end|>".utf8))
    }

    func testLowestRankEncodingEqualsReplayingTheMergesInOrder() throws {
        let tokenizer = try tokenizer
        let texts = [sampleText, "Shall I compare thee to a winter's night?",
                     "aaaaaaaaaaaaaaaaaaaaaaaa", "thethethe the  the\n\n\nthe",
                     String(sampleText.reversed())]
        for text in texts {
            XCTAssertEqual(tokenizer.encodeOrdinary(text),
                           encodeByReplayingMerges(tokenizer, text))
        }
        // Training compresses its own text: well under one token per byte.
        XCTAssertLessThan(tokenizer.encodeOrdinary(sampleText).count,
                          sampleText.utf8.count / 2)
    }

    func testSpecialTokensEncodeOnlyWhenAllowed() throws {
        let tokenizer = try tokenizer
        let text = "<|im_start|>user\nShall I?<|im_end|><|endoftext|>"
        let all = tokenizer.encode(text, allowedSpecial: Set(tokenizer.specialTokens))
        XCTAssertEqual(all.first, 557)
        XCTAssertEqual(Array(all.suffix(2)), [558, 556])
        XCTAssertEqual(all.filter { $0 >= 556 }.count, 3)
        XCTAssertEqual(try tokenizer.decodeText(all), text)

        let some = tokenizer.encode(text, allowedSpecial: ["<|endoftext|>"])
        XCTAssertEqual(some.filter { $0 >= 556 }, [556])
        XCTAssertEqual(try tokenizer.decodeText(some), text)

        let none = tokenizer.encode(text, allowedSpecial: [])
        XCTAssertEqual(none, tokenizer.encodeOrdinary(text))
        XCTAssertTrue(none.allSatisfy { $0 < 556 })
        XCTAssertEqual(try tokenizer.decodeText(none), text)
    }

    func testRandomBytesRoundTrip() throws {
        let tokenizer = try tokenizer
        var random = RandomGenerator(seed: 1)
        for length in [0, 1, 2, 7, 100, 1000, 5000] {
            let bytes = (0..<length).map { _ in UInt8(random.int(below: 256)) }
            XCTAssertEqual(try tokenizer.encoding.decode(
                tokenizer.encoding.encodeOrdinary(bytes: bytes)), bytes)
        }
        // Bytes biased to the trained text's letters, so merges fire often,
        // mixed with invalid UTF-8.
        let alphabet = Array("the summer's day \n".utf8) + [0xE2, 0x80, 0xFF, 0xC3]
        for _ in 0..<50 {
            let bytes = (0..<random.int(below: 300)).map { _ in
                alphabet[random.int(below: alphabet.count)]
            }
            let ids = tokenizer.encoding.encodeOrdinary(bytes: bytes)
            XCTAssertEqual(try tokenizer.encoding.decode(ids), bytes)
        }
    }

    func testDecodeTextReplacesInvalidUTF8() throws {
        let tokenizer = try tokenizer
        let ids = tokenizer.encoding.encodeOrdinary(bytes: [0x61, 0xFF, 0x62])
        XCTAssertEqual(try tokenizer.decodeText(ids), "a\u{FFFD}b")
        XCTAssertEqual(try tokenizer.decodeText(tokenizer.encodeOrdinary(sampleText)),
                       sampleText)
        XCTAssertThrowsError(try tokenizer.decodeText([559])) {
            XCTAssertEqual($0 as? TokenizerError, .unknownToken(id: 559, encoding: "bpe-559"))
        }
    }

    /// Bytes plus "aa" (256) and "aaaa" (257).
    let crafted = BPETokenizer(merges: [TokenPair(97, 97), TokenPair(256, 256)],
                               specialTokens: [BPETokenizer.endOfText])

    func testCraftedMergesEncodeAsExpected() {
        XCTAssertEqual(crafted.encodeOrdinary("aaaaaaaa"), [257, 257])
        XCTAssertEqual(crafted.encodeOrdinary("aaaa aaaa"), [257, 32, 257])
        XCTAssertEqual(crafted.encodeOrdinary("aaaaaaa"), [257, 256, 97])
        XCTAssertEqual(crafted.encodeOrdinary("xyz"), [120, 121, 122])
        XCTAssertEqual(crafted.encodeOrdinary(""), [])
        // The special token's text is 13 ordinary bytes here.
        XCTAssertEqual(crafted.encodeOrdinary("<|endoftext|>").count, 13)
        XCTAssertEqual(crafted.bytes(of: 257), Array("aaaa".utf8))
        XCTAssertEqual(crafted.bytes(of: 258), Array("<|endoftext|>".utf8))
        XCTAssertEqual(crafted.vocabularySize, 259)
    }

    func testTruncatingKeepsThePrefixAndRenumbersSpecials() throws {
        let tokenizer = try tokenizer
        let bytesOnly = tokenizer.truncated(mergeCount: 0)
        XCTAssertEqual(bytesOnly.vocabularySize, 259)
        XCTAssertEqual(bytesOnly.id(ofSpecial: "<|endoftext|>"), 256)
        XCTAssertEqual(bytesOnly.encodeOrdinary("hi"), [104, 105])
        let half = tokenizer.truncated(vocabularySize: 409)
        XCTAssertEqual(half.merges, Array(tokenizer.merges.prefix(150)))
        func tokens(_ t: BPETokenizer) -> Int { t.encodeOrdinary(sampleText).count }
        XCTAssertLessThan(tokens(half), tokens(bytesOnly))
        XCTAssertLessThan(tokens(tokenizer), tokens(half))
    }
}
