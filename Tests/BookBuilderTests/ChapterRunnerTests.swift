import XCTest
@testable import bookbuilder
import Notebook

final class ChapterRunnerTests: XCTestCase {
    /// A chapter whose "notebook" is a shell script that records its run the way the
    /// real notebooks do, copying `BOOK_INPUTS_HASH` into run.json, and counts its runs.
    private func makeRepository(recordsInputs: Bool = true, exitCode: Int = 0) throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("Sources/Book/Tensor.swift", "struct Tensor {}")
        try repo.write("Chapters/01-Tokenizer/chapter.md", "# Tokenizer")
        try repo.write("Chapters/01-Tokenizer/Sources/BPE.swift", "struct BPE {}")
        let inputs = recordsInputs ? #", \"inputs\": \"$BOOK_INPUTS_HASH\""# : ""
        try repo.writeScript(".build/release/ch01-tokenizer", """
            mode=full; dir=build/book
            if [ "$1" = "--quick" ]; then mode=quick; dir=build/quick; fi
            mkdir -p $dir/01
            echo "{\\"chapter\\": \\"01\\", \\"mode\\": \\"$mode\\", \\"commit\\": \\"abc\\", \\
            \\"seconds\\": 1, \\"date\\": \\"2026-11-30T20:00:00Z\\", \\"cells\\": [], \\"timings\\": [], \\"machine\\": {\\"cpu\\": \\"c\\", \\"threads\\": 1, \\"blasKernel\\": \\"k\\"}\(inputs)}" > $dir/01/run.json
            echo "$mode" >> runs.log
            exit \(exitCode)
            """)
        return repo
    }

    private func run(_ repo: TemporaryRepository, mode: RunMode = .full) throws -> (ChapterRunner.Summary, [String]) {
        let layout = repo.layout(mode)
        let chapters = try Chapter.discover(in: layout)
        var log: [String] = []
        var runner = ChapterRunner(layout: layout, chapters: chapters)
        runner.log = { log.append($0) }
        return (try runner.run(chapters), log)
    }

    func testSecondRunIsCachedUntilASourceChanges() throws {
        let repo = try makeRepository()
        XCTAssertEqual(try run(repo).0, .init(ran: ["01"], cached: []))
        XCTAssertEqual(try run(repo).0, .init(ran: [], cached: ["01"]))

        try repo.write("Chapters/01-Tokenizer/chapter.md", "# Tokenizer, with better prose")
        let (cached, log) = try run(repo)
        XCTAssertEqual(cached, .init(ran: [], cached: ["01"]))
        XCTAssertTrue(log[0].hasPrefix("cached   ch01-tokenizer (Chapter 1): inputs "))
        XCTAssertEqual(log.last, "ran: none; cached: 01")

        try repo.write("Sources/Book/Tensor.swift", "struct Tensor { var shape: [Int] }")
        let (rerun, rerunLog) = try run(repo)
        XCTAssertEqual(rerun, .init(ran: ["01"], cached: []))
        // The script predates the edit, as if `swift build` had been forgotten.
        XCTAssertTrue(rerunLog.contains { $0.hasPrefix("warning: Sources/Book/Tensor.swift is newer than") })

        XCTAssertEqual(try run(repo, mode: .quick).0, .init(ran: ["01"], cached: []))
        XCTAssertEqual(try repo.read("runs.log"), "full\nfull\nquick\n")
        let record = try RunRecord.load(for: try Chapter.discover(in: repo.layout())[0], in: repo.layout())
        XCTAssertEqual(record.inputs?.count, 64)
    }

    func testNotebookThatDropsTheHashRunsEveryTimeWithAWarning() throws {
        let repo = try makeRepository(recordsInputs: false)
        _ = try run(repo)
        let (summary, log) = try run(repo)
        XCTAssertEqual(summary, .init(ran: ["01"], cached: []))
        XCTAssertTrue(log.contains { $0.contains("did not record BOOK_INPUTS_HASH") })
    }

    func testFailingNotebookStopsWithItsExitCode() throws {
        let repo = try makeRepository(exitCode: 3)
        XCTAssertThrowsError(try run(repo)) { error in
            let failure = error as? ChapterRunFailure
            XCTAssertEqual(failure?.exitCode, 3)
            XCTAssertEqual(failure?.description,
                           "Chapter 1 failed: `.build/release/ch01-tokenizer` exited with status 3")
        }
    }

    func testMissingExecutableSaysHowToBuildIt() throws {
        let repo = try makeRepository()
        try FileManager.default.removeItem(at: repo.url(".build/release/ch01-tokenizer"))
        XCTAssertThrowsError(try run(repo)) { error in
            XCTAssertEqual((error as? Diagnostic)?.description, "no executable .build/release/ch01-tokenizer: "
                + "build it first with `swift build -c release --product ch01-tokenizer`")
        }
    }
}
