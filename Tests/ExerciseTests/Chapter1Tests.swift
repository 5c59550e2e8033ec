import Book
@testable import Corpus
import Tokenizer
import XCTest
#if EXERCISES
import TokenizerExercises
#else
import TokenizerSolutions
#endif

/// Chapter 1 exercises, checked against hand-worked values and against the
/// chapter's own trainer, quality measures and MinHash. (Each call is made
/// outside `XCTAssert…`, which would swallow a "not implemented yet".)
final class Chapter1Tests: XCTestCase {
    func testE1CountPairs() throws {
        try exercise("1.1") {
            // "aaabdaaabac", Wikipedia's BPE example: aa ×4, ab ×2, the rest once.
            let (a, b, c, d) = (97, 98, 99, 100)
            let counts = try countPairs("aaabdaaabac".utf8.map { Int($0) })
            XCTAssertEqual(counts, [
                TokenPair(a, a): 4, TokenPair(a, b): 2, TokenPair(b, d): 1,
                TokenPair(d, a): 1, TokenPair(b, a): 1, TokenPair(a, c): 1,
            ])
            let (empty, single) = (try countPairs([]), try countPairs([7]))
            XCTAssertEqual(empty, [:])
            XCTAssertEqual(single, [:])
            // The most frequent pair (ties: the smallest) is the trainer's
            // first merge; this text is a single pre-token.
            let text = "thethethenthemtheirtheta"
            let pairs = try countPairs(text.utf8.map { Int($0) })
            let best = pairs.max { ($0.value, $1.key) < ($1.value, $0.key) }!.key
            let trained = try BPETrainer.trainNaive(text, vocabularySize: 257,
                                                    specialTokens: [])
            XCTAssertEqual(trained.merges.first, best)
        }
    }

    func testE2ApplyMerge() throws {
        try exercise("1.2") {
            let overlapping = try applyMerge(TokenPair(1, 1), into: 9, in: [1, 1, 1])
            XCTAssertEqual(overlapping, [9, 1])
            let twice = try applyMerge(TokenPair(1, 2), into: 9, in: [1, 2, 3, 1, 2])
            XCTAssertEqual(twice, [9, 3, 9])
            let empty = try applyMerge(TokenPair(1, 2), into: 9, in: [])
            XCTAssertEqual(empty, [])
            var rng = RandomGenerator(seed: 11)
            for _ in 0..<50 {
                let ids = (0..<40).map { _ in rng.int(below: 3) }
                let pair = TokenPair(rng.int(below: 3), rng.int(below: 3))
                let merged = try applyMerge(pair, into: 5, in: ids)
                XCTAssertEqual(merged, merging(pair, into: 5, in: ids))
            }
        }
    }

    func testE3SymbolRatio() throws {
        try exercise("1.3") {
            let hand: [(String, Double)] = [
                ("", 0), ("To be, or not to be.", 0),
                ("@@ ab", 0.5),            // 2 symbols of 4 visible characters
                ("|| 1591 ||", 0.5),       // 4 of 8
            ]
            for (block, expected) in hand {
                let ratio = try symbolRatio(block)
                XCTAssertEqual(ratio, expected, block)
            }
            let blocks = [
                "spmsmart snftware - http://www.spnnsm¤n.r¤m",
                "HAMLET. To be, or not to be: that is the question:\nWhether 'tis",
                "* * * * * *\n_____ {x} = <y> § ~ ^",
            ]
            for block in blocks {
                let ratio = try symbolRatio(block)
                let lines = block.split(separator: "\n", omittingEmptySubsequences: false)
                XCTAssertEqual(ratio, BlockMeasures(lines: lines).symbolRatio,
                               accuracy: 1e-12, block)
            }
        }
    }

    func testE4MinHashSignature() throws {
        try exercise("1.4") {
            let minHash = MinHash(permutations: 16, seed: 3)
            let shingles = Shingles("to be or not to be that is the question "
                                    + "whether tis nobler in the mind")
            let signature = try minHashSignature(of: shingles.hashes, a: minHash.a,
                                                 b: minHash.b)
            XCTAssertEqual(signature, minHash.signature(of: shingles))
            let empty = try minHashSignature(of: [], a: [2, 3], b: [1, 1])
            XCTAssertEqual(empty, [.max, .max])
            // (3·5 + 1) mod p = 16 and (2·5 + 7) mod p = 17; min(16, 4) = 4.
            let one = try minHashSignature(of: [5], a: [3, 2], b: [1, 7])
            XCTAssertEqual(one, [16, 17])
            let two = try minHashSignature(of: [5, 1], a: [3], b: [1])
            XCTAssertEqual(two, [4])
        }
    }
}
