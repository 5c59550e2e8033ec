import XCTest
import Book
@testable import Notebook

final class NotebookFigureTests: XCTestCase {
    private var notebook: Notebook!
    private var figures: URL!
    private let output = CapturedConsole()

    override func setUpWithError() throws {
        let root = try temporaryDirectory(self)
        figures = root.appendingPathComponent("figures")
        notebook = try Notebook(
            chapter: "A", mode: .full,
            locations: NotebookLocations(outputRoot: root.appendingPathComponent("build"),
                                         figures: figures),
            console: output.console, inputsHash: nil)
    }

    private static let pngSignature = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])

    /// Draws `figure` and checks that its image, script and data all exist;
    /// returns the data file's text.
    @discardableResult
    private func draw(_ name: String, _ figure: some Figure) throws -> String {
        try notebook.figure(name, figure)
        let png = try Data(contentsOf: figures.appendingPathComponent("chA-\(name).png"))
        XCTAssertGreaterThan(png.count, 1000)
        XCTAssertEqual(png.prefix(8), Self.pngSignature)
        let script = try contents(of: figures.appendingPathComponent("chA-\(name).gp"))
        XCTAssertTrue(script.contains("set terminal pngcairo size 1000,600 font \"DejaVu Sans,11\""))
        XCTAssertTrue(script.contains("\"chA-\(name).dat\""), script)
        XCTAssertFalse(script.contains(figures.path), "the script must use relative paths")
        XCTAssertTrue(output.text.contains("figure \(name)"))
        return try contents(of: figures.appendingPathComponent("chA-\(name).dat"))
    }

    func testLinePlotWithLogAxesReferenceAndNaN() throws {
        let data = try draw("grad-check", LinePlot(
            [.init("float32", x: [1e-4, 1e-3, 1e-2], y: [Float(0.1), .nan, 0.001]),
             .init("float64", x: [1e-4, 1e-3, 1e-2], y: [1e-7, 1e-9, 1e-6])],
            xlabel: "step size h", ylabel: "relative error", logX: true, logY: true,
            references: [.init(y: 1e-3, label: "tolerance")], markers: true))
        XCTAssertEqual(data, """
            # Line plot: 2 series, one block each (gnuplot index 0, 1, ...)
            # columns: x (step size h), y (relative error), and for a series with a band, its low and high
            # index 0: float32
            0.0001\t0.1
            0.001\tNaN
            0.01\t0.001


            # index 1: float64
            0.0001\t1e-07
            0.001\t1e-09
            0.01\t1e-06

            """)
        let script = try contents(of: figures.appendingPathComponent("chA-grad-check.gp"))
        XCTAssertTrue(script.contains("set logscale x\nset format x \"%g\"\nset logscale y"))
        XCTAssertTrue(script.contains("0.001 with lines dt 2 lw 1.5 lc rgb \"#555555\" title \"tolerance\""))
        XCTAssertTrue(script.contains("index 1 using 1:2 with linespoints lt 2 title \"float64\""))
    }

    func testABandIsShadedBeneathItsCurve() throws {
        let data = try draw("seeds", LinePlot(
            [.init("mean of 3 seeds", x: [1, 2], y: [2.0, 1.0], low: [1.5, 0.5], high: [2.5, 1.5])],
            xlabel: "step", ylabel: "loss"))
        XCTAssertTrue(data.hasSuffix("# index 0: mean of 3 seeds\n1.0\t2.0\t1.5\t2.5\n2.0\t1.0\t0.5\t1.5\n"),
                      data)
        let script = try contents(of: figures.appendingPathComponent("chA-seeds.gp"))
        let band = try XCTUnwrap(script.range(of: "index 0 using 1:3:4 with filledcurves"))
        let curve = try XCTUnwrap(script.range(of: "index 0 using 1:2 with lines lt 1"))
        XCTAssertLessThan(band.lowerBound, curve.lowerBound, "the band is drawn first")
        XCTAssertThrowsError(try draw("ragged-band", LinePlot(
            [.init("x", x: [1, 2], y: [1.0, 2.0], low: [1.0], high: [2.0, 3.0])],
            xlabel: "x", ylabel: "y")))
    }

    func testAReferenceOfASeriesTakesItsColour() throws {
        try draw("peaks", LinePlot(
            [.init("1 thread", x: [1, 2], y: [3, 4]), .init("2 threads", x: [1, 2], y: [5, 6])],
            xlabel: "n", ylabel: "GFLOP/s",
            references: [.init(y: 10, label: "peak, 2 threads", series: 1)]))
        let script = try contents(of: figures.appendingPathComponent("chA-peaks.gp"))
        XCTAssertTrue(script.contains("10.0 with lines dt 2 lw 1.5 lc 2 title \"peak, 2 threads\""))
    }

    func testHeatmapOfATensorWithLabelsAndValues() throws {
        let weights = Tensor(shape: [3, 3], [1, 0, 0, 0.5, 0.5, 0, 0.2, 0.3, 0.5])
        let tokens = ["the", "cat \"sat\"", "\n"]
        let data = try draw("attention", Heatmap(weights, rowLabels: tokens, columnLabels: tokens,
                                                 xlabel: "key", ylabel: "query",
                                                 colorLabel: "weight", showsValues: true))
        XCTAssertEqual(data, """
            # Heatmap: 3 rows (query) x 3 columns (key)
            1.0\t0.0\t0.0
            0.5\t0.5\t0.0
            0.2\t0.3\t0.5

            """)
        let script = try contents(of: figures.appendingPathComponent("chA-attention.gp"))
        XCTAssertTrue(script.contains(#"set xtics ("the" 0, "cat \"sat\"" 1, "\\n" 2) rotate by 45 right"#),
                      script)
        XCTAssertTrue(script.contains("set yrange [3 - 0.5:-0.5]"))
        XCTAssertTrue(script.contains("with labels tc rgb variable"))
    }

    func testDivergingHeatmapIsSymmetricAboutZero() throws {
        try draw("gradients", Heatmap([[-2.0, 1], [0.5, 0]], xlabel: "in", ylabel: "out",
                                         colorLabel: "gradient", palette: .diverging))
        let script = try contents(of: figures.appendingPathComponent("chA-gradients.gp"))
        XCTAssertTrue(script.contains("set cblabel \"gradient\""), script)
        XCTAssertTrue(script.contains("set cbrange [-2.0:2.0]"), script)
    }

    func testGroupedBarChart() throws {
        let data = try draw("throughput", BarChart(
            categories: ["# small", "medium model"],
            series: [.init("Swift", values: [1200, 800]), .init("PyTorch", values: [1000.5, 900])],
            ylabel: "tokens/s"))
        XCTAssertEqual(data, """
            # Bar chart: tokens/s per category
            # columns: Swift, PyTorch, category
            1200.0\t1000.5\t# small
            800.0\t900.0\tmedium model

            """)
        let script = try contents(of: figures.appendingPathComponent("chA-throughput.gp"))
        XCTAssertTrue(script.contains("using 1:xtic(3) lt 1 title \"Swift\""), script)
        XCTAssertTrue(script.contains("\"\" using 2 lt 2 title \"PyTorch\""), script)
    }

    func testHistogramOfValuesSkipsNonFinite() throws {
        let values: [Double] = [0, 1, 1, 2, 3, 4, .nan, .infinity]
        let histogram = Histogram(values: values, bins: 4, xlabel: "weight")
        XCTAssertEqual(histogram.bins, [.init(lower: 0, upper: 1, count: 1),
                                        .init(lower: 1, upper: 2, count: 2),
                                        .init(lower: 2, upper: 3, count: 1),
                                        .init(lower: 3, upper: 4, count: 2)])
        XCTAssertEqual(histogram.skippedValues, 2)
        let data = try draw("weights", histogram)
        XCTAssertTrue(data.hasPrefix("# Histogram of weight: 4 bins, 2 non-finite values left out\n"
                                     + "# columns: lower, upper, count\n0.0\t1.0\t1\n"), data)
    }

    func testHistogramOfPrecomputedBinsOnLogAxis() throws {
        try draw("frequencies", Histogram(bins: [.init(lower: 0, upper: 10, count: 5000),
                                                 .init(lower: 10, upper: 20, count: 0),
                                                 .init(lower: 20, upper: 30, count: 3)],
                                          xlabel: "token length", logY: true))
    }

    func testOneDistinctValueMakesOneUnitWideBin() {
        XCTAssertEqual(Histogram(values: [2, 2, 2], bins: 1, xlabel: "x").bins,
                       [.init(lower: 1.5, upper: 2.5, count: 3)])
    }

    func testRedrawFromSavedScriptReproducesTheImage() throws {
        try draw("loss", LinePlot([.init("train", y: [4.2, 3.1, 2.5, 2.2])],
                                  xlabel: "step", ylabel: "loss"))
        try draw("sizes", BarChart(categories: ["a", "b"], values: [1, 2], ylabel: "n"))
        let loss = figures.appendingPathComponent("chA-loss.png")
        let original = try Data(contentsOf: loss)
        try FileManager.default.removeItem(at: loss)

        let redrawn = try redrawAllFigures(in: figures)
        XCTAssertEqual(redrawn.map(\.lastPathComponent), ["chA-loss.png", "chA-sizes.png"])
        XCTAssertEqual(try Data(contentsOf: loss), original)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: figures.path).count, 6,
                       "no temporary files left behind")
    }

    func testPlainGnuplotRunOfTheScriptDrawsTheImage() throws {
        try draw("plain", LinePlot([.init("y", y: [1, 2])], xlabel: "x", ylabel: "y"))
        let image = figures.appendingPathComponent("chA-plain.png")
        let original = try Data(contentsOf: image)
        try FileManager.default.removeItem(at: image)
        // What a reader does: cd figures && gnuplot chA-plain.gp
        let gnuplot = try XCTUnwrap(Subprocess.find("gnuplot"))
        let result = try Subprocess.run(gnuplot, ["chA-plain.gp"], in: figures)
        XCTAssertEqual(result.status, 0, result.output)
        XCTAssertEqual(try Data(contentsOf: image), original)
    }

    func testBadDataThrowsNamingTheFigure() throws {
        XCTAssertThrowsError(try notebook.figure("ragged", Heatmap([[1.0, 2], [3.0]], xlabel: "x", ylabel: "y",
                                                                    colorLabel: "z"))) { error in
            XCTAssertEqual(error as? NotebookError,
                           .invalidFigure(name: "ragged", reason: "row 1 has 1 values, row 0 has 2"))
        }
        XCTAssertThrowsError(try notebook.figure("uneven", LinePlot(
            [.init("loss", x: [1, 2, 3], y: [1.0])], xlabel: "", ylabel: ""))) { error in
            XCTAssertEqual("\(error)", "figure 'uneven': series 'loss' has 3 x values but 1 y values")
        }
        XCTAssertThrowsError(try notebook.figure("empty", Histogram(values: [Double](), xlabel: "")))
        XCTAssertThrowsError(try notebook.figure("labels", BarChart(
            categories: ["a", "b"], values: [1], ylabel: "")))
        XCTAssertFalse(FileManager.default.fileExists(atPath: figures.appendingPathComponent(
            "chA-ragged.png").path))
    }

    func testGnuplotErrorIsReportedWithTheScript() throws {
        let script = figures.appendingPathComponent("chA-broken.gp")
        try OutputFiles.write("plot 'missing.dat'\n", to: script)
        XCTAssertThrowsError(try Gnuplot.render(script)) { error in
            guard case let .gnuplotFailed(path, status, message)? = error as? NotebookError else {
                return XCTFail("unexpected \(error)")
            }
            XCTAssertEqual(path, script.relativePath)
            XCTAssertNotEqual(status, 0)
            XCTAssertTrue(message.contains("missing.dat"), message)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: figures.path),
                       ["chA-broken.gp"], "no image, no temporary file")
    }
}
