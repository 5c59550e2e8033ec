/// How much a chapter computes. `--quick` shrinks every run so the whole book
/// builds in minutes (CI, smoke tests); a full run gives the real results.
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
}
