import XCTest
@testable import Tokenizer

/// The hand-written scanner against the cl100k regex: on the fixture's
/// pieces (from Python's `regex` module, checked there against tiktoken) and
/// on small examples, one per alternative of the pattern.
final class PretokenizerTests: XCTestCase {
    func pieces(_ bytes: [UInt8]) -> [[UInt8]] {
        Pretokenizer.split(bytes).map { Array(bytes[$0]) }
    }

    func pieces(_ text: String) -> [String] {
        pieces(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    func testFixturePiecesAreTheRegexs() throws {
        for c in try Cl100kFixture.cases("ordinary") {
            XCTAssertEqual(pieces(c.bytes), c.pieces, c.name)
        }
    }

    func testContractions() {
        XCTAssertEqual(pieces("don't"), ["don", "'t"])
        XCTAssertEqual(pieces("I'LL We'Re"), ["I", "'LL", " We", "'Re"])
        XCTAssertEqual(pieces("'sup"), ["'s", "up"])          // the contraction wins
        XCTAssertEqual(pieces("'ſt"), ["'ſ", "t"])            // long s folds to s
        XCTAssertEqual(pieces("'x 'S"), ["'x", " '", "S"])    // a space takes the "'"
    }

    func testLettersTakeOneLeadingNonLetter() {
        XCTAssertEqual(pieces("Hello world"), ["Hello", " world"])
        XCTAssertEqual(pieces("\"Hi\" \tyo"), ["\"Hi", "\"", " ", "\tyo"])
        XCTAssertEqual(pieces("a\u{00A0}b"), ["a", "\u{00A0}b"])
        XCTAssertEqual(pieces("x\ny"), ["x", "\n", "y"])      // never a newline
    }

    func testNumbersComeInThrees() {
        XCTAssertEqual(pieces("1234567"), ["123", "456", "7"])
        XCTAssertEqual(pieces("x²"), ["x", "²"])              // ² is \p{N}
        XCTAssertEqual(pieces(" 42"), [" ", "42"])            // no leading space
    }

    func testSymbolsTakeOneSpaceAndTheirNewlines() {
        XCTAssertEqual(pieces("a ...\n\nb"), ["a", " ...\n\n", "b"])
        XCTAssertEqual(pieces("a  !"), ["a", " ", " !"])
    }

    func testWhitespace() {
        XCTAssertEqual(pieces("x   "), ["x", "   "])                 // \s++$
        XCTAssertEqual(pieces("x \n \n  y"), ["x", " \n \n", " ", " y"]) // \s*[\r\n]
        XCTAssertEqual(pieces("x   y"), ["x", "  ", " y"])            // \s+(?!\S)
        XCTAssertEqual(pieces("\t1"), ["\t", "1"])                    // \s
        XCTAssertEqual(pieces("a\r\n"), ["a", "\r\n"])
    }

    func testInvalidBytesAreCharactersOfClassOther() {
        XCTAssertEqual(pieces([0x61, 0xFF, 0x62]), [[0x61], [0xFF, 0x62]])
        XCTAssertEqual(pieces([0x20, 0xE2, 0x82]), [[0x20, 0xE2, 0x82]])
        XCTAssertEqual(pieces([0xC0, 0xAF, 0x31]), [[0xC0, 0xAF], [0x31]])
    }

    /// Pieces of any bytes are non-empty and cover them in order.
    func testPiecesCoverRandomBytes() {
        var rng = SystemRandomNumberGenerator()
        // Bytes drawn mostly from ones that matter to the pattern.
        let pool: [UInt8] = Array(" \t\n\r'sSlLxX09.!".utf8) + [0xC2, 0xA0, 0xE2, 0x82, 0xAC, 0xFF, 0x80]
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0...20, using: &rng)).map { _ in pool.randomElement(using: &rng)! }
            let ranges = Pretokenizer.split(bytes)
            XCTAssertEqual(ranges.first?.lowerBound ?? 0, 0)
            XCTAssertEqual(ranges.last?.upperBound ?? 0, bytes.count)
            for (a, b) in zip(ranges, ranges.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
            XCTAssertTrue(ranges.allSatisfy { !$0.isEmpty }, "\(bytes)")
        }
    }

    func testCharacterClasses() {
        func kind(_ scalar: Unicode.Scalar) -> CharacterClass {
            scalar.isASCII ? CharacterClass(ascii: UInt8(scalar.value)) : CharacterClass(scalar)
        }
        XCTAssertEqual(kind("ǅ"), .letter)        // Lt
        XCTAssertEqual(kind("ー"), .letter)       // Lm
        XCTAssertEqual(kind("Ⅻ"), .number)        // Nl
        XCTAssertEqual(kind("\u{00A0}"), .whitespace)
        XCTAssertEqual(kind("\u{3000}"), .whitespace)
        XCTAssertEqual(kind("\u{0085}"), .whitespace)
        XCTAssertEqual(kind("\u{000B}"), .whitespace)
        XCTAssertEqual(kind("\u{001C}"), .other)  // not White_Space
        XCTAssertEqual(kind("\u{200B}"), .other)  // zero-width space is Cf
        XCTAssertEqual(kind("\u{0301}"), .other)  // combining mark
    }

    func testValidPrefixLength() {
        func valid(_ bytes: [UInt8]) -> Int {
            bytes.withUnsafeBufferPointer { UTF8Scanning.validPrefixLength($0) }
        }
        XCTAssertEqual(valid(Array("naïve €😀".utf8)), 14)
        XCTAssertEqual(valid([0x61, 0xC0, 0xAF]), 1)              // overlong
        XCTAssertEqual(valid([0x61, 0xED, 0xA0, 0x80]), 1)        // surrogate
        XCTAssertEqual(valid([0xF4, 0x90, 0x80, 0x80]), 0)        // above U+10FFFF
        XCTAssertEqual(valid([0x61, 0xE2, 0x82]), 1)              // cut short
        XCTAssertEqual(valid([0x61, 0x80]), 1)                    // stray continuation
        XCTAssertEqual(valid([0xF4, 0x8F, 0xBF, 0xBF]), 4)        // U+10FFFF
        // Against the standard library's validation, on random bytes.
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let bytes = (0..<Int.random(in: 0...6, using: &rng)).map { _ in
                [0x41, 0x80, 0xA0, 0xBF, 0xC2, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xFF].randomElement(using: &rng)!
            }.map(UInt8.init)
            let n = valid(bytes)
            XCTAssertNotNil(String(validating: bytes[..<n], as: UTF8.self), "\(bytes)")
            XCTAssertEqual(n == bytes.count, String(validating: bytes, as: UTF8.self) != nil, "\(bytes)")
        }
    }
}
