import Foundation
import XCTest
@testable import Book

/// A fresh directory under the system's temporary directory, for the IO tests.
func makeIOTestDirectory(_ prefix: String) throws -> URL {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

final class AtomicWriteTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = try makeIOTestDirectory("AtomicWriteTests")
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    private var directoryContents: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()) ?? []
    }

    func testReplacesAnExistingFileCompletely() throws {
        let url = directory.appendingPathComponent("out.bin")
        try writeAtomically(Data(repeating: 0xAB, count: 10_000), to: url)
        try writeAtomically(Data("short".utf8), to: url)
        XCTAssertEqual(try Data(contentsOf: url), Data("short".utf8))
        XCTAssertEqual(directoryContents, ["out.bin"])
    }

    func testWriterWritesEveryPiece() throws {
        let url = directory.appendingPathComponent("pieces.bin")
        let big = (0 ..< 3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try writeAtomically(to: url) { file in
            try file.write(Data("head".utf8))
            try big.withUnsafeBytes { try file.write($0) }
            try file.write(UnsafeRawBufferPointer(start: nil, count: 0))
        }
        XCTAssertEqual(Array(try Data(contentsOf: url)), Array("head".utf8) + big)
    }

    func testFailingWriterLeavesTheOriginalUntouched() throws {
        struct Interrupted: Error {}
        let url = directory.appendingPathComponent("checkpoint.safetensors")
        let original = Data((0 ..< 4096).map { UInt8(truncatingIfNeeded: $0) })
        try writeAtomically(original, to: url)

        XCTAssertThrowsError(try writeAtomically(to: url) { file in
            try file.write(Data(repeating: 0, count: 100_000))
            throw Interrupted()
        }) { XCTAssertTrue($0 is Interrupted, "the writer's own error comes back: \($0)") }

        XCTAssertEqual(try Data(contentsOf: url), original)
        XCTAssertEqual(directoryContents, ["checkpoint.safetensors"])
    }

    func testMissingDirectoryGivesAClearError() {
        let missing = directory.appendingPathComponent("no/such/dir")
        let url = missing.appendingPathComponent("out.json")
        XCTAssertThrowsError(try writeAtomically(Data("x".utf8), to: url)) {
            XCTAssertEqual("\($0)", "\(url.path): cannot create a temporary file in "
                + "\(missing.path): No such file or directory")
        }
    }

    func testRenameOntoADirectoryFailsAndCleansUp() throws {
        let url = directory.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
        XCTAssertThrowsError(try writeAtomically(Data("x".utf8), to: url)) {
            XCTAssertTrue("\($0)".hasPrefix("\(url.path): cannot rename .taken."), "\($0)")
            XCTAssertTrue("\($0)".hasSuffix(" over it: Is a directory"), "\($0)")
        }
        XCTAssertEqual(directoryContents, ["taken"])
    }

    /// Trainer state as a checkpoint would keep it.
    private struct State: Codable, Equatable {
        var step: Int
        var learningRate: Double
        var loss: Float
        var rngState: [UInt64]
        var run: String
    }

    func testJSONRoundTripIsExactAndDeterministic() throws {
        let state = State(step: 1200, learningRate: 0.1 * 3, loss: 2.718_281_8,
                          rngState: [.max, 0, 1 << 63, 12_345], run: "runs/ch04")
        let url = directory.appendingPathComponent("state.json")
        try writeJSON(state, to: url)
        let first = try Data(contentsOf: url)
        XCTAssertEqual(try readJSON(State.self, from: url), state)

        try writeJSON(state, to: url)
        XCTAssertEqual(try Data(contentsOf: url), first)
        let text = String(decoding: first, as: UTF8.self)
        XCTAssertLessThan(try XCTUnwrap(text.range(of: "learningRate")).lowerBound,
                          try XCTUnwrap(text.range(of: "step")).lowerBound, "keys sorted")
        XCTAssertTrue(text.contains("\"runs/ch04\""), "slashes unescaped: \(text)")
    }

    func testJSONErrorsNameTheFileAndField() throws {
        let url = directory.appendingPathComponent("state.json")
        try writeAtomically(Data(#"{"step": 3, "learningRate": 0.1, "loss": 1}"#.utf8), to: url)
        XCTAssertThrowsError(try readJSON(State.self, from: url)) {
            XCTAssertEqual("\($0)", "\(url.path): missing 'rngState'")
        }
        try writeAtomically(Data(#"{"step": "three"}"#.utf8), to: url)
        XCTAssertThrowsError(try readJSON(State.self, from: url)) {
            XCTAssertEqual("\($0)", "\(url.path): 'step' is not a valid Int")
        }
        try writeAtomically(Data("{oops".utf8), to: url)
        XCTAssertThrowsError(try readJSON(State.self, from: url)) {
            XCTAssertEqual("\($0)",
                           "\(url.path): not valid JSON, or a number does not fit its field")
        }
        XCTAssertThrowsError(try writeJSON(["loss": Float.nan], to: url)) {
            XCTAssertTrue("\($0)".hasPrefix("\(url.path): cannot encode as JSON"), "\($0)")
        }
    }
}
