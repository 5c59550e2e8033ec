import Book
import Foundation
import XCTest
@testable import Tokenizer

final class TokenFileTests: XCTestCase {
    var directory: URL!
    var url: URL { directory.appendingPathComponent("train.tokens") }

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("TokenFileTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory,
                                                withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    func testSixteenBitRoundTripAndLayout() throws {
        let tokens = [0, 1, 258, 4095, 65535, 7]
        try TokenFile.write(tokens, vocabularySize: 65536,
                            tokenizerFingerprint: 0x0123_4567_89AB_CDEF, to: url)
        let bytes = [UInt8](try Data(contentsOf: url))
        XCTAssertEqual(bytes.count, 64 + 2 * tokens.count)
        XCTAssertEqual(Array(bytes[0..<8]), Array("BKTOKENS".utf8))
        XCTAssertEqual(Array(bytes[8..<16]), [1, 0, 0, 0, 2, 0, 0, 0])
        XCTAssertEqual(Array(bytes[16..<24]), [6, 0, 0, 0, 0, 0, 0, 0])
        XCTAssertEqual(Array(bytes[24..<32]), [0, 0, 1, 0, 0, 0, 0, 0])
        XCTAssertEqual(Array(bytes[32..<40]), [0xEF, 0xCD, 0xAB, 0x89, 0x67, 0x45, 0x23, 0x01])
        XCTAssertEqual(Array(bytes[40..<64]), [UInt8](repeating: 0, count: 24))
        XCTAssertEqual(Array(bytes[64..<70]), [0, 0, 1, 0, 2, 1])  // 0, 1, 258 LE

        let file = try TokenFile(contentsOf: url)
        XCTAssertEqual(file.count, 6)
        XCTAssertEqual(file.bytesPerToken, 2)
        XCTAssertEqual(file.vocabularySize, 65536)
        XCTAssertEqual(file.tokenizerFingerprint, 0x0123_4567_89AB_CDEF)
        XCTAssertEqual(file.allTokens, tokens)
        XCTAssertEqual(file.tokens(2..<4), [258, 4095])
        XCTAssertEqual(file[4], 65535)
    }

    func testLargeVocabulariesTakeFourBytes() throws {
        let tokens = [100_000, 0, 65536]
        try TokenFile.write(tokens, vocabularySize: 100_277, to: url)
        let file = try TokenFile(contentsOf: url)
        XCTAssertEqual(file.bytesPerToken, 4)
        XCTAssertEqual(file.allTokens, tokens)
        XCTAssertEqual(file.tokenizerFingerprint, 0)
        XCTAssertEqual(try Data(contentsOf: url).count, 64 + 12)
    }

    func testEmptyTokenList() throws {
        try TokenFile.write([], vocabularySize: 300, to: url)
        let file = try TokenFile(contentsOf: url)
        XCTAssertEqual(file.count, 0)
        XCTAssertEqual(file.allTokens, [])
    }

    func testATokenizedTextRoundTrips() throws {
        let tokenizer = try BPETrainer.train(sampleText, vocabularySize: 400)
        let text = sampleText + "<|endoftext|>" + sampleText
        let ids = tokenizer.encode(text, allowedSpecial: Set(tokenizer.specialTokens))
        try TokenFile.write(ids, vocabularySize: tokenizer.vocabularySize,
                            tokenizerFingerprint: tokenizer.fingerprint, to: url)
        let file = try TokenFile(contentsOf: url, expectedFingerprint: tokenizer.fingerprint)
        XCTAssertEqual(try tokenizer.decodeText(file.allTokens), text)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path),
                       ["train.tokens"])
    }

    func testWritingAnOutOfRangeTokenThrows() {
        XCTAssertThrowsError(try TokenFile.write([1, 300, 2], vocabularySize: 300, to: url)) {
            XCTAssertTrue("\($0)".hasSuffix("token 1 is 300, not below the vocabulary size 300"),
                          "\($0)")
        }
        XCTAssertThrowsError(try TokenFile.write([-1], vocabularySize: 300, to: url))
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path))
    }

    /// A valid file's bytes, changed by `edit`, fail to open with `expected`.
    func assertCorrupt(_ expected: String, fingerprint: UInt64? = nil,
                       file: StaticString = #filePath, line: UInt = #line,
                       _ edit: (inout [UInt8]) -> Void) throws {
        try TokenFile.write([1, 2, 3, 4], vocabularySize: 1000,
                            tokenizerFingerprint: 42, to: url)
        var bytes = [UInt8](try Data(contentsOf: url))
        edit(&bytes)
        try Data(bytes).write(to: url)
        XCTAssertThrowsError(try TokenFile(contentsOf: url, expectedFingerprint: fingerprint),
                             file: file, line: line) {
            let message = "\($0)"
            XCTAssertTrue(message.hasPrefix(url.path + ": "), message, file: file, line: line)
            XCTAssertTrue(message.contains(expected), message, file: file, line: line)
        }
    }

    func testCorruptFilesGiveClearErrors() throws {
        try assertCorrupt("10 bytes is too short for a token file") { $0 = Array($0[0..<10]) }
        try assertCorrupt("0 bytes is too short") { $0 = [] }
        try assertCorrupt("not a token file: it does not start with 'BKTOKENS'") {
            $0[0] = UInt8(ascii: "X")
        }
        try assertCorrupt("unsupported token file version 2") { $0[8] = 2 }
        try assertCorrupt("3 bytes per token; expected 2 or 4") { $0[12] = 3 }
        try assertCorrupt("the header says 4 tokens of 2 bytes, but 7 bytes follow") {
            $0.removeLast()
        }
        try assertCorrupt("but 10 bytes follow it (truncated or damaged?)") {
            $0 += [0, 0]
        }
        try assertCorrupt("the header says 72057594037927940 tokens") { $0[23] = 1 }
        try assertCorrupt("a vocabulary of 0 tokens does not fit") {
            for i in 24..<32 { $0[i] = 0 }
        }
        try assertCorrupt("a vocabulary of 1000000 tokens does not fit 2 bytes") {
            $0[24] = 0x40; $0[25] = 0x42; $0[26] = 0x0F  // 1,000,000
        }
        try assertCorrupt("token 2 is 1003, not below the vocabulary size 1000") {
            $0[64 + 4] = 0xEB; $0[64 + 5] = 0x03
        }
        try assertCorrupt("made by another tokenizer (fingerprint 0x2a, expected 0x2b)",
                          fingerprint: 43) { _ in }
    }

    func testMissingFileNamesIt() {
        XCTAssertThrowsError(try TokenFile(contentsOf: url)) {
            XCTAssertTrue("\($0)".hasPrefix(url.path + ": cannot open"), "\($0)")
        }
    }
}
