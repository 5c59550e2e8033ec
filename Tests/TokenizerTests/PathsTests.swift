import XCTest
@testable import Tokenizer

/// `TokenizerPaths` must name the files `make data` installs (the notebook,
/// the bench and chapter 4 read them), and chapter 4's inputs must be
/// chapter 1's outputs.
final class PathsTests: XCTestCase {
    func testDataPathsNameWhatMakeDataInstalls() throws {
        _ = try TestData.shakespeare()
        _ = try TestData.cl100kRanks()
    }

    func testTheProductsAreSeparateFilesOfTheOutputDirectory() {
        let products = [TokenizerPaths.tokenizer, TokenizerPaths.trainTokens,
                        TokenizerPaths.validationTokens]
        XCTAssertEqual(Set(products.map(\.path)).count, products.count)
        for url in products {
            XCTAssertEqual(url.deletingLastPathComponent().path, TokenizerPaths.output.path)
        }
    }
}
