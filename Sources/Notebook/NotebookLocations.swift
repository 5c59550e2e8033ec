import Foundation

/// Where a notebook writes, relative to the current directory (chapters run
/// from the repository root):
///
///     <outputRoot>/<chapter>/outputs/<cell>.md     one file per text or table cell
///     <outputRoot>/<chapter>/run.json              written by `finish()`
///     <figures>/ch<chapter>-<figure>.{png,gp,dat}  image, script, data
///
/// A full run writes `build/book` and `figures/` (committed with the book); a
/// quick run writes `build/quick` and `build/quick/figures`, so it can never
/// overwrite the book's real results.
public struct NotebookLocations: Sendable, Equatable {
    public var outputRoot: URL
    public var figures: URL

    public init(outputRoot: URL, figures: URL) {
        self.outputRoot = outputRoot
        self.figures = figures
    }

    /// The standard places for `mode`. The environment variables
    /// `BOOK_OUTPUT_ROOT` and `BOOK_FIGURES_DIR` override them (for `book`
    /// and for scripts that want a run kept apart).
    public static func standard(
        for mode: RunMode,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> NotebookLocations {
        let root = environment["BOOK_OUTPUT_ROOT"] ?? mode.outputRoot
        let figures = environment["BOOK_FIGURES_DIR"] ?? mode.figuresDirectory
        return NotebookLocations(outputRoot: URL(fileURLWithPath: root, isDirectory: true),
                                 figures: URL(fileURLWithPath: figures, isDirectory: true))
    }

    public func chapterDirectory(_ chapter: String) -> URL {
        outputRoot.appendingPathComponent(chapter, isDirectory: true)
    }

    public func outputsDirectory(_ chapter: String) -> URL {
        chapterDirectory(chapter).appendingPathComponent("outputs", isDirectory: true)
    }

    public func cellFile(chapter: String, cell: String) -> URL {
        outputsDirectory(chapter).appendingPathComponent("\(cell).md")
    }

    public func runRecord(_ chapter: String) -> URL {
        chapterDirectory(chapter).appendingPathComponent("run.json")
    }

    /// The image; its `.gp` script and `.dat` data sit beside it.
    public func figureImage(chapter: String, figure: String) -> URL {
        figures.appendingPathComponent("ch\(chapter)-\(figure).png")
    }
}
