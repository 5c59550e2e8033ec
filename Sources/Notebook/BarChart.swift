/// Values per category, one bar each, grouped when there are several series:
/// tokens/s of our trainer against PyTorch's, per model size.
///
///     BarChart(categories: ["small", "medium"],
///              series: [.init("Swift", values: ours), .init("PyTorch", values: theirs)],
///              ylabel: "tokens/s")
public struct BarChart: Figure {
    public struct Series: Sendable {
        public var name: String
        public var values: [Double]

        /// One value per category, in the categories' order.
        public init(_ name: String, values: [some PlotValue]) {
            self.name = name
            self.values = values.map(\.plotValue)
        }
    }

    public var categories: [String]
    public var series: [Series]
    public var xlabel: String
    public var ylabel: String
    public var title: String?
    public var logY: Bool

    public init(categories: [String], series: [Series], xlabel: String = "",
                ylabel: String, title: String? = nil, logY: Bool = false) {
        self.categories = categories
        self.series = series
        self.xlabel = xlabel
        self.ylabel = ylabel
        self.title = title
        self.logY = logY
    }

    /// A single unnamed series.
    public init(categories: [String], values: [some PlotValue], xlabel: String = "",
                ylabel: String, title: String? = nil, logY: Bool = false) {
        self.init(categories: categories, series: [Series("", values: values)],
                  xlabel: xlabel, ylabel: ylabel, title: title, logY: logY)
    }

    /// One line per category: the series' values, then the category name
    /// last, so that a name starting with `#` cannot turn a line into a comment.
    public func data() throws -> String {
        guard !categories.isEmpty, !series.isEmpty else {
            throw FigureDataError("a bar chart needs categories and a series")
        }
        if let short = series.first(where: { $0.values.count != categories.count }) {
            throw FigureDataError("series '\(short.name)' has \(short.values.count) values "
                                  + "for \(categories.count) categories")
        }
        let names = series.map { $0.name.isEmpty ? "value" : GnuplotSyntax.field($0.name) }
        var lines = ["# Bar chart: \(ylabel) per category",
                     "# columns: " + (names + ["category"]).joined(separator: ", ")]
        for (index, category) in categories.enumerated() {
            let values = series.map { GnuplotSyntax.number($0.values[index]) }
            lines.append((values + [GnuplotSyntax.field(category)]).joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func plotCommands(dataFile: String) -> String {
        var commands = [GnuplotSyntax.labels(title: title, xlabel: xlabel, ylabel: ylabel),
                        "set style data histogram",
                        "set style histogram clustered gap 1",
                        "set style fill solid 0.85 border -1",
                        "set grid noxtics ytics"]
        if logY {
            commands.append("set logscale y")
        } else if series.allSatisfy({ $0.values.allSatisfy { !($0 < 0) } }) {
            commands.append("set yrange [0:*]")
        }
        if categories.contains(where: { $0.count > 8 }) {
            commands.append("set xtics rotate by 30 right")
        }
        let labelColumn = series.count + 1
        let plots = series.indices.map { index in
            let file = index == 0 ? GnuplotSyntax.quoted(dataFile) : "\"\""
            let using = index == 0 ? "1:xtic(\(labelColumn))" : "\(index + 1)"
            return "\(file) using \(using) lt \(index + 1)"
                + GnuplotSyntax.title(series[index].name)
        }
        commands.append("plot " + plots.joined(separator: ", \\\n     "))
        return commands.filter { !$0.isEmpty }.joined(separator: "\n")
    }
}
