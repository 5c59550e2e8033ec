import Book
import Foundation
import XCTest
@testable import Finetuning

/// The instruction data: parsing plays, the task families' answers, and a
/// split with no test line in any training prompt.
final class InstructionDataTests: XCTestCase {
    /// A small play in the corpus's modern layout, with `speeches` speeches
    /// by four speakers, every line distinct.
    static func play(_ title: String, speeches: Int = 60) -> Play {
        var text = "\(title)\n\nby William Shakespeare\n\nPERSONS REPRESENTED.\n\nACT I.\n\n"
        text += "SCENE 1. A room.\n\n[Enter the court.]\n\n"
        let speakers = ["DUKE", "FIRST LORD", "LADY ANNE", "CLOWN"]
        for s in 0..<speeches {
            text += "\(speakers[s % 4]).\n"
            for l in 0..<3 {
                text += "\(title.lowercased()) speech \(s) says line \(l) aloud\n"
            }
            text += "[Exit.]\n\n"
        }
        return Play(title: title, text: text)
    }

    func testPlayParsingKeepsSpeechesAndDropsDirections() {
        let text = """
            HAMLET

            PERSONS REPRESENTED.

            CLAUDIUS.
            HAMLET.

            ACT I.

            Scene I. Elsinore.

            [Enter Bernardo and
            Francisco.]

            Ber.
            Who's there?
            [Aside.]
            Long live the king!

            Fran.
            Bernardo?

            Ber.
            He.

            HORATIO
            Friends to this ground.

            Fran.
            You come most carefully upon your hour.

            Ber.
            'Tis now struck twelve.

            Fran.
            For this relief much thanks.

            O!
            Farewell.
            """
        let play = Play(title: "HAMLET", text: text)
        XCTAssertEqual(play.speeches.map(\.speaker), ["Ber", "Fran", "Ber", "Fran", "Ber", "Fran"])
        XCTAssertEqual(play.speeches[0].lines, ["Who's there?", "Long live the king!"])
        XCTAssertTrue(Play.isSpeaker("LADY MACBETH."))
        XCTAssertTrue(Play.isSpeaker("THESEUS"))
        XCTAssertTrue(Play.isSpeaker("First Lord."))
        XCTAssertFalse(Play.isSpeaker("Farewell"))
        XCTAssertFalse(Play.isSpeaker("ACT II."))
        XCTAssertFalse(Play.isSpeaker("Scene II."))
        XCTAssertFalse(Play.isSpeaker("Nay, answer me."))
    }

    func testWordsFollowTheStatedRule() {
        XCTAssertEqual(Words.of("O, that this too too solid flesh would melt,"),
                       ["O", "that", "this", "too", "too", "solid", "flesh", "would", "melt"])
        XCTAssertEqual(Words.of("You shall find of the king a husband, madam;--you, sir"),
                       ["You", "shall", "find", "of", "the", "king", "a", "husband", "madam",
                        "you", "sir"])
        XCTAssertEqual(Words.of("'Tis o'er. -- Go!"), ["'Tis", "o'er", "Go"])
    }

    func testExactMatchNormalizesOnlyLightly() {
        XCTAssertTrue(ExactMatch.matches(" b.\nmore", "B"))
        XCTAssertTrue(ExactMatch.matches("I can't help with that.", InstructionExample.refusal))
        XCTAssertFalse(ExactMatch.matches("B. HAMLET", "B"))
        XCTAssertFalse(ExactMatch.matches("9 words", "9"))
        XCTAssertTrue(TaskFamily.countWords.isWellFormed("12"))
        XCTAssertFalse(TaskFamily.speaker.isWellFormed("E"))
    }

    func testWilsonIntervalMatchesTheFormula() {
        // 45 of 50: Wilson 95 % interval (0.7864, 0.9565), by the formula by hand.
        let p = Proportion(count: 45, total: 50)
        XCTAssertEqual(p.interval.lowerBound, 0.7864, accuracy: 1e-4)
        XCTAssertEqual(p.interval.upperBound, 0.9565, accuracy: 1e-4)
        XCTAssertEqual(Proportion(count: 0, total: 20).interval.lowerBound, 0)
        XCTAssertGreaterThan(Proportion(count: 0, total: 20).interval.upperBound, 0.1)
    }

    func makeData() throws -> InstructionSplits {
        let training = ["ALPHA", "BETA", "GAMMA", "DELTA", "EPSILON"].map { Self.play($0) }
        let heldOut = ["ZETA", "ETA"].map { Self.play($0) }
        return try InstructionData.make(trainingPlays: training, heldOutPlays: heldOut,
                                        sizes: SplitSizes(train: 40, validation: 5, test: 10))
    }

    func testSplitsHaveTheSizesAndEveryAnswerIsRight() throws {
        let data = try makeData()
        XCTAssertEqual(data.train.count, 8 * 40)
        XCTAssertEqual(data.validation.count, 8 * 5)
        XCTAssertEqual(data.test.count, 8 * 10)
        for example in data.train + data.validation + data.test {
            let quoted = example.prompt.components(separatedBy: "\"")
            switch example.family {
            case .countWords:
                XCTAssertEqual(example.answer, String(Words.of(quoted[1]).count))
            case .firstWord:
                XCTAssertEqual(example.answer, Words.of(quoted[1]).first)
            case .lastWord:
                XCTAssertEqual(example.answer, Words.of(quoted[1]).last)
            case .refuse:
                XCTAssertEqual(example.answer, InstructionExample.refusal)
            case .nextLine, .speaker, .play:
                XCTAssertTrue(["A", "B", "C", "D"].contains(example.answer))
                let letter = example.answer
                let chosen = example.prompt.components(separatedBy: "\n")
                    .first { $0.hasPrefix("\(letter). ") }!.dropFirst(3)
                let line = quoted[1]
                let speech = Int(line.split(separator: " ")[2])!
                if example.family == .play { XCTAssertTrue(line.hasPrefix(chosen.lowercased() + " ")) }
                if example.family == .speaker {
                    XCTAssertEqual(String(chosen), ["DUKE", "FIRST LORD", "LADY ANNE", "CLOWN"][speech % 4])
                }
                if example.family == .nextLine {
                    // "x speech s says line l aloud" is followed by line l + 1.
                    let l = Int(line.split(separator: " ")[5])!
                    XCTAssertEqual(String(chosen), line.replacingOccurrences(
                        of: "line \(l) ", with: "line \(l + 1) "))
                }
            case .lookAlike:
                XCTAssertNotEqual(example.answer, InstructionExample.refusal)
            }
        }
    }

    /// The play lines a prompt shows: the quoted one and any choices.
    func shownLines(_ e: InstructionExample) -> [String] {
        e.prompt.components(separatedBy: "\n").compactMap { line -> String? in
            if line.hasPrefix("\"") { return line.trimmingCharacters(in: ["\""]) }
            if ["A. ", "B. ", "C. ", "D. "].contains(String(line.prefix(3))) {
                return String(line.dropFirst(3))
            }
            return nil
        }.filter { $0.contains(" says line ") }
    }

    func testNoTestLineAppearsInATrainingPrompt() throws {
        let data = try makeData()
        let training = Set(data.train.flatMap(shownLines))
        let test = Set(data.test.flatMap(shownLines))
        XCTAssertFalse(test.isEmpty)
        XCTAssertTrue(training.isDisjoint(with: test), "\(training.intersection(test).prefix(3))")
        // Text tasks are tested on held-out plays only.
        for e in data.test where e.family.isTextTask {
            let line = shownLines(e)[0]
            XCTAssertTrue(line.hasPrefix("zeta ") || line.hasPrefix("eta "), line)
        }
        // Test requests use a held-out harm or person.
        let heldOut = SafetyTasks.heldOutHarms + SafetyTasks.heldOutPeople
        for e in data.test where e.family == .refuse {
            XCTAssertTrue(heldOut.contains { e.prompt.contains($0) }, e.prompt)
        }
    }

    func testTheSameSeedGivesTheSameData() throws {
        let (a, b) = (try makeData(), try makeData())
        XCTAssertEqual(a.train, b.train)
        XCTAssertEqual(a.test, b.test)
    }

    func testTooSmallACorpusIsAnErrorNamingTheFamily() {
        XCTAssertThrowsError(try InstructionData.make(
            trainingPlays: [Self.play("ALPHA", speeches: 4)], heldOutPlays: [Self.play("ZETA")],
            sizes: SplitSizes(train: 40, validation: 5, test: 10))
        ) { error in
            XCTAssertTrue("\(error)".hasPrefix("next-line: ") && "\(error)".contains("too small"), "\(error)")
        }
    }

    func testJSONLinesRoundTripAndBadLinesAreReported() throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("finetuning-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("train.jsonl")
        let examples = try makeData().validation
        try InstructionFile.write(examples, to: url)
        XCTAssertEqual(try InstructionFile.read(url), examples)

        var text = try String(contentsOf: url, encoding: .utf8)
        text += "{\"family\":\"count-words\",\"prompt\":\"x\"}\nnot json\n"
            + "{\"family\":\"poetry\",\"prompt\":\"x\",\"answer\":\"y\"}\n"
        try text.write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try InstructionFile.read(url)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("3 bad lines of \(examples.count + 3)"), message)
            XCTAssertTrue(message.contains("line \(examples.count + 1): no \"answer\""), message)
            XCTAssertTrue(message.contains("line \(examples.count + 2): not JSON"), message)
            XCTAssertTrue(message.contains("line \(examples.count + 3):"), message)
        }
    }
}
