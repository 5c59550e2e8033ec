import Foundation
import XCTest
@testable import Tokenizer

/// The committed Britannica excerpts (`Tests/Fixtures/corpus`): the real
/// cross-format problem without `make data`.
final class CorpusFixtureTests: XCTestCase {
    func excerpt(_ format: SourceFormat) throws -> Document {
        let name = format == .html ? "britannica-excerpt.html" : "britannica-excerpt.txt"
        let text = try String(contentsOf: CorpusTestData.fixtures.appendingPathComponent(name),
                              encoding: .utf8)
        return Document(id: name, workID: "britannica-1911", title: "Britannica",
                        edition: .reference, format: format, path: name, text: text)
    }

    func testTheHTMLExcerptBecomesTheArticlesText() throws {
        let (html, report) = CorpusCleaner.clean(try excerpt(.html))
        XCTAssertTrue(html.text.hasPrefix("Shakespeare's Entry in the Encyclopaedia Britannica"))
        XCTAssertTrue(html.text.contains("SHAKESPEARE, WILLIAM (1564–1616), English poet, "
                                         + "player and playwright, was baptized"))
        XCTAssertTrue(html.text.contains("enough education with a working knowledge"))
        for leftover in ["<", "&ndash;", "START:", "END:", "Source:", "p.772:0", "p.773:0",
                         "mathml", "↩"] {
            XCTAssertFalse(html.text.contains(leftover), leftover)
        }
        XCTAssertEqual(report.tallies[.scanMetadata]?.count, 8)   // 2 columns × 4
    }

    func testHTMLAndTextExcerptsAreNearDuplicates() throws {
        let (html, _) = CorpusCleaner.clean(try excerpt(.html))
        let (text, _) = CorpusCleaner.clean(try excerpt(.markdown))
        XCTAssertFalse(text.text.contains("###"))
        XCTAssertFalse(text.text.contains("[^"))
        let words = Shingles.words(html.text).jaccard(Shingles.words(text.text))
        XCTAssertGreaterThan(words, 0.9)
        let result = Deduplicator().run([text, html])
        XCTAssertEqual(result.kept.map(\.format), [.html])
        XCTAssertEqual(result.duplicates.count, 1)
    }
}
