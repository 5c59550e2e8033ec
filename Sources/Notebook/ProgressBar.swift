import Book
import Synchronization

/// Progress of a long loop, with rate and time left:
///
///     let bar = ProgressBar(total: steps, label: "training", unit: "step")
///     for _ in 0..<steps {
///         let loss = trainStep()
///         bar.advance(info: "loss \(loss)")
///     }
///
/// On a terminal it redraws one line in place, at most ten times a second:
///
///     training [█████████░░░░░░░░░░░░░░░]  38%  380/1000  9.8 step/s  39 s
///       ETA 63 s  loss 3.210        (on one line)
///
/// Into a log (not a terminal) it prints a plain line each time another
/// 10% is done, at most one a second, then a summary line at the end.
///
/// Calls are cheap enough for a hot loop: `info` is an autoclosure, built
/// only when a line is drawn. A bar may be advanced from several threads.
public final class ProgressBar: Sendable {
    private struct State {
        var completed = 0
        var finished = false
        var lastDraw: Double
        var nextTenth = 1  // log mode: the next 10% step that earns a line
    }

    public let total: Int
    public let label: String
    public let unit: String
    private let console: Console
    private let clock: @Sendable () -> Double
    private let start: Double
    private let state: Mutex<State>

    /// `unit` names what is counted, for the rate ("tok" gives "tok/s").
    public convenience init(total: Int, label: String, unit: String = "it",
                            console: Console = .standardOutput) {
        let stopwatch = Stopwatch()
        self.init(total: total, label: label, unit: unit, console: console,
                  clock: { stopwatch.seconds })
    }

    /// `clock` gives seconds from any fixed origin; tests pass a fake one.
    init(total: Int, label: String, unit: String, console: Console,
         clock: @escaping @Sendable () -> Double) {
        self.total = max(0, total)
        self.label = label
        self.unit = unit
        self.console = console
        self.clock = clock
        start = clock()
        state = Mutex(State(lastDraw: start))
        if console.isTerminal {
            console.write(terminalLine(completed: 0, now: start, info: ""))
        }
    }

    /// Counts `count` more items done.
    public func advance(by count: Int = 1, info: @autoclosure () -> String = "") {
        state.withLock { state in
            report(&state, completed: state.completed + count, info: info)
        }
    }

    /// Sets how many items are done.
    public func update(completed: Int, info: @autoclosure () -> String = "") {
        state.withLock { state in report(&state, completed: completed, info: info) }
    }

    /// Prints the final line now, for a loop that stops before `total`
    /// (an early stop); reaching `total` finishes the bar by itself.
    public func finish(info: @autoclosure () -> String = "") {
        state.withLock { state in
            guard !state.finished else { return }
            state.finished = true
            writeFinal(completed: state.completed, info: info())
        }
    }

    private func report(_ state: inout State, completed: Int, info: () -> String) {
        guard !state.finished else { return }
        state.completed = completed
        let now = clock()
        if completed >= total {
            state.finished = true
            writeFinal(completed: completed, info: info())
        } else if console.isTerminal {
            guard now - state.lastDraw >= 0.1 else { return }
            state.lastDraw = now
            console.write(terminalLine(completed: completed, now: now, info: info()))
        } else {
            let tenths = completed * 10 / max(total, 1)
            guard tenths >= state.nextTenth, now - state.lastDraw >= 1 else { return }
            state.nextTenth = tenths + 1
            state.lastDraw = now
            console.write(logLine(completed: completed, now: now, info: info()))
        }
    }

    private func writeFinal(completed: Int, info: String) {
        let now = clock()
        if console.isTerminal {
            console.write(terminalLine(completed: completed, now: now, info: info) + "\n")
        } else {
            let elapsed = now - start
            var line = "\(label): done, \(completed) \(unit) in \(formatDuration(elapsed))"
            if elapsed > 0 { line += " (\(rate(completed: completed, elapsed: elapsed)))" }
            console.write(line + (info.isEmpty ? "" : ", \(info)") + "\n")
        }
    }

    /// `\r`, the whole line, then "erase to end of line" for leftovers of a
    /// longer previous line.
    private func terminalLine(completed: Int, now: Double, info: String) -> String {
        let fraction = total == 0 ? 1 : min(1, Double(completed) / Double(total))
        let filled = Int(fraction * 24)
        let bar = String(repeating: "█", count: filled)
            + String(repeating: "░", count: 24 - filled)
        let percent = "\(Int(fraction * 100))%"
        let padded = String(repeating: " ", count: max(0, 4 - percent.count)) + percent
        let fields = [label + " [" + bar + "]", padded, "\(completed)/\(total)"]
            + timing(completed: completed, now: now) + (info.isEmpty ? [] : [info])
        return "\r" + fields.joined(separator: "  ") + "\u{1B}[K"
    }

    private func logLine(completed: Int, now: Double, info: String) -> String {
        let fraction = Double(completed) / Double(max(total, 1))
        let fields = ["\(Int(fraction * 100))% (\(completed)/\(total))"]
            + timing(completed: completed, now: now) + (info.isEmpty ? [] : [info])
        return "\(label): " + fields.joined(separator: ", ") + "\n"
    }

    /// Rate, elapsed time and time left ("ETA ?" until there is a rate,
    /// nothing once done).
    private func timing(completed: Int, now: Double) -> [String] {
        let elapsed = now - start
        guard completed > 0, elapsed > 0 else { return [formatDuration(elapsed), "ETA ?"] }
        let fields = [rate(completed: completed, elapsed: elapsed), formatDuration(elapsed)]
        guard completed < total else { return fields }
        let remaining = Double(total - completed) * elapsed / Double(completed)
        return fields + ["ETA \(formatDuration(remaining))"]
    }

    private func rate(completed: Int, elapsed: Double) -> String {
        let perSecond = Double(completed) / elapsed
        let scaled = perSecond >= 1e6 ? significantFigures(perSecond / 1e6) + "M"
            : perSecond >= 1e4 ? significantFigures(perSecond / 1e3) + "k"
            : significantFigures(perSecond)
        return "\(scaled) \(unit)/s"
    }

}
