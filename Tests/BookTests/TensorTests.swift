import Foundation
import XCTest
@testable import Book

final class TensorTests: XCTestCase {
    func testStorageIs64ByteAligned() {
        for n in [1, 3, 17, 1000] {
            XCTAssertEqual(Int(bitPattern: Tensor(zeros: [n]).data) % 64, 0)
        }
    }

    func testReshapeAndRowsAreViews() {
        let t = Tensor(shape: [2, 3], [1, 2, 3, 4, 5, 6])
        let v = t.reshaped([3, -1])
        XCTAssertEqual(v.shape, [3, 2])
        v[2, 1] = 60
        XCTAssertEqual(t[1, 2], 60)
        let second = t.rows(1..<2)
        XCTAssertEqual(second.scalars, [4, 5, 60])
        second[0, 0] = 40
        XCTAssertEqual(t[1, 0], 40)
        XCTAssertEqual(t.copy().scalars, t.scalars)
        XCTAssertNotEqual(t.copy().data, t.data)
    }

    func testRowsAndColumns() {
        XCTAssertEqual(Tensor(zeros: [2, 3, 4]).rowsAndColumns.rows, 6)
        XCTAssertEqual(Tensor(zeros: [2, 3, 4]).rowsAndColumns.columns, 4)
    }

    /// Our xoshiro256** against an independent Python implementation.
    func testRandomGeneratorMatchesReference() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/rng/xoshiro256.json")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url))
                                 as? [String: [String: Any]])
        XCTAssertEqual(json.count, 3)
        for (seed, expected) in json {
            var rng = RandomGenerator(seed: try XCTUnwrap(UInt64(seed)))
            let raw = try XCTUnwrap(expected["u64"] as? [String])
            XCTAssertEqual(raw.map { _ in String(rng.next()) }, raw, "seed \(seed)")
            for u in try XCTUnwrap(expected["uniform"] as? [String]) {
                XCTAssertEqual(rng.uniform(), Double(u))
            }
            for z in try XCTUnwrap(expected["normal"] as? [String]) {
                XCTAssertEqual(rng.normal(), try XCTUnwrap(Double(z)), accuracy: 1e-15)
            }
        }
    }

    func testSameSeedSameTensorAndStateRoundTrip() {
        var a = RandomGenerator(seed: 7), b = RandomGenerator(seed: 7)
        XCTAssertEqual(Tensor.randn([100], rng: &a).scalars, Tensor.randn([100], rng: &b).scalars)
        var c = RandomGenerator(state: a.stateWords)
        XCTAssertEqual(a.next(), c.next())
        var d = RandomGenerator(seed: 8)
        XCTAssertNotEqual(Tensor.randn([4], rng: &d).scalars, Tensor.randn([4], rng: &a).scalars)
    }

    func testNormalAndUniformMoments() {
        var rng = RandomGenerator(seed: 1)
        let n = Tensor.randn([100_000], std: 2, mean: 1, rng: &rng).scalars.map(Double.init)
        let mean = n.reduce(0, +) / Double(n.count)
        let variance = n.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n.count)
        XCTAssertEqual(mean, 1, accuracy: 0.03)
        XCTAssertEqual(variance, 4, accuracy: 0.1)
        let u = Tensor.uniform([100_000], low: -1, high: 3, rng: &rng).scalars
        XCTAssertGreaterThanOrEqual(u.min()!, -1)
        XCTAssertLessThan(u.max()!, 3)
        XCTAssertEqual(Double(u.reduce(0, +)) / 1e5, 1, accuracy: 0.03)
        let ints = (0..<10_000).map { _ in rng.int(below: 10) }
        XCTAssertEqual(Set(ints), Set(0..<10))
    }
}
