import XCTest
@testable import Book

final class TensorTests: XCTestCase {
    func testReshapeIsAView() {
        let t = Tensor(shape: [2, 3], [1, 2, 3, 4, 5, 6])
        let v = t.reshaped([3, -1])
        XCTAssertEqual(v.shape, [3, 2])
        v[2, 1] = 60
        XCTAssertEqual(t[1, 2], 60)
    }
}
