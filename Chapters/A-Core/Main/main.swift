// Appendix A — the tensor and autograd core, as a notebook.
//
//   swift run -c release chA-core [--quick]
//
// Every number, table and figure of Appendix A comes from this run.
import Book
import Dispatch
import Foundation
import Notebook
import Micrograd

Notebook.run(chapter: "A") { nb in
    try coreSize(nb)
    try scalarAutograd(nb)
    try rmsNormAgainstReference(nb)
    try gradientChecks(nb)
    try speed(nb)
    try safetensorsExample(nb)
}

// MARK: The core

/// What `Sources/Book` holds, counted from the files themselves.
func coreSize(_ nb: Notebook) throws {
    let core = URL(fileURLWithPath: "Sources/Book", isDirectory: true)
    let parts = [
        ("Tensor", "the tensor, its buffer pool, the random generator"),
        ("Autograd", "the tape, every op's forward and backward, the gradient check"),
        ("Kernels", "gemm, SIMD loops, parallelFor, the FMA peak"),
        ("Optim", "AdamW, the learning-rate schedule, clipping"),
        ("IO", "safetensors, JSON, atomic writes"),
        ("", "errors, a stopwatch, the exercises' error"),
    ]
    let manager = FileManager.default
    var rows: [[String]] = [], totalFiles = 0, totalLines = 0
    for (directory, what) in parts {
        let folder = directory.isEmpty ? core : core.appendingPathComponent(directory)
        guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else {
            throw FileError(folder, "not found: run the notebook from the repository root")
        }
        let files = names.filter { $0.hasSuffix(".swift") }
        let lines = try files.reduce(0) { count, name in
            let text = try String(contentsOf: folder.appendingPathComponent(name),
                                  encoding: .utf8)
            return count + text.split(separator: "\n", omittingEmptySubsequences: false)
                .count - (text.hasSuffix("\n") ? 1 : 0)
        }
        (totalFiles, totalLines) = (totalFiles + files.count, totalLines + lines)
        rows.append([directory.isEmpty ? "`Sources/Book/*.swift`" : "`\(directory)/`", what,
                     String(files.count), lines.formatted()])
    }
    rows.append(["total", "", String(totalFiles), totalLines.formatted()])
    try nb.table("core-size", headers: ["part", "what", "files", "lines of Swift"],
                 rows: rows)
}

// MARK: Autograd on scalars

func scalarAutograd(_ nb: Notebook) throws {
    try nb.verbatim("micrograd-example") {
        let (g, a, b) = microgradReadmeExample()
        return String(format: "g = %.4f\n∂g/∂a = %.4f\n∂g/∂b = %.4f", g.data, a.grad, b.grad)
    }

    var rng = RandomGenerator(seed: 1)
    let mlp = MLP(sizes: [3, 4, 4, 1], rng: &rng)
    let xs: [[Double]] = [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]]
    let ys: [Double] = [1, -1, -1, 1]
    var rows: [[String]] = []
    for step in 0...40 {
        let predictions = xs.map { mlp($0.map { Value($0) })[0] }
        let loss = zip(predictions, ys).reduce(Value(0)) { $0 + ($1.0 - Value($1.1)).pow(2) }
        mlp.parameters.forEach { $0.grad = 0 }
        loss.backward()
        for p in mlp.parameters { p.data -= 0.05 * p.grad }
        if step % 10 == 0 {
            let shown = predictions.map { String(format: "%+.3f", $0.data) }
            rows.append([String(step), String(format: "%.4f", loss.data),
                         shown.joined(separator: " ")])
        }
    }
    try nb.table("mlp-training", headers: ["step", "loss", "predictions (targets +1 −1 −1 +1)"],
                 rows: rows)
}

// MARK: RMSNorm, readable and fast

/// The tape's RMSNorm against the listed plain-array version, forward and
/// backward, on rows as wide as chapter 4's model (384, a whole number of
/// 16-lane blocks) and as a width with a ragged tail (389).
func rmsNormAgainstReference(_ nb: Notebook) throws {
    var rng = RandomGenerator(seed: 8)
    let rows = 256
    let cells = [384, 389].map { d in
        ["\(rows) × \(d)"] + rmsNormBothWays(rows: rows, width: d, rng: &rng).map {
            String(format: "%.1e", relativeGap($0.fast, $0.readable))
        }
    }
    try nb.table("rmsnorm-reference",
                 headers: ["x: rows × width", "y", "dx", "dgain"], rows: cells)
}

// MARK: Gradient checks

/// Every op of the tape against central differences, as the tests do.
func gradientChecks(_ nb: Notebook) throws {
    var rng = RandomGenerator(seed: 42)
    func r(_ shape: [Int], std: Float = 1) -> Tensor { Tensor.randn(shape, std: std, rng: &rng) }
    typealias Op = (Tape, [Variable]) -> Variable
    let cases: [(String, [Tensor], Op)] = [
        ("matmul A·B", [r([3, 4]), r([4, 5])], { $0.matmul($1[0], $1[1]) }),
        ("matmul Aᵀ·Bᵀ", [r([4, 3]), r([5, 4])],
         { $0.matmul($1[0], $1[1], transposeA: true, transposeB: true) }),
        ("linear x·Wᵀ, batched", [r([2, 3, 4]), r([5, 4])],
         { $0.matmul($1[0], $1[1], transposeB: true) }),
        ("batched matmul", [r([2, 3, 4]), r([2, 4, 5])], { $0.matmul($1[0], $1[1]) }),
        ("add (bias)", [r([3, 20]), r([20])], { $0.add($1[0], $1[1]) }),
        ("mul", [r([3, 20]), r([3, 20])], { $0.mul($1[0], $1[1]) }),
        ("scale", [r([3, 20])], { $0.scale($1[0], 0.5) }),
        ("embedding", [r([6, 5])], { $0.embedding($1[0], ids: [1, 4, 1, 0], shape: [2, 2]) }),
        ("RMSNorm", [r([4, 37]), r([37], std: 0.5)], { $0.rmsNorm($1[0], gain: $1[1]) }),
        ("LayerNorm", [r([4, 37]), r([37]), r([37])],
         { $0.layerNorm($1[0], gain: $1[1], bias: $1[2]) }),
        ("softmax", [r([3, 21], std: 2)], { $0.softmax($1[0]) }),
        ("GELU (tanh)", [r([3, 21], std: 2)], { $0.gelu($1[0]) }),
        ("SiLU", [r([3, 21], std: 2)], { $0.silu($1[0]) }),
        ("SwiGLU", [r([3, 21]), r([3, 21])], { $0.swiglu($1[0], $1[1]) }),
        ("dropout p = 0.3", [r([4, 19])], { t, v in
            var rng = RandomGenerator(seed: 7)  // the same mask on every call
            return t.dropout(v[0], probability: 0.3, rng: &rng)
        }),
        ("cross-entropy, 2 of 5 ignored", [r([5, 23], std: 3)],
         { $0.crossEntropy($1[0], targets: [3, -100, 22, 0, -100]) }),
        ("sum", [r([3, 18])], { $0.sum($1[0]) }),
        ("mean", [r([3, 18])], { $0.mean($1[0]) }),
    ]
    let rows = cases.map { name, inputs, op in
        let errors = gradientCheck(inputs, op)
        return [name, inputs.map { "\($0.shape)" }.joined(separator: ", "),
                errors.map { String(format: "%.1e", $0) }.joined(separator: ", ")]
    }
    try nb.table("gradient-check-table",
                 headers: ["op", "input shapes", "relative error per input"], rows: rows)

    // Error against the step h, for GELU on 64 inputs.
    let x = r([64])
    let exponents = stride(from: -6.0, through: 0.0, by: nb.isQuick ? 0.5 : 0.25)
    let steps = exponents.map { pow(10, $0) }
    func errors(_ scheme: FiniteDifference) -> [Double] {
        steps.map { gradientCheck([x], step: Float($0), scheme: scheme) { $0.gelu($1[0]) }[0] }
    }
    let (central, forward) = (errors(.central), errors(.forward))
    try nb.figure("gradient-check-step", LinePlot(
        [.init("central difference", x: steps, y: central),
         .init("forward difference", x: steps, y: forward)],
        xlabel: "step h", ylabel: "relative error of the gradient",
        logX: true, logY: true, markers: true))
    func best(_ errors: [Double]) -> (h: Double, error: Double) {
        let i = errors.indices.min { errors[$0] < errors[$1] }!
        return (steps[i], errors[i])
    }
    let (bc, bf) = (best(central), best(forward))
    let epsilon = Double(Float.ulpOfOne) / 2  // float32's unit roundoff, 2⁻²⁴
    try nb.text("gradient-check-best") {
        String(format: """
            With ε = 2⁻²⁴ ≈ %.2e, float32's unit roundoff, balancing the two errors \
            predicts the best step near ε^(1/3) ≈ %.1e for the central difference and \
            √ε ≈ %.1e for the forward one. The smallest errors measured: %.1e for the \
            central difference at h = %.0e, and %.1e for the forward difference at \
            h = %.0e.
            """, epsilon, pow(epsilon, 1.0 / 3), epsilon.squareRoot(),
            bc.error, bc.h, bf.error, bf.h)
    }
}

// MARK: Speed

func speed(_ nb: Notebook) throws {
    // Measured once per machine and shared with every chapter and `make bench`.
    let peak = try MachinePeak.load()
    try scalarChains(nb, peak)
    try fmaRates(nb, peak)
    try wakeCost(nb, peak)
    try sgemmSweep(nb, peak)
    try nb.text("blas-kernel") {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        func field(_ name: String) -> String {
            info.split(separator: "\n").first { $0.hasPrefix(name + "\t") }
                .flatMap { $0.split(separator: ":", maxSplits: 1).last }
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
        }
        let chosen = peak.machine.blasFallback.map {
            " (chosen by `make`: on its own OpenBLAS would fall back to \($0))"
        } ?? ""
        return "In this run OpenBLAS (`\(blasConfiguration)`) ran its \(blasCoreName) "
            + "kernel\(chosen) on the \(peak.machine.cpu) (CPU family "
            + "\(field("cpu family")), model \(field("model")))."
    }
}

/// "1 thread", "2 threads".
func plural(_ threads: Int) -> String { threads == 1 ? "1 thread" : "\(threads) threads" }

/// The peak's idea on plain Floats: one chain against eight, on this
/// thread. Both must stay below the vector peak (`fraction` throws if not).
func scalarChains(_ nb: Notebook, _ peak: MachinePeak) throws {
    let rounds = nb.isQuick ? 10_000_000 : 50_000_000
    let one = scalarFMARate(chains: 1, rounds: rounds)
    let eight = scalarFMARate(chains: 8, rounds: rounds)
    let oneShare = try peak.fraction(one, threads: 1, of: "one scalar FMA chain")
    let eightShare = try peak.fraction(eight, threads: 1, of: "eight scalar FMA chains")
    try nb.text("peak-idea") {
        String(format: "Measured in this run, on one thread: one chain %.2f GFLOP/s, "
               + "eight chains %.1f GFLOP/s, %.1f times as much. That is %.1f%% and "
               + "%.1f%% of the peak that the vector version below measures on one "
               + "thread.", one, eight, eight / one, 100 * oneShare, 100 * eightShare)
    }
}

/// Every chain count and vector width the peak measurement tried.
func fmaRates(_ nb: Notebook, _ peak: MachinePeak) throws {
    let threadCounts = MachinePeak.threadCounts(peak.machine)
    let lanes = Set(peak.rates.map(\.lanes)).sorted()
    let chains = Set(peak.rates.map(\.chains)).sorted()
    let columns = threadCounts.flatMap { t in lanes.map { (threads: t, lanes: $0) } }
    try nb.table("fma-rates",
                 headers: ["chains"] + columns.map { "\($0.lanes) lanes, \(plural($0.threads))" },
                 rows: chains.map { c in
                     [String(c)] + columns.map { column in
                         guard let rate = peak.rates.first(where: {
                             $0.chains == c && $0.lanes == column.lanes
                                 && $0.threads == column.threads
                         }) else { return "–" }
                         return String(format: "%.0f", rate.gflops)
                     }
                 })
    let best = try threadCounts.map { t in (t, try peak.gflops(threads: t)) }
    let single = peak.best(threads: 1)!
    let otherLanes = lanes.filter { $0 != single.lanes }
    let narrower = otherLanes.compactMap { l in
        peak.rates.filter { $0.threads == 1 && $0.lanes == l }.map(\.gflops).max()
            .map { (lanes: l, gflops: $0) }
    }
    try nb.text("peak") {
        var text = "The peak of this machine (\(peak.machine.cpu)) is "
            + best.map { String(format: "**%.0f GFLOP/s on \(plural($0.0))**", $0.1) }
                .joined(separator: " and ")
            + "; the fastest on one thread was \(single.chains) chains of "
            + "\(single.lanes) lanes. "
        for other in narrower {
            text += String(format: "The best with %d lanes reaches %.0f%% of it. ",
                           other.lanes, 100 * other.gflops / single.gflops)
        }
        text += "It was measured on \(peak.date) and is kept in "
            + "`\(MachinePeak.standardFile.relativePath)`: every fraction of the peak in "
            + "this book, and in `make bench`, divides by these numbers."
        return text
    }
}

/// What handing work to other threads costs: a `parallelFor` of one trivial
/// task per thread, each try after the threads have idled for a millisecond
/// against the same work on the calling thread.
func wakeCost(_ nb: Notebook, _ peak: MachinePeak) throws {
    guard threadCount > 1 else {
        try nb.text("wake-cost") {
            "This machine runs one thread, so `parallelFor` never wakes another."
        }
        return
    }
    let tries = nb.isQuick ? 100 : 500
    let ranOn = UnsafeMutablePointer<pthread_t>.allocate(capacity: threadCount)
    defer { ranOn.deallocate() }
    let shared = UncheckedSendable(ranOn)
    var split: [Double] = [], inline: [Double] = [], callerAlone = 0
    for _ in 0..<tries {
        usleep(1_000)
        let clock = Stopwatch()
        parallelFor(threadCount, grain: 1) { range in
            for i in range { shared.value[i] = pthread_self() }
        }
        split.append(clock.seconds)
        let caller = pthread_self()
        if (0..<threadCount).allSatisfy({ pthread_equal(ranOn[$0], caller) != 0 }) {
            callerAlone += 1
        }
        let alone = Stopwatch()
        for i in 0..<threadCount { ranOn[i] = pthread_self() }
        inline.append(alone.seconds)
    }
    let (median, inlineMedian) = (split.sorted()[tries / 2], inline.sorted()[tries / 2])
    let operations = median * (try peak.gflops(threads: 1)) * 1e9
    try nb.text("wake-cost") {
        "Measured here, each time after the threads had idled for a millisecond: "
            + "a `parallelFor` of one trivial task for each of \(threadCount) threads "
            + "took \(formatDuration(median)) (median of \(tries) tries), the same "
            + "work on the calling thread alone \(formatDuration(inlineMedian)). In "
            + "\(callerAlone) of the \(tries) tries the calling thread had done every "
            + "task itself before another thread woke up. In "
            + "\(formatDuration(median)) one core at its FMA peak does about "
            + String(format: "%.1f", operations / 1e6) + " million floating-point "
            + "operations."
    }
}

/// sgemm's throughput against n, on one thread and on all, each point a
/// fraction of the peak for the threads `gemm` really used.
func sgemmSweep(_ nb: Notebook, _ peak: MachinePeak) throws {
    let sizes = [32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048]
        .filter { !nb.isQuick || $0 <= 512 }
    let threadCounts = MachinePeak.threadCounts(peak.machine)
    struct Point { var n, asked, used: Int; var gflops, fraction: Double }
    var points: [Point] = []
    let progress = ProgressBar(total: threadCounts.count * sizes.count, label: "sgemm",
                               unit: "size")
    for asked in threadCounts {
        for n in sizes {
            let used = gemmThreads(m: n, n: n, k: n, threads: asked)
            let gflops = sgemmGFLOPS(n: n, threads: asked, seconds: nb.isQuick ? 0.05 : 0.3)
            let what = "sgemm \(n)×\(n)×\(n)"
            points.append(Point(n: n, asked: asked, used: used, gflops: gflops,
                                fraction: try peak.fraction(gflops, threads: used, of: what)))
            progress.advance(info: "\(n)×\(n): \(Int(gflops)) GFLOP/s on \(used)")
        }
    }
    progress.finish()

    let all = threadCounts.last!
    func series(_ name: String, _ keep: (Point) -> Bool) -> LinePlot.Series? {
        let chosen = points.filter(keep)
        return chosen.isEmpty ? nil
            : .init(name, x: chosen.map(\.n), y: chosen.map(\.gflops))
    }
    let curves = [
        series("gemm(threads: 1)") { $0.asked == 1 },
        all == 1 ? nil : series("gemm(threads: \(all)), ran on \(all)") {
            $0.asked == all && $0.used == all
        },
        all == 1 ? nil : series("gemm(threads: \(all)), ran on 1 (n³ < 2²²)") {
            $0.asked == all && $0.used == 1
        },
    ].compactMap { $0 }
    let peakLines = try threadCounts.enumerated().map { index, threads in
        LinePlot.Reference(
            y: try peak.gflops(threads: threads),
            label: "FMA peak, \(plural(threads)): "
                + String(format: "%.0f GFLOP/s", try peak.gflops(threads: threads)),
            series: index)
    }
    try nb.figure("sgemm-gflops", LinePlot(
        curves, xlabel: "matrix size n (C = A·B, all three n×n)",
        ylabel: "throughput (GFLOP/s)", logX: true, references: peakLines,
        markers: true))

    let shown = sizes.indices.filter { $0 % 2 == 0 || $0 == sizes.count - 1 }.map { sizes[$0] }
    func cells(_ n: Int, _ asked: Int) -> [String] {
        let p = points.first { $0.n == n && $0.asked == asked }!
        return (asked == 1 ? [] : [String(p.used)])
            + [String(format: "%.0f", p.gflops), String(format: "%.0f%%", 100 * p.fraction)]
    }
    try nb.table("sgemm-table",
                 headers: ["n", "1 thread: GFLOP/s", "% of peak"]
                    + (all == 1 ? [] : ["threads: \(all) → used", "GFLOP/s",
                                        "% of peak (threads used)"]),
                 rows: shown.map { n in [String(n)] + threadCounts.flatMap { cells(n, $0) } })

    try nb.text("sgemm-best") {
        let best = threadCounts.compactMap { used in
            points.filter { $0.used == used }.max { $0.gflops < $1.gflops }
        }
        return "The fastest sgemm measured: " + best.map { p in
            String(format: "%.0f GFLOP/s on ", p.gflops) + plural(p.used)
                + String(format: " (n = %d), %.0f%% of that peak", p.n, 100 * p.fraction)
        }.joined(separator: "; ") + ". Every point was checked against the peak for "
            + "the threads it ran on: one above it would have stopped this run with an "
            + "error naming both numbers, since it would mean the peak is wrong."
    }
}

/// Throughput of C = A·B for n×n matrices on `threads` threads: as many
/// products as fit in `seconds`, after one warm-up.
func sgemmGFLOPS(n: Int, threads: Int, seconds: Double) -> Double {
    var rng = RandomGenerator(seed: UInt64(n))
    let a = Tensor.randn([n, n], rng: &rng), b = Tensor.randn([n, n], rng: &rng)
    let c = Tensor(zeros: [n, n])
    gemm(a.data, b.data, c.data, m: n, n: n, k: n, threads: threads)
    let clock = Stopwatch()
    var runs = 0
    repeat {
        gemm(a.data, b.data, c.data, m: n, n: n, k: n, threads: threads)
        runs += 1
    } while clock.seconds < seconds
    return 2 * Double(n * n * n) * Double(runs) / clock.seconds / 1e9
}

// MARK: safetensors

func safetensorsExample(_ nb: Notebook) throws {
    let url = nb.locations.chapterDirectory("A").appendingPathComponent("example.safetensors")
    var rng = RandomGenerator(seed: 3)
    let tensors = ["embedding.weight": Tensor.randn([8, 4], rng: &rng),
                   "norm.gain": Tensor(shape: [4], repeating: 1)]
    try SafetensorsFile.write(tensors, metadata: ["format": "pt"], to: url)
    let file = try SafetensorsFile(contentsOf: url)
    for (name, tensor) in tensors where try file.tensor(named: name).scalars != tensor.scalars {
        throw FileError(url, "tensor '\(name)' did not read back as written")
    }
    let bytes = try Data(contentsOf: url)
    let headerLength = Int(bytes.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
    let header = String(decoding: bytes[8..<(8 + headerLength)], as: UTF8.self)
    try nb.verbatim("safetensors-header") {
        """
        \(bytes.count) bytes: 8 (header length = \(headerLength)), \
        \(headerLength) of header, \(bytes.count - 8 - headerLength) of data
        \(header.trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: "},", with: "},\n "))
        """
    }
}
