/// How much a chapter computes. `--quick` shrinks every run so the whole book
/// builds in minutes (CI, smoke tests); a full run gives the real results.
/// The two never share files: a quick run can never overwrite the book's.
public enum RunMode: String, Sendable, Codable {
    case quick, full

    /// The mode a notebook's command line asks for: `--quick` or nothing.
    /// `--help` and anything unknown throw a `CommandLineError`.
    public init(arguments: [String]) throws(CommandLineError) {
        var parsed = CommandLineArguments(
            arguments, synopsis: "[--quick]",
            help: """
                Runs the chapter top to bottom, recording its outputs and figures.
                  --quick   a shrunken run (minutes); without it, the full run
                """)
        self = parsed.flag("--quick") ? .quick : .full
        try parsed.finish()
    }

    /// The flag a chapter executable takes to run in this mode.
    public var arguments: [String] { self == .quick ? ["--quick"] : [] }

    /// Where runs of this mode record their cells and `run.json`, relative to
    /// the repository root (ignored by git: a reader's run is their own).
    public var outputRoot: String { self == .full ? "build/book" : "build/quick" }

    /// Where runs of this mode draw their figures: the full run's are
    /// committed with the book.
    public var figuresDirectory: String { self == .full ? "figures" : "build/quick/figures" }

    /// The book this mode assembles.
    public var bookPath: String { self == .full ? "book.md" : "build/quick/book.md" }
}
