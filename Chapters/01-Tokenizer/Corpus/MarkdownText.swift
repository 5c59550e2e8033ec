/// Plain text from the light Markdown of `britannica-11th.txt`, matching
/// what the HTML version renders: heading marks, `*emphasis*` and
/// `**strong**` asterisks, list bullets, code backticks and footnote
/// markers (`[^1]`) go; the footnotes' own text stays.
public enum MarkdownText {
    /// The line without its Markdown syntax, and how many marks were removed.
    public static func strip(line: String) -> (String, Int) {
        var text = line[...]
        var marks = 0
        // "### Heading ###" → "Heading"
        if text.first == "#" {
            let hashes = text.prefix { $0 == "#" }
            if hashes.count <= 6, text.dropFirst(hashes.count).first == " " {
                text = text.dropFirst(hashes.count).drop { $0 == " " }
                while text.last == "#" || text.last == " " { text = text.dropLast() }
                marks += 1
            }
        }
        // "* item" → "item"
        let trimmed = text.drop { $0 == " " }
        if trimmed.hasPrefix("* ") || trimmed.hasPrefix("- ") {
            text = trimmed.dropFirst(2)
            marks += 1
        }
        // "[^2]: note" → "note"; "word[^2]" → "word"
        var output = ""
        var rest = text
        while let open = rest.range(of: "[^"),
              let close = rest[open.upperBound...].firstIndex(of: "]"),
              rest[open.upperBound..<close].allSatisfy(\.isNumber) {
            output += rest[..<open.lowerBound]
            rest = rest[rest.index(after: close)...]
            if output.allSatisfy(\.isWhitespace) && rest.first == ":" {
                rest = rest.dropFirst().drop { $0 == " " }
            }
            marks += 1
        }
        output += rest
        // Emphasis asterisks touch a word; code spans are in backticks.
        let chars = Array(output)
        var result = ""
        for (i, char) in chars.enumerated() {
            if char == "`" { marks += 1; continue }
            if char == "*" {
                let before = i > 0 && !chars[i - 1].isWhitespace
                let after = i + 1 < chars.count && !chars[i + 1].isWhitespace
                if before || after { marks += 1; continue }
            }
            result.append(char)
        }
        return (result, marks)
    }

    /// Every line stripped; returns the text and the number of marks removed.
    public static func strip(_ text: String) -> (text: String, marks: Int) {
        var total = 0
        let lines = text.lines.map {
            let (line, marks) = strip(line: String($0))
            total += marks
            return line
        }
        return (lines.joined(separator: "\n"), total)
    }
}
