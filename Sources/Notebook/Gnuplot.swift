import Foundation

/// Saves a figure as gnuplot data and script beside its image, and runs
/// gnuplot on the script. The script is complete and reads only its own
/// directory, so `cd figures && gnuplot ch04-loss.gp` redraws the image after
/// a reader edits colours or labels, without rerunning the chapter.
enum Gnuplot {
    /// The canvas: 1000×600 px with an 11 pt font reads well both on screen
    /// and scaled to text width in the PDF. `noenhanced` keeps text literal:
    /// `d_model` must not become "d" with a subscript.
    static let terminal =
        "set terminal pngcairo size 1000,600 font \"DejaVu Sans,11\" noenhanced"

    /// Writes `<base>.dat` and `<base>.gp` in `directory` and draws
    /// `<base>.png`; returns gnuplot's warnings (empty if none).
    static func draw(_ figure: some Figure, base: String,
                     in directory: URL) throws -> String {
        let data = try figure.data()
        try OutputFiles.write(data, to: directory.appendingPathComponent("\(base).dat"))
        let script = directory.appendingPathComponent("\(base).gp")
        try OutputFiles.write(self.script(for: figure, base: base), to: script)
        return try render(script)
    }

    static func script(for figure: some Figure, base: String) -> String {
        """
        # \(base).gp, written by the Book notebook; edit freely to restyle.
        # Redraw in this directory: gnuplot \(base).gp
        # (reads \(base).dat, writes \(base).png)
        if (!exists("outfile")) outfile = "\(base).png"
        \(terminal)
        set output outfile
        set datafile separator "\\t"
        set border lc rgb "#444444"
        set grid lc rgb "#dddddd"
        set key outside top center horizontal
        # Okabe-Ito colours: distinct for colour-blind readers and in greyscale print.
        set linetype 1 lc rgb "#0072B2" lw 2 pt 7 ps 0.8
        set linetype 2 lc rgb "#D55E00" lw 2 pt 5 ps 0.8
        set linetype 3 lc rgb "#009E73" lw 2 pt 9 ps 0.9
        set linetype 4 lc rgb "#CC79A7" lw 2 pt 11 ps 0.9
        set linetype 5 lc rgb "#E69F00" lw 2 pt 13 ps 0.9
        set linetype 6 lc rgb "#56B4E9" lw 2 pt 15 ps 0.8
        set linetype 7 lc rgb "#000000" lw 2 pt 3 ps 0.8
        set linetype cycle 7

        \(figure.plotCommands(dataFile: "\(base).dat"))
        unset output

        """
    }

    /// Runs gnuplot on `script` in the script's directory. The image is drawn
    /// to a temporary file (the script's `outfile` variable) and renamed into
    /// place, so a failed drawing never replaces a good image with a broken one.
    static func render(_ script: URL) throws -> String {
        let base = script.deletingPathExtension().lastPathComponent
        let image = script.deletingLastPathComponent().appendingPathComponent("\(base).png")
        guard let gnuplot = Subprocess.find("gnuplot") else {
            throw NotebookError.gnuplotMissing
        }
        return try OutputFiles.drawImage(
            image, with: gnuplot,
            arguments: { ["-e", "outfile = \"\($0)\"", script.lastPathComponent] },
            failure: { .gnuplotFailed(script: script.relativePath, status: $0, message: $1) })
    }
}

/// Redraws every figure in `directory` from its saved `.gp` script and `.dat`
/// data (what `make figures` does), returning the images drawn. Warnings from
/// gnuplot go to standard error.
@discardableResult
public func redrawAllFigures(in directory: URL) throws -> [URL] {
    let scripts: [URL]
    do {
        scripts = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".gp") }.sorted()
            .map { directory.appendingPathComponent($0) }
    } catch {
        throw NotebookError.fileOperation(path: directory.relativePath, action: "list",
                                          reason: "\(error)")
    }
    return try scripts.map { script in
        let warnings = try Gnuplot.render(script)
        if !warnings.isEmpty {
            let message = "\(script.relativePath): \(warnings)\n"
            FileHandle.standardError.write(Data(message.utf8))
        }
        return script.deletingPathExtension().appendingPathExtension("png")
    }
}
