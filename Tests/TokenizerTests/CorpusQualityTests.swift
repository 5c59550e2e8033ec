import Foundation
import XCTest
@testable import Corpus

final class CorpusQualityTests: XCTestCase {
    let filter = QualityFilter()

    func document(_ text: String, id: String = "d") -> Document {
        Document(id: id, title: id, edition: .modern, format: .plainText,
                 url: URL(fileURLWithPath: "/data/\(id).txt"), text: text)
    }

    /// Real verse: a sonnet, twice over so the document is long enough.
    let sonnet = """
        From fairest creatures we desire increase,
        That thereby beauty's rose might never die,
        But as the riper should by time decease,
        His tender heir might bear his memory:
        But thou contracted to thine own bright eyes,
        Feed'st thy light's flame with self-substantial fuel,
        Making a famine where abundance lies,
        Thy self thy foe, to thy sweet self too cruel:
        Thou that art now the world's fresh ornament,
        And only herald to the gaudy spring,
        Within thine own bud buriest thy content,
        And tender churl mak'st waste in niggarding:
        Pity the world, or else this glutton be,
        To eat the world's due, by the grave and thee.
        """

    /// A modern-edition dialogue: names on their own line, short replies.
    let dialogue = """
        BERNARDO.
        Who's there?

        FRANCISCO.
        Nay, answer me: stand, and unfold yourself.

        BERNARDO.
        Long live the king!

        FRANCISCO.
        Bernardo?

        BERNARDO.
        He.

        FRANCISCO.
        You come most carefully upon your hour.
        """

    func removals(_ text: String) -> [QualityRemoval] {
        filter.apply(to: document(text)).1
    }

    /// The document rules the statistics fail.
    func failed(_ statistics: DocumentStatistics) -> [QualityRule] {
        filter.thresholds.documentChecks(statistics).filter { !$0.passes }.map(\.rule)
    }

    func testVerseAndDialogueSurviveEveryRule() {
        let (kept, removed, statistics) = filter.apply(to: document(sonnet + "\n\n" + dialogue))
        XCTAssertEqual(removed, [])
        XCTAssertEqual(failed(statistics), [])
        XCTAssertEqual(kept?.text, sonnet + "\n\n" + dialogue)
    }

    func testLinesWithoutLettersGoFromInsideASpeech() {
        let removed = removals(sonnet + "\n\nMOTH.\nHow many is one thrice told?\n@@@@\n\n____")
        XCTAssertEqual(removed.map(\.rule), [.noLetters, .noLetters])
        XCTAssertEqual(removed.map(\.text), ["@@@@", "____"])
    }

    func testSymbolSoupGoes() {
        let ocr = "ESPEARE F SHAKESPEARE T *»` ·¤ T‘Ti¥é§ {D A} ¢¢%¢»· caN£:>y7S¤5[ %§i‘»»"
        let removed = removals(sonnet + "\n\n" + ocr)
        XCTAssertEqual(removed.map(\.rule), [.symbols])
        XCTAssertGreaterThan(BlockMeasures(lines: [ocr[...]]).symbolRatio, 0.10)
    }

    func testNumberTablesGoButShortNumberedSpeechesStay() {
        let bill = """
            Item, A capon, . . . . . . . . . 2s. 2d.
            Item, Sauce, . . . . . . . . . . . . . . 4d.
            Item, Sack two gallons . . . 5s. 8d.
            """
        XCTAssertEqual(removals(sonnet + "\n\n" + bill).map(\.rule), [.nonWords])
        // Folio speakers numbered "1." and "2.": under 20 words, exempt.
        XCTAssertEqual(removals(sonnet + "\n\n2. Were you there?\n1. Yes indeed was I"), [])
    }

    func testDashesSetOffBySpacesAreNotWordsWithoutLetters() {
        let speech = """
            PERICLES.
            My fortunes -- parentage -- good parentage --
            To equal mine! -- was it not thus? what say you? -- and so
            """
        let measures = BlockMeasures(lines: speech.split(separator: "\n"))
        XCTAssertEqual(measures.dashWords, 5)
        XCTAssertEqual(measures.alphabeticWordFraction, 1)
        XCTAssertEqual(removals(sonnet + "\n\n" + speech), [])
    }

    func testCastListsAndTheirContinuationsGo() {
        let cast = """
            Claudius, King of Denmark.
            Hamlet, Son to the former, and Nephew to the present King.
            Polonius, Lord Chamberlain.
            Horatio, Friend to Hamlet.
            Laertes, Son to Polonius.
            """
        let women = "Gertrude, Queen of Denmark, and Mother of Hamlet.\nOphelia, Daughter to Polonius."
        let removed = removals("PERSONS REPRESENTED.\n\n\(cast)\n\n\(women)\n\n\(sonnet)")
        XCTAssertEqual(removed.map(\.rule), [.list, .list])
        XCTAssertEqual(removed.map(\.text), [cast, women])
    }

    func testAShortSpeechOfShortSentencesIsNotAList() {
        let speech = """
            PAGE.
            No, good Master Fenton.
            Come, Master Shallow; come, son Slender, in.
            Knowing my mind, you wrong me, Master Fenton.
            """
        XCTAssertEqual(removals(sonnet + "\n\n" + speech), [])
    }

    func testRepeatedLinesDropADocument() {
        let spam = Array(repeating: "Buy cheap tickets for the play tonight now", count: 30)
            .joined(separator: "\n")
        let (kept, removed, statistics) = filter.apply(to: document(sonnet + "\n\n" + spam))
        XCTAssertNil(kept)
        XCTAssertTrue(failed(statistics).contains(.duplicateLines))
        XCTAssertTrue(failed(statistics).contains(.duplicateLineCharacters))
        XCTAssertTrue(failed(statistics).contains(.duplicateNGrams))
        XCTAssertEqual(removed.last?.rule, failed(statistics).first)
    }

    func testATopNGramThatDominatesDropsADocument() {
        let chant = Array(repeating: "la la la la la la la la", count: 12)
            .joined(separator: " ")
        let stats = DocumentStatistics(chant)
        XCTAssertEqual(stats.topNGramCharacterFraction[2] ?? 0, 1, accuracy: 1e-9)
        XCTAssertTrue(failed(stats).contains(.topNGram))
    }

    func testTooFewWordsAndWordLengthDropADocument() {
        XCTAssertEqual(failed(filter.apply(to: document("Exeunt.")).2).first, .wordCount)
        let letters = Array(repeating: "a b c d e f g h", count: 10).joined(separator: " ")
        XCTAssertTrue(failed(filter.apply(to: document(letters)).2).contains(.meanWordLength))
    }

    func testGopherAndC4MeasuresOnAKnownText() {
        let stats = DocumentStatistics("a b c\na b c\nd e f g h.")
        XCTAssertEqual(stats.lines, 3)
        XCTAssertEqual(stats.words, 11)
        XCTAssertEqual(stats.duplicateLineFraction, 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(stats.duplicateLineCharacterFraction, 5.0 / 20, accuracy: 1e-12)
        // "a b" occurs twice: 2 × 2 characters of 12.
        XCTAssertEqual(stats.topNGramCharacterFraction[2] ?? 0, 4.0 / 12, accuracy: 1e-12)
        XCTAssertEqual(stats.linesWithoutEndMark, 2)
        XCTAssertEqual(stats.linesUnderFiveWords, 2)
    }

    /// Gopher's symbol, bullet, ellipsis, letter and stop-word measures,
    /// counted by hand: 14 words on 4 lines.
    func testGophersOtherMeasuresOnAKnownText() {
        let text = "• #one #two ... and\n• The #end…\n4 5 6......\nTo be. (Of\n\n"
        let stats = DocumentStatistics(text)
        XCTAssertEqual(stats.lines, 4)
        XCTAssertEqual(stats.words, 14)
        XCTAssertEqual(stats.hashesPerWord, 3.0 / 14, accuracy: 1e-12)
        // "...", "…" and "......" (two): Python's str.count, which Gopher's
        // filters use, counts "......" as two "...".
        XCTAssertEqual(stats.ellipsesPerWord, 4.0 / 14, accuracy: 1e-12)
        XCTAssertEqual(stats.bulletLineFraction, 2.0 / 4, accuracy: 1e-12)
        XCTAssertEqual(stats.ellipsisLineFraction, 2.0 / 4, accuracy: 1e-12)
        // Without a letter: "•" twice, "...", "4", "5", "6......".
        XCTAssertEqual(stats.alphabeticWordFraction, 8.0 / 14, accuracy: 1e-12)
        XCTAssertEqual(stats.stopWords, 5)         // and, The, To, be., (Of
    }

    func testGophersOtherRulesDropADocument() {
        func failures(_ text: String) -> [QualityRule] { failed(DocumentStatistics(text)) }
        let hashtags = sonnet + "\n" + Array(repeating: "#play #tonight", count: 20)
            .joined(separator: "\n")
        XCTAssertTrue(failures(hashtags).contains(.hashes))
        let trailing = sonnet.split(separator: "\n").map { $0 + " …" }
            .joined(separator: "\n")
        XCTAssertTrue(failures(trailing).contains(.ellipsisLines))
        XCTAssertTrue(failures(trailing).contains(.ellipses))
        let bullets = sonnet.split(separator: "\n").map { "• " + $0 }.joined(separator: "\n")
        XCTAssertTrue(failures(bullets).contains(.bulletLines))
        let numbers = Array(repeating: "17 23 42 99 Sale", count: 20).joined(separator: "\n")
        XCTAssertTrue(failures(numbers).contains(.alphabeticWords))
        XCTAssertTrue(failures(numbers).contains(.stopWords))
        XCTAssertEqual(failures(sonnet), [])
    }

    func testC4LineVerdicts() {
        func checks(_ line: String) -> [Bool] {
            let c4 = DocumentStatistics.c4LineChecks(Substring(line))
            return [c4.endMark, c4.fiveWords]
        }
        XCTAssertEqual(checks("Than fly to others that we know not of?"), [true, true])
        XCTAssertEqual(checks("To be, or not to be,--that is the question:--"), [false, true])
        XCTAssertEqual(checks("Ham."), [true, false])
        XCTAssertEqual(checks("He said \"stay here with me now\""), [true, true])
        XCTAssertEqual(checks(""), [false, false])
    }

    func testGophersThresholdsDifferFromOursOnlyInDuplicateLines() {
        let stats = DocumentStatistics(sonnet)
        let ours = QualityThresholds().documentChecks(stats)
        let gopher = QualityThresholds.gopher.documentChecks(stats)
        XCTAssertEqual(ours.map(\.label), gopher.map(\.label))
        XCTAssertEqual(zip(ours, gopher).filter { $0.allowed != $1.allowed }.map(\.0.rule),
                       [.duplicateLines])
    }

    func testReportCountsRemovalsAndTheirBytes() {
        let documents = (0..<3).map { document(sonnet + "\n\n@@@@\n\n%%%%", id: "d\($0)") }
        let (kept, report) = filter.apply(to: documents)
        XCTAssertEqual(kept.count, 3)
        let tally = try? XCTUnwrap(report.removed[.noLetters])
        XCTAssertEqual(tally?.count, 6)
        XCTAssertEqual(tally?.bytes, 24)
        XCTAssertEqual(tally?.example, "@@@@")
        XCTAssertEqual(Set(report.statistics.keys), ["d0", "d1", "d2"])
        XCTAssertEqual(report.droppedDocuments, [])
    }
}
