/// Where a problem is: a path relative to the repository root and, when known,
/// a 1-based line number. Printed as `path:line`, the form editors and terminals
/// turn into a jump-to link.
struct SourceLocation: Hashable, Sendable {
    var path: String
    var line: Int?

    init(_ path: String, line: Int? = nil) {
        self.path = path
        self.line = line
    }
}

/// One problem `book` found, printed like a compiler's: `path:line: message`.
///
/// Errors stop the book from being written; warnings are printed and the book is
/// written anyway.
struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
    enum Severity: Sendable { case error, warning }

    var severity: Severity
    var location: SourceLocation?
    var message: String

    static func error(_ message: String, at location: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(severity: .error, location: location, message: message)
    }

    static func warning(_ message: String, at location: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(severity: .warning, location: location, message: message)
    }

    var description: String {
        var prefix = ""
        if let location {
            prefix = location.path + (location.line.map { ":\($0)" } ?? "") + ": "
        }
        if severity == .warning { prefix += "warning: " }
        return prefix + message
    }
}

/// Every error found in one pass. `book` checks the whole book before giving up,
/// so a single run lists everything that needs fixing, one error per line.
struct Diagnostics: Error, Sendable, CustomStringConvertible {
    var errors: [Diagnostic]

    var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
