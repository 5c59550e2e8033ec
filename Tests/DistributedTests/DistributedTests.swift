import Book
import DistributedTraining
import Model
import XCTest

/// Chapter 7's pieces that need no MPI: the shares of a batch, the flat
/// layout ZeRO-1 cuts into blocks, the buckets, and the cost model. The
/// parts that do are tested under mpirun (`make test` runs
/// `ch07-distributed equivalence` on 2 ranks).
final class DistributedTests: XCTestCase {
    func testSharesAreDisjointAndMakeTheBatch() {
        let inputs = (0..<24).map(Int32.init), targets = inputs.map { $0 + 100 }
        let shares = (0..<3).map { share((inputs, targets), rank: $0, of: 3) }
        XCTAssertEqual(shares.flatMap(\.inputs), inputs)
        XCTAssertEqual(shares.flatMap(\.targets), targets)
        XCTAssertEqual(shares[1].inputs, Array(8..<16).map(Int32.init))
    }

    func testFlatLayoutCutsParametersIntoBlocks() {
        let layout = FlatLayout(counts: [5, 3, 4], ranks: 3)  // 12 values, blocks of 4
        XCTAssertEqual(layout.offsets, [0, 5, 8])
        XCTAssertEqual(layout.block, 4)
        let second = layout.pieces(in: 4..<8)
        XCTAssertEqual(second.map(\.parameter), [0, 1])
        XCTAssertEqual(second.map(\.start), [4, 0])   // parameter 0's last value, then 1 from its start
        XCTAssertEqual(second.map(\.count), [1, 3])
        // Padding: 13 values over 3 ranks make blocks of 5, the last one short.
        let padded = FlatLayout(counts: [13], ranks: 3)
        XCTAssertEqual(padded.block, 5)
        XCTAssertEqual(padded.pieces(in: 10..<15).map(\.count), [3])
    }

    func testBucketsHoldEveryParameterOnceInBackwardOrder() {
        let parameters = [6, 2, 7, 3, 1].map { Variable(Tensor(zeros: [$0])) }
        let buckets = GradientBuckets(parameters, capacity: 8)
        let order = buckets.buckets.flatMap(\.parameters).map(ObjectIdentifier.init)
        XCTAssertEqual(order, parameters.reversed().map(ObjectIdentifier.init))
        for bucket in buckets.buckets {
            XCTAssertEqual(bucket.buffer.count, bucket.parameters.reduce(0) { $0 + $1.value.count })
            // A bucket only overflows its capacity when one parameter alone does.
            XCTAssertTrue(bucket.buffer.count <= 8 || bucket.parameters.count == 1)
        }
    }

    func testRingAllReduceCost() {
        // 2(N − 1)/N of the bytes at the bandwidth, plus 2(N − 1) latencies.
        XCTAssertEqual(ringAllReduceSeconds(bytes: 1e9, ranks: 4, bandwidth: 1e9, latency: 1e-3),
                       1.5 + 6e-3, accuracy: 1e-12)
        XCTAssertEqual(ringAllReduceSeconds(bytes: 1e9, ranks: 1, bandwidth: 1e9, latency: 1),
                       0)
    }

    func testEfficiencyFallsWhenCommunicationOutgrowsCompute() throws {
        let model = try ModelConfig(vocabSize: 256, contextLength: 64, width: 64, depth: 2,
                                    heads: 4, kvHeads: 2, ffnWidth: 128)
        let cluster = Cluster(flops: 1e12, acceleratorsPerNode: 8,
                              nodeBandwidth: 1e11, networkBandwidth: 1e6, latency: 1e-6)
        let few = cluster.step(model, tokensPerStep: 1 << 16, gradientBytes: 2, accelerators: 8)
        let many = cluster.step(model, tokensPerStep: 1 << 16, gradientBytes: 2, accelerators: 64)
        let flops = 3 * Double(model.flopsPerToken()) * Double(1 << 16)
        XCTAssertEqual(few.compute, flops / 8 / 1e12, accuracy: 1e-12)
        XCTAssertEqual(many.compute * 8, few.compute, accuracy: 1e-12)
        XCTAssertLessThan(many.efficiency, few.efficiency)
    }

    func testOverlapHidesTheAllReduceOnlyBehindTheBackwardPass() {
        // 300 ms of compute: a 100 ms forward pass, a 200 ms backward pass.
        let short = StepEstimate(compute: 0.3, communication: 0.15)
        XCTAssertEqual(short.overlapped, 0.3, accuracy: 1e-12, "hidden entirely")
        XCTAssertEqual(short.efficiency, 1, accuracy: 1e-12)
        // 250 ms cannot hide behind 200 ms: 50 ms shows, after the backward pass.
        let long = StepEstimate(compute: 0.3, communication: 0.25)
        XCTAssertEqual(long.overlapped, 0.35, accuracy: 1e-12)
        XCTAssertEqual(long.serial, 0.55, accuracy: 1e-12)
        XCTAssertEqual(long.efficiency, 0.3 / 0.35, accuracy: 1e-12)
    }

    func testTheBatchHoldsAtLeastOneSequencePerAccelerator() throws {
        let model = try ModelConfig(vocabSize: 256, contextLength: 64, width: 64, depth: 2,
                                    heads: 4, kvHeads: 2, ffnWidth: 128)
        let cluster = Cluster(flops: 1e12, acceleratorsPerNode: 8,
                              nodeBandwidth: 1e11, networkBandwidth: 1e9, latency: 1e-6)
        // 1,024 tokens are 16 sequences of 64; 64 accelerators take one each.
        let step = cluster.step(model, tokensPerStep: 1_024, gradientBytes: 2, accelerators: 64)
        XCTAssertEqual(step.compute, 3 * Double(model.flopsPerToken()) * 64 / 1e12,
                       accuracy: 1e-15)
    }
}
