import XCTest
@testable import Tokenizer

final class PathsTests: XCTestCase {
    func testPathsAreRelativeToTheRepository() {
        XCTAssertTrue(TokenizerPaths.cl100kBase.relativePath.hasPrefix("data/"))
    }
}
