import Foundation
import Notebook

/// A chapter as it appears in the book: numbered heading, run line, and every
/// directive replaced by the listing, output or figure it names.
struct RenderedChapter: Sendable {
    let chapter: Chapter
    /// The title as written in `chapter.md`, e.g. `"Tokenizer"`.
    let title: String
    /// The title as the book prints it, e.g. `"Chapter 1 — Tokenizer"`.
    var heading: String { "\(chapter.label) — \(title)" }
    let markdown: String
}

/// Turns one `chapter.md` into book Markdown. It keeps going after an error so that
/// one run reports every broken reference in the chapter.
struct ChapterRenderer {
    /// Listings wider than this wrap in the PDF; `book` warns about them.
    static let listingWidth = 80

    let chapter: Chapter
    let layout: Layout
    /// Nil when the chapter has no run recorded: that is an error reported elsewhere,
    /// and rendering anyway finds the chapter's other errors in the same pass.
    let run: RunRecord?
    /// The directory the book is written to; figure links are relative to it.
    let bookDirectory: URL

    private(set) var errors: [Diagnostic] = []
    private(set) var warnings: [Diagnostic] = []
    private var lines: [String] = []
    /// Set after a generated block, so the next line of prose is kept apart from it.
    private var needsBlankLine = false
    private var listingCount = 0
    private var figureCount = 0

    init(chapter: Chapter, layout: Layout, run: RunRecord?, bookDirectory: URL) {
        self.chapter = chapter
        self.layout = layout
        self.run = run
        self.bookDirectory = bookDirectory
    }

    /// Renders `prose`, the text of the chapter's `chapter.md`. Returns nil when there
    /// were errors; `errors` and `warnings` then say what went wrong.
    mutating func render(_ prose: String) -> RenderedChapter? {
        var title: String?
        var fence = CodeFence()
        for (index, line) in prose.split(omittingEmptySubsequences: false,
                                         whereSeparator: \.isNewline).enumerated() {
            let location = SourceLocation(chapter.prosePath, line: index + 1)
            // Code blocks are copied verbatim: prose may show a directive as an example.
            if fence.consume(line) {
                appendLine(String(line))
            } else if title == nil, line.hasPrefix("# ") {
                let text = String(line.dropFirst(2).trimmingWhitespace())
                title = text
                appendLine("# \(chapter.label) — \(text)")
                appendBlock(run.map { [$0.summary] } ?? [])
            } else if title == nil {
                // Blank lines before the title are dropped: a chapter begins
                // with its heading (the committed book is cut at headings).
                if !line.allSatisfy(\.isWhitespace) {
                    errors.append(.error("text before the chapter's '# Title' heading", at: location))
                }
            } else {
                do throws(DirectiveError) {
                    if let directive = try Directive.parse(line) {
                        try expand(directive, at: location)
                    } else {
                        appendLine(String(line))
                    }
                } catch {
                    errors.append(.error(error.message, at: location))
                }
            }
        }
        guard let title, !title.isEmpty else {
            errors.append(.error("no '# Title' heading", at: SourceLocation(chapter.prosePath, line: 1)))
            return nil
        }
        guard errors.isEmpty else { return nil }
        while lines.last?.allSatisfy(\.isWhitespace) == true { lines.removeLast() }
        return RenderedChapter(chapter: chapter, title: title,
                               markdown: lines.joined(separator: "\n") + "\n")
    }

    private mutating func expand(_ directive: Directive, at location: SourceLocation)
        throws(DirectiveError)
    {
        switch directive {
        case .listing(let path, let marker):
            let listing = try Listing(path: path, marker: marker, root: layout.root)
            listingCount += 1
            for line in listing.lines(longerThan: Self.listingWidth) {
                let warning = Diagnostic.warning(
                    "listing line is \(line.text.count) characters, over \(Self.listingWidth); "
                        + "the PDF wraps it", at: SourceLocation(path, line: line.number))
                // A line shown in two listings is worth one warning.
                if !warnings.contains(warning) { warnings.append(warning) }
            }
            let fence = String(repeating: "`", count: max(3, Self.longestBacktickRun(in: listing.code) + 1))
            appendBlock(["*Listing \(chapter.number).\(listingCount) — `\(path)`*"])
            appendBlock([fence + Self.language(of: path), listing.code, fence])

        case .output(let name):
            let path = layout.outputPath(name, for: chapter)
            guard let text = try? String(contentsOf: layout.url(path), encoding: .utf8) else {
                throw .init(message: "no output '\(name)' recorded for chapter \(chapter.id) "
                    + "(\(path); run \(rerunCommand))")
            }
            let snippet = text.trimmingWhitespace()
            if snippet.isEmpty {
                warnings.append(.warning("output '\(name)' (\(path)) is empty", at: location))
            } else {
                appendBlock([String(snippet)])
            }

        case .bench(let name):
            let path = Directive.benchPath(name)
            guard let text = try? String(contentsOf: layout.url(path), encoding: .utf8),
                  !text.allSatisfy(\.isWhitespace) else {
                throw .init(message: "no benchmark '\(name)' (\(path); run `make bench`)")
            }
            appendBlock([String(text.trimmingWhitespace())])

        case .figure(let name, let caption):
            let path = layout.figurePath(name, for: chapter)
            guard layout.exists(path) else {
                throw .init(message: "no figure '\(name)' (\(path); run \(rerunCommand))")
            }
            figureCount += 1
            let link = relativePath(from: bookDirectory, to: layout.url(path))
            appendBlock(["![Figure \(chapter.number).\(figureCount): \(caption)](\(link))"])
        }
    }

    /// What to run to record the chapter's outputs again, e.g. `chA-core --quick`.
    private var rerunCommand: String {
        ([chapter.executableName] + layout.mode.arguments).joined(separator: " ")
    }

    private mutating func appendLine(_ line: String) {
        if needsBlankLine, !line.allSatisfy(\.isWhitespace) { lines.append("") }
        needsBlankLine = false
        lines.append(line)
    }

    /// Appends a Markdown block with a blank line on both sides, so a directive that
    /// sits right under a paragraph does not merge into it.
    private mutating func appendBlock(_ block: [String]) {
        if let last = lines.last, !last.allSatisfy(\.isWhitespace) { lines.append("") }
        lines.append(contentsOf: block)
        needsBlankLine = true
    }

    /// The fence's language, for syntax highlighting: Swift for the book's own code,
    /// and the few others a listing may show (reference scripts, C shims, the Makefile).
    static func language(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if name == "Makefile" { return "makefile" }
        let languages = ["swift": "swift", "c": "c", "h": "c", "py": "python", "sh": "bash",
                         "json": "json", "yaml": "yaml", "yml": "yaml"]
        guard let dot = name.lastIndex(of: ".") else { return "" }
        return languages[String(name[name.index(after: dot)...])] ?? ""
    }

    /// A listing fence must be longer than any run of backticks in the code, or
    /// Swift code that prints Markdown would end the block early.
    static func longestBacktickRun(in code: String) -> Int {
        var longest = 0, current = 0
        for character in code {
            current = character == "`" ? current + 1 : 0
            longest = max(longest, current)
        }
        return longest
    }
}

/// Tracks fenced code blocks (``` or ~~~) line by line, as CommonMark does: a block
/// closes at a fence of the same character at least as long as the one that opened it.
struct CodeFence {
    private var open: (character: Character, length: Int)?

    /// Whether `line` belongs to a code block, fences included.
    mutating func consume(_ line: some StringProtocol) -> Bool {
        let text = line.drop(while: { $0 == " " })
        guard line.count - text.count < 4, let first = text.first, first == "`" || first == "~" else {
            return open != nil
        }
        let length = text.prefix(while: { $0 == first }).count
        guard length >= 3 else { return open != nil }
        if let current = open {
            if first == current.character, length >= current.length,
               text.dropFirst(length).allSatisfy(\.isWhitespace) {
                open = nil
            }
        } else {
            open = (first, length)
        }
        return true
    }
}
