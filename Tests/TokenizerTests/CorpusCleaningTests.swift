import XCTest
@testable import Tokenizer

final class CorpusCleaningTests: XCTestCase {
    func testLineEndingsSpacesAndBlankRunsAreNormalized() {
        let raw = "\u{FEFF}  Title  \r\n\r\n\r\n\r\n\tFirst\u{A0}line,   spaced \rsecond\n\n\n"
        let (text, changes) = TextNormalizer.normalize(raw)
        XCTAssertEqual(text, "Title\n\nFirst line, spaced\nsecond")
        XCTAssertEqual(changes.carriageReturns, 5)
        XCTAssertEqual(changes.blankLinesRemoved, 4)   // two surplus, two trailing
        XCTAssertEqual(changes.otherCharacters, 3)     // BOM, tab, NBSP
    }

    func testNormalizationComposesUnicode() {
        let decomposed = "Cafe\u{301}"                  // e + combining acute
        XCTAssertEqual(Array(TextNormalizer.normalize(decomposed).text.utf8),
                       Array("Café".utf8))
    }

    func testGutenbergHeaderFooterAndNoticesAreStripped() {
        let raw = """
            The Project Gutenberg EBook of Hamlet
            Release Date: 1998
            *** START OF THIS PROJECT GUTENBERG EBOOK HAMLET ***
            ACT I.
            <<THIS ELECTRONIC VERSION OF THE COMPLETE WORKS OF WILLIAM
            SHAKESPEARE IS COPYRIGHT 1990-1993 BY WORLD LIBRARY, INC.>>
            Who's there?
            [Transcriber's Note: spelling
            kept as printed.]
            Nay, answer me.
            *** END OF THIS PROJECT GUTENBERG EBOOK HAMLET ***
            Updated editions will replace the previous one.
            """
        let (text, removed) = Boilerplate.strip(raw)
        XCTAssertEqual(text, "ACT I.\nWho's there?\nNay, answer me.")
        XCTAssertEqual(removed.count, 9)
        XCTAssertTrue(removed.contains("Updated editions will replace the previous one."))
    }

    func testAnUnclosedNoticeMarkIsOrdinaryText() {
        let raw = "<<not a notice\n" + Array(repeating: "verse", count: 20)
            .joined(separator: "\n")
        XCTAssertEqual(Boilerplate.strip(raw).text, raw)
    }

    func testStageDirectionBracesAreRepairedButCastBracesStay() {
        XCTAssertEqual(Boilerplate.fixStageBrackets("FIRST LORD. {Aside.]"), "FIRST LORD. [Aside.]")
        XCTAssertEqual(Boilerplate.fixStageBrackets("[Exeunt.}"), "[Exeunt.]")
        XCTAssertEqual(Boilerplate.fixStageBrackets("Capulet, }"), "Capulet, }")
        XCTAssertEqual(Boilerplate.fixStageBrackets("LION } Characters in the"),
                       "LION } Characters in the")
    }

    func testItalicUnderscoresGoButRulesStay() {
        XCTAssertEqual(Boilerplate.removeItalicUnderscores("I have _tremor cordis_ on me"),
                       "I have tremor cordis on me")
        XCTAssertEqual(Boilerplate.removeItalicUnderscores("_____"), "_____")
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
        let (text, removed) = ScanMetadata.strip(raw)
        XCTAssertEqual(text, "Providence. In harmony\nSee p. 772 and the year 1564: born.")
        XCTAssertEqual(removed.count, 6)
        XCTAssertTrue(removed.contains("[[ed: TODO italicising]]"))
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
        let raw = "HAMLET\r\n\r\n\r\nACT I.\r\n\r\n[Enter Bernardo.}\r\n\r\nBer.   \r\n"
            + "Who's there?\r\n"
        let document = Document(id: "t_gut", workID: "t", title: "T", edition: .modern,
                                format: .plainText, path: "texts/t_gut.txt", text: raw)
        let (cleaned, report) = CorpusCleaner.clean(document)
        XCTAssertEqual(cleaned.text, "HAMLET\n\nACT I.\n\n[Enter Bernardo.]\n\nBer.\nWho's there?")
        XCTAssertEqual(report.tallies[.lineEndings]?.count, 9)
        XCTAssertEqual(report.tallies[.stageBrackets]?.count, 1)
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
        let document = Document(id: "b", workID: "b", title: "B", edition: .reference,
                                format: .html, path: "b.html", text: html)
        let (cleaned, report) = CorpusCleaner.clean(document)
        XCTAssertEqual(cleaned.text, "SHAKESPEARE, WILLIAM (1564–1616), English poet")
        XCTAssertEqual(report.tallies[.scanMetadata]?.count, 4)
    }
}
