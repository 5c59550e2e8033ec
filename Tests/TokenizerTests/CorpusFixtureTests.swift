import Foundation
import XCTest
@testable import Corpus

/// The committed Britannica excerpts (`Tests/Fixtures/corpus`): the real
/// cross-format problem without `make data`.
final class CorpusFixtureTests: XCTestCase {
    func excerpt(_ format: SourceFormat) throws -> Document {
        let name = format == .html ? "britannica-excerpt.html" : "britannica-excerpt.txt"
        let url = TestData.repository.appendingPathComponent("Tests/Fixtures/corpus/\(name)")
        return Document(id: name, title: "Britannica", edition: .reference, format: format,
                        url: url, text: try String(contentsOf: url, encoding: .utf8))
    }

    func clean(_ document: Document) -> (Document, CleaningReport) {
        var report = CleaningReport()
        return (CorpusCleaner.clean(document, into: &report), report)
    }

    func testTheHTMLExcerptBecomesTheArticlesText() throws {
        let (html, report) = clean(try excerpt(.html))
        XCTAssertTrue(html.text.hasPrefix("Shakespeare's Entry in the Encyclopaedia Britannica"))
        XCTAssertTrue(html.text.contains("SHAKESPEARE, WILLIAM (1564–1616), English poet, "
                                         + "player and playwright, was baptized"))
        XCTAssertTrue(html.text.contains("enough education with a working knowledge"))
        for leftover in ["<", "&ndash;", "START:", "END:", "Source:", "p.772:0", "p.773:0",
                         "mathml", "↩"] {
            XCTAssertFalse(html.text.contains(leftover), leftover)
        }
        XCTAssertEqual(report.counts[.scanMetadata], 8)   // 2 columns × 4
    }

    func testHTMLAndTextExcerptsAreNearDuplicates() throws {
        let (html, _) = clean(try excerpt(.html))
        let (text, _) = clean(try excerpt(.markdown))
        XCTAssertFalse(text.text.contains("###"))
        XCTAssertFalse(text.text.contains("[^"))
        XCTAssertGreaterThan(Shingles(html.text).jaccard(Shingles(text.text)), 0.9)
        let result = Deduplicator().run([text, html])
        XCTAssertEqual(result.kept.map(\.format), [.html])
        XCTAssertEqual(result.candidates.filter(\.isDuplicate).count, 1)
    }
}
