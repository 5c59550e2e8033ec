import Book
/// A matrix drawn as coloured cells, row 0 at the top: attention weights
/// (query × key), a confusion matrix, a gradient's magnitude per weight.
///
///     Heatmap(weights, rowLabels: tokens, columnLabels: tokens,
///             xlabel: "key", ylabel: "query", showsValues: true)
public struct Heatmap: Figure {
    public enum Palette: Sendable {
        /// Dark purple (low) to yellow (high); perceptually even.
        case viridis
        /// White (low) to black (high): prints well in black and white.
        case grayscale
        /// Blue (negative), white (zero), red (positive), symmetric about zero.
        case diverging
    }

    public var matrix: [[Double]]
    public var rowLabels: [String]?
    public var columnLabels: [String]?
    public var xlabel: String
    public var ylabel: String
    /// What the colours mean, beside the colour bar.
    public var colorLabel: String
    public var title: String?
    public var palette: Palette
    /// Whether each cell also shows its value (two decimals), for small matrices.
    public var showsValues: Bool

    public init(_ matrix: [[some PlotValue]], rowLabels: [String]? = nil,
                columnLabels: [String]? = nil, xlabel: String, ylabel: String,
                colorLabel: String, title: String? = nil,
                palette: Palette = .viridis, showsValues: Bool = false) {
        self.matrix = matrix.map { $0.map(\.plotValue) }
        self.colorLabel = colorLabel
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.xlabel = xlabel
        self.ylabel = ylabel
        self.title = title
        self.palette = palette
        self.showsValues = showsValues
    }

    /// A tensor's rows (of its last dimension) as the matrix.
    public init(_ tensor: Tensor, rowLabels: [String]? = nil,
                columnLabels: [String]? = nil, xlabel: String, ylabel: String,
                colorLabel: String, title: String? = nil,
                palette: Palette = .viridis, showsValues: Bool = false) {
        let (rows, columns) = tensor.rowsAndColumns
        let values = tensor.scalars
        self.init((0..<rows).map { Array(values[$0 * columns..<($0 + 1) * columns]) },
                  rowLabels: rowLabels, columnLabels: columnLabels, xlabel: xlabel,
                  ylabel: ylabel, colorLabel: colorLabel, title: title, palette: palette,
                  showsValues: showsValues)
    }

    /// The matrix as it is, one line per row: gnuplot's `matrix` format.
    public func data() throws -> String {
        let columns = matrix.first?.count ?? 0
        guard columns > 0 else {
            throw FigureDataError("a heatmap needs a non-empty matrix")
        }
        if let ragged = matrix.firstIndex(where: { $0.count != columns }) {
            throw FigureDataError("row \(ragged) has \(matrix[ragged].count) values, "
                                  + "row 0 has \(columns)")
        }
        if let rowLabels, rowLabels.count != matrix.count {
            throw FigureDataError("\(rowLabels.count) row labels for \(matrix.count) rows")
        }
        if let columnLabels, columnLabels.count != columns {
            throw FigureDataError(
                "\(columnLabels.count) column labels for \(columns) columns")
        }
        let header = "# Heatmap: \(matrix.count) rows (\(ylabel)) "
            + "x \(columns) columns (\(xlabel))"
        let rows = matrix.map { $0.map(GnuplotSyntax.number).joined(separator: "\t") }
        return ([header] + rows).joined(separator: "\n") + "\n"
    }

    public func plotCommands(dataFile: String) -> String {
        let rows = matrix.count, columns = matrix.first?.count ?? 0
        var commands = [GnuplotSyntax.labels(title: title, xlabel: xlabel, ylabel: ylabel),
                        "unset key", "unset grid", "set tics out",
                        "set cblabel \(GnuplotSyntax.quoted(colorLabel))",
                        "set xrange [-0.5:\(columns) - 0.5]",
                        "set yrange [\(rows) - 0.5:-0.5]"]  // reversed: row 0 on top
        // Square cells, unless that would make the plot a sliver.
        if max(rows, columns) <= 4 * min(rows, columns) {
            commands.append("set size ratio -1")
        }
        if let columnLabels {
            commands.append(GnuplotSyntax.tics("x", labels: columnLabels))
        }
        if let rowLabels { commands.append(GnuplotSyntax.tics("y", labels: rowLabels)) }

        let finite = matrix.joined().filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 1
        let bound = max(abs(low), abs(high)) > 0 ? max(abs(low), abs(high)) : 1
        let textIsLight: String  // which cells are dark enough to need white text
        switch palette {
        case .viridis:
            commands.append("set palette defined (0 \"#440154\", 0.25 \"#3b528b\", "
                            + "0.5 \"#21918c\", 0.75 \"#5ec962\", 1 \"#fde725\")")
            textIsLight = "$3 < \((low + high) / 2)"
        case .grayscale:
            commands.append("set palette defined (0 \"#ffffff\", 1 \"#000000\")")
            textIsLight = "$3 > \((low + high) / 2)"
        case .diverging:
            commands.append("set palette defined "
                            + "(0 \"#2166ac\", 0.5 \"#f7f7f7\", 1 \"#b2182b\")")
            commands.append("set cbrange [-\(bound):\(bound)]")
            textIsLight = "abs($3) > \(0.6 * bound)"
        }
        var plot = "plot \(GnuplotSyntax.quoted(dataFile)) matrix with image"
        if showsValues {
            plot += ", \\\n     \"\" matrix using 1:2:(sprintf(\"%.2f\", $3))"
                + ":(\(textIsLight) ? 0xffffff : 0x000000) with labels tc rgb variable"
        }
        commands.append(plot)
        return commands.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
