import Foundation

/// Chapter 7's data-parallel training against PyTorch's DistributedDataParallel
/// over gloo (bench/torch_ddp.py): chapter 4's model, a global batch of 8 × 256,
/// in 1 and in 2 processes of one thread each, both launched the way their
/// users launch them (mpirun, torch.multiprocessing); ours with the
/// all-reduce after the backward pass (its default), and also with the
/// all-reduce overlapped with the backward pass, and with ZeRO-1. Tokens
/// per second of the median step, each one's scaling efficiency from 1 rank
/// to 2, and the largest peak resident memory of a rank.
///
/// The launches alternate, round after round, and each figure is the median
/// over the rounds: this machine's speed drifts between launches (by a
/// quarter within a session), and a ratio of two launches minutes apart
/// would measure the drift as much as the code.
func distributedRows(repeats: Int) throws -> [[String]] {
    let (steps, rounds) = (repeats / 2 + 2, 5)
    let executable = URL(fileURLWithPath: CommandLine.arguments[0])
        .deletingLastPathComponent().appendingPathComponent("ch07-distributed").path
    typealias Run = (rate: Double, memory: Double)
    func ours(_ ranks: Int, _ options: [String] = []) -> Run? {
        guard let json = runJSON("scripts/mpirun.sh",
                                 ["-np", "\(ranks)", executable, "train", "--steps", "\(steps)"]
                                    + options,
                                 environment: ["BOOK_THREADS": "1"]),
              let rate = json["tokens_per_s"] as? Double, let memory = json["max_rss_mb"] as? Double
        else { return nil }
        return (rate, memory)
    }
    var version = ""
    func theirs(_ ranks: Int) -> Run? {
        guard let json = runReference("bench/torch_ddp.py", [
                  "--ranks", "\(ranks)", "--threads", "1", "--batch", "8", "--ctx", "256",
                  "--repeats", "\(steps - 2)"]),
              let rate = json["tokens_per_s"] as? Double, let memory = json["max_rss_mb"] as? Double,
              let torch = json["torch"] as? String
        else { return nil }
        version = torch
        return (rate, memory)
    }
    let launches: [(name: String, run: () -> Run?)] = [
        ("one", { ours(1) }), ("two", { ours(2) }), ("overlap", { ours(2, ["--overlap"]) }),
        ("zero", { ours(2, ["--zero"]) }),
        ("torch one", { theirs(1) }), ("torch two", { theirs(2) }),
    ]
    var runs: [String: [Run]] = [:]
    for _ in 0..<rounds {
        for launch in launches { launch.run().map { runs[launch.name, default: []].append($0) } }
    }
    /// The median rate over the rounds and the largest memory, if every round ran.
    func figure(_ name: String) -> Run? {
        guard let all = runs[name], all.count == rounds else { return nil }
        return (all.map(\.rate).sorted()[rounds / 2], all.map(\.memory).max()!)
    }
    let name = "data-parallel training step, chapter 4's model, batch 8 × 256"
    guard let one = figure("one"), let two = figure("two"), let overlap = figure("overlap"),
          let zero = figure("zero") else {
        return [[name, "failed", "–", "–"]]
    }
    let efficiency = two.rate / (2 * one.rate)
    var rows = [
        [name + ", 2 ranks × 1 thread", String(format: "%.0f tokens/s", two.rate), "PyTorch unavailable", "–"],
        ["  1 rank × 1 thread", String(format: "%.0f tokens/s", one.rate), "", ""],
        ["  scaling efficiency, 2 ranks over 1", String(format: "%.0f %%", 100 * efficiency), "", ""],
        ["  peak resident memory of a rank, 2 ranks", String(format: "%.0f MB", two.memory), "", ""],
    ] + [("all-reduce overlapped with the backward pass", overlap), ("ZeRO-1", zero)].map {
        ["  2 ranks, \($0): tokens/s, efficiency",
         String(format: "%.0f tokens/s, %.0f %%", $1.rate, 100 * $1.rate / (2 * one.rate)), "", ""]
    }
    guard let referenceOne = figure("torch one"), let referenceTwo = figure("torch two") else {
        return rows
    }
    let referenceEfficiency = referenceTwo.rate / (2 * referenceOne.rate)
    for (row, ours, reference, unit) in [
        (0, two.rate, referenceTwo.rate, "tokens/s PyTorch \(version) DDP gloo"),
        (1, one.rate, referenceOne.rate, "tokens/s PyTorch, 1 process"),
        (2, efficiency, referenceEfficiency, "PyTorch DDP"),
        (3, two.memory, referenceTwo.memory, "MB PyTorch DDP"),
    ] {
        rows[row][2] = row == 2 ? String(format: "%.0f %% \(unit)", 100 * reference)
                                : String(format: "%.0f \(unit)", reference)
        rows[row][3] = String(format: "%.2f×", ours / reference)
    }
    rows.append(["  rounds of launches, each figure their median", "\(rounds)", "\(rounds)", ""])
    return rows
}
