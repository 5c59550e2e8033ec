import XCTest
import Book
@testable import Notebook

final class NotebookCellTests: XCTestCase {
    private var root: URL!
    private var locations: NotebookLocations!
    private let output = CapturedConsole()

    override func setUpWithError() throws {
        root = try temporaryDirectory(self)
        locations = NotebookLocations(outputRoot: root.appendingPathComponent("build/book"),
                                      figures: root.appendingPathComponent("figures"))
    }

    private func notebook(_ mode: RunMode = .full, inputs: String? = nil) throws -> Notebook {
        try Notebook(chapter: "A", mode: mode, locations: locations, console: output.console,
                     inputsHash: inputs)
    }

    func testTextCellIsWrittenToItsFileAndEchoed() throws {
        let nb = try notebook()
        try nb.text("intro") { "Gradients **flow** backwards." }
        let file = root.appendingPathComponent("build/book/A/outputs/intro.md")
        XCTAssertEqual(try contents(of: file), "Gradients **flow** backwards.\n")
        let rule = String(repeating: "─", count: 63)  // the heading is 72 columns wide
        XCTAssertTrue(output.text.hasSuffix("\n── intro \(rule)\nGradients **flow** backwards.\n"),
                      output.text)
    }

    func testTableCellHoldsTheMarkdownTable() throws {
        let nb = try notebook()
        try nb.table("timings", headers: ["op", "ms"], rows: [["matmul", "12.5"], ["add", "0.3"]])
        XCTAssertEqual(try contents(of: locations.cellFile(chapter: "A", cell: "timings")), """
            | op     |   ms |
            | :----- | ---: |
            | matmul | 12.5 |
            | add    |  0.3 |

            """)
    }

    func testVerbatimFenceOutgrowsBackticksInside() throws {
        let nb = try notebook()
        try nb.verbatim("sample") { "ROMEO: a ```quoted``` line" }
        XCTAssertEqual(try contents(of: locations.cellFile(chapter: "A", cell: "sample")),
                       "````text\nROMEO: a ```quoted``` line\n````\n")
    }

    func testVerbatimShowsControlCharactersAsReplacements() throws {
        let nb = try notebook()
        try nb.verbatim("untrained") { "a\u{14}b\tc\r\nd\u{7F}" }
        XCTAssertEqual(try contents(of: locations.cellFile(chapter: "A", cell: "untrained")),
                       "```text\na\u{FFFD}b\tc\u{FFFD}\nd\u{FFFD}\n```\n")
    }

    func testInvalidAndDuplicateNamesThrow() throws {
        let nb = try notebook()
        XCTAssertThrowsError(try nb.text("../escape") { "" }) { error in
            XCTAssertEqual(error as? NotebookError, .invalidName("../escape", kind: "cell"))
        }
        try nb.text("once") { "1" }
        XCTAssertThrowsError(try nb.text("once") { "2" }) { error in
            XCTAssertEqual(error as? NotebookError, .duplicateCell("once"))
            XCTAssertEqual("\(error)", "cell 'once' recorded twice in one run")
        }
        XCTAssertEqual(try contents(of: locations.cellFile(chapter: "A", cell: "once")), "1\n")
        for chapter in ["A/B", "A-Core", ""] {
            XCTAssertThrowsError(try Notebook(chapter: chapter, mode: .full,
                                              locations: locations, console: output.console)) {
                XCTAssertEqual($0 as? NotebookError, .invalidName(chapter, kind: "chapter"))
            }
        }
    }

    func testErrorInsideACellPropagatesAndWritesNothing() throws {
        struct Failure: Error {}
        let nb = try notebook()
        XCTAssertThrowsError(try nb.text("broken") { throw Failure() }) { XCTAssert($0 is Failure) }
        XCTAssertFalse(FileManager.default.fileExists(
            atPath: locations.cellFile(chapter: "A", cell: "broken").path))
    }

    func testUnwritableOutputNamesThePath() throws {
        // A file where the outputs directory should be makes the write fail.
        let blocked = NotebookLocations(outputRoot: root.appendingPathComponent("blocked"),
                                        figures: locations.figures)
        try OutputFiles.write("not a directory", to: root.appendingPathComponent("blocked/A"))
        XCTAssertThrowsError(try Notebook(chapter: "A", mode: .full, locations: blocked,
                                          console: output.console).text("x") { "" }) { error in
            let directory = root.appendingPathComponent("blocked/A/outputs").path
            XCTAssertEqual(error as? NotebookError, .fileOperation(
                path: directory, action: "create directory", reason: "Not a directory"))
            XCTAssertEqual("\(error)", "could not create directory \(directory): Not a directory")
        }
    }

    func testStartRemovesStaleOutputsOfThatChapterOnly() throws {
        let first = try notebook()
        try first.text("old-cell") { "stale" }
        try first.finish()
        let other = locations.cellFile(chapter: "B", cell: "kept")
        try OutputFiles.write("other chapter", to: other)

        let second = try notebook()
        XCTAssertFalse(FileManager.default.fileExists(
            atPath: locations.cellFile(chapter: "A", cell: "old-cell").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: locations.runRecord("A").path))
        XCTAssertEqual(try contents(of: other), "other chapter")
        try second.text("new-cell") { "fresh" }
        XCTAssertEqual(try contents(of: locations.cellFile(chapter: "A", cell: "new-cell")),
                       "fresh\n")
    }

    func testRunRecordFields() throws {
        let nb = try notebook(.quick, inputs: "abc123")
        try nb.text("intro") { "hi" }
        let answer = nb.time("counting") { (1...1000).reduce(0, +) }
        XCTAssertEqual(answer, 500500)
        try nb.finish()

        let json = try Data(contentsOf: locations.runRecord("A"))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        XCTAssertEqual(object["chapter"] as? String, "A")
        XCTAssertEqual(object["mode"] as? String, "quick")
        XCTAssertEqual(object["inputs"] as? String, "abc123")
        let seconds = try XCTUnwrap(object["seconds"] as? Double)
        XCTAssertTrue(seconds >= 0 && seconds < 60, "\(seconds)")
        let date = try XCTUnwrap(object["date"] as? String)
        XCTAssertNotNil(try? Date.ISO8601FormatStyle().parse(date), date)
        // This test runs inside the book's git checkout.
        let commit = try XCTUnwrap(object["commit"] as? String)
        XCTAssertNotNil(commit.wholeMatch(of: /[0-9a-f]{7,}(-dirty)?|unknown/), commit)

        let record = try JSONDecoder().decode(RunRecord.self, from: json)
        XCTAssertEqual(record.cells, [.init(name: "intro", kind: "text",
                                            path: locations.cellFile(chapter: "A", cell: "intro")
                                                .relativePath)])
        XCTAssertEqual(record.timings.map(\.label), ["counting"])
        XCTAssertTrue(output.text.contains("counting: "))
    }

    func testRunRecordLeavesOutInputsWhenNotSet() throws {
        let nb = try notebook()
        try nb.finish()
        let json = try contents(of: locations.runRecord("A"))
        XCTAssertFalse(json.contains("inputs"), json)
        XCTAssertTrue(json.contains("\"mode\" : \"full\""), json)
    }

    func testFinishRemovesFiguresThisRunDidNotDraw() throws {
        let nb = try notebook()
        try nb.figure("kept", LinePlot([.init("y", y: [1, 2, 3])], xlabel: "x", ylabel: "y"))
        for file in ["chA-gone.png", "chA-gone.gp", "chA-gone.dat", "chB-other.png", "notes.txt"] {
            try OutputFiles.write("x", to: locations.figures.appendingPathComponent(file))
        }
        try nb.finish()
        let left = try FileManager.default.contentsOfDirectory(atPath: locations.figures.path)
        XCTAssertEqual(Set(left), ["chA-kept.png", "chA-kept.gp", "chA-kept.dat",
                                   "chB-other.png", "notes.txt"])
        let record = try JSONDecoder().decode(RunRecord.self,
                                              from: Data(contentsOf: locations.runRecord("A")))
        XCTAssertEqual(record.cells.map(\.kind), ["figure"])
        XCTAssertEqual(record.cells.first?.path, locations.figures
            .appendingPathComponent("chA-kept.png").relativePath)
    }

    func testStandardLocations() {
        XCTAssertEqual(NotebookLocations.standard(for: .full, environment: [:]).outputRoot.relativePath,
                       "build/book")
        XCTAssertEqual(NotebookLocations.standard(for: .full, environment: [:]).figures.relativePath,
                       "figures")
        let quick = NotebookLocations.standard(for: .quick, environment: [:])
        XCTAssertEqual(quick.outputRoot.relativePath, "build/quick")
        XCTAssertEqual(quick.figures.relativePath, "build/quick/figures")
        XCTAssertEqual(quick.cellFile(chapter: "04", cell: "loss").relativePath,
                       "build/quick/04/outputs/loss.md")
        XCTAssertEqual(quick.figureImage(chapter: "04", figure: "loss").relativePath,
                       "build/quick/figures/ch04-loss.png")
        let overridden = NotebookLocations.standard(
            for: .full, environment: ["BOOK_OUTPUT_ROOT": "/tmp/o", "BOOK_FIGURES_DIR": "/tmp/f"])
        XCTAssertEqual(overridden.runRecord("A").path, "/tmp/o/A/run.json")
        XCTAssertEqual(overridden.figures.path, "/tmp/f")
    }
}
