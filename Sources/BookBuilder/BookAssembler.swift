import Foundation

/// The assembled book and what `book` has to say about it.
struct AssembledBook: Sendable {
    let markdown: String
    let chapters: [RenderedChapter]
    let warnings: [Diagnostic]
}

/// Stitches every chapter into one Markdown file: a pandoc title block, a table of
/// contents, then the chapters in order. Nothing is written unless every chapter
/// renders, so a broken reference can never leave a half-updated book behind.
struct BookAssembler {
    static let title = "Build a Large Language Model from Scratch"
    static let subtitle = "in Swift"

    let layout: Layout
    /// Where the book goes; figure links are made relative to its directory.
    let bookFile: URL

    init(layout: Layout, bookFile: URL? = nil) {
        self.layout = layout
        self.bookFile = (bookFile ?? layout.url(layout.defaultBookPath)).standardizedFileURL
    }

    /// Renders every chapter, or throws every error found in any of them.
    func assemble() throws(Diagnostics) -> AssembledBook {
        let chapters: [Chapter]
        do {
            chapters = try Chapter.discover(in: layout)
        } catch {
            throw Diagnostics(errors: [error])
        }
        var rendered: [RenderedChapter] = []
        var runs: [RunRecord] = []
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []

        for chapter in chapters {
            let prose: String
            do {
                prose = try String(contentsOf: layout.url(chapter.prosePath), encoding: .utf8)
            } catch {
                errors.append(.error("no such file, or not UTF-8 text; every chapter needs its prose",
                                     at: SourceLocation(chapter.prosePath)))
                continue
            }
            var run: RunRecord?
            do {
                run = try RunRecord.load(for: chapter, in: layout)
            } catch {
                errors.append(error)
            }
            var renderer = ChapterRenderer(chapter: chapter, layout: layout, run: run,
                                           bookDirectory: bookFile.deletingLastPathComponent())
            let chapterMarkdown = renderer.render(prose)
            errors += renderer.errors
            warnings += renderer.warnings
            if let run, let chapterMarkdown {
                rendered.append(chapterMarkdown)
                runs.append(run)
                if let stale = staleness(of: chapter, run: run, among: chapters) { warnings.append(stale) }
            }
        }
        guard errors.isEmpty else { throw Diagnostics(errors: errors) }

        let parts = [titleBlock(runs: runs), tableOfContents(rendered)] + rendered.map(\.markdown)
        return AssembledBook(markdown: parts.joined(separator: "\n"), chapters: rendered,
                             warnings: warnings)
    }

    /// Assembles the book and replaces `bookFile` in one step: the text goes to a
    /// temporary file that is then renamed over the old book, so readers of the file
    /// never see it half-written, and on any error the old book stays as it was.
    func write() throws -> AssembledBook {
        let book = try assemble()
        try FileManager.default.createDirectory(at: bookFile.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try book.markdown.write(to: bookFile, atomically: true, encoding: .utf8)
        return book
    }

    /// A warning when a chapter's sources changed after the run the book shows.
    /// Only runs started by `book run` record their inputs, so others are not checked.
    private func staleness(of chapter: Chapter, run: RunRecord, among chapters: [Chapter]) -> Diagnostic? {
        guard let recorded = run.inputs,
              let current = try? InputsManifest(for: chapter, among: chapters, layout: layout),
              current.hash != recorded else { return nil }
        return .warning("\(chapter.label)'s sources changed since this run; "
            + "`book run\(layout.mode == .quick ? " --quick" : "") \(chapter.id)` reruns it",
            at: SourceLocation(layout.runRecordPath(for: chapter)))
    }

    /// Pandoc's YAML metadata. The date is the latest chapter run's, not today's,
    /// so rebuilding the book from the same runs gives the same file.
    private func titleBlock(runs: [RunRecord]) -> String {
        var date = String(runs.map(\.date).max()?.prefix(10) ?? "")
        if layout.mode == .quick { date += " — quick mode: shrunken runs, not the book's results" }
        return """
            ---
            title: "\(Self.title)"
            subtitle: "\(Self.subtitle)"
            date: "\(date)"
            ---

            """
    }

    /// A Markdown list of links to the chapters, for reading `book.md` on its own.
    /// The PDF has LaTeX's contents instead; `docs/pdf/book.lua` drops everything
    /// between the two comments.
    private func tableOfContents(_ chapters: [RenderedChapter]) -> String {
        let entries = chapters.map { "- [\($0.heading)](#\(anchor(for: $0.heading)))" }
        return (["<!-- contents -->", "", "**Contents**", ""] + entries + ["", "<!-- end contents -->", ""])
            .joined(separator: "\n")
    }
}

/// The identifier GitHub gives a heading, and pandoc too when reading with
/// `markdown+gfm_auto_identifiers` (as `docs/pdf/build-pdf.sh` does): lowercase,
/// punctuation dropped, each space a hyphen. `Chapter 1 — Tokenizer` becomes
/// `chapter-1--tokenizer`.
func anchor(for heading: String) -> String {
    var result = ""
    for character in heading.lowercased() {
        if character == " " {
            result.append("-")
        } else if character.isLetter || character.isNumber || character == "_" || character == "-" {
            result.append(character)
        }
    }
    return result
}
