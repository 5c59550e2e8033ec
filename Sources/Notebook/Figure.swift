import Foundation

/// A plot gnuplot draws from a data file. Each kind (`LinePlot`, `Heatmap`,
/// `BarChart`, `Histogram`) says what its data file holds and which commands
/// draw it; `Gnuplot` adds the shared style, saves both beside the image and
/// runs gnuplot, so every figure can be redrawn or restyled from its files.
public protocol Figure: Sendable {
    /// The data as gnuplot reads it: tab-separated columns, with `#` comment
    /// lines saying what the columns are. Throws `FigureDataError` when the
    /// data cannot make a figure (no points, ragged rows...).
    func data() throws -> String

    /// The commands that draw the figure from `dataFile`, a file name in the
    /// script's own directory; terminal, output and style are already set.
    func plotCommands(dataFile: String) -> String
}

/// Why a figure's data cannot be drawn; the notebook adds the figure's name.
public struct FigureDataError: Error, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// A number a figure can plot, so that chapters pass their `[Float]` losses
/// or `[Int]` steps as they are.
public protocol PlotValue: Sendable {
    var plotValue: Double { get }
}

extension Double: PlotValue {
    public var plotValue: Double { self }
}

extension Float: PlotValue {
    /// Via the shortest decimal that reads back as this Float: 0.1 as a Float
    /// is 0.100000001490116..., and the data file should say 0.1.
    public var plotValue: Double { Double(description) ?? Double(self) }
}

extension Int: PlotValue {
    public var plotValue: Double { Double(self) }
}

/// Helpers the figure kinds share for writing data and gnuplot commands.
enum GnuplotSyntax {
    /// A number in a data file: the shortest exact form, and "NaN" for
    /// anything not finite, which gnuplot skips (a gap in a line) instead of
    /// failing on it.
    static func number(_ value: Double) -> String {
        value.isFinite ? "\(value)" : "NaN"
    }

    /// A gnuplot string literal. Control characters are shown as escapes
    /// ("\n" prints as backslash-n), so a token label stays on one line.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\\\n"
            case "\r": result += "\\\\r"
            case "\t": result += "\\\\t"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A label safe inside one tab-separated data field.
    static func field(_ text: String) -> String {
        text.map { $0 == "\t" || $0.isNewline ? " " : String($0) }.joined()
    }

    /// Title and axis labels; empty ones are left out.
    static func labels(title: String?, xlabel: String, ylabel: String) -> String {
        var lines: [String] = []
        if let title, !title.isEmpty { lines.append("set title \(quoted(title))") }
        if !xlabel.isEmpty { lines.append("set xlabel \(quoted(xlabel))") }
        if !ylabel.isEmpty { lines.append("set ylabel \(quoted(ylabel))") }
        return lines.joined(separator: "\n")
    }

    /// `set xtics ("a" 0, "b" 1, ...)`, rotated when the labels are long.
    static func tics(_ axis: String, labels: [String]) -> String {
        let tics = labels.enumerated().map { "\(quoted($1)) \($0)" }.joined(separator: ", ")
        let isLong = axis == "x" && labels.contains { $0.count > 3 }
        return "set \(axis)tics (\(tics))" + (isLong ? " rotate by 45 right" : "")
    }

    /// ` title "name"`, or ` notitle` for an unnamed series.
    static func title(_ name: String) -> String {
        name.isEmpty ? " notitle" : " title \(quoted(name))"
    }
}
