import Book
import Foundation
import XCTest
@testable import Tokenizer

final class CorpusLoadTests: XCTestCase {
    func testEveryTextLoadsWithItsMetadata() throws {
        let start = Date()
        let corpus = try CorpusTestData.corpus()
        print("load: \(Date().timeIntervalSince(start)) s")
        let documents = corpus.documents
        XCTAssertEqual(documents.count, 80)
        XCTAssertEqual(documents.filter { $0.edition == .firstFolio }.count, 36)
        XCTAssertEqual(documents.filter { $0.edition == .modern }.count, 42)
        XCTAssertEqual(documents.filter { $0.edition == .reference }.count, 2)
        for document in documents {
            XCTAssertFalse(document.title.isEmpty, document.id)
            XCTAssertGreaterThan(document.byteCount, 1000, document.id)
        }
        let hamlet = try XCTUnwrap(documents.first { $0.id == "hamlet_gut_f" })
        XCTAssertEqual(hamlet.title, "Hamlet")
        XCTAssertEqual(hamlet.edition, .firstFolio)
        for match in corpus.workMatches {
            print(match.folioID, match.modernID ?? "-", match.jaccard, match.runnerUpJaccard,
                  match.titleSimilarity)
        }
    }
}
