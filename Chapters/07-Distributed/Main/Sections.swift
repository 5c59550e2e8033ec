import Book
import DistributedTraining
import Foundation
import Model
import Notebook
import Pretraining

/// The settings every measured training run shares: chapter 4's model and
/// batch (8 windows of 256 tokens), or a small model for --quick.
struct RunSettings {
    let quick: Bool
    var steps: Int { quick ? 4 : 30 }
    /// The global batch: windows of `context` tokens.
    var batch: Int { quick ? 4 : 8 }
    var context: Int { quick ? 64 : 256 }
    var tokensPerStep: Int { batch * context }
    /// The model and batch options.
    var shape: [String] {
        (quick ? ["--quick"] : []) + ["--context", "\(context)", "--batch", "\(batch)"]
    }
    var arguments: [String] { ["--steps", "\(steps)"] + shape }
}

/// Seconds as whole milliseconds; a dash for a number the run did not report.
func ms(_ seconds: Double) -> String { seconds.isNaN ? "–" : String(format: "%.0f", 1000 * seconds) }

/// Runs a launch that must succeed, or throws with what mpirun said.
func required(_ launch: Launch, _ what: String) throws -> Launch {
    guard launch.status == 0 else {
        throw InputError("\(what): mpirun exited \(launch.status)\n\(launch.output)\(launch.errors)")
    }
    return launch
}

/// The five ways of training compared: rank 0's report.
func equivalenceSection(_ nb: Notebook, _ launcher: Launcher) throws {
    let launch = try required(launcher.run(ranks: 2, ["equivalence", "--steps", "5"]),
                              "the equivalence check")
    try nb.verbatim("equivalence") { launch.output.trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// One measured training run's numbers, as `train` printed them.
struct Measured {
    let label: String
    let values: [String: Any]
    func number(_ key: String) -> Double { (values[key] as? Double) ?? .nan }
}

/// The scaling runs, named by what the later sections take from them.
struct Scaling {
    let runs: [Measured]
    var oneRank: Measured { runs[0] }
    var twoThreads: Measured { runs[1] }
    var afterBackward: Measured { runs[2] }
    var overlapped: Measured { runs[3] }
}

/// Tokens per second for 1 and 2 ranks and 1 rank × 2 threads, each step's
/// split, and memory: data parallelism with and without overlap, and ZeRO-1.
func scalingSection(_ nb: Notebook, _ launcher: Launcher, _ settings: RunSettings) throws
    -> Scaling
{
    let runs: [(String, ranks: Int, threads: Int, options: [String])] = [
        ("1 rank × 1 thread", 1, 1, ["--measure"]),
        ("1 rank × 2 threads", 1, 2, ["--measure"]),
        ("2 ranks × 1 thread, all-reduce after backward", 2, 1, ["--measure"]),
        ("2 ranks × 1 thread, overlapped", 2, 1, ["--overlap", "--measure"]),
        ("2 ranks × 1 thread, ZeRO-1", 2, 1, ["--zero", "--measure"]),
    ]
    let measured = try runs.map { label, ranks, threads, options in
        Measured(label: label, values: try required(
            launcher.run(ranks: ranks, threads: threads, ["train"] + settings.arguments + options),
            label).result())
    }
    let single = measured[0].number("tokens_per_s")
    try nb.table("scaling", headers: [
        "run", "tokens/s", "× 1 rank", "step (ms)", "compute", "waiting", "sending", "update",
    ], rows: measured.map { run in
        [run.label, String(format: "%.0f", run.number("tokens_per_s")),
         String(format: "%.2f", run.number("tokens_per_s") / single)]
            + ["step_s", "compute_s", "waiting_s", "communication_s", "update_s"].map {
                ms(run.number($0))
            }
    })
    // The formula: m and v, 4 bytes each, for all P weights, or for 1/N of them sharded.
    try nb.table("scaling-memory", headers: [
        "run", "AdamW's moments per rank, counted (MB)", "formula 8P/N (MB)",
        "peak resident memory per rank (MB)",
    ], rows: zip(runs, measured).map { run, measured in
        let shards = run.options.contains("--zero") ? Double(run.ranks) : 1
        return [measured.label, String(format: "%.1f", measured.number("optimizer_state_mb")),
                String(format: "%.1f", 8 * measured.number("parameters") / shards / 1e6),
                String(format: "%.0f", measured.number("max_rss_mb"))]
    })
    let scaling = Scaling(runs: measured)
    let (threads, ranks) = (scaling.twoThreads, scaling.afterBackward)
    try nb.text("ranks-or-threads") {
        let (a, b) = (ranks.number("tokens_per_s"), threads.number("tokens_per_s"))
        return String(format: "In this run %@ the faster, at %.0f tokens/s against %.0f.",
                      a >= b ? "the two ranks were" : "one rank of two threads was",
                      max(a, b), min(a, b))
    }
    try nb.text("overlap-effect") {
        "Overlapped, whatever part of the all-reduce runs during the backward pass is "
            + "counted in the compute column. In this run the overlapped step took "
            + "\(ms(scaling.overlapped.number("step_s"))) ms, the one with the all-reduce "
            + "after the backward pass \(ms(ranks.number("step_s"))) ms."
    }
    return scaling
}

/// Bytes of a gradient bucket: 2²² floats.
let bucketBytes = 4 << 22

/// The `bandwidth` command's sweep: for each message size, the all-reduce's
/// median seconds and the bytes each rank sent per second.
struct BandwidthSweep {
    struct Point { let bytes: Int, seconds: Double, bandwidth: Double }
    let points: [Point]

    /// Rank 0's JSON rows, as `bandwidthRank` writes them.
    init(_ launch: Launch) throws {
        let rows = try launch.json() as? [[String: Any]] ?? []
        points = try rows.map { row in
            guard let bytes = row["bytes"] as? Int, let seconds = row["seconds"] as? Double,
                  let bandwidth = row["bandwidth"] as? Double else {
                throw InputError("the bandwidth command printed a row without bytes, seconds "
                                 + "and bandwidth: \(row)")
            }
            return Point(bytes: bytes, seconds: seconds, bandwidth: bandwidth)
        }
    }

    var fastest: Point? { points.max { $0.bandwidth < $1.bandwidth } }
    /// Bytes per second for a message of a bucket's size (NaN if not measured).
    var atBucket: Double { points.first { $0.bytes == bucketBytes }?.bandwidth ?? .nan }

    func curve(_ name: String) -> LinePlot.Series {
        LinePlot.Series(name, x: points.map { Double($0.bytes) },
                        y: points.map { $0.bandwidth / 1e9 })
    }
}

/// The all-reduce's bandwidth against message size through shared memory
/// and, where the machine allows network namespaces, over TCP between the
/// two namespace hosts; and a training run across them.
func bandwidthSection(_ nb: Notebook, _ launcher: Launcher, _ settings: RunSettings,
                      oneHost: Measured) throws -> BandwidthSweep {
    let shared = try BandwidthSweep(required(launcher.run(ranks: 2, ["bandwidth"]), "bandwidth"))
    var series = [shared.curve("shared memory (one host)")]
    if try shell("scripts/netns-hosts.sh", "up") {
        defer { _ = try? shell("scripts/netns-hosts.sh", "down") }
        let script = "scripts/netns-mpirun.sh"
        let network = try BandwidthSweep(required(
            launcher.run(ranks: 2, script: script, ["bandwidth"]), "bandwidth between namespace hosts"))
        series.append(network.curve("TCP over a veth link (two namespace hosts)"))
        let run = try required(launcher.run(ranks: 2, script: script,
                                            ["train"] + settings.arguments + ["--measure"]),
                               "training across namespace hosts").result()
        let twoHosts = Measured(label: "two namespace hosts, TCP over veth", values: run)
        try nb.table("multi-host", headers: [
            "2 ranks × 1 thread", "tokens/s", "step (ms)", "all-reduce after the backward pass (ms)",
        ], rows: [oneHost, twoHosts].map { run in
            [run.label, String(format: "%.0f", run.number("tokens_per_s")),
             ms(run.number("step_s")), ms(run.number("communication_s"))]
        })
        try nb.text("multi-host-notes") {
            String(format: "Between the namespace hosts the gradients go through the "
                   + "kernel's TCP stack instead of shared memory: in this run at %.0f %% "
                   + "of its bandwidth for 16 MiB messages (the figure above). The all-reduce "
                   + "after the backward pass took %@ ms instead of %@, and the step %@ ms "
                   + "instead of %@.", 100 * network.atBucket / shared.atBucket,
                   ms(twoHosts.number("communication_s")), ms(oneHost.number("communication_s")),
                   ms(twoHosts.number("step_s")), ms(oneHost.number("step_s")))
        }
    } else {
        try nb.text("multi-host") {
            "This machine refuses network namespaces (`ip netns add` failed), so the two-host run is skipped."
        }
        try nb.text("multi-host-notes") { "" }
    }
    try nb.text("bandwidth-notes") {
        let size = shared.fastest?.bytes ?? 0
        let larger = size < (shared.points.last?.bytes ?? 0)
        return String(format: "Through shared memory the all-reduce was fastest in this run for "
                      + "messages of %@ (%.1f GB/s per rank), and a 16 MiB bucket moved at %.1f GB/s.",
                      bytesText(size), (shared.fastest?.bandwidth ?? .nan) / 1e9,
                      shared.atBucket / 1e9)
            + (larger ? " Larger messages were slower, presumably as their buffers (a few per "
                        + "rank) outgrow the processor's caches." : "")
    }
    try nb.figure("allreduce-bandwidth", LinePlot(series, xlabel: "message size (bytes)",
                                                   ylabel: "bandwidth (GB/s sent per rank)",
                                                   logX: true, markers: true))
    return shared
}

/// 4 KiB, 1 MiB, 64 MiB.
func bytesText(_ bytes: Int) -> String {
    bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB"
}

/// Runs a script; false if it failed.
func shell(_ script: String, _ arguments: String...) throws -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: script)
    process.arguments = arguments
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus == 0
}

/// How long the others may take to stop after a rank dies: mpirun checks
/// its processes every few hundred milliseconds; a hang would be forever.
let faultExitLimit = 30.0

/// What a run with a killed rank left behind, and how its resumption ended.
struct Fault {
    let status: Int32
    /// Seconds from the kill to mpirun's exit.
    let exitDelay: Double
    /// mpirun's line naming the killed rank.
    let notice: String
    let checkpoint: String
    /// ‖a − b‖/‖a‖ of the resumed run's final weights against the uninterrupted run's.
    let difference: Float
}

/// Trains `train` on 2 ranks with rank 1 killed after step `step`, resumes the
/// checkpoint it left on 1 rank, and compares with the uninterrupted run in
/// `whole`. Throws if mpirun does not name the rank, takes longer than
/// `faultExitLimit` to exit, or the resumed run does not continue the same
/// run (relative difference above 1e-6).
func killAndResume(_ launcher: Launcher, _ train: [String], step: Int, in run: URL,
                   against whole: URL) throws -> Fault {
    let broken = try launcher.run(ranks: 2, timeout: 600, train + [
        "--run", run.path, "--die-rank", "1", "--die-step", "\(step)"])
    guard broken.status != 0 else { throw InputError("the run with a killed rank exited 0") }
    let killedAt = try String(contentsOf: run.appendingPathComponent("killed-at"), encoding: .utf8)
    let exitDelay = broken.ended.timeIntervalSince1970 - (Double(killedAt) ?? .nan)
    guard let notice = broken.errors.split(separator: "\n").first(where: { $0.contains("rank 1") })
        .map({ String($0).trimmingCharacters(in: .whitespaces) }) else {
        throw InputError("mpirun's messages do not name the killed rank 1:\n\(broken.errors)")
    }
    guard exitDelay < faultExitLimit else {
        throw InputError(String(format: "mpirun took %.1f s to exit after rank 1 was killed "
                                + "(limit %.0f s)", exitDelay, faultExitLimit))
    }
    let left = try checkpoints(in: run).last?.lastPathComponent ?? "none"
    _ = try required(launcher.run(ranks: 1, train + ["--run", run.path, "--resume"]),
                     "resuming \(left) on one rank")
    let difference = relativeDifference(try loadCheckpoint(whole).model.parameters,
                                        try loadCheckpoint(run).model.parameters)
    guard difference <= 1e-6 else {
        throw InputError("the run resumed from \(left) differs from the uninterrupted one by "
                         + String(format: "%.1e", difference) + " (limit 1e-6)")
    }
    return Fault(status: broken.status, exitDelay: exitDelay, notice: notice, checkpoint: left,
                 difference: difference)
}

/// A 2-rank run whose rank 1 is killed mid-run, resumed on a single rank
/// from the checkpoint it left, against the same run uninterrupted; then
/// the same with ZeRO-1, whose checkpoint gathers the moments' shards; and
/// two ranks started with different options.
func faultSection(_ nb: Notebook, _ launcher: Launcher, _ settings: RunSettings) throws {
    let directory = nb.locations.chapterDirectory("07")
    let runs = ["run-whole", "run-killed", "run-killed-zero"].map {
        directory.appendingPathComponent($0)
    }
    for run in runs {
        try? FileManager.default.removeItem(at: run)
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
    }
    let steps = settings.quick ? 4 : 12, every = steps / 2
    let train = ["train", "--steps", "\(steps)", "--checkpoint-every", "\(every)"] + settings.shape
    _ = try required(launcher.run(ranks: 2, train + ["--run", runs[0].path]),
                     "the uninterrupted run")
    let plain = try killAndResume(launcher, train, step: every + 1, in: runs[1], against: runs[0])
    let zero = try killAndResume(launcher, train + ["--zero"], step: every + 1, in: runs[2],
                                 against: runs[0])
    try nb.table("fault", headers: ["", "data parallel", "ZeRO-1"], rows: [
        ["rank 1 killed (SIGKILL) after step", "\(every + 1) of \(steps)", "\(every + 1) of \(steps)"],
        ["mpirun's exit status", "\(plain.status)", "\(zero.status)"],
        ["mpirun exited after the kill", String(format: "%.1f s", plain.exitDelay),
         String(format: "%.1f s", zero.exitDelay)],
        ["checkpoints left", plain.checkpoint, zero.checkpoint],
        ["resumed on 1 rank, to step", "\(steps)", "\(steps)"],
        ["relative difference of the weights from the uninterrupted 2-rank run",
         String(format: "%.1e", plain.difference), String(format: "%.1e", zero.difference)],
    ])
    try nb.verbatim("fault-notice") { plain.notice }
    // Ranks started differently: rank 1 with the overlap, rank 0 without.
    // They must stop at the start with rank 0's one message naming it, not
    // hang at the first all-reduce.
    let mismatch = try launcher.run(eachRank: [train, train + ["--overlap"]], timeout: 300)
    let messages = mismatch.errors.split(separator: "\n")
        .filter { $0.contains("rank 1 was started with another --overlap than rank 0") }
    guard mismatch.status != 0, messages.count == 1, let message = messages.first else {
        throw InputError("ranks started with different options were not stopped with one "
                         + "message (mpirun exited \(mismatch.status)):\n\(mismatch.errors)")
    }
    try nb.verbatim("mismatch") { String(message) }
}

/// The cost model, first checked against this machine's runs, then used
/// where this machine cannot go.
func costSection(_ nb: Notebook, _ scaling: Scaling, bandwidth: BandwidthSweep,
                 model: ModelConfig, tokensPerStep: Int) throws {
    // This machine as a cluster: one core's FLOP rate, from the 1-rank run;
    // the shared-memory all-reduce's bandwidth at the size of a bucket
    // (2²² floats), and its latency from the smallest message (two ring
    // steps on two ranks).
    let oneRank = scaling.oneRank
    let flops = 3 * Double(model.flopsPerToken()) * Double(tokensPerStep) / oneRank.number("compute_s")
    let here = Cluster(
        flops: flops, acceleratorsPerNode: 2,
        nodeBandwidth: bandwidth.atBucket, networkBandwidth: bandwidth.atBucket,
        latency: (bandwidth.points.first?.seconds ?? .nan) / 2)
    let predicted = here.step(model, tokensPerStep: tokensPerStep, gradientBytes: 4, accelerators: 2)
    let (serial, overlapped) = (scaling.afterBackward, scaling.overlapped)
    // The sending column also holds the copies into the buckets and back,
    // which the one-rank run measures alone. The model leaves them and the
    // update out; the rows for whole steps add the measured ones.
    let copies = oneRank.number("communication_s")
    let allReduce = serial.number("communication_s") - copies
    let extra = copies + serial.number("update_s")
    try nb.table("cost-check", headers: ["2 ranks × 1 thread", "modelled (ms)", "measured (ms)"],
                 rows: [
        ["compute", ms(predicted.compute), ms(serial.number("compute_s"))],
        ["all-reduce (measured: sending less copies)", ms(predicted.communication), ms(allReduce)],
        ["copies and update (measured, not modelled)", ms(extra), ms(extra)],
        ["step, all-reduce after backward", ms(predicted.serial + extra), ms(serial.number("step_s"))],
        ["step, overlapped", ms(predicted.overlapped + extra), ms(overlapped.number("step_s"))],
    ])
    try nb.text("cost-notes") {
        let computeError = abs(serial.number("compute_s") / predicted.compute - 1)
        let allReduceError = abs(allReduce - predicted.communication)
        return String(format: "It predicts the two ranks' compute from the one-rank run to within "
                      + "%.0f %%, and the all-reduce from the bandwidth at a bucket's size to within "
                      + "%.0f ms.", (100 * computeError).rounded(.up),
                      (1000 * allReduceError).rounded(.up))
    }
    // A cluster of H100s: 989 TFLOP/s dense BF16 each at 40 % utilization,
    // 8 per node on NVLink (450 GB/s each way), 400 Gb/s InfiniBand per GPU
    // between nodes; a global batch of 2²⁰ tokens; BF16 gradients.
    let h100 = Cluster(flops: 0.4 * 989e12, acceleratorsPerNode: 8,
                       nodeBandwidth: 450e9, networkBandwidth: 50e9, latency: 5e-6)
    let models = [("chapter 4's model", model), ("SmolLM2-135M", try smolLM2()),
                  ("Llama-3-8B", try llama3_8B())]
    let counts = (3...10).map { 1 << $0 }  // 8 … 1,024
    try nb.figure("scaling-model", LinePlot(models.map { name, config in
        LinePlot.Series(name, x: counts.map(Double.init), y: counts.map { n in
            100 * h100.step(config, tokensPerStep: 1 << 20, gradientBytes: 2, accelerators: n)
                .efficiency
        })
    }, xlabel: "accelerators", ylabel: "scaling efficiency (%)", logX: true, markers: true))
    try nb.table("scaling-model-table", headers: ["model", "parameters", "step on 8 (ms)",
                                            "efficiency on 8", "step on 1,024 (ms)",
                                            "efficiency on 1,024"],
                 rows: models.map { name, config in
        let (eight, many) = (h100.step(config, tokensPerStep: 1 << 20, gradientBytes: 2, accelerators: 8),
                             h100.step(config, tokensPerStep: 1 << 20, gradientBytes: 2, accelerators: 1_024))
        return [name, config.parameterCount.formatted(),
                String(format: "%.1f", 1000 * eight.overlapped), String(format: "%.0f %%", 100 * eight.efficiency),
                String(format: "%.2f", 1000 * many.overlapped), String(format: "%.0f %%", 100 * many.efficiency)]
    })
}

/// SmolLM2-135M's and Llama 3 8B's shapes, from their published configs.
func smolLM2() throws -> ModelConfig {
    try ModelConfig(vocabSize: 49_152, contextLength: 8_192, width: 576, depth: 30, heads: 9,
                    kvHeads: 3, ffnWidth: 1_536, ropeBase: 100_000, tiedEmbeddings: true)
}

func llama3_8B() throws -> ModelConfig {
    try ModelConfig(vocabSize: 128_256, contextLength: 8_192, width: 4_096, depth: 32, heads: 32,
                    kvHeads: 8, ffnWidth: 14_336, ropeBase: 500_000, tiedEmbeddings: false)
}
