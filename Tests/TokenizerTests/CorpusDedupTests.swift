import Book
import Foundation
import XCTest
@testable import Corpus
import Tokenizer

final class CorpusDedupTests: XCTestCase {
    /// `count` random pronounceable words from `seed`.
    static func randomText(words count: Int, seed: UInt64) -> [String] {
        var rng = RandomGenerator(seed: seed)
        let consonants = Array("bcdfghklmnprstw"), vowels = Array("aeiou")
        return (0..<count).map { _ in
            String((0..<(2 + rng.int(below: 3))).flatMap { _ in
                [consonants[rng.int(below: consonants.count)], vowels[rng.int(below: 5)]]
            })
        }
    }

    func play(_ id: String, _ words: [String], edition: Edition = .modern) -> Document {
        Document(id: id, title: id, edition: edition, format: .plainText,
                 url: URL(fileURLWithPath: "/data/\(id).txt"),
                 text: words.joined(separator: " "))
    }

    func testSpellingFoldingMapsFolioAndModernSpellingsTogether() {
        for (folio, modern) in [("vnfold", "unfold"), ("liue", "live"), ("selfe", "self"),
                                ("Iulius", "Julius"), ("houre", "hour"), ("Cæsar", "Caesar"),
                                ("ha's", "has"), ("lye", "lie"), ("thankes", "thanks")] {
            XCTAssertEqual(SpellingFold.skeleton(folio), SpellingFold.skeleton(modern),
                           "\(folio) / \(modern)")
        }
        XCTAssertEqual(SpellingFold.skeleton("vnfold"), "nfld")
        XCTAssertEqual(SpellingFold.skeleton("you"), "")
    }

    func testShinglesAreFoldedWordTrigrams() {
        let modern = Shingles("I will unfold my self, the hour is come")
        let folio = Shingles("I wil vnfold my selfe; the houre is come.")
        XCTAssertEqual(modern.count, 6)   // "I" has no skeleton: 8 words, 6 trigrams
        XCTAssertEqual(modern, folio)
        XCTAssertEqual(Shingles("a b"), Shingles(hashes: []))
        XCTAssertEqual(Shingles("unfold my self the hour").jaccard(modern), 0.5)
    }

    func testUniversalHashIsExactModuloTheMersennePrime() {
        var rng = RandomGenerator(seed: 7)
        let p = MinHash.prime
        for _ in 0..<1000 {
            let (a, b, x) = (1 + rng.next() % (p - 1), rng.next() % p, rng.next() % p)
            let product = a.multipliedFullWidth(by: x)
            let expected = (p.dividingFullWidth(product).remainder + b) % p
            XCTAssertEqual(MinHash.universalHash(x, a, b), expected)
        }
    }

    /// The fast signature (loops swapped, Mersenne folding, no bounds
    /// checks) gives exactly the listed one's values: integer arithmetic,
    /// so exact, on sets from empty to large, with the hashes at the edges
    /// of the reduction mod p (0, p − 1, p, 2p, UInt64.max), and for
    /// signature lengths that are not multiples of anything.
    func testSignatureEqualsTheReadableReference() {
        let p = MinHash.prime
        var rng = RandomGenerator(seed: 11)
        let edges: [UInt64] = [0, 1, p - 1, p, p + 1, 2 * p, 2 * p + 1, .max - 1, .max]
        let sets = [Shingles(hashes: []), Shingles(hashes: [42]), Shingles(hashes: edges)]
            + [3, 17, 1000].map { n in Shingles(hashes: (0..<n).map { _ in rng.next() }) }
        for permutations in [1, 7, 120, 121] {
            for seed: UInt64 in [1, 0x5348_414b] {
                let minHash = MinHash(permutations: permutations, seed: seed)
                for set in sets {
                    XCTAssertEqual(minHash.signature(of: set),
                                   minHash.referenceSignature(of: set),
                                   "k = \(permutations), seed \(seed), \(set.count) shingles")
                }
            }
        }
        XCTAssertEqual(MinHash(permutations: 3).referenceSignature(of: Shingles(hashes: [])),
                       [.max, .max, .max])
    }

    func testMinHashEstimatesJaccardWithinItsStandardError() {
        let minHash = MinHash(permutations: 120, seed: 3)
        let n = 2000
        for overlap in [0, 400, 1000, 1600, 2000] {
            let a = Shingles(hashes: (0..<n).map { Hash64.mix(UInt64($0)) })
            let b = Shingles(hashes: ((n - overlap)..<(2 * n - overlap))
                .map { Hash64.mix(UInt64($0)) })
            let truth = a.jaccard(b)
            XCTAssertEqual(truth, Double(overlap) / Double(2 * n - overlap), accuracy: 1e-12)
            let estimate = MinHash.estimatedJaccard(minHash.signature(of: a),
                                                    minHash.signature(of: b))
            // 4 standard deviations, √(J(1−J)/k); exact at J = 0 and 1.
            let sigma = (truth * (1 - truth) / 120).squareRoot()
            XCTAssertEqual(estimate, truth, accuracy: 4 * sigma + 1e-12, "J = \(truth)")
        }
    }

    func testLSHFindsAPlantedNearDuplicateAndNotUnrelatedTexts() {
        let original = Self.randomText(words: 3000, seed: 1)
        var edited = original
        var rng = RandomGenerator(seed: 2)
        for _ in 0..<150 { edited[rng.int(below: edited.count)] = "zzyzx" }  // 5% edits
        let texts = [original, Self.randomText(words: 3000, seed: 3), edited,
                     Self.randomText(words: 3000, seed: 4)]
        let shingles = texts.map { Shingles($0.joined(separator: " ")) }
        let minHash = MinHash(permutations: 120)
        var index = LSHIndex(bands: 40, rows: 3)
        for (i, s) in shingles.enumerated() { index.insert(minHash.signature(of: s), id: i) }
        XCTAssertEqual(index.candidatePairs().map { [$0.0, $0.1] }, [[0, 2]])
        XCTAssertEqual(Set(index.sharedBuckets.map(\.ids)), [[0, 2]])
        XCTAssertGreaterThan(shingles[0].jaccard(shingles[2]), 0.6)
        XCTAssertLessThan(shingles[0].jaccard(shingles[1]), 0.01)
    }

    /// A bucket that three documents share makes all three pairs candidates.
    func testABucketOfThreeMakesThreePairs() {
        var index = LSHIndex(bands: 2, rows: 2)
        index.insert([1, 2, 3, 4], id: 0)
        index.insert([1, 2, 5, 6], id: 1)
        index.insert([1, 2, 7, 8], id: 2)
        index.insert([9, 9, 3, 4], id: 3)
        XCTAssertEqual(index.candidatePairs().map { [$0.0, $0.1] },
                       [[0, 1], [0, 2], [0, 3], [1, 2]])
        XCTAssertEqual(index.sharedBuckets.map(\.band), [0, 1])
        XCTAssertEqual(index.sharedBuckets.map(\.ids), [[0, 1, 2], [0, 3]])
    }

    func testTheSCurve() {
        let index = LSHIndex(bands: 40, rows: 3)
        XCTAssertEqual(index.threshold, 0.2924, accuracy: 1e-4)
        XCTAssertEqual(index.candidateProbability(jaccard: 0.46), 0.98, accuracy: 0.01)
        XCTAssertLessThan(index.candidateProbability(jaccard: 0.03), 0.002)
        XCTAssertEqual(index.candidateProbability(jaccard: 1), 1)
    }

    func testARewrappedRecasedCopyIsADuplicateWithJaccardOne() {
        let text = Self.randomText(words: 500, seed: 5)
        let a = play("a", text)
        var b = play("b", text)
        b.text = text.enumerated().map { $0 % 9 == 8 ? $1.uppercased() + "\n" : $1 + " " }
            .joined()
        let result = Deduplicator().run([b, a])
        XCTAssertEqual(result.kept.map(\.id), ["a"])
        XCTAssertEqual(result.dropped.map(\.keptID), ["a"])
        XCTAssertEqual(result.dropped.map(\.jaccard), [1])
    }

    func testFolioCopyIsDroppedForTheModernEditionUnlessTheModernIsIncomplete() {
        let words = Self.randomText(words: 4000, seed: 6)
        // Folio spelling: v for u inside words, a final e.
        let folioWords = words.map { word -> String in
            var w = word.replacingOccurrences(of: "u", with: "v")
            if w.count % 3 == 0 { w += "e" }
            return w
        }
        let modern = play("x_gut", words)
        let folio = play("x_gut_f", folioWords, edition: .firstFolio)
        let other = play("y_gut", Self.randomText(words: 4000, seed: 8))
        let result = Deduplicator().run([folio, other, modern])
        XCTAssertEqual(result.kept.map(\.id), ["x_gut", "y_gut"])
        XCTAssertEqual(result.clusters, [[0, 2], [1]])
        XCTAssertEqual(result.dropped.map(\.document.id), ["x_gut_f"])
        XCTAssertEqual(result.dropped.first?.keptID, "x_gut")
        XCTAssertGreaterThan(result.dropped.first?.jaccard ?? 0, 0.9)
        XCTAssertEqual(result.candidates.filter(\.isDuplicate).count, 1)

        // A modern text missing 40% of the play loses to the complete Folio.
        let partial = play("x_gut", Array(words.prefix(2400)))
        XCTAssertEqual(Deduplicator().run([partial, folio]).kept.map(\.id), ["x_gut_f"])
    }
}
