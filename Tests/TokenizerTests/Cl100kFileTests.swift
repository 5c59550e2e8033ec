import Book
import Foundation
import XCTest
@testable import Tokenizer

/// Damaged `.tiktoken` files give an error naming the file and the line,
/// never a crash.
final class Cl100kFileTests: XCTestCase {
    let url = URL(fileURLWithPath: "/tmp/damaged.tiktoken")

    /// A well-formed file of the 256 single bytes, then `extra` lines.
    func file(_ extra: [String]) -> Data {
        let bytes = (0..<256).map { "\(Data([UInt8($0)]).base64EncodedString()) \($0)" }
        return Data((bytes + extra).joined(separator: "\n").utf8)
    }

    func error(_ extra: [String], reserved: [Int: String] = [:]) -> String {
        do {
            _ = try TiktokenFile.ranks(parsing: file(extra), url: url, reserved: reserved)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testWellFormedFileLoads() throws {
        let ab = Data("ab".utf8).base64EncodedString()
        let ranks = try TiktokenFile.ranks(parsing: file(["", "\(ab) 256", ""]), url: url)
        XCTAssertEqual(ranks.count, 257)
        XCTAssertEqual(ranks[Array("ab".utf8)], 256)
    }

    func testEachProblemNamesFileAndLine() {
        let path = url.path
        XCTAssertEqual(error(["!!!! 256"]),
                       "\(path): line 257: '!!!!' is not a token in base64")
        XCTAssertEqual(error(["YWI="]),
                       "\(path): line 257: expected '<base64 token> <rank>', found 'YWI='")
        XCTAssertEqual(error(["YWI= 25x"]),
                       "\(path): line 257: rank '25x' is not an integer in 0..<4294967295")
        XCTAssertEqual(error(["YWI= -3"]),
                       "\(path): line 257: rank '-3' is not an integer in 0..<4294967295")
        XCTAssertEqual(error(["YWI= 256", "YmM= 256"]),
                       "\(path): line 258: rank 256 is already the rank of line 257")
        XCTAssertEqual(error(["YWI= 256", "YWI= 257"]),
                       "\(path): line 258: token 'YWI=' already has rank 256")
        XCTAssertEqual(error(["YWI=  256"]),
                       "\(path): line 257: expected '<base64 token> <rank>', found 'YWI=  256'")
        XCTAssertEqual(error(["YWI= 100257"], reserved: [100257: "<|endoftext|>"]),
                       "\(path): line 257: rank 100257 is the id of the special token <|endoftext|>")
    }

    func testEveryByteMustHaveARank() throws {
        let lines = try XCTUnwrap(String(data: file([]), encoding: .utf8)).split(separator: "\n")
        let data = Data(lines.enumerated().filter { $0.offset != 65 }.map(\.element)
            .joined(separator: "\n").utf8)
        XCTAssertThrowsError(try TiktokenFile.ranks(parsing: data, url: url)) {
            XCTAssertEqual("\($0)", "\(self.url.path): no line gives the single byte 65 a rank; "
                                  + "every byte must be a token")
        }
    }

    func testMissingFileSaysHowToGetIt() {
        let missing = URL(fileURLWithPath: "/nonexistent/cl100k_base.tiktoken")
        XCTAssertThrowsError(try Encoding.cl100kBase(ranksFile: missing)) {
            XCTAssertEqual("\($0)", "/nonexistent/cl100k_base.tiktoken: not found; run `make data`")
        }
    }
}
