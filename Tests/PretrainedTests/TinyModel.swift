import Book
import Foundation
import Model
import Tokenizer
import XCTest
@testable import Pretrained

/// A small random Llama and a tokenizer for it, written as GGUF files in a
/// temporary directory: the files the reader, engine and export tests use.
enum TinyModel {
    static let config = try! ModelConfig(
        vocabSize: 256 + 8 + 1, contextLength: 64, width: 64, depth: 2, heads: 4,
        kvHeads: 2, ffnWidth: 96, ropeBase: 10_000, tiedEmbeddings: false)

    /// Byte tokens, eight merges and one special token.
    static let tokenizer = BPETokenizer(
        merges: [TokenPair(116, 104), TokenPair(256, 101), TokenPair(32, 257),
                 TokenPair(97, 110), TokenPair(32, 259), TokenPair(101, 114),
                 TokenPair(105, 110), TokenPair(111, 110)],
        specialTokens: [BPETokenizer.endOfText])

    static func model(seed: UInt64 = 3) throws -> LlamaModel {
        let model = try LlamaModel(config, seed: seed)
        // Random norm gains, so a loader that drops them fails.
        var rng = RandomGenerator(seed: seed + 100)
        for (name, variable) in model.namedParameters where name.hasSuffix("orm") {
            for i in 0..<variable.value.count {
                variable.value.data[i] = 1 + 0.3 * Float(rng.uniform() - 0.5)
            }
        }
        return model
    }

    /// A fresh temporary directory, removed when `test` ends.
    static func directory(_ test: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("pretrained-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// The model written as `type`; returns the file's URL.
    static func write(_ model: LlamaModel, as type: GGMLType, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("tiny-\(type.name).gguf")
        try model.gguf(tokenizer: tokenizer, name: "tiny", type: type).write(to: url)
        return url
    }
}

/// The data `make data` installs, found from this file's place in the
/// repository: missing, a skip that says to run `make data`, or a failure
/// under `CI=true`, which must never pass by skipping.
enum TestData {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func smolLM2() throws -> URL {
        let url = repository.appendingPathComponent(PretrainedPaths.smolLM2.relativePath)
        if FileManager.default.fileExists(atPath: url.path) { return url }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw InputError("\(url.path) is missing; run `make data` (under CI=true data "
                + "tests fail, not skip)")
        }
        throw XCTSkip("\(url.path) is missing; run `make data`")
    }

    static func fixture(_ name: String) -> URL {
        repository.appendingPathComponent("Tests/Fixtures/smollm2/\(name)")
    }
}
