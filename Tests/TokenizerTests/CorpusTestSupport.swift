import Foundation
import XCTest
@testable import Tokenizer

/// Where the tests find the repository's data, independent of the working
/// directory: `Tests/TokenizerTests/<this file>` → repository root.
enum CorpusTestData {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let shakespeare = repository.appendingPathComponent(
        TokenizerPaths.shakespeare.relativePath)
    static let fixtures = repository.appendingPathComponent("Tests/Fixtures/corpus")

    /// The real corpus, or a skip if `make data` has not run.
    static func requireShakespeare() throws -> URL {
        let metadata = shakespeare.appendingPathComponent("texts/metadata.txt")
        guard FileManager.default.fileExists(atPath: metadata.path) else {
            throw XCTSkip("\(shakespeare.path) not found; run `make data`")
        }
        return shakespeare
    }

    /// Loading and cleaning the real corpus takes seconds in a debug build:
    /// do it once for all tests.
    nonisolated(unsafe) private static var cachedCorpus: ShakespeareCorpus?
    private static let lock = NSLock()

    static func corpus() throws -> ShakespeareCorpus {
        let root = try requireShakespeare()
        lock.lock()
        defer { lock.unlock() }
        if let corpus = cachedCorpus { return corpus }
        let corpus = try ShakespeareCorpus.load(from: root)
        cachedCorpus = corpus
        return corpus
    }
}
