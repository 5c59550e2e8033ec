/// Why a directive could not be read or resolved: the message that `book` prints
/// after the directive's `chapter.md:LINE:`.
struct DirectiveError: Error, Equatable {
    var message: String
}

/// An instruction in `chapter.md`, alone on its line as an HTML comment so that the
/// prose still renders cleanly on its own:
///
///     <!-- listing: Chapters/02-Attention/Sources/RoPE.swift#rotate -->
///     <!-- output: causal-weights -->
///     <!-- figure: attention-heatmap "Causal attention weights" -->
///     <!-- bench: tokenizer -->
enum Directive: Equatable, Sendable {
    /// Code from a file, all of it or the lines between `// listing: <marker>` and
    /// `// end listing`. The path is relative to the repository root.
    case listing(path: String, marker: String?)
    /// A Markdown snippet the chapter's last run recorded.
    case output(name: String)
    /// An image the chapter's last run drew, with its caption.
    case figure(name: String, caption: String)
    /// A table `make bench` measured, from `bench/results/<name>.md`: speeds
    /// the book claims come from the benchmark, side by side with a reference.
    case bench(name: String)

    /// Reads one line of prose: nil for ordinary lines, a directive for a line of the
    /// form `<!-- kind: arguments -->`, or an error when such a line is malformed or
    /// of an unknown kind. Comments that do not start with `word:` are prose.
    static func parse(_ line: some StringProtocol) throws(DirectiveError) -> Directive? {
        let text = line.trimmingWhitespace()
        guard text.hasPrefix("<!--"), text.hasSuffix("-->"), text.count >= 7 else { return nil }
        let body = text.dropFirst(4).dropLast(3).trimmingWhitespace()
        guard let colon = body.firstIndex(of: ":") else { return nil }
        let kind = body[..<colon]
        guard let first = kind.first, first.isLetter,
              kind.allSatisfy({ $0.isLetter || $0 == "-" }) else { return nil }
        let arguments = body[body.index(after: colon)...].trimmingWhitespace()

        switch kind {
        case "listing":
            return try parseListing(arguments)
        case "output":
            return .output(name: try name(arguments, of: "output"))
        case "figure":
            return try parseFigure(arguments)
        case "bench":
            return .bench(name: try name(arguments, of: "bench"))
        default:
            throw DirectiveError(message:
                "unknown directive '\(kind)' (expected listing, output, figure or bench)")
        }
    }

    private static func parseListing(_ arguments: Substring) throws(DirectiveError) -> Directive {
        let parts = arguments.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        let path = parts[0].trimmingWhitespace()
        guard !path.isEmpty, !path.contains(where: \.isWhitespace) else {
            throw DirectiveError(message:
                "listing needs a file path: <!-- listing: Path/To/File.swift#marker -->")
        }
        guard parts.count == 2 else { return .listing(path: String(path), marker: nil) }
        let marker = parts[1].trimmingWhitespace()
        guard !marker.isEmpty, !marker.contains(where: \.isWhitespace) else {
            throw DirectiveError(message: "listing marker after '#' in '\(arguments)' is empty")
        }
        return .listing(path: String(path), marker: String(marker))
    }

    private static func parseFigure(_ arguments: Substring) throws(DirectiveError) -> Directive {
        let usage = "figure needs a name and a quoted caption: "
            + "<!-- figure: loss-curve \"Training loss\" -->"
        guard let open = arguments.firstIndex(of: "\""),
              let close = arguments.lastIndex(of: "\""), open < close else {
            throw DirectiveError(message: usage)
        }
        let figureName = try name(arguments[..<open], of: "figure")
        let caption = arguments[arguments.index(after: open)..<close].trimmingWhitespace()
        guard !caption.isEmpty, arguments[arguments.index(after: close)...].isEmpty else {
            throw DirectiveError(message: usage)
        }
        return .figure(name: figureName, caption: String(caption))
    }

    /// The file a `bench` directive quotes.
    static func benchPath(_ name: String) -> String { "bench/results/\(name).md" }

    /// Output and figure names become file names, so they are one word without slashes.
    private static func name(_ text: Substring, of kind: String) throws(DirectiveError) -> String {
        let name = text.trimmingWhitespace()
        guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "/" }),
              !name.hasPrefix(".") else {
            throw DirectiveError(message:
                "\(kind) name '\(name)' must be one word without '/', e.g. loss-curve")
        }
        return String(name)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> Substring {
        let text = Substring(self)
        guard let start = text.firstIndex(where: { !$0.isWhitespace }),
              let end = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return text[start...end]
    }
}
