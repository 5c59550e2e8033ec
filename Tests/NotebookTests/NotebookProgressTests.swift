import XCTest
import Book
@testable import Notebook

final class NotebookProgressTests: XCTestCase {
    func testLogOutputPrintsEachTenthThenASummary() {
        let output = CapturedConsole(isTerminal: false)
        let clock = ManualClock()
        let bar = ProgressBar(total: 40, label: "training", unit: "step",
                              console: output.console, clock: clock.now)
        for step in 1...40 {
            clock.advance(by: 0.5)
            bar.advance(info: "loss \(step)")
        }
        let lines = output.text.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 11)  // nine tenths, the summary, and "" after the last "\n"
        XCTAssertEqual(lines[0], "training: 10% (4/40), 2 step/s, 2 s, ETA 18 s, loss 4")
        XCTAssertEqual(lines[8], "training: 90% (36/40), 2 step/s, 18 s, ETA 2 s, loss 36")
        XCTAssertEqual(lines[9], "training: done, 40 step in 20 s (2 step/s), loss 40")
        XCTAssertEqual(lines[10], "")

        bar.advance(info: "ignored")  // a finished bar stays quiet
        XCTAssertEqual(output.text.split(separator: "\n").count, 10)
    }

    func testBigStepsPrintOneLinePerStepNotPerTenth() {
        let output = CapturedConsole(isTerminal: false)
        let clock = ManualClock()
        let bar = ProgressBar(total: 4, label: "eval", unit: "batch",
                              console: output.console, clock: clock.now)
        clock.advance(by: 1)
        bar.update(completed: 3)  // 75%: one line, not seven
        XCTAssertEqual(output.text, "eval: 75% (3/4), 3 batch/s, 1 s, ETA 333 ms\n")
    }

    func testAFastLoopPrintsOnlyTheSummary() {
        let output = CapturedConsole(isTerminal: false)
        let clock = ManualClock()
        let bar = ProgressBar(total: 100, label: "fast", unit: "it",
                              console: output.console, clock: clock.now)
        for _ in 0..<100 {
            clock.advance(by: 0.005)
            bar.advance()
        }
        XCTAssertEqual(output.text, "fast: done, 100 it in 500 ms (200 it/s)\n")
    }

    func testEarlyFinishPrintsTheSummaryOnce() {
        let output = CapturedConsole(isTerminal: false)
        let clock = ManualClock()
        let bar = ProgressBar(total: 1000, label: "search", unit: "it",
                              console: output.console, clock: clock.now)
        clock.advance(by: 2)
        bar.advance(by: 50)
        bar.finish(info: "converged")
        bar.finish()
        XCTAssertEqual(output.text, "search: done, 50 it in 2 s (25 it/s), converged\n")
    }

    func testTerminalRedrawsInPlaceAtMostTenTimesASecond() {
        let output = CapturedConsole(isTerminal: true)
        let clock = ManualClock()
        let bar = ProgressBar(total: 1000, label: "tokens", unit: "tok",
                              console: output.console, clock: clock.now)
        var infoBuilt = 0
        for _ in 0..<1000 {
            clock.advance(by: 1.0 / 1024)  // 1000 calls in about a second (exact in binary)
            bar.advance(info: { infoBuilt += 1; return "loss 3.2" }())
        }
        let draws = output.text.split(separator: "\r")
        XCTAssertTrue(output.text.hasPrefix("\r"))
        XCTAssertTrue((10...12).contains(draws.count), "\(draws.count)")  // start, ≤ 10/s, end
        XCTAssertEqual(infoBuilt, draws.count - 1)  // only for lines drawn after the start
        XCTAssertEqual(draws[0], "tokens [░░░░░░░░░░░░░░░░░░░░░░░░]    0%  0/1000  0 µs  ETA ?\u{1B}[K")
        XCTAssertTrue(draws[3].contains("ETA "), String(draws[3]))
        XCTAssertEqual(draws.last, "tokens [████████████████████████]  100%  1000/1000  "
                       + "1024 tok/s  977 ms  loss 3.2\u{1B}[K\n")
    }

    func testInfoIsNotBuiltWhenNothingIsDrawn() {
        let output = CapturedConsole(isTerminal: false)
        let bar = ProgressBar(total: 100, label: "x", unit: "it", console: output.console,
                              clock: ManualClock().now)
        var built = 0
        bar.advance(info: { built += 1; return "" }())
        XCTAssertEqual(built, 0)
    }

    func testDurations() {
        XCTAssertEqual(formatDuration(42e-6), "42 µs")
        XCTAssertEqual(formatDuration(0.85), "850 ms")
        XCTAssertEqual(formatDuration(0.9999), "1 s")
        XCTAssertEqual(formatDuration(12.34), "12.3 s")
        XCTAssertEqual(formatDuration(1.5), "1.5 s")
        XCTAssertEqual(formatDuration(72), "1 min 12 s")
        XCTAssertEqual(formatDuration(3600 + 5 * 60 + 10), "1 h 05 min")
        XCTAssertEqual(formatDuration(.nan), "–")
    }

    func testStopwatchMeasuresElapsedTime() {
        let stopwatch = Stopwatch()
        usleep(20_000)
        XCTAssertGreaterThanOrEqual(stopwatch.seconds, 0.019)
        XCTAssertLessThan(stopwatch.seconds, 5)
    }
}
