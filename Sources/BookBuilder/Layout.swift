import Foundation
import Notebook

/// Where everything lives, as paths relative to the repository root. This is the
/// contract with the chapter notebooks, which write what `book` reads:
///
///     build/book/<ID>/run.json            build/quick/<ID>/run.json
///     build/book/<ID>/outputs/<name>.md   build/quick/<ID>/outputs/<name>.md
///     figures/ch<ID>-<name>.png           build/quick/figures/ch<ID>-<name>.png
struct Layout: Sendable {
    let root: URL
    let mode: RunMode

    init(root: URL, mode: RunMode) {
        self.root = root.standardizedFileURL
        self.mode = mode
    }

    var chaptersDirectory: String { "Chapters" }
    var runsDirectory: String { mode.outputRoot }
    var figuresDirectory: String { mode.figuresDirectory }
    var defaultBookPath: String { mode.bookPath }
    /// `book-manifest.json` beside the book: what it was made from.
    var manifestPath: String {
        let directory = (defaultBookPath as NSString).deletingLastPathComponent
        return directory.isEmpty ? "book-manifest.json" : directory + "/book-manifest.json"
    }

    func runRecordPath(for chapter: Chapter) -> String {
        "\(runsDirectory)/\(chapter.id)/run.json"
    }

    func outputPath(_ name: String, for chapter: Chapter) -> String {
        "\(runsDirectory)/\(chapter.id)/outputs/\(name).md"
    }

    func figurePath(_ name: String, for chapter: Chapter) -> String {
        "\(figuresDirectory)/ch\(chapter.id)-\(name).png"
    }

    /// The chapter's notebook as `swift build -c release` leaves it.
    func executablePath(for chapter: Chapter) -> String {
        ".build/release/\(chapter.executableName)"
    }

    func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    func exists(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: url(relativePath).path)
    }
}

/// The path of `file` as seen from `directory`, e.g. `../figures/ch01-loss.png`, so
/// that image links in the book resolve wherever the book file is written.
func relativePath(from directory: URL, to file: URL) -> String {
    let from = directory.standardizedFileURL.pathComponents
    let to = file.standardizedFileURL.pathComponents
    var common = 0
    while common < from.count, common < to.count, from[common] == to[common] {
        common += 1
    }
    let ups = Array(repeating: "..", count: from.count - common)
    return (ups + to[common...]).joined(separator: "/")
}
