import Foundation

/// Where a notebook and its progress bars write their text: the terminal when
/// a chapter runs, a buffer when a test wants to read what was printed.
public struct Console: Sendable {
    /// Whether the text goes to an interactive terminal, where a progress bar
    /// may redraw itself in place; in a log file it prints plain lines instead.
    public let isTerminal: Bool
    private let sink: @Sendable (String) -> Void

    public init(isTerminal: Bool, write: @escaping @Sendable (String) -> Void) {
        self.isTerminal = isTerminal
        sink = write
    }

    public func write(_ text: String) { sink(text) }

    /// Standard output. It goes through `print`, the same buffered stream as a
    /// chapter's own `print` calls, so the two never appear out of order; the
    /// flush makes each piece visible at once, even through a pipe or `tee`.
    public static let standardOutput = Console(isTerminal: isatty(1) == 1) { text in
        print(text, terminator: "")
        fflush(nil)  // nil: all streams; Swift 6 rejects touching the global `stdout`
    }
}

/// Prints `<program>: <message>` on standard error and exits with `status`.
/// The one way a notebook or a chapter command ends on an error: a message,
/// not a crash.
public func exitWithError(_ message: String, status: Int32) -> Never {
    fflush(nil)  // whatever the chapter printed comes first
    let program = CommandLine.arguments.first.map {
        URL(fileURLWithPath: $0).lastPathComponent
    } ?? "book"
    FileHandle.standardError.write(Data("\(program): \(message)\n".utf8))
    exit(status)
}
