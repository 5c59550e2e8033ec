import Foundation

/// A mistake on the command line; `book` prints it with the usage and exits 2.
struct UsageError: Error, CustomStringConvertible {
    var description: String
}

/// What the reader asked `book` to do.
enum Invocation: Equatable {
    /// `book [--quick] [--root DIR] [--out FILE]`
    case assemble(mode: Mode, root: String, out: String?)
    /// `book run [--quick] [--root DIR] [CHAPTER...]`
    case run(mode: Mode, root: String, chapters: [String])
    case help

    static let usage = """
        usage: book [--quick] [--root DIR] [--out FILE]
               book run [--quick] [--root DIR] [CHAPTER...]

        book      assembles every chapter's prose, listings, outputs and figures into
                  book.md (build/quick/book.md with --quick). It fails, writing
                  nothing, if any reference does not resolve.
        book run  runs the chapters' notebooks (.build/release/ch<ID>-<name>), all of
                  them or the CHAPTERs named (01, 1, A, 01-Tokenizer, ch01-tokenizer),
                  skipping those whose sources have not changed since their last run.

          --quick      the shrunken runs under build/quick instead of build/book
          --root DIR   the repository (default: the current directory)
          --out FILE   where to write the book (default: book.md or build/quick/book.md)
        """

    init(arguments: [String]) throws(UsageError) {
        var arguments = arguments[...]
        let isRun = arguments.first == "run"
        if isRun { arguments.removeFirst() }
        var mode = Mode.full
        var root = "."
        var out: String?
        var chapters: [String] = []

        func value(for flag: String) throws(UsageError) -> String {
            guard let value = arguments.popFirst(), !value.hasPrefix("-") else {
                throw UsageError(description: "\(flag) needs a value")
            }
            return value
        }

        while let argument = arguments.popFirst() {
            switch argument {
            case "-h", "--help", "help":
                self = .help
                return
            case "--quick":
                mode = .quick
            case "--root":
                root = try value(for: argument)
            case "--out" where !isRun:
                out = try value(for: argument)
            case _ where argument.hasPrefix("-"):
                throw UsageError(description: "unknown option \(argument)")
            case _ where isRun:
                chapters.append(argument)
            default:
                throw UsageError(description: "unexpected argument '\(argument)'")
            }
        }
        self = isRun ? .run(mode: mode, root: root, chapters: chapters)
                     : .assemble(mode: mode, root: root, out: out)
    }
}
