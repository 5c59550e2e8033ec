import Book
import DistributedTraining
import XCTest
#if EXERCISES
import DistributedExercises
#else
import DistributedSolutions
#endif

/// Chapter 7 exercises, checked against the chapter's own code and the
/// core's AdamW; the ranks are simulated, so no MPI is needed.
final class Chapter7Tests: XCTestCase {
    func testE1ShardRows() throws {
        try exercise("7.1") {
            let batch = (0..<24).map(Int32.init)  // 6 rows of 4
            for rank in 0..<3 {
                let expected = share((batch, batch), rank: rank, of: 3).inputs
                XCTAssertEqual(try shardRows(batch, width: 4, rank: rank, size: 3), expected)
            }
            XCTAssertThrowsError(try shardRows(batch, width: 4, rank: 0, size: 4))
        }
    }

    func testE2RingAllReduce() throws {
        try exercise("7.2") {
            var rng = RandomGenerator(seed: 7)
            for ranks in [2, 3, 4] {
                let gradients = (0..<ranks).map { _ in
                    (0..<(5 * ranks)).map { _ in Float(rng.normal()) }
                }
                let mean = (0..<gradients[0].count).map { i in
                    gradients.reduce(Float(0)) { $0 + $1[i] } / Float(ranks)
                }
                let result = try ringAllReduceMean(gradients)
                XCTAssertEqual(result.count, ranks)
                for buffer in result {
                    for (x, y) in zip(buffer, mean) { XCTAssertEqual(x, y, accuracy: 1e-5) }
                }
            }
            // A ring, not one plain sum: each chunk is summed around the ring
            // from a different rank, so with values whose sum depends on the
            // order (2²⁴ + 1 rounds to 2²⁴ in Float), each chunk must match the
            // order from one rank, and no two chunks the same rank. Four ranks,
            // so that dividing by N before or after the sum rounds the same.
            let (ranks, chunk, big) = (4, 5, Float(1 << 24))
            let gradients = (0..<ranks).map { r in
                (0..<(ranks * chunk)).map { i -> Float in
                    [1, big, -big, 3][(r + i) % ranks]
                }
            }
            /// Rank `start`'s value first, then each next rank's added to the sum.
            func ringOrder(_ i: Int, from start: Int) -> Float {
                (1..<ranks).reduce(gradients[start][i]) { sum, k in
                    gradients[(start + k) % ranks][i] + sum
                } / Float(ranks)
            }
            let result = try ringAllReduceMean(gradients)[0]
            let starts = (0..<ranks).map { c in
                (0..<ranks).filter { start in
                    (c * chunk..<(c + 1) * chunk).allSatisfy { result[$0] == ringOrder($0, from: start) }
                }
            }
            for (c, matching) in starts.enumerated() {
                XCTAssertEqual(matching.count, 1, "chunk \(c) is summed in the order of one ring start")
            }
            XCTAssertEqual(Set(starts.compactMap(\.first)).count, ranks,
                           "every chunk starts at a different rank, as on a ring")
            XCTAssertThrowsError(try ringAllReduceMean([]))
            XCTAssertThrowsError(try ringAllReduceMean([[1, 2], [1, 2, 3, 4]]))
            XCTAssertThrowsError(try ringAllReduceMean([[1, 2, 3], [1, 2, 3]]))
        }
    }

    func testE3OwnedShardUpdate() throws {
        try exercise("7.3") {
            var rng = RandomGenerator(seed: 8)
            let (size, block) = (2, 6)
            let weights = (0..<(size * block)).map { _ in Float(rng.normal()) }
            let gradient = (0..<(size * block)).map { _ in Float(rng.normal()) }
            for rank in 0..<size {
                // The core's AdamW on the owned block alone, with the mean gradient.
                let owned = Variable(Tensor(shape: [block], Array(weights[(rank * block)...].prefix(block))))
                let mean = gradient[(rank * block)...].prefix(block).map { $0 / Float(size) }
                owned.gradient.data.update(from: mean, count: block)
                let adamw = AdamW(parameters: [owned], decays: [true], weightDecay: 0.1)
                var (m, v) = ([Float](repeating: 0, count: block), [Float](repeating: 0, count: block))
                var current = weights
                let range = rank * block ..< (rank + 1) * block
                for step in 1...2 {  // the same gradient twice
                    adamw.update(lr: 0.01)
                    current.replaceSubrange(range, with: try ownedShardUpdate(
                        weights: current, gradient: gradient, m: &m, v: &v, rank: rank,
                        size: size, step: step, lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8,
                        weightDecay: 0.1))
                }
                for (x, y) in zip(current[range], owned.value.scalars) {
                    XCTAssertEqual(x, y, accuracy: 1e-6)
                }
                for (x, y) in zip(m, adamw.m[0].scalars) { XCTAssertEqual(x, y, accuracy: 1e-6) }
                for (x, y) in zip(v, adamw.v[0].scalars) { XCTAssertEqual(x, y, accuracy: 1e-7) }
            }
            var (m, v) = ([Float](repeating: 0, count: block - 1), [Float](repeating: 0, count: block))
            XCTAssertThrowsError(try ownedShardUpdate(
                weights: weights, gradient: gradient, m: &m, v: &v, rank: 0, size: size, step: 1,
                lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1))
        }
    }
}
