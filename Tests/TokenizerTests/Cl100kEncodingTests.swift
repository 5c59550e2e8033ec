import Foundation
import XCTest
@testable import Tokenizer

/// The encoder's rules on a vocabulary small enough to check by hand, and
/// round trips through GPT-4's.
final class Cl100kEncodingTests: XCTestCase {
    /// The 256 bytes, then `merges` in order of rank.
    func ranks(_ merges: [String]) -> [[UInt8]: Int] {
        var ranks = Dictionary(uniqueKeysWithValues: (0..<256).map { ([UInt8($0)], $0) })
        for (i, merge) in merges.enumerated() { ranks[Array(merge.utf8)] = 256 + i }
        return ranks
    }

    func encoder(_ merges: [String]) -> BytePairEncoder {
        BytePairEncoder(ranks: ranks(merges))
    }

    func tokens(_ encoder: BytePairEncoder, _ text: String) -> [String] {
        encoder.encode(ArraySlice(text.utf8)).map {
            String(decoding: encoder.bytes(of: $0)!, as: UTF8.self)
        }
    }

    func testLowestRankMergesFirst() {
        // "bc" was learned before "ab", so "abc" is a + bc, not ab + c.
        XCTAssertEqual(tokens(encoder(["bc", "ab"]), "abc"), ["a", "bc"])
        XCTAssertEqual(tokens(encoder(["ab", "bc"]), "abc"), ["ab", "c"])
        // A merge of merges, found by its bytes.
        XCTAssertEqual(tokens(encoder(["ab", "cd", "abcd"]), "abcde"), ["abcd", "e"])
    }

    func testEqualRanksMergeLeftmostFirst() {
        XCTAssertEqual(tokens(encoder(["aa"]), "aaaaa"), ["aa", "aa", "a"])
        XCTAssertEqual(tokens(encoder(["aa", "aaa"]), "aaa"), ["aaa"])  // whole piece
        XCTAssertEqual(tokens(encoder(["aa", "aaaa"]), "aaaaaa"), ["aaaa", "aa"])
    }

    /// The heap used for long pieces merges exactly as the simple scan does.
    func testLongPieceMergesAreTheScans() {
        var rng = SystemRandomNumberGenerator()
        let bpe = encoder(["ab", "ba", "aa", "bb", "aba", "abab", "bab", "aaaa", "bba", "abba"])
        for _ in 0..<500 {
            let piece = (0..<Int.random(in: 2...300, using: &rng)).map { _ in
                UInt8(ascii: Bool.random(using: &rng) ? "a" : "b")
            }
            var scanned: [Int] = [], heaped: [Int] = []
            piece.withUnsafeBufferPointer {
                bpe.appendMerged($0, to: &scanned)
                bpe.appendMergedWithHeap($0, to: &heaped)
            }
            XCTAssertEqual(heaped, scanned, String(decoding: piece, as: UTF8.self))
        }
    }

    /// The listed algorithm on plain arrays makes the fast encoder's merges.
    func testBytePairMergeIsTheFastEncoders() {
        let merges = ["ab", "ba", "aa", "bb", "aba", "abab", "bab", "aaaa", "bba", "abba"]
        let bpe = encoder(merges)
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let piece = (0..<Int.random(in: 1...40, using: &rng)).map { _ in
                UInt8(ascii: Bool.random(using: &rng) ? "a" : "b")
            }
            XCTAssertEqual(bytePairMerge(piece, ranks: ranks(merges)), bpe.encode(piece[...]),
                           String(decoding: piece, as: UTF8.self))
        }
        XCTAssertEqual(bytePairMerge(Array("abc".utf8), ranks: ranks(["bc", "ab"])), [97, 256])
    }

    /// The fast encoder takes a piece that is a token as one id without
    /// merging; that gives the merges' result only if merging the token's
    /// bytes ends in the token itself. It does for every cl100k_base token.
    func testEveryCl100kTokenIsMadeByItsMerges() throws {
        let ranks = try Cl100kFixture.encoding().bytePairEncoder.ranks
        let unreachable = ranks.filter { bytePairMerge($0.key, ranks: ranks) != [$0.value] }
        XCTAssertEqual(unreachable.count, 0)
    }

    func testDecodeInvertsEncodeAndUnknownIdsAreErrors() throws {
        let encoding = Encoding(name: "tiny", ranks: ranks(["ab", "abc"]),
                                specialTokens: ["<|end|>": 300])
        XCTAssertEqual(encoding.bytePairEncoder.vocabularySize, 258)
        XCTAssertEqual(encoding.vocabularySize, 301)
        XCTAssertEqual(try encoding.decode(encoding.encodeOrdinary("xabcab")), Array("xabcab".utf8))
        XCTAssertEqual(try encoding.decode([256, 300]), Array("ab<|end|>".utf8))
        XCTAssertNil(encoding.bytes(of: 258))
        XCTAssertNil(encoding.bytes(of: -1))
        XCTAssertThrowsError(try encoding.decode([97, 258])) {
            XCTAssertEqual($0 as? TokenizerError, .unknownToken(id: 258, encoding: "tiny"))
            XCTAssertEqual("\($0)", "258 is not a token id of tiny")
        }
    }

    func testSpecialTokenTextIsOrdinaryUnlessAllowed() throws {
        let encoding = try Cl100kFixture.encoding()
        let text = "a<|endoftext|>"
        XCTAssertEqual(encoding.encodeOrdinary(text).count, 8)
        XCTAssertEqual(encoding.encode(text, allowedSpecial: []), encoding.encodeOrdinary(text))
        XCTAssertEqual(encoding.encode(text, allowedSpecial: ["<|endoftext|>"]), [64, 100257])
    }

    func testRandomBytesRoundTrip() throws {
        let encoding = try Cl100kFixture.encoding()
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            XCTAssertEqual(try encoding.decode(encoding.encodeOrdinary(bytes: bytes)), bytes)
        }
    }
}
