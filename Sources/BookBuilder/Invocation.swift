import Foundation
import Notebook

/// A mistake on the command line; `book` prints it with the usage and exits 2.
struct UsageError: Error, CustomStringConvertible {
    var description: String
}

/// What the reader asked `book` to do.
enum Invocation: Equatable {
    /// `book [--quick] [--root DIR] [--out FILE]`
    case assemble(mode: RunMode, root: String, out: String?)
    /// `book run [--quick] [--root DIR] [CHAPTER...]`
    case run(mode: RunMode, root: String, chapters: [String])
    /// `book check [--root DIR]`
    case check(root: String)
    case help

    static let usage = """
        usage: bookbuilder [--quick] [--root DIR] [--out FILE]
               bookbuilder run [--quick] [--root DIR] [CHAPTER...]
               bookbuilder check [--root DIR]

        bookbuilder        assembles every chapter's prose, listings, outputs and
                           figures into book.md (build/quick/book.md with --quick),
                           and book-manifest.json beside it. It fails, writing
                           nothing, if any reference does not resolve or a run
                           is stale.
        bookbuilder run    runs the chapters' notebooks (.build/release/ch<ID>-<name>),
                           all of them or the CHAPTERs named (01, 1, A, 01-Tokenizer,
                           ch01-tokenizer), skipping those whose inputs have not
                           changed since their last run.
        bookbuilder check  fails, naming each stale chapter and what changed, when
                           the committed book.md no longer comes from the current
                           sources (book-manifest.json says what it came from).

          --quick      the shrunken runs under build/quick instead of build/book
          --root DIR   the repository (default: the current directory)
          --out FILE   where to write the book (default: book.md or build/quick/book.md)
        """

    init(arguments: [String]) throws(UsageError) {
        var arguments = arguments[...]
        let isRun = arguments.first == "run", isCheck = arguments.first == "check"
        if isRun || isCheck { arguments.removeFirst() }
        var mode = RunMode.full
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
            case "--quick" where !isCheck:
                mode = .quick
            case "--root":
                root = try value(for: argument)
            case "--out" where !isRun && !isCheck:
                out = try value(for: argument)
            case _ where argument.hasPrefix("-"):
                throw UsageError(description: "unknown option \(argument)")
            case _ where isRun:
                chapters.append(argument)
            default:
                throw UsageError(description: "unexpected argument '\(argument)'")
            }
        }
        if isCheck {
            self = .check(root: root)
        } else {
            self = isRun ? .run(mode: mode, root: root, chapters: chapters)
                         : .assemble(mode: mode, root: root, out: out)
        }
    }
}
