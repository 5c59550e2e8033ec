import Book
import Foundation
import XCTest
@testable import Notebook

/// The FMA peak is measured once per machine and reused; a kernel above it
/// is an error, never a fraction above 100 %.
final class MachinePeakTests: XCTestCase {
    let machine = Machine(cpu: "Test CPU", threads: 2, blasKernel: "Haswell")

    /// A fake measurement: 8 and 16 lanes, 100 GFLOP/s per thread at best.
    /// Records the thread counts it was asked for.
    func load(_ file: URL, _ machine: Machine, calls: inout [Int]) throws -> MachinePeak {
        var measured: [Int] = []
        defer { calls += measured }
        return try MachinePeak.load(from: file, machine: machine, measure: { threads in
            measured.append(threads)
            return [FMARate(chains: 12, lanes: 8, threads: threads,
                            gflops: 100 * Double(threads)),
                    FMARate(chains: 12, lanes: 16, threads: threads, gflops: 60)]
        }, log: { _ in })
    }

    func testMeasuresOnceThenReusesTheSavedPeak() throws {
        let file = try temporaryDirectory(self).appendingPathComponent("build/peak.json")
        var calls: [Int] = []
        let first = try load(file, machine, calls: &calls)
        XCTAssertEqual(calls, [1, 2])
        XCTAssertEqual(try first.gflops(threads: 1), 100)
        XCTAssertEqual(try first.gflops(threads: 2), 200)
        XCTAssertEqual(first.best(threads: 1)?.lanes, 8)
        let second = try load(file, machine, calls: &calls)
        XCTAssertEqual(calls, [1, 2], "a saved peak of the same machine is reused")
        XCTAssertEqual(second, first)
    }

    func testAnotherMachineMeasuresAgain() throws {
        let file = try temporaryDirectory(self).appendingPathComponent("peak.json")
        var calls: [Int] = []
        _ = try load(file, machine, calls: &calls)
        var other = machine
        other.blasKernel = "SkylakeX"
        let peak = try load(file, other, calls: &calls)
        XCTAssertEqual(calls, [1, 2, 1, 2])
        XCTAssertEqual(peak.machine, other)
        XCTAssertEqual(try readJSON([MachinePeak].self, from: file).map(\.machine),
                       [machine, other])
        _ = try load(file, machine, calls: &calls)
        XCTAssertEqual(calls, [1, 2, 1, 2], "each machine's peak is kept")
    }

    func testAnUnreadableFileIsMeasuredAgain() throws {
        let file = try temporaryDirectory(self).appendingPathComponent("peak.json")
        try Data("{not json".utf8).write(to: file)
        var calls: [Int] = []
        XCTAssertEqual(try load(file, machine, calls: &calls).machine, machine)
        XCTAssertEqual(calls, [1, 2])
    }

    func testOneThreadMachineMeasuresOnce() throws {
        let file = try temporaryDirectory(self).appendingPathComponent("peak.json")
        var calls: [Int] = []
        let single = Machine(cpu: "Test CPU", threads: 1, blasKernel: "Haswell")
        let peak = try load(file, single, calls: &calls)
        XCTAssertEqual(calls, [1])
        XCTAssertThrowsError(try peak.gflops(threads: 2))
    }

    func testFractionsAboveThePeakAreErrorsNamingBothNumbers() throws {
        let file = try temporaryDirectory(self).appendingPathComponent("peak.json")
        var calls: [Int] = []
        let peak = try load(file, machine, calls: &calls)
        XCTAssertEqual(try peak.fraction(150, threads: 2, of: "sgemm"), 0.75)
        XCTAssertEqual(try peak.percent(100, threads: 1, of: "sgemm"), "100%")
        XCTAssertThrowsError(try peak.fraction(132, threads: 1, of: "sgemm 64×64×64")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("sgemm 64×64×64 ran at 132.0 GFLOP/s on 1 thread"), text)
            XCTAssertTrue(text.contains("FMA peak of 100.0 GFLOP/s"), text)
        }
        XCTAssertThrowsError(try peak.fraction(10, threads: 3, of: "sgemm"))
    }
}
