/// What one kind of cleaning did, over all documents: how often, and a few
/// real examples for the book's before/after table.
public struct CleaningTally: Sendable, Equatable {
    public var count = 0
    /// Up to `CleaningReport.maxExamples` examples, each at most 100
    /// characters.
    public var examples: [String] = []
}

/// The kinds of cleaning, in the order they run.
public enum CleaningStep: String, CaseIterable, Sendable, Codable {
    case lineEndings = "line endings (\\r\\n, \\r → \\n)"
    case htmlMarkup = "HTML converted to text (documents)"
    case boilerplate = "license / Gutenberg lines"
    case editorNotes = "editor notes [[ed: …]]"
    case scanMetadata = "scan headings and page markers"
    case markdown = "Markdown marks"
    case stageBrackets = "stage directions {…] → […]"
    case italicUnderscores = "_italic_ underscores (lines)"
    case respacedLines = "lines re-spaced (trimmed, runs of spaces)"
    case blankLines = "surplus blank lines"
    case otherCharacters = "tabs, NBSP, BOM, NFC"
}

/// The cleaning of a whole corpus, step by step, with bytes before/after.
public struct CleaningReport: Sendable, Equatable {
    public static let maxExamples = 5
    public var tallies: [CleaningStep: CleaningTally] = [:]
    public var bytesBefore = 0
    public var bytesAfter = 0

    public init() {}

    mutating func record(_ step: CleaningStep, count: Int = 1, examples: [String] = []) {
        guard count > 0 else { return }
        var tally = tallies[step, default: CleaningTally()]
        tally.count += count
        for example in examples where tally.examples.count < Self.maxExamples {
            let short = String(example.prefix(100))
            if !tally.examples.contains(short) { tally.examples.append(short) }
        }
        tallies[step] = tally
    }

    /// Adds another report's counts and examples to this one.
    public mutating func merge(_ other: CleaningReport) {
        for step in CleaningStep.allCases {
            if let tally = other.tallies[step] {
                record(step, count: tally.count, examples: tally.examples)
            }
        }
        bytesBefore += other.bytesBefore
        bytesAfter += other.bytesAfter
    }
}

/// Turns each document's file contents into its text: the work, and
/// nothing else, with uniform whitespace.
///
/// What stays, by choice: speaker names and stage directions, as each
/// edition prints them ("HAMLET." on its own line and "[Exit.]" in the
/// modern texts; "Ham." at the start of the speech and "Exit." in the
/// Folio). They are part of how a play reads, and a model that has seen
/// them learns that a turn begins with a name; they are also a small share
/// of the bytes. Titles, acts and scene headings stay for the same reason.
/// Cast lists go later, in `QualityFilter`, by a rule rather than by name.
public enum CorpusCleaner {
    // listing: clean
    public static func clean(_ document: Document)
        -> (Document, CleaningReport) {
        var report = CleaningReport()
        report.bytesBefore = document.byteCount
        var text = document.text
        let crlf = text.utf8.reduce(0) { $0 + ($1 == 13 ? 1 : 0) }
        report.record(.lineEndings, count: crlf)
        if document.format == .html {
            text = HTMLText.extract(text)
            report.record(.htmlMarkup, examples: [document.id])
        }
        let (lines, raw) = TextNormalizer.normalize(text)  // lines to trust
        text = lines
        let gutenberg = Boilerplate.strip(text)
        text = gutenberg.text
        report.record(.boilerplate, count: gutenberg.removed.count,
                      examples: gutenberg.removed)
        if document.edition == .reference {
            let scan = ScanMetadata.strip(text)
            text = scan.text
            let notes = scan.removed.filter { $0.hasPrefix("[[ed:") }
            let lines = scan.removed.filter { !$0.hasPrefix("[[ed:") }
            report.record(.editorNotes, count: notes.count, examples: notes)
            report.record(.scanMetadata, count: lines.count, examples: lines)
        }
        if document.format == .markdown {
            let markdown = MarkdownText.strip(text)
            text = markdown.text
            report.record(.markdown, count: markdown.marks)
        }
        if document.format == .plainText {
            text = fixPlainTextMarkup(text, &report)
        }
        let (normalized, again) = TextNormalizer.normalize(text)
        report.record(.respacedLines,
                      count: raw.respacedLines + again.respacedLines)
        report.record(.blankLines,
                      count: raw.blankLinesRemoved + again.blankLinesRemoved)
        report.record(.otherCharacters, count: raw.otherCharacters)
        var cleaned = document
        cleaned.text = normalized
        report.bytesAfter = cleaned.byteCount
        return (cleaned, report)
    }
    // end listing

    /// Cleans every document; one report for all.
    public static func clean(_ documents: [Document]) -> ([Document], CleaningReport) {
        var report = CleaningReport()
        let cleaned = documents.map { document in
            let (clean, documentReport) = clean(document)
            report.merge(documentReport)
            return clean
        }
        return (cleaned, report)
    }

    /// Stage-direction brackets and italic underscores, line by line.
    static func fixPlainTextMarkup(_ text: String, _ report: inout CleaningReport) -> String {
        return text.lines.map { raw -> String in
            let line = String(raw)
            let bracketed = Boilerplate.fixStageBrackets(line)
            if bracketed != line {
                report.record(.stageBrackets, examples: ["\(line) → \(bracketed)"])
            }
            let plain = Boilerplate.removeItalicUnderscores(bracketed)
            if plain != bracketed {
                report.record(.italicUnderscores, examples: ["\(bracketed) → \(plain)"])
            }
            return plain
        }.joined(separator: "\n")
    }
}
