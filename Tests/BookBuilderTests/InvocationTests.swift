import XCTest
@testable import bookbuilder
import Notebook

final class InvocationTests: XCTestCase {
    func testCommands() throws {
        XCTAssertEqual(try Invocation(arguments: []), .assemble(mode: .full, root: ".", out: nil))
        XCTAssertEqual(try Invocation(arguments: ["--quick", "--root", "/r", "--out", "b.md"]),
                       .assemble(mode: .quick, root: "/r", out: "b.md"))
        XCTAssertEqual(try Invocation(arguments: ["run", "--quick", "01", "A"]),
                       .run(mode: .quick, root: ".", chapters: ["01", "A"]))
        XCTAssertEqual(try Invocation(arguments: ["run", "--help"]), .help)
    }

    func testMistakes() {
        for (arguments, message) in [(["--fast"], "unknown option --fast"),
                                     (["--root"], "--root needs a value"),
                                     (["01"], "unexpected argument '01'"),
                                     (["run", "--out", "x"], "unknown option --out")] {
            XCTAssertThrowsError(try Invocation(arguments: arguments)) { error in
                XCTAssertEqual((error as? UsageError)?.description, message)
            }
        }
    }

    func testChapterSelectors() throws {
        let chapter = try XCTUnwrap(Chapter(directoryName: "01-Tokenizer"))
        for selector in ["1", "01", "01-tokenizer", "ch01-tokenizer"] {
            XCTAssertTrue(chapter.matches(selector), selector)
        }
        XCTAssertFalse(chapter.matches("2"))
        XCTAssertEqual(Chapter(directoryName: "A-Core")?.executableName, "chA-core")
        XCTAssertNil(Chapter(directoryName: "shared"))
        XCTAssertNil(Chapter(directoryName: "x-Notes"))
    }
}
