/// How values are distributed: weight magnitudes, token lengths, gradient
/// norms. Give the raw values and a bin count, or bins counted already.
///
///     Histogram(values: weights.scalars, bins: 50, xlabel: "weight")
public struct Histogram: Figure {
    /// Values in `lower..<upper` (the last bin also takes its upper edge).
    public struct Bin: Sendable, Equatable {
        public var lower: Double
        public var upper: Double
        public var count: Int

        public init(lower: Double, upper: Double, count: Int) {
            self.lower = lower
            self.upper = upper
            self.count = count
        }
    }

    public var bins: [Bin]
    /// Values left out because they were NaN or infinite.
    public var skippedValues: Int
    public var xlabel: String
    public var ylabel: String
    public var title: String?
    public var logY: Bool

    /// Counts `values` into `bins` equal bins from their minimum to their
    /// maximum; NaN and infinities are counted in `skippedValues` instead.
    public init(values: [some PlotValue], bins binCount: Int = 40, xlabel: String,
                ylabel: String = "count", title: String? = nil, logY: Bool = false) {
        let finite = values.map(\.plotValue).filter(\.isFinite)
        self.init(bins: Histogram.count(finite, into: max(1, binCount)), xlabel: xlabel,
                  ylabel: ylabel, title: title, logY: logY)
        skippedValues = values.count - finite.count
    }

    public init(bins: [Bin], xlabel: String, ylabel: String = "count",
                title: String? = nil, logY: Bool = false) {
        self.bins = bins
        self.skippedValues = 0
        self.xlabel = xlabel
        self.ylabel = ylabel
        self.title = title
        self.logY = logY
    }

    private static func count(_ values: [Double], into binCount: Int) -> [Bin] {
        guard var low = values.min(), var high = values.max() else { return [] }
        // A single distinct value gets a bin one unit wide.
        if low == high { (low, high) = (low - 0.5, high + 0.5) }
        let width = (high - low) / Double(binCount)
        var counts = [Int](repeating: 0, count: binCount)
        for value in values {
            // Not finite only if the range under- or overflowed: then one bin.
            let position = (value - low) / width
            counts[position.isFinite ? min(binCount - 1, Int(position)) : 0] += 1
        }
        return counts.enumerated().map { index, count in
            Bin(lower: low + Double(index) * width,
                upper: index == binCount - 1 ? high : low + Double(index + 1) * width,
                count: count)
        }
    }

    public func data() throws -> String {
        guard !bins.isEmpty else { throw FigureDataError("a histogram needs values") }
        var header = "# Histogram of \(xlabel): \(bins.count) bins"
        if skippedValues > 0 { header += ", \(skippedValues) non-finite values left out" }
        var lines = [header, "# columns: lower, upper, count"]
        lines += bins.map { bin in
            let edges = [bin.lower, bin.upper].map(GnuplotSyntax.number)
            return (edges + ["\(bin.count)"]).joined(separator: "\t")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func plotCommands(dataFile: String) -> String {
        var commands = [GnuplotSyntax.labels(title: title, xlabel: xlabel, ylabel: ylabel),
                        "unset key", "set style fill solid 0.85 border -1"]
        // On a log axis empty bins have no bar; the axis starts at a count of 1.
        commands.append(logY ? "set logscale y\nset yrange [0.8:*]" : "set yrange [0:*]")
        commands.append("plot \(GnuplotSyntax.quoted(dataFile)) "
                        + "using (($1 + $2) / 2):3:($2 - $1) with boxes lt 1")
        return commands.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
