import Foundation

/// Code shown in the book, cut from a real source file so the book shows the code
/// that ran. In the source, a listing is marked with comments that stay out of the
/// book:
///
///     // listing: rotate
///     func rotate(...) { ... }
///     // end listing
///
/// Listings may nest or overlap: a region ends at the `// end listing` that balances
/// its own `// listing:` line, and marker lines inside it are dropped.
struct Listing: Equatable, Sendable {
    /// A line of the listing with its 1-based line number in the source file.
    struct Line: Equatable, Sendable {
        var number: Int
        var text: String
    }

    /// Common indentation removed, blank lines at either end dropped.
    let lines: [Line]

    /// The code as it goes into the book.
    var code: String { lines.map(\.text).joined(separator: "\n") }

    /// Lines wider than `limit` characters. The PDF wraps them rather than cutting
    /// them, but a wrapped line reads badly, so `book` warns about each.
    func lines(longerThan limit: Int) -> [Line] {
        lines.filter { $0.text.count > limit }
    }

    /// Reads the listing from `path#marker` (or the whole file when `marker` is nil).
    /// Throws a message saying what is missing.
    init(path: String, marker: String?, root: URL) throws(DirectiveError) {
        let url = root.appendingPathComponent(path)
        guard let source = try? String(contentsOf: url, encoding: .utf8) else {
            let exists = FileManager.default.fileExists(atPath: url.path)
            throw .init(message: exists ? "cannot read \(path) as UTF-8 text" : "no such file \(path)")
        }
        // `isNewline` also splits "\r\n", which Swift reads as a single Character.
        var all = source.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .enumerated().map { Line(number: $0.offset + 1, text: String($0.element)) }
        if source.last?.isNewline == true { all.removeLast() }

        let region: ArraySlice<Line>
        if let marker {
            region = try Self.region(named: marker, in: all, path: path)
        } else {
            region = all[...]
        }
        let code = Self.dedented(region.filter { Self.markerName(of: $0.text) == nil && !Self.isEnd($0.text) })
        guard !code.isEmpty else {
            throw .init(message: "listing \(marker.map { "'\($0)' " } ?? "")in \(path) is empty")
        }
        self.lines = code
    }

    /// The lines strictly between `// listing: <name>` and its balancing `// end listing`.
    private static func region(named name: String, in lines: [Line], path: String)
        throws(DirectiveError) -> ArraySlice<Line>
    {
        let starts = lines.indices.filter { markerName(of: lines[$0].text) == name }
        guard let start = starts.first else {
            throw .init(message: "no listing marker '\(name)' in \(path)")
        }
        guard starts.count == 1 else {
            let numbers = starts.map { String(lines[$0].number) }.joined(separator: ", ")
            throw .init(message: "listing marker '\(name)' appears more than once in \(path) "
                + "(lines \(numbers))")
        }
        var depth = 1
        for index in lines.indices[(start + 1)...] {
            if markerName(of: lines[index].text) != nil { depth += 1 }
            if isEnd(lines[index].text) { depth -= 1 }
            if depth == 0 { return lines[(start + 1)..<index] }
        }
        throw .init(message: "listing marker '\(name)' at \(path):\(lines[start].number) "
            + "has no matching '// end listing'")
    }

    /// `"rotate"` for a line `// listing: rotate`, nil for any other line.
    private static func markerName(of line: String) -> String? {
        let text = line.trimmingWhitespace()
        guard text.hasPrefix("// listing:") else { return nil }
        return String(text.dropFirst("// listing:".count).trimmingWhitespace())
    }

    private static func isEnd(_ line: String) -> Bool {
        line.trimmingWhitespace() == "// end listing"
    }

    /// Drops blank lines at either end and the indentation every other line shares,
    /// so a method cut from inside a type starts at the left margin.
    private static func dedented(_ lines: [Line]) -> [Line] {
        let isBlank = { (line: Line) in line.text.allSatisfy(\.isWhitespace) }
        guard let first = lines.firstIndex(where: { !isBlank($0) }),
              let last = lines.lastIndex(where: { !isBlank($0) }) else { return [] }
        let kept = lines[first...last]
        let indents = kept.filter { !isBlank($0) }.map { $0.text.prefix(while: { $0 == " " || $0 == "\t" }) }
        let common = indents.dropFirst().reduce(indents.first ?? "") { shared, indent in
            Substring(zip(shared, indent).prefix(while: { $0 == $1 }).map(\.0))
        }
        return kept.map { line in
            Line(number: line.number, text: isBlank(line) ? "" : String(line.text.dropFirst(common.count)))
        }
    }
}
