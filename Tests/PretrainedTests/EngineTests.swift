import Book
import Foundation
import Model
import Tokenizer
import XCTest
@testable import Pretrained

final class EngineTests: XCTestCase {
    let ids: [Int32] = [5, 200, 17, 264, 99, 3, 42, 130]

    func maxDifference(_ a: [Float], _ b: some Sequence<Float>) -> Float {
        zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    /// The engine computes what chapter 3's model computes.
    func testEngineMatchesChapter3Model() throws {
        let model = try TinyModel.model()
        let url = try TinyModel.write(model, as: .f32, in: TinyModel.directory(self))
        let engine = try QuantizedLlama(gguf: GGUFFile(contentsOf: url), kernels: .reference)
        let expected = try model.logits(Tape(), ids: ids, batch: 1).value.scalars
        let ours = try engine.forward(ids, cache: engine.makeCache(), allLogits: true)
        XCTAssertLessThan(maxDifference(ours, expected), 1e-4)
    }

    /// Reading a prompt in pieces through the cache gives the same logits
    /// as reading it at once. (Float32 rows: with 8-bit activations, pieces
    /// under `expandFrom` rows take the quantized kernels and a whole prompt
    /// sgemm, which round differently.)
    func testCacheGivesTheSameLogitsAsOnePass() throws {
        let url = try TinyModel.write(TinyModel.model(), as: .q8_0, in: TinyModel.directory(self))
        let engine = try QuantizedLlama(gguf: GGUFFile(contentsOf: url), kernels: .reference)
        let whole = try engine.forward(ids, cache: engine.makeCache())
        let cache = engine.makeCache()
        _ = try engine.forward(Array(ids.prefix(5)), cache: cache)
        _ = try engine.forward([ids[5]], cache: cache)
        let last = try engine.forward(Array(ids.suffix(2)), cache: cache)
        XCTAssertEqual(cache.count, ids.count)
        XCTAssertLessThan(maxDifference(whole, last), 1e-4)
        XCTAssertEqual(cache.bytesUsed, 2 * 2 * 2 * 16 * 4 * ids.count)
    }

    /// A conversation rendered again reuses the cache up to where it differs.
    func testCacheReuseKeepsTheCommonPrefix() throws {
        let url = try TinyModel.write(TinyModel.model(), as: .f32, in: TinyModel.directory(self))
        let engine = try QuantizedLlama(gguf: GGUFFile(contentsOf: url), kernels: .reference)
        let cache = engine.makeCache()
        _ = try engine.forward([1, 2, 3, 4], cache: cache)
        XCTAssertEqual(cache.reuse(for: [1, 2, 5, 6]), [5, 6])
        XCTAssertEqual(cache.tokens, [1, 2])
        let continued = try engine.forward([5, 6], cache: cache)
        let fresh = try engine.forward([1, 2, 5, 6], cache: engine.makeCache())
        XCTAssertLessThan(maxDifference(continued, fresh), 1e-4)
        XCTAssertEqual(cache.reuse(for: [1, 2]), [2], "the last token always runs again")
        XCTAssertEqual(cache.count, 1)
    }

    /// Decoding attention's two products, for head sizes under, at and
    /// past a multiple of 16 lanes, against plain loops.
    func testDecodingAttentionProducts() {
        var rng = RandomGenerator(seed: 5)
        for d in [8, 16, 40] {
            let n = 7
            let q = (0..<d).map { _ in Float(rng.normal()) }
            let rows = (0..<n * d).map { _ in Float(rng.normal()) }
            let w = (0..<n).map { _ in Float(rng.uniform()) }
            for j in 0..<n {
                let expected = (0..<d).reduce(Float(0)) { $0 + q[$1] * rows[j * d + $1] }
                XCTAssertEqual(QuantizedLlama.headDot(q, Array(rows[j * d..<(j + 1) * d]), d),
                               expected, accuracy: 1e-4, "d \(d), row \(j)")
            }
            var out = [Float](repeating: .nan, count: d)
            QuantizedLlama.weightedSum(w, of: rows, rows: n, d, into: &out)
            for i in 0..<d {
                let expected = (0..<n).reduce(Float(0)) { $0 + w[$1] * rows[$1 * d + i] }
                XCTAssertEqual(out[i], expected, accuracy: 1e-4, "d \(d), column \(i)")
            }
        }
    }

    func testQuantizedKernelsStayCloseToFloat32() throws {
        let url = try TinyModel.write(TinyModel.model(), as: .q4_1, in: TinyModel.directory(self))
        let file = try GGUFFile(contentsOf: url)
        let exact = try QuantizedLlama(gguf: file, kernels: .reference)
        let fast = try QuantizedLlama(gguf: file)
        let a = try exact.forward(ids, cache: exact.makeCache())
        let b = try fast.forward(ids, cache: fast.makeCache())
        let scale = a.map(abs).max()!
        XCTAssertLessThan(maxDifference(a, b), 0.05 * scale)
    }

    func testBadInputsAreErrors() throws {
        let url = try TinyModel.write(TinyModel.model(), as: .f32, in: TinyModel.directory(self))
        let engine = try QuantizedLlama(gguf: GGUFFile(contentsOf: url))
        XCTAssertThrowsError(try engine.forward([], cache: engine.makeCache()))
        XCTAssertThrowsError(try engine.forward([265], cache: engine.makeCache())) {
            XCTAssertEqual("\($0)", "token id 265 is not in 0..<265")
        }
        let small = engine.makeCache(capacity: 4)
        XCTAssertThrowsError(try engine.forward([1, 2, 3, 4, 5], cache: small)) {
            XCTAssertEqual("\($0)", "5 tokens exceed the context of 4")
        }
        var rng = RandomGenerator(seed: 0)
        XCTAssertThrowsError(try engine.generate(prompt: [1, 2, 3, 4], maxTokens: 3,
                                                 sampler: .greedy, rng: &rng, cache: small,
                                                 stopTokens: [])) {
            XCTAssertTrue("\($0)".contains("leave no room in the context of 4"), "\($0)")
        }
        // Generation stops at a full context with a reason, not an error.
        let result = try engine.generate(prompt: [1, 2], maxTokens: 10, sampler: .greedy,
                                         rng: &rng, cache: engine.makeCache(capacity: 6),
                                         stopTokens: [])
        // Positions 0–5 filled; the token sampled after the last is kept.
        XCTAssertEqual(result.stopReason, .contextFull)
        XCTAssertEqual(result.tokens.count, 5)
    }

    /// The exported tokenizer (GPT-4's pattern, merges by rank) encodes as
    /// chapter 1's tokenizer does.
    func testExportedTokenizerEncodesLikeChapter1() throws {
        let url = try TinyModel.write(TinyModel.model(), as: .f32, in: TinyModel.directory(self))
        let tokenizer = try GGUFTokenizer(gguf: GGUFFile(contentsOf: url))
        XCTAssertEqual(tokenizer.pre, "llama-bpe")
        for text in ["the then there, another anther", "  in on  one\n\nThe END", "ünïcödé 123"] {
            XCTAssertEqual(tokenizer.encode(text).map(Int.init),
                           TinyModel.tokenizer.encodeOrdinary(text), text)
        }
        XCTAssertEqual(tokenizer.encode("a<|endoftext|>", special: true).last, 264)
    }

    func testTextStreamHoldsBackPartialCharacters() {
        var stream = TextStream()
        let bytes = Array("é🙂".utf8)  // 2 + 4 bytes
        XCTAssertEqual(stream.push([bytes[0]]), "")
        XCTAssertEqual(stream.push([bytes[1], bytes[2]]), "é")
        XCTAssertEqual(stream.push(Array(bytes[3...])), "🙂")
        XCTAssertEqual(stream.push([0xF0]), "")
        XCTAssertEqual(stream.finish(), "\u{FFFD}")
    }
}
