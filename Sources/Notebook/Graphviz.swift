import Foundation

/// A diagram drawn by Graphviz's `dot` from a graph description the chapter
/// writes: the model's blocks and the shapes between them, say. Like a
/// gnuplot figure, the source (`.dot`) is saved beside the image, so
/// `cd figures && dot -Tpng ch03-decoder.dot -o ch03-decoder.png` redraws it
/// after a reader restyles it.
enum Graphviz {
    /// Writes `<base>.dot` in `directory` and draws `<base>.png` from it; the
    /// image goes to a temporary file first, so a failed drawing never
    /// replaces a good image.
    static func draw(_ source: String, base: String, in directory: URL) throws {
        let file = directory.appendingPathComponent("\(base).dot")
        try OutputFiles.write(source, to: file)
        guard let dot = Subprocess.find("dot") else { throw NotebookError.graphvizMissing }
        let temporary = directory.appendingPathComponent(".\(base).png.tmp")
        let result: Subprocess.Result
        do {
            result = try Subprocess.run(dot, ["-Tpng", "-Gdpi=150", "-o",
                                              temporary.lastPathComponent,
                                              file.lastPathComponent], in: directory)
        } catch {
            throw NotebookError.graphvizFailed(source: file.relativePath, status: -1,
                                               message: "could not start \(dot.path): \(error)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: temporary.path))?[.size]
            as? Int ?? 0
        guard result.status == 0, size > 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw NotebookError.graphvizFailed(
                source: file.relativePath, status: result.status,
                message: result.output.isEmpty ? "no image was written" : result.output)
        }
        try OutputFiles.move(temporary, over: directory.appendingPathComponent("\(base).png"))
    }
}
