import Foundation

/// What can go wrong while recording a notebook. Each message names the cell
/// or file and what was expected, so a failed run says what to fix.
public enum NotebookError: Error, Equatable, CustomStringConvertible {
    case invalidName(String, kind: String)
    case duplicateCell(String)
    case fileOperation(path: String, action: String, reason: String)
    case invalidFigure(name: String, reason: String)
    case gnuplotMissing
    case gnuplotFailed(script: String, status: Int32, message: String)
    case graphvizMissing
    case graphvizFailed(source: String, status: Int32, message: String)

    public var description: String {
        switch self {
        case let .invalidName(name, kind):
            let allowed = kind == "chapter" ? "letters and digits" : "letters, digits, '-', '_'"
            return "invalid \(kind) name '\(name)': use \(allowed)"
        case let .duplicateCell(name):
            return "cell '\(name)' recorded twice in one run"
        case let .fileOperation(path, action, reason):
            return "could not \(action) \(path): \(reason)"
        case let .invalidFigure(name, reason):
            return "figure '\(name)': \(reason)"
        case .gnuplotMissing:
            return "gnuplot not found on PATH; figures need it: run `make deps` "
                + "(Debian package gnuplot-nox)"
        case let .gnuplotFailed(script, status, message):
            return "gnuplot failed on \(script) (exit \(status)):\n\(message)"
        case .graphvizMissing:
            return "dot not found on PATH; diagrams need it: run `make deps` "
                + "(Debian package graphviz)"
        case let .graphvizFailed(source, status, message):
            return "dot failed on \(source) (exit \(status)):\n\(message)"
        }
    }

    /// Names appear in file names and in `<!-- output: name -->` directives,
    /// so they are kept to characters that are safe in both. A chapter's name
    /// has no `-`, so `ch<chapter>-` starts the names of its figures only.
    static func checkName(_ name: String, kind: String) throws {
        let punctuation = kind == "chapter" ? "" : "-_"
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: punctuation))
        guard !name.isEmpty, !name.hasPrefix("-"), name.unicodeScalars.allSatisfy({
            $0.isASCII && allowed.contains($0)
        }) else {
            throw NotebookError.invalidName(name, kind: kind)
        }
    }
}
