import XCTest
import Book
@testable import Notebook

final class NotebookTableTests: XCTestCase {
    func testNumericColumnsAreRightAlignedAndPadded() {
        XCTAssertEqual(markdownTable(headers: ["op", "time", "GFLOP/s"],
                                     rows: [["matmul", "12 ms", "255"], ["rmsnorm", "65 µs", "-"]]),
                       """
                       | op      |  time | GFLOP/s |
                       | :------ | ----: | ------: |
                       | matmul  | 12 ms |     255 |
                       | rmsnorm | 65 µs |       - |
                       """)
    }

    func testMixedColumnStaysLeftAligned() {
        XCTAssertEqual(markdownTable(headers: ["v"], rows: [["1"], ["one"]]),
                       "| v   |\n| :-- |\n| 1   |\n| one |")
    }

    func testNumberFormsCountAsNumeric() {
        let table = markdownTable(headers: ["x"],
                                  rows: [["-0.5"], ["+3"], ["1,234"], [".5"], ["NaN"], ["−2"], ["3.2×"]])
        XCTAssertTrue(table.contains("\n| ----: |\n"), table)
    }

    func testPipesAndNewlinesCannotBreakTheTable() {
        XCTAssertEqual(markdownTable(headers: ["token"], rows: [["a|b"], ["x\ny"]]),
                       "| token |\n| :---- |\n| a\\|b  |\n| x y   |")
    }

    func testShortRowsArePadded() {
        XCTAssertEqual(markdownTable(headers: ["a", "b"], rows: [["1"]]),
                       "|   a | b   |\n| --: | :-- |\n|   1 |     |")
    }

    func testNumbersWithPrecisionAndRowLabels() {
        XCTAssertEqual(markdownTable(headers: ["layer", "mean", "std"],
                                     rows: [[0.5, 1.25], [-0.125, .nan]], precision: 2,
                                     rowLabels: ["q", "k"]),
                       """
                       | layer |  mean |  std |
                       | :---- | ----: | ---: |
                       | q     |  0.50 | 1.25 |
                       | k     | -0.12 |  NaN |
                       """)
    }

    func testTensorTable() {
        let weights = Tensor(shape: [2, 2], [1, 0, 0.25, 0.75])
        XCTAssertEqual(weights.markdownTable(precision: 2, rowLabels: ["the", "cat"],
                                             columnLabels: ["the", "cat"]),
                       """
                       |     |  the |  cat |
                       | :-- | ---: | ---: |
                       | the | 1.00 | 0.00 |
                       | cat | 0.25 | 0.75 |
                       """)
        XCTAssertEqual(Tensor(shape: [3], [1, 2, 3]).markdownTable(precision: 0),
                       "|   0 |   1 |   2 |\n| --: | --: | --: |\n|   1 |   2 |   3 |")
    }

    func testFormatNumber() {
        XCTAssertEqual(formatNumber(3.14159, precision: 3), "3.142")
        XCTAssertEqual(formatNumber(2, precision: 0), "2")
        XCTAssertEqual(formatNumber(.infinity, precision: 2), "inf")
        XCTAssertEqual(formatNumber(-.infinity, precision: 2), "-inf")
    }
}
