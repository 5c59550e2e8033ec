import Book
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

    /// Building the corpus from the real data takes several seconds in a
    /// debug build: do it once for all tests.
    nonisolated(unsafe) private static var cachedBuild: CorpusBuild?
    private static let lock = NSLock()

    static func build() throws -> CorpusBuild {
        let root = try requireShakespeare()
        lock.lock()
        defer { lock.unlock() }
        if let build = cachedBuild { return build }
        let build = try CorpusPipeline.run(from: root)
        for (stage, seconds) in build.timings {
            print("corpus pipeline (debug build): \(stage): \(seconds) s")
        }
        cachedBuild = build
        return build
    }

    static func corpus() throws -> ShakespeareCorpus { try build().corpus }
}
