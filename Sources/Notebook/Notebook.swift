import Book
import Foundation

/// A chapter's executable, run as a notebook: top to bottom, printing as it
/// goes, recording named cells that `book` pastes into the chapter's text.
///
///     Notebook.run(chapter: "02") { notebook in
///         let steps = notebook.isQuick ? 20 : 2_000
///         try notebook.text("setup") { "We train for \(steps) steps." }
///         try notebook.table("timings", headers: ["op", "time"], rows: rows)
///         try notebook.figure("attention",
///                             Heatmap(weights, xlabel: "key", ylabel: "query"))
///     }
///
/// Each cell is written (atomically) the moment it is recorded, and echoed to
/// standard output under a heading; where files go is `NotebookLocations`.
/// Starting a notebook deletes the chapter's recorded outputs and `run.json`
/// from any earlier run, so a cell the code no longer records can never be
/// pasted into the book, and a run that fails leaves no `run.json`: `book`
/// sees the chapter as not run. Figures are kept until a run finishes, since
/// the committed ones are the book's; `finish()` then deletes the chapter's
/// figures this run did not draw.
public final class Notebook {
    public let chapter: String
    public let mode: RunMode
    public var isQuick: Bool { mode == .quick }
    public let locations: NotebookLocations

    private let console: Console
    private let inputsHash: String?
    private let commit: String
    private let date = Date()
    private let stopwatch = Stopwatch()
    private var cells: [RunRecord.Cell] = []
    private var timings: [RunRecord.Timing] = []

    /// A notebook for `chapter` ("02", "A": letters and digits only).
    /// `inputsHash` goes into `run.json` as "inputs".
    public init(
        chapter: String, mode: RunMode, locations: NotebookLocations,
        console: Console = .standardOutput,
        inputsHash: String? = ProcessInfo.processInfo.environment["BOOK_INPUTS_HASH"]
    ) throws {
        try NotebookError.checkName(chapter, kind: "chapter")
        self.chapter = chapter
        self.mode = mode
        self.locations = locations
        self.console = console
        self.inputsHash = inputsHash
        // Taken before this run changes any committed figure.
        commit = RunRecord.currentCommit()
        try OutputFiles.remove(locations.outputsDirectory(chapter))
        try OutputFiles.remove(locations.runRecord(chapter))
        console.write("Chapter \(chapter), \(mode) run, at \(commit). Outputs: "
                      + "\(locations.outputsDirectory(chapter).relativePath), "
                      + "figures: \(locations.figures.relativePath)\n")
    }

    /// A notebook whose mode comes from the command line (`--quick` or
    /// nothing) and which writes to the standard locations for that mode.
    /// `--help` prints usage and exits 0; an unknown argument prints an error
    /// naming it, with the usage, on standard error and exits 2; a notebook
    /// that cannot start (say, an unwritable output directory) exits 1.
    public convenience init(chapter: String, arguments: [String] = CommandLine.arguments) {
        let mode: RunMode
        do {
            mode = try RunMode(arguments: arguments)
        } catch {
            error.reportAndExit()
        }
        do {
            try self.init(chapter: chapter, mode: mode, locations: .standard(for: mode))
        } catch {
            exitWithError("error: \(error)", status: 1)
        }
    }

    /// Runs `body` as chapter `chapter`'s notebook and finishes it. Any error
    /// ends the process with its message and exit status 1, never a crash
    /// trace: the way every chapter's `main.swift` starts.
    public static func run(chapter: String, arguments: [String] = CommandLine.arguments,
                           _ body: (Notebook) throws -> Void) {
        let notebook = Notebook(chapter: chapter, arguments: arguments)
        do {
            try body(notebook)
            try notebook.finish()
        } catch {
            exitWithError("error: \(error)", status: 1)
        }
    }

    // MARK: Cells

    /// A cell of Markdown: prose with numbers in it, a list, a formula.
    public func text(_ name: String, _ markdown: () throws -> String) throws {
        try record(name, kind: "text", content: markdown())
    }

    /// A cell shown exactly as given, in a code block: generated text, a
    /// tokenizer's pieces, anything Markdown must not interpret. Control
    /// characters other than line breaks and tabs (an untrained model emits
    /// any byte) are shown as �, as invalid UTF-8 already is: a page cannot
    /// print them, and xelatex refuses them.
    public func verbatim(_ name: String, _ text: () throws -> String) throws {
        let content = String(String.UnicodeScalarView(try text().unicodeScalars.map {
            $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t"
                ? "\u{FFFD}" : $0
        }))
        // The fence must be longer than any run of backticks inside.
        var longest = 0, run = 0
        for character in content {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        try record(name, kind: "verbatim", content: "\(fence)text\n\(content)\n\(fence)")
    }

    /// A Markdown table cell; see `markdownTable(headers:rows:)`.
    public func table(_ name: String, headers: [String], rows: [[String]]) throws {
        try record(name, kind: "table",
                   content: markdownTable(headers: headers, rows: rows))
    }

    /// A figure: `ch<chapter>-<name>.png`, with its `.gp` script and `.dat`
    /// data beside it in the figures directory.
    public func figure(_ name: String, _ figure: some Figure) throws {
        try checkNew(name)
        let base = "ch\(chapter)-\(name)"
        let warnings: String
        do {
            warnings = try Gnuplot.draw(figure, base: base, in: locations.figures)
        } catch let error as FigureDataError {
            throw NotebookError.invalidFigure(name: name, reason: error.reason)
        }
        let image = locations.figureImage(chapter: chapter, figure: name)
        cells.append(.init(name: name, kind: "figure", path: image.relativePath))
        console.write(heading("figure \(name)") + image.relativePath + "\n"
                      + (warnings.isEmpty ? "" : "gnuplot: \(warnings)\n"))
    }

    /// A diagram: `ch<chapter>-<name>.png` drawn by Graphviz from `dot`, a
    /// graph in its language, saved beside the image as `.dot`.
    public func diagram(_ name: String, dot: String) throws {
        try checkNew(name)
        try Graphviz.draw(dot, base: "ch\(chapter)-\(name)", in: locations.figures)
        let image = locations.figureImage(chapter: chapter, figure: name)
        cells.append(.init(name: name, kind: "figure", path: image.relativePath))
        console.write(heading("diagram \(name)") + image.relativePath + "\n")
    }

    /// Runs `body`, prints how long it took and records the wall time in
    /// `run.json` under `label`.
    public func time<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
        let stopwatch = Stopwatch()
        let result = try body()
        let seconds = stopwatch.seconds
        timings.append(.init(label: label, seconds: (seconds * 1000).rounded() / 1000))
        console.write("\(label): \(formatDuration(seconds))\n")
        return result
    }

    // MARK: Finishing

    /// Deletes the chapter's figures this run did not draw, then writes
    /// `run.json`: the sign that the chapter's outputs are complete.
    public func finish() throws {
        try removeStaleFigures()
        let record = RunRecord(
            chapter: chapter, mode: mode, commit: commit,
            seconds: (stopwatch.seconds * 100).rounded() / 100, machine: .current(),
            date: date.ISO8601Format(), inputs: inputsHash, cells: cells, timings: timings)
        let file = locations.runRecord(chapter)
        try OutputFiles.write(record.json(), to: file)
        console.write("\nChapter \(chapter) done in \(formatDuration(stopwatch.seconds)): "
                      + "\(cells.count) cells, run record \(file.relativePath)\n")
    }

    private func removeStaleFigures() throws {
        let prefix = "ch\(chapter)-"
        let drawn = Set(cells.filter { $0.kind == "figure" }.map { prefix + $0.name })
        let directory = locations.figures
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path))
        for file in files ?? [] where file.hasPrefix(prefix) {
            let url = directory.appendingPathComponent(file)
            let base = url.deletingPathExtension().lastPathComponent
            if ["png", "gp", "dat", "dot"].contains(url.pathExtension), !drawn.contains(base) {
                try OutputFiles.remove(url)
            }
        }
    }

    // MARK: Recording

    private func record(_ name: String, kind: String, content: String) throws {
        try checkNew(name)
        let file = locations.cellFile(chapter: chapter, cell: name)
        let text = content.hasSuffix("\n") ? content : content + "\n"
        try OutputFiles.write(text, to: file)
        cells.append(.init(name: name, kind: kind, path: file.relativePath))
        console.write(heading(name) + text)
    }

    private func checkNew(_ name: String) throws {
        try NotebookError.checkName(name, kind: "cell")
        guard !cells.contains(where: { $0.name == name }) else {
            throw NotebookError.duplicateCell(name)
        }
    }

    /// `── name ─────…`, 72 columns, above each cell in the terminal.
    private func heading(_ title: String) -> String {
        let rule = String(repeating: "─", count: max(3, 68 - title.count))
        return "\n── \(title) \(rule)\n"
    }
}
