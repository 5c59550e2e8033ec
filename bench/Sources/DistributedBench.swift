import Foundation

/// Chapter 7's data-parallel training against PyTorch's DistributedDataParallel
/// over gloo (bench/torch_ddp.py): chapter 4's model, a global batch of 8 × 256,
/// in 1 and in 2 processes of one thread each, both launched the way their
/// users launch them (mpirun, torch.multiprocessing). Tokens per second of the
/// median step, each one's scaling efficiency from 1 rank to 2, and the
/// largest peak resident memory of a rank.
func distributedRows(repeats: Int) throws -> [[String]] {
    let steps = repeats + 2
    let executable = URL(fileURLWithPath: CommandLine.arguments[0])
        .deletingLastPathComponent().appendingPathComponent("ch07-distributed").path
    func ours(_ ranks: Int) -> (rate: Double, memory: Double)? {
        guard let json = runJSON("scripts/mpirun.sh",
                                 ["-np", "\(ranks)", executable, "train", "--steps", "\(steps)"],
                                 environment: ["BOOK_THREADS": "1"]),
              let rate = json["tokens_per_s"] as? Double, let memory = json["max_rss_mb"] as? Double
        else { return nil }
        return (rate, memory)
    }
    func theirs(_ ranks: Int) -> (rate: Double, memory: Double, version: String)? {
        guard let json = runReference("bench/torch_ddp.py", [
                  "--ranks", "\(ranks)", "--threads", "1", "--batch", "8", "--ctx", "256",
                  "--repeats", "\(repeats)"]),
              let rate = json["tokens_per_s"] as? Double, let memory = json["max_rss_mb"] as? Double,
              let version = json["torch"] as? String
        else { return nil }
        return (rate, memory, version)
    }
    let name = "data-parallel training step, chapter 4's model, batch 8 × 256"
    guard let one = ours(1), let two = ours(2) else { return [[name, "failed", "–", "–"]] }
    let efficiency = two.rate / (2 * one.rate)
    var rows = [
        [name + ", 2 ranks × 1 thread", String(format: "%.0f tokens/s", two.rate), "PyTorch unavailable", "–"],
        ["  1 rank × 1 thread", String(format: "%.0f tokens/s", one.rate), "", ""],
        ["  scaling efficiency, 2 ranks over 1", String(format: "%.0f %%", 100 * efficiency), "", ""],
        ["  peak resident memory of a rank, 2 ranks", String(format: "%.0f MB", two.memory), "", ""],
    ]
    guard let referenceOne = theirs(1), let referenceTwo = theirs(2) else { return rows }
    let referenceEfficiency = referenceTwo.rate / (2 * referenceOne.rate)
    for (row, ours, reference, unit) in [
        (0, two.rate, referenceTwo.rate, "tokens/s PyTorch \(referenceTwo.version) DDP gloo"),
        (1, one.rate, referenceOne.rate, "tokens/s PyTorch, 1 process"),
        (2, efficiency, referenceEfficiency, "PyTorch DDP"),
        (3, two.memory, referenceTwo.memory, "MB PyTorch DDP"),
    ] {
        rows[row][2] = row == 2 ? String(format: "%.0f %% \(unit)", 100 * reference)
                                : String(format: "%.0f \(unit)", reference)
        rows[row][3] = String(format: "%.2f×", ours / reference)
    }
    return rows
}
