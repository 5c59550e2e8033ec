import Foundation

/// A command's arguments, taken apart one recognised piece at a time.
///
/// Each executable asks for what it understands (`flag`, `option`,
/// `subcommand`, `positional`) and then calls `finish()`, which rejects
/// whatever is left: a mistyped `--qiuck` is an error, never silently ignored.
///
///     var arguments = CommandLineArguments(CommandLine.arguments,
///                                          synopsis: "encode [--encoding NAME] TEXT")
///     let encoding = try arguments.option("--encoding") ?? "cl100k_base"
///     let text = try arguments.positional("TEXT")
///     try arguments.finish()
public struct CommandLineArguments: Sendable {
    /// The executable's name, as the user would type it (`chA-core`).
    public let program: String
    /// One line, `usage: <program> <synopsis>`, printed with every error.
    public let usage: String
    /// What `--help` prints below the usage line.
    public let help: String
    private var remaining: [String]

    /// `arguments` as in `CommandLine.arguments`: the program path first.
    public init(_ arguments: [String], synopsis: String, help: String = "") {
        program = arguments.first.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "?"
        usage = "usage: \(program) \(synopsis)"
        self.help = help
        remaining = Array(arguments.dropFirst())
    }

    /// Whether `name` (say `--quick`) was given; it is consumed either way.
    public mutating func flag(_ name: String) -> Bool {
        let count = remaining.count
        remaining.removeAll { $0 == name }
        return remaining.count < count
    }

    /// The value of `--name value` or `--name=value`, or nil if absent.
    public mutating func option(_ name: String) throws(CommandLineError) -> String? {
        if let i = remaining.firstIndex(where: { $0.hasPrefix(name + "=") }) {
            return String(remaining.remove(at: i).dropFirst(name.count + 1))
        }
        guard let i = remaining.firstIndex(of: name) else { return nil }
        guard i + 1 < remaining.count, !remaining[i + 1].hasPrefix("--") else {
            throw CommandLineError.missingValue(option: name, usage: usage)
        }
        let value = remaining[i + 1]
        remaining.removeSubrange(i...i + 1)
        return value
    }

    /// Whether the first argument is the subcommand `name`; consumed if so.
    public mutating func subcommand(_ name: String) -> Bool {
        guard remaining.first == name else { return false }
        remaining.removeFirst()
        return true
    }

    /// The next argument that is not an option; `name` says what was expected.
    public mutating func positional(_ name: String) throws(CommandLineError) -> String {
        let isOption = { (argument: String) in argument.hasPrefix("-") && argument != "-" }
        guard let i = remaining.firstIndex(where: { !isOption($0) }) else {
            throw CommandLineError.missingArgument(name, usage: usage)
        }
        return remaining.remove(at: i)
    }

    /// Ends parsing: `--help` or `-h` anywhere asks for help, and any argument
    /// nobody asked for is an error naming it.
    public func finish() throws(CommandLineError) {
        if remaining.contains("--help") || remaining.contains("-h") {
            throw CommandLineError.helpRequested(usage: usage, help: help)
        }
        if let unknown = remaining.first {
            throw CommandLineError.unknownArgument(unknown, usage: usage)
        }
    }
}

/// Why a command line was not accepted. `--help` is one of these too, so that
/// one code path decides what to print and how the process exits.
public enum CommandLineError: Error, Equatable, CustomStringConvertible {
    case helpRequested(usage: String, help: String)
    case unknownArgument(String, usage: String)
    case missingValue(option: String, usage: String)
    case missingArgument(String, usage: String)

    /// 0 after help, 2 for a usage error (the Unix convention, as in `grep`).
    public var exitCode: Int32 {
        if case .helpRequested = self { return 0 }
        return 2
    }

    public var description: String {
        switch self {
        case let .helpRequested(usage, help):
            return help.isEmpty ? usage : usage + "\n\n" + help
        case let .unknownArgument(argument, usage):
            return "unknown argument '\(argument)'\n\(usage)"
        case let .missingValue(option, usage):
            return "\(option) needs a value\n\(usage)"
        case let .missingArgument(name, usage):
            return "missing \(name)\n\(usage)"
        }
    }

    /// Prints help on standard output, or the error on standard error, and
    /// exits with `exitCode`. For `main.swift`, where nobody else can catch.
    public func reportAndExit() -> Never {
        if exitCode == 0 {
            Console.standardOutput.write(description + "\n")
            exit(0)
        }
        exitWithError(description, status: exitCode)
    }
}
