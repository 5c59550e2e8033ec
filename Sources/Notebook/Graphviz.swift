import Foundation

/// A diagram drawn by Graphviz's `dot` from a graph description the chapter
/// writes: the model's blocks and the shapes between them, say. Like a
/// gnuplot figure, the source (`.dot`) is saved beside the image, so
/// `cd figures && dot -Tpng ch03-decoder.dot -o ch03-decoder.png` redraws it
/// after a reader restyles it.
enum Graphviz {
    /// Writes `<base>.dot` in `directory` and draws `<base>.png` from it
    /// (through a temporary file, as every image is: `OutputFiles.drawImage`).
    static func draw(_ source: String, base: String, in directory: URL) throws {
        let file = directory.appendingPathComponent("\(base).dot")
        try OutputFiles.write(source, to: file)
        guard let dot = Subprocess.find("dot") else { throw NotebookError.graphvizMissing }
        _ = try OutputFiles.drawImage(
            directory.appendingPathComponent("\(base).png"), with: dot,
            arguments: { ["-Tpng", "-Gdpi=150", "-o", $0, file.lastPathComponent] },
            failure: { .graphvizFailed(source: file.relativePath, status: $0, message: $1) })
    }
}
