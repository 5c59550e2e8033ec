import Book
import Foundation
import XCTest
@testable import Tokenizer

/// Saving and loading tokenizers in the book's text format.
final class BPETrainerFileTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("BPETrainerFileTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory,
                                                withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    let small = BPETokenizer(merges: [TokenPair(97, 97), TokenPair(256, 98)],
                             specialTokens: ["<|endoftext|>", "<|im_start|>"])

    func testTheFormatIsTheDocumentedText() {
        XCTAssertEqual(small.serialized, """
            bpe-tokenizer v1
            pattern cl100k
            merges 2
            97 97
            256 98
            specials 2
            258 <|endoftext|>
            259 <|im_start|>

            """)
    }

    func testSaveThenLoadGivesTheSameTokenizer() throws {
        let tokenizer = try BPETrainer.train(sampleText, vocabularySize: 500)
        let url = directory.appendingPathComponent("tokenizer.bpe")
        try tokenizer.save(to: url)
        let loaded = try BPETokenizer(contentsOf: url)
        XCTAssertEqual(loaded.merges, tokenizer.merges)
        XCTAssertEqual(loaded.specialTokens, tokenizer.specialTokens)
        XCTAssertEqual(loaded.fingerprint, tokenizer.fingerprint)
        let text = "<|im_start|>" + sampleText + "<|endoftext|>"
        XCTAssertEqual(loaded.encode(text, allowedSpecial: Set(loaded.specialTokens)),
                       tokenizer.encode(text, allowedSpecial: Set(tokenizer.specialTokens)))
        // No temporary files left behind by the atomic write.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path),
                       ["tokenizer.bpe"])
    }

    func testFingerprintsDifferForDifferentTokenizers() {
        let other = BPETokenizer(merges: [TokenPair(97, 97), TokenPair(256, 99)],
                                 specialTokens: ["<|endoftext|>", "<|im_start|>"])
        XCTAssertNotEqual(small.fingerprint, other.fingerprint)
        XCTAssertNotEqual(small.fingerprint, small.truncated(mergeCount: 1).fingerprint)
        XCTAssertEqual(small.fingerprint, BPETokenizer(merges: small.merges,
            specialTokens: small.specialTokens).fingerprint)
    }

    func testEmptyFileListsAreAllowed() throws {
        let url = directory.appendingPathComponent("bytes.bpe")
        try BPETokenizer(merges: []).save(to: url)
        let loaded = try BPETokenizer(contentsOf: url)
        XCTAssertEqual(loaded.vocabularySize, 256)
        // And the final newline is optional.
        try Data("bpe-tokenizer v1\npattern cl100k\nmerges 0\nspecials 0".utf8)
            .write(to: url)
        XCTAssertEqual(try BPETokenizer(contentsOf: url).vocabularySize, 256)
    }

    /// Loading `text` fails with a message naming the file and containing
    /// `expected`.
    func assertMalformed(_ text: String, _ expected: String,
                         file: StaticString = #filePath, line: UInt = #line) throws {
        try assertMalformed(Data(text.utf8), expected, file: file, line: line)
    }

    func assertMalformed(_ data: Data, _ expected: String,
                         file: StaticString = #filePath, line: UInt = #line) throws {
        let url = directory.appendingPathComponent("bad.bpe")
        try data.write(to: url)
        XCTAssertThrowsError(try BPETokenizer(contentsOf: url), file: file, line: line) {
            let message = "\($0)"
            XCTAssertTrue($0 is FileError, "\(type(of: $0))", file: file, line: line)
            XCTAssertTrue(message.hasPrefix(url.path + ": "), message, file: file, line: line)
            XCTAssertTrue(message.contains(expected), message, file: file, line: line)
        }
    }

    func testMalformedFilesNameTheLineAndTheProblem() throws {
        let good = small.serialized
        func replacing(_ old: String, _ new: String) -> String {
            precondition(good.contains(old))
            return good.replacingOccurrences(of: old, with: new)
        }
        try assertMalformed("", "line 1: expected 'bpe-tokenizer v1', found the end")
        try assertMalformed("{\"merges\": []}\n", "line 1: not a BPE tokenizer file")
        try assertMalformed(replacing("v1", "v2"),
                            "line 1: unsupported version 'v2' (this book reads")
        try assertMalformed(replacing("cl100k", "gpt2"),
                            "line 2: unknown pre-tokenization pattern 'gpt2' (known: cl100k)")
        try assertMalformed(replacing("pattern cl100k", "cl100k"),
                            "line 2: expected 'pattern NAME'")
        try assertMalformed(replacing("merges 2", "merges two"),
                            "line 3: the count 'two' is not a non-negative integer")
        try assertMalformed(replacing("merges 2", "merges -2"),
                            "line 3: the count '-2' is not")
        try assertMalformed(replacing("256 98", "256 b"),
                            "line 5: token id 'b' is not a non-negative integer")
        try assertMalformed(replacing("256 98", "256.0 98"),
                            "line 5: token id '256.0' is not")
        try assertMalformed(replacing("256 98", "256 98 99"),
                            "line 5: expected two token ids 'left right' for token 257")
        try assertMalformed(replacing("256 98", "256  98"), "line 5: expected two token ids")
        try assertMalformed(replacing("256 98", "257 98"),
                            "line 5: parent id 257 is not below the new token's id 257")
        try assertMalformed(replacing("97 97", "97 300"),
                            "line 4: parent id 300 is not below the new token's id 256")
        try assertMalformed(replacing("256 98", "97 97"), "line 5: merge 97 97 repeats line 4")
        try assertMalformed(replacing("merges 2", "merges 5"),
                            "line 6: token id 'specials' is not")
        try assertMalformed("bpe-tokenizer v1\npattern cl100k\nmerges 3\n97 97\n",
                            "line 5: expected merge 1 (token 257): 'left right', found the end")
        try assertMalformed(replacing("specials 2\n258 <|endoftext|>\n259 <|im_start|>\n", ""),
                            "line 6: expected 'specials N', found the end of the file")
        try assertMalformed(replacing("259 <|im_start|>", "259 <|endoftext|>"),
                            "line 8: duplicate special token '<|endoftext|>'")
        try assertMalformed(replacing("258 <|endoftext|>", "300 <|endoftext|>"),
                            "line 7: special token id 300, expected 258")
        try assertMalformed(replacing("258 <|endoftext|>", "258 "), "line 7: empty special token")
        try assertMalformed(replacing("258 <|endoftext|>", "258"), "line 7: expected 'id token'")
        try assertMalformed(good + "extra\n", "line 9: unexpected text after the special tokens")
        try assertMalformed(replacing("\n256", "\n\n256"), "line 5: expected two token ids")
        try assertMalformed(Data(good.utf8) + Data([0xFF, 0x0A]), "not valid UTF-8")
    }

    func testMissingFileNamesIt() {
        let url = directory.appendingPathComponent("missing.bpe")
        XCTAssertThrowsError(try BPETokenizer(contentsOf: url)) {
            XCTAssertTrue("\($0)".hasPrefix(url.path + ": cannot open"), "\($0)")
        }
    }
}
