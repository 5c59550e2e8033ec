/// The kinds of cleaning, in the order they run.
public enum CleaningStep: String, CaseIterable, Sendable {
    case htmlMarkup = "HTML converted to text (documents)"
    case editorNotes = "editor notes [[ed: …]]"
    case scanMetadata = "scan headings, page markers, watermarks"
    case markdown = "Markdown marks"
    case stageBrackets = "stage directions {…] → […]"
    case italicUnderscores = "_italic_ underscores (lines)"
    case respacedLines = "lines re-spaced (trimmed, runs of spaces)"
    case blankLines = "surplus blank lines"
}

/// What cleaning did to a corpus: how often each step changed something,
/// the first example of each, and the bytes before and after.
public struct CleaningReport: Sendable {
    public var counts: [CleaningStep: Int] = [:]
    public var examples: [CleaningStep: String] = [:]
    public var bytesBefore = 0
    public var bytesAfter = 0

    mutating func record(_ step: CleaningStep, _ count: Int = 1, example: String? = nil) {
        guard count > 0 else { return }
        counts[step, default: 0] += count
        if examples[step] == nil, let example { examples[step] = example }
    }
}

/// Turns each document's file contents into its text: the work, and
/// nothing else, with uniform whitespace.
///
/// What stays, by choice: speaker names and stage directions, as each
/// edition prints them ("HAMLET." on its own line and "[Exit.]" in the
/// modern texts; "Ham." at the start of the speech and "Exit." in the
/// Folio). They are part of how a play reads, and a model that has seen
/// them learns that a turn begins with a name. Titles, acts and scene
/// headings stay for the same reason. Cast lists go later, in
/// `QualityFilter`, by a rule rather than by name.
public enum CorpusCleaner {
    /// Cleans every document, into one report.
    public static func clean(_ documents: [Document]) -> ([Document], CleaningReport) {
        var report = CleaningReport()
        let cleaned = documents.map { clean($0, into: &report) }
        return (cleaned, report)
    }

    // listing: clean
    public static func clean(_ document: Document,
                             into report: inout CleaningReport) -> Document {
        var text = document.text
        if document.format == .html {
            text = HTMLText.extract(text)
            report.record(.htmlMarkup, example: document.id)
        }
        if document.edition == .reference {   // the scanned article
            let scan = ScanMetadata.strip(text)
            text = scan.text
            report.record(.editorNotes, scan.notes.count,
                          example: scan.notes.first)
            report.record(.scanMetadata, scan.lines.count,
                          example: scan.lines.first)
        }
        if document.format == .markdown {
            let markdown = MarkdownText.strip(text)
            text = markdown.text
            report.record(.markdown, markdown.marks)
        }
        if document.format == .plainText {
            text = text.lines.map { fixPlainTextMarkup(String($0), &report) }
                .joined(separator: "\n")
        }
        let normalized = TextNormalizer.normalize(text)
        report.record(.respacedLines, normalized.respacedLines)
        report.record(.blankLines, normalized.blankLinesRemoved)
        report.bytesBefore += document.byteCount
        report.bytesAfter += normalized.text.utf8.count
        var cleaned = document
        cleaned.text = normalized.text
        return cleaned
    }
    // end listing

    /// Gutenberg's plain-text conventions in one line: a stage direction
    /// opened with one bracket and closed with another, and italics.
    static func fixPlainTextMarkup(_ line: String, _ report: inout CleaningReport) -> String {
        let bracketed = fixStageBrackets(line)
        if bracketed != line {
            report.record(.stageBrackets, example: "\(line) → \(bracketed)")
        }
        let plain = removeItalicUnderscores(bracketed)
        if plain != bracketed {
            report.record(.italicUnderscores, example: "\(bracketed) → \(plain)")
        }
        return plain
    }

    /// `{Aside.]` → `[Aside.]` and `[Exeunt.}` → `[Exeunt.]`: the modern
    /// texts' stage directions are bracketed, and a few have a typo'd brace.
    /// A brace that does not pair with a bracket on its line (the braces
    /// grouping names in a cast list) is left alone.
    static func fixStageBrackets(_ line: String) -> String {
        guard line.utf8.contains(UInt8(ascii: "{")) || line.utf8.contains(UInt8(ascii: "}"))
        else { return line }
        var chars = Array(line)
        for i in chars.indices where chars[i] == "{" {
            if let close = chars[(i + 1)...].firstIndex(where: { $0 == "]" || $0 == "}" }),
               chars[close] == "]" { chars[i] = "[" }
        }
        for i in chars.indices.reversed() where chars[i] == "}" {
            if let open = chars[..<i].lastIndex(where: { $0 == "[" || $0 == "{" }),
               chars[open] == "[" { chars[i] = "]" }
        }
        return String(chars)
    }

    /// `_tremor cordis_` → `tremor cordis`: Gutenberg's plain-text italics.
    /// Only underscores touching a letter go, so a rule of `____` stays (for
    /// the quality filter to judge).
    static func removeItalicUnderscores(_ line: String) -> String {
        guard line.utf8.contains(UInt8(ascii: "_")) else { return line }
        let chars = Array(line)
        return String(chars.indices.compactMap { i in
            let touchesLetter = (i > 0 && chars[i - 1].isLetter)
                || (i + 1 < chars.count && chars[i + 1].isLetter)
            return chars[i] == "_" && touchesLetter ? nil : chars[i]
        })
    }
}
