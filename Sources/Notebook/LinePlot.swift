/// One or more named curves y(x): loss against step, error against step size,
/// throughput against matrix size. Log axes for anything spanning decades.
///
///     LinePlot([.init("train", x: steps, y: trainLoss),
///               .init("validation", x: steps, y: validationLoss)],
///              xlabel: "step", ylabel: "loss")
public struct LinePlot: Figure {
    public struct Series: Sendable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        /// A shaded band from low[i] to high[i] around the curve (the spread
        /// over seeds, say), or nil.
        public var band: (low: [Double], high: [Double])?

        /// Points (x[i], y[i]); the two arrays must be equally long.
        public init(_ name: String, x: [some PlotValue], y: [some PlotValue]) {
            self.name = name
            self.x = x.map(\.plotValue)
            self.y = y.map(\.plotValue)
        }

        /// The curve y with a shaded band from `low` to `high`.
        public init(_ name: String, x: [some PlotValue], y: [some PlotValue],
                    low: [some PlotValue], high: [some PlotValue]) {
            self.init(name, x: x, y: y)
            band = (low.map(\.plotValue), high.map(\.plotValue))
        }

        /// y against 1, 2, 3, ... (step numbers).
        public init(_ name: String, y: [some PlotValue]) {
            self.init(name, x: (0..<y.count).map { $0 + 1 }, y: y)
        }
    }

    /// A dashed horizontal line across the plot, named in the key: a
    /// measured peak, a target loss. Grey, or in the colour of the series
    /// at index `series` when it belongs to that series.
    public struct Reference: Sendable {
        public var y: Double
        public var label: String
        public var series: Int?

        public init(y: some PlotValue, label: String, series: Int? = nil) {
            self.y = y.plotValue
            self.label = label
            self.series = series
        }
    }

    public var series: [Series]
    public var xlabel: String
    public var ylabel: String
    public var title: String?
    public var logX: Bool
    public var logY: Bool
    public var references: [Reference]
    /// Whether each point gets a marker, for sparse measurements.
    public var markers: Bool

    public init(_ series: [Series], xlabel: String, ylabel: String, title: String? = nil,
                logX: Bool = false, logY: Bool = false, references: [Reference] = [],
                markers: Bool = false) {
        self.series = series
        self.xlabel = xlabel
        self.ylabel = ylabel
        self.title = title
        self.logX = logX
        self.logY = logY
        self.references = references
        self.markers = markers
    }

    /// One block per series, separated by two blank lines: gnuplot's `index`.
    public func data() throws -> String {
        guard !series.isEmpty else { throw FigureDataError("a line plot needs a series") }
        var lines = ["# Line plot: \(series.count) series, one block each "
                        + "(gnuplot index 0, 1, ...)",
                     "# columns: x (\(xlabel)), y (\(ylabel)), and for a series "
                        + "with a band, its low and high"]
        for (index, curve) in series.enumerated() {
            guard curve.x.count == curve.y.count else {
                throw FigureDataError("series '\(curve.name)' has \(curve.x.count) "
                                      + "x values but \(curve.y.count) y values")
            }
            guard !curve.x.isEmpty else {
                throw FigureDataError("series '\(curve.name)' is empty")
            }
            if let band = curve.band, band.low.count != curve.x.count
                || band.high.count != curve.x.count {
                throw FigureDataError("series '\(curve.name)' has a band of "
                    + "\(band.low.count)/\(band.high.count) values for \(curve.x.count) points")
            }
            if index > 0 { lines += ["", ""] }
            lines.append("# index \(index): \(GnuplotSyntax.field(curve.name))")
            for i in curve.x.indices {
                var columns = [curve.x[i], curve.y[i]]
                if let band = curve.band { columns += [band.low[i], band.high[i]] }
                lines.append(columns.map(GnuplotSyntax.number).joined(separator: "\t"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func plotCommands(dataFile: String) -> String {
        // x spans exactly the data; gnuplot would round a log axis out to whole decades.
        var commands = [GnuplotSyntax.labels(title: title, xlabel: xlabel, ylabel: ylabel),
                        "set autoscale xfix"]
        // %g labels a log axis 1e-05 … 0.01 … 100, never 0.000010.
        if logX { commands += ["set logscale x", "set format x \"%g\""] }
        if logY { commands += ["set logscale y", "set format y \"%g\""] }
        // Room above the highest line, so a reference at the top (a peak)
        // is not drawn on the border.
        if !references.isEmpty, !logY { commands.append("set offsets 0, 0, graph 0.05, 0") }
        let style = markers ? "linespoints" : "lines"
        let file = GnuplotSyntax.quoted(dataFile)
        // Bands first, so every curve is drawn over every band.
        var plots = series.indices.filter { series[$0].band != nil }.map { index in
            "\(file) index \(index) using 1:3:4 with filledcurves "
                + "fs transparent solid 0.2 noborder lt \(index + 1) notitle"
        }
        plots += series.indices.map { index in
            "\(file) index \(index) using 1:2 with \(style) lt \(index + 1)"
                + GnuplotSyntax.title(series[index].name)
        }
        plots += references.map { reference in
            // `lc N`: the colour of line type N, the series' own.
            let colour = reference.series.map { "lc \($0 + 1)" } ?? "lc rgb \"#555555\""
            return "\(GnuplotSyntax.number(reference.y)) with lines dt 2 lw 1.5 \(colour)"
                + GnuplotSyntax.title(reference.label)
        }
        commands.append("plot " + plots.joined(separator: ", \\\n     "))
        return commands.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
