import Foundation
import Notebook

/// The assembled book and what `book` has to say about it.
struct AssembledBook: Sendable {
    let markdown: String
    let chapters: [RenderedChapter]
    /// What each chapter was made from, for `book-manifest.json`.
    let sources: [BookManifest.ChapterEntry]
    let warnings: [Diagnostic]
    /// The chapters taken from the committed book (`CommittedBook`).
    let reused: [Chapter]
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
        var sources: [BookManifest.ChapterEntry] = []
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        // Only for the book in its own place: its figure links are relative to it.
        let committed = bookFile == layout.url(layout.defaultBookPath).standardizedFileURL
            ? CommittedBook(layout: layout) : nil
        var reused: [Chapter] = []

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
            var inputs: Manifest?
            do {
                let record = try RunRecord.load(for: chapter, in: layout)
                let current = try ChapterInputs.manifest(for: chapter, layout: layout)
                try checkCurrent(record, inputs: current, of: chapter)
                (run, inputs) = (record, current)
            } catch {
                if let committed, let (shown, entry) = committedChapter(chapter, in: committed) {
                    rendered.append(shown)
                    sources.append(entry)
                    reused.append(chapter)
                    continue
                }
                errors.append(error)
            }
            var renderer = ChapterRenderer(chapter: chapter, layout: layout, run: run,
                                           bookDirectory: bookFile.deletingLastPathComponent())
            let chapterMarkdown = renderer.render(prose)
            errors += renderer.errors
            warnings += renderer.warnings
            if let run, let inputs, let chapterMarkdown {
                do {
                    let text = try ChapterText.manifest(for: chapter, layout: layout)
                    sources.append(.init(id: chapter.id, inputs: inputs.digests, text: text.digests))
                } catch {
                    errors.append(error)
                }
                rendered.append(chapterMarkdown)
                runs.append(run)
            }
        }
        guard errors.isEmpty else { throw Diagnostics(errors: errors) }

        let dates = runs.map(\.date) + (reused.isEmpty ? [] : [committed?.date ?? ""])
        let parts = [titleBlock(dates: dates), tableOfContents(rendered)] + rendered.map(\.markdown)
        return AssembledBook(markdown: parts.joined(separator: "\n"), chapters: rendered,
                             sources: sources, warnings: warnings, reused: reused)
    }

    /// The committed book's `chapter`, with what it was made from, if those
    /// are its current inputs and text: its run is not needed.
    private func committedChapter(_ chapter: Chapter, in book: CommittedBook)
        -> (RenderedChapter, BookManifest.ChapterEntry)?
    {
        guard let inputs = try? ChapterInputs.manifest(for: chapter, layout: layout).digests,
              let text = try? ChapterText.manifest(for: chapter, layout: layout).digests,
              let shown = book.chapter(chapter, inputs: inputs, text: text)
        else { return nil }
        return (shown, .init(id: chapter.id, inputs: inputs, text: text))
    }

    /// Assembles the book and replaces `bookFile` in one step: the text goes to a
    /// temporary file that is then renamed over the old book, so readers of the file
    /// never see it half-written, and on any error the old book stays as it was.
    /// `book-manifest.json` beside it records what the book was made from.
    func write() throws -> AssembledBook {
        let book = try assemble()
        try FileManager.default.createDirectory(at: bookFile.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        let data = Data(book.markdown.utf8)
        let manifest = BookManifest(book: SHA256.hash(data).hexString, chapters: book.sources)
        try data.write(to: bookFile, options: .atomic)
        try manifest.json().write(to: manifestFile, options: .atomic)
        return book
    }

    /// `book-manifest.json`, beside the book.
    var manifestFile: URL {
        bookFile.deletingLastPathComponent().appendingPathComponent("book-manifest.json")
    }

    /// A run the book may show was made from the current inputs. A run from
    /// other sources, or one started by hand (which records no inputs), is an
    /// error: the book must never show results its code no longer gives.
    private func checkCurrent(_ run: RunRecord, inputs: Manifest, of chapter: Chapter)
        throws(Diagnostic)
    {
        let rerun = "`bookbuilder run\(layout.mode == .quick ? " --quick" : "") \(chapter.id)` reruns it"
        let location = SourceLocation(layout.runRecordPath(for: chapter))
        guard let recorded = run.inputs else {
            throw .error("\(chapter.label)'s run was not started by `bookbuilder run`, so "
                + "nothing says which sources made it; \(rerun)", at: location)
        }
        guard recorded == inputs.hash else {
            throw .error("\(chapter.label)'s sources changed since this run; \(rerun)", at: location)
        }
    }

    /// Pandoc's YAML metadata. The date is the latest chapter run's (a reused
    /// chapter's is the committed book's date), not today's, so rebuilding the
    /// book from the same runs gives the same file.
    private func titleBlock(dates: [String]) -> String {
        var date = String(dates.max()?.prefix(10) ?? "")
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
