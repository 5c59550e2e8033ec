import Foundation
import XCTest
@testable import Tokenizer

/// Our cl100k_base against tiktoken's ids, on the committed hard cases and on
/// the whole Shakespeare corpus.
final class Cl100kParityTests: XCTestCase {
    func testOrdinaryTextGivesTiktokensIds() throws {
        let encoding = try Cl100kFixture.encoding()
        for c in try Cl100kFixture.cases("ordinary") {
            let ids = encoding.encodeOrdinary(bytes: c.bytes)
            XCTAssertEqual(ids, c.ids, c.name)
            XCTAssertEqual(try encoding.decode(ids), c.bytes, c.name)
        }
    }

    func testStringAndBytesAgree() throws {
        let encoding = try Cl100kFixture.encoding()
        for c in try Cl100kFixture.cases("ordinary") {
            XCTAssertEqual(encoding.encodeOrdinary(c.text), c.ids, c.name)
        }
    }

    /// Invalid UTF-8 as tiktoken's `_encode_bytes` encodes it.
    func testInvalidUTF8GivesTiktokensIdsAndRoundTrips() throws {
        let encoding = try Cl100kFixture.encoding()
        for c in try Cl100kFixture.cases("bytes") {
            let ids = encoding.encodeOrdinary(bytes: c.bytes)
            XCTAssertEqual(ids, c.ids, c.name)
            XCTAssertEqual(try encoding.decode(ids), c.bytes, c.name)
        }
    }

    func testAllowedSpecialTokensAreSplitOut() throws {
        let encoding = try Cl100kFixture.encoding()
        for c in try Cl100kFixture.cases("special") {
            XCTAssertEqual(encoding.encode(c.text, allowedSpecial: c.allowed), c.ids, c.name)
            XCTAssertEqual(try encoding.decode(c.ids), Array(c.text.utf8), c.name)
        }
    }

    /// Every play and poem: the number of tokens and a hash of the ids, per
    /// file, against tiktoken's (Fixtures/cl100k/shakespeare.json).
    func testWholeShakespeareCorpusGivesTiktokensIds() throws {
        let encoding = try Cl100kFixture.encoding()
        let texts = try TestData.shakespeare().appendingPathComponent("texts")
        let digestURL = Cl100kFixture.directory.appendingPathComponent("shakespeare.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: digestURL))
        let expected = try XCTUnwrap((json as? [String: Any])?["files"] as? [String: [String: Any]])
        let names = try FileManager.default.contentsOfDirectory(atPath: texts.path)
            .filter { $0.hasSuffix(".txt") }
        XCTAssertEqual(Set(names), Set(expected.keys), "the corpus is not the one the digest is of")
        for name in names.sorted() {
            let bytes = try [UInt8](Data(contentsOf: texts.appendingPathComponent(name)))
            let ids = encoding.encodeOrdinary(bytes: bytes)
            XCTAssertEqual(ids.count, expected[name]?["tokens"] as? Int, name)
            XCTAssertEqual(Cl100kFixture.fnv1a(ids), expected[name]?["fnv1a"] as? String, name)
        }
    }

    /// The readable encoder the book lists gives the fast encoder's ids: on
    /// the fixture's valid text, and on a slice of every corpus file (all of
    /// it would take minutes in a debug build; the notebook compares the
    /// whole validation split).
    func testReferenceEncoderGivesTheFastEncodersIds() throws {
        let encoding = try Cl100kFixture.encoding()
        for c in try Cl100kFixture.cases("ordinary") {
            XCTAssertEqual(encoding.referenceEncodeOrdinary(c.text), c.ids, c.name)
        }
        let texts = try TestData.shakespeare().appendingPathComponent("texts")
        for name in try FileManager.default.contentsOfDirectory(atPath: texts.path).sorted()
        where name.hasSuffix(".txt") {
            let text = try String(contentsOf: texts.appendingPathComponent(name), encoding: .utf8)
            let scalars = Array(text.unicodeScalars), start = scalars.count / 3
            var slice = ""
            slice.unicodeScalars.append(contentsOf: scalars[start..<min(scalars.count, start + 3_000)])
            XCTAssertEqual(encoding.referenceEncodeOrdinary(slice),
                           encoding.encodeOrdinary(slice), name)
        }
    }
}
