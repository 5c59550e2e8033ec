import XCTest
import Book
@testable import Notebook

final class NotebookArgumentTests: XCTestCase {
    func testNoArgumentsIsAFullRun() throws {
        XCTAssertEqual(try RunMode(arguments: ["/x/.build/release/chA-core"]), .full)
    }

    func testQuickFlag() throws {
        XCTAssertEqual(try RunMode(arguments: ["chA-core", "--quick"]), .quick)
    }

    func testUnknownFlagNamesItWithUsageAndExitCode2() {
        XCTAssertThrowsError(try RunMode(arguments: ["/path/to/chA-core", "--qiuck"])) { error in
            let error = error as! CommandLineError
            XCTAssertEqual(error, .unknownArgument("--qiuck", usage: "usage: chA-core [--quick]"))
            XCTAssertEqual(error.exitCode, 2)
            XCTAssertEqual(error.description, "unknown argument '--qiuck'\nusage: chA-core [--quick]")
        }
    }

    func testStrayPositionalArgumentIsRejected() {
        XCTAssertThrowsError(try RunMode(arguments: ["chA-core", "--quick", "extra"])) { error in
            XCTAssertEqual(error as? CommandLineError,
                           .unknownArgument("extra", usage: "usage: chA-core [--quick]"))
        }
    }

    func testHelpExitsZeroWithUsageAndExplanation() {
        XCTAssertThrowsError(try RunMode(arguments: ["chA-core", "--help"])) { error in
            let error = error as! CommandLineError
            XCTAssertEqual(error.exitCode, 0)
            XCTAssertTrue(error.description.hasPrefix("usage: chA-core [--quick]\n\n"))
            XCTAssertTrue(error.description.contains("--quick"))
        }
        XCTAssertThrowsError(try RunMode(arguments: ["chA-core", "-h"])) { error in
            XCTAssertEqual((error as! CommandLineError).exitCode, 0)
        }
    }

    func testSubcommandWithOptionAndPositional() throws {
        var arguments = CommandLineArguments(
            ["ch01-tokenizer", "encode", "--encoding", "cl100k_base", "hello world"],
            synopsis: "encode [--encoding NAME] TEXT")
        XCTAssertFalse(arguments.subcommand("decode"))
        XCTAssertTrue(arguments.subcommand("encode"))
        XCTAssertEqual(try arguments.option("--encoding"), "cl100k_base")
        XCTAssertEqual(try arguments.positional("TEXT"), "hello world")
        XCTAssertNoThrow(try arguments.finish())
    }

    func testOptionWithEqualsSignAndAbsentOption() throws {
        var arguments = CommandLineArguments(["tool", "--encoding=gpt2"], synopsis: "")
        XCTAssertNil(try arguments.option("--seed"))
        XCTAssertEqual(try arguments.option("--encoding"), "gpt2")
        XCTAssertNoThrow(try arguments.finish())
    }

    func testOptionWithoutValue() {
        var arguments = CommandLineArguments(["tool", "--encoding", "--quick"],
                                             synopsis: "[--encoding NAME]")
        XCTAssertThrowsError(try arguments.option("--encoding")) { error in
            XCTAssertEqual(error as? CommandLineError,
                           .missingValue(option: "--encoding", usage: "usage: tool [--encoding NAME]"))
            XCTAssertEqual((error as! CommandLineError).exitCode, 2)
        }
    }

    func testMissingPositional() {
        var arguments = CommandLineArguments(["tool", "encode"], synopsis: "encode TEXT")
        XCTAssertTrue(arguments.subcommand("encode"))
        XCTAssertThrowsError(try arguments.positional("TEXT")) { error in
            XCTAssertEqual((error as! CommandLineError).description,
                           "missing TEXT\nusage: tool encode TEXT")
        }
    }
}
