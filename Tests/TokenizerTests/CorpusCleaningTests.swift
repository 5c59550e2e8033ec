import Foundation
import XCTest
@testable import Corpus

final class CorpusCleaningTests: XCTestCase {
    func document(_ text: String, edition: Edition = .modern,
                  format: SourceFormat = .plainText) -> Document {
        Document(id: "t", title: "T", edition: edition, format: format,
                 url: URL(fileURLWithPath: "/data/t.txt"), text: text)
    }

    func testSpacesAndBlankRunsAreNormalized() {
        let raw = "\n  Title  \n\n\n\n   First line,   spaced \nsecond\n\n\n"
        let normalized = TextNormalizer.normalize(raw)
        XCTAssertEqual(normalized.text, "Title\n\nFirst line, spaced\nsecond")
        XCTAssertEqual(normalized.respacedLines, 2)
        XCTAssertEqual(normalized.blankLinesRemoved, 5)  // leading, two surplus, two trailing
    }

    func testStageDirectionBracesAreRepairedButCastBracesStay() {
        XCTAssertEqual(CorpusCleaner.fixStageBrackets("FIRST LORD. {Aside.]"),
                       "FIRST LORD. [Aside.]")
        XCTAssertEqual(CorpusCleaner.fixStageBrackets("[Exeunt.}"), "[Exeunt.]")
        XCTAssertEqual(CorpusCleaner.fixStageBrackets("Capulet, }"), "Capulet, }")
        XCTAssertEqual(CorpusCleaner.fixStageBrackets("LION } Characters in the"),
                       "LION } Characters in the")
    }

    func testItalicUnderscoresGoButRulesStay() {
        XCTAssertEqual(CorpusCleaner.removeItalicUnderscores("I have _tremor cordis_ on me"),
                       "I have tremor cordis on me")
        XCTAssertEqual(CorpusCleaner.removeItalicUnderscores("_____"), "_____")
    }

    func testScanMetadataAndEditorNotesGoNumbersInTextStay() {
        let raw = """
            ### START: ED4A800_0.tif.txt ###
            #### Source: http://upload.wikimedia.org/scans/ED4A800.TIF
            p.777:0 [[ed: TODO italicising]]
            spmsmart snftware - http://www.spnnsm¤n.r¤m Providence. In harmony
            See p. 772 and the year 1564: born.
            END: ED4A800_0.tif.txt
            """
        let scan = ScanMetadata.strip(raw)
        XCTAssertEqual(scan.text, "Providence. In harmony\nSee p. 772 and the year 1564: born.")
        XCTAssertEqual(scan.notes, ["[[ed: TODO italicising]]"])
        XCTAssertEqual(scan.lines.count, 5)
        XCTAssertFalse(ScanMetadata.isPageMarker("p.772"))
        XCTAssertFalse(ScanMetadata.isPageMarker("p.a:1"))
    }

    func testMarkdownMarksGo() {
        let (text, marks) = MarkdownText.strip("""
            ## Heading ##
            his rivals in *The Poetaster*.[^1] **Chronology**
            [^1]: It is worth noting.
            * Titus Andronicus (1594).
            """)
        XCTAssertEqual(text, """
            Heading
            his rivals in The Poetaster. Chronology
            It is worth noting.
            Titus Andronicus (1594).
            """)
        XCTAssertEqual(marks, 10)
    }

    func testCleaningAPlayKeepsNamesAndDirections() {
        let raw = "HAMLET\n\n\nACT I.\n\n  [Enter Bernardo.}\n\nBer.   \nWho's there?\n"
        var report = CleaningReport()
        let cleaned = CorpusCleaner.clean(document(raw), into: &report)
        XCTAssertEqual(cleaned.text, "HAMLET\n\nACT I.\n\n[Enter Bernardo.]\n\nBer.\nWho's there?")
        XCTAssertEqual(report.counts[.stageBrackets], 1)
        XCTAssertEqual(report.examples[.stageBrackets], "  [Enter Bernardo.} →   [Enter Bernardo.]")
        XCTAssertEqual(report.counts[.respacedLines], 2)
        XCTAssertEqual(report.bytesAfter, cleaned.byteCount)
    }

    func testCleaningHTMLRemovesMarkupAndScanMetadata() {
        let html = """
            <html><head><title>x</title></head><body>
            <h3>START: ED4A800_0.tif.txt</h3>
            <h4>Source: http://upload.wikimedia.org/ED4A800.TIF</h4>
            <p>p.772:0
            </p>
            <p>SHAKESPEARE, WILLIAM (1564&ndash;1616), English poet</p>
            <h3>END: ED4A800_0.tif.txt</h3></body></html>
            """
        var report = CleaningReport()
        let cleaned = CorpusCleaner.clean(document(html, edition: .reference, format: .html),
                                          into: &report)
        XCTAssertEqual(cleaned.text, "SHAKESPEARE, WILLIAM (1564–1616), English poet")
        XCTAssertEqual(report.counts[.scanMetadata], 4)
        XCTAssertEqual(report.counts[.htmlMarkup], 1)
    }
}
