import Book
import DistributedTraining
import Foundation
import Notebook

/// The commands that run under mpirun, one process per rank. Returns false,
/// having done nothing, when the first argument is not one of them (the
/// executable then runs its notebook, which launches them).
func runDistributedCommand(_ arguments: [String]) -> Bool {
    guard let command = arguments.dropFirst().first,
          ["equivalence", "train", "bandwidth"].contains(command) else { return false }
    var parsed = CommandLineArguments(
        arguments, synopsis: "equivalence | train | bandwidth  [options]  (under mpirun -np N)",
        help: """
            equivalence   trains a small model K steps data-parallel (the all-reduce
                          overlapped with the backward pass, then after it) and with ZeRO-1 over
                          the ranks, and (rank 0) in one process with the whole batch and
                          with gradient accumulation; compares the weights
              --steps K       steps (default 3)
              --tolerance X   relative difference of the weights allowed (default 1e-6)
            train         trains chapter 4's model on chapter 1's tokens; rank 0 prints JSON
              --steps N --batch B --context T   (default 20, 8, 256; B is the global batch)
              --zero          ZeRO-1's sharded optimizer instead of plain data parallelism
              --overlap       the all-reduce during the backward pass, not after it
              --measure       a barrier before the all-reduce, to time the waiting
              --run DIR --checkpoint-every K [--resume]   checkpoints, and resuming the
                              last one (with its own steps, batch and context)
              --quick         a small model
              --die-rank R --die-step S   rank R kills itself after step S (fault tests)
            bandwidth     all-reduce time and bandwidth for 4 KB to 64 MB; rank 0 prints JSON
            """)
    do {
        _ = parsed.subcommand(command)
        let world: Communicator
        switch command {
        case "equivalence":
            let steps = try parsed.option("--steps"), tolerance = try parsed.option("--tolerance")
            try parsed.finish()
            guard let k = Int(steps ?? "3"), k > 0, let limit = Float(tolerance ?? "1e-6"),
                  limit >= 0 else {
                throw UsageError("--steps takes a positive number, --tolerance a number ≥ 0")
            }
            world = try Communicator.world()
            let equal = try equivalence(world: world, steps: k, tolerance: limit)
            try world.finalize()
            exit(equal ? 0 : 1)
        case "train":
            let options = try trainOptions(&parsed)
            world = try Communicator.world()
            let result = try trainRank(options, world: world)
            if world.rank == 0 { print(try json(result)) }
        default:
            try parsed.finish()
            world = try Communicator.world()
            let sizes = (12...26).filter { $0 % 2 == 0 }.map { 1 << $0 }  // 4 KB … 64 MB
            let rows = try bandwidthRank(world: world, sizes: sizes)
            if world.rank == 0 { print(try json(rows)) }
        }
        try world.finalize()
        return true
    } catch let error as CommandLineError {
        if !isFirstRank { exit(2) }  // every rank parsed the same line; one says so
        error.reportAndExit()
    } catch let error as UsageError {
        if !isFirstRank { exit(2) }
        exitWithError("\(error.message)\n\(parsed.usage)", status: 2)
    } catch is ReportedByRankZero {
        exit(1)
    } catch {
        exitWithError("error: \(error)", status: 1)
    }
}

/// Whether this process is rank 0, known before MPI starts from what mpirun
/// sets in its environment (true outside mpirun).
var isFirstRank: Bool {
    (ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_RANK"] ?? "0") == "0"
}

struct UsageError: Error { let message: String; init(_ message: String) { self.message = message } }

func trainOptions(_ parsed: inout CommandLineArguments) throws -> TrainOptions {
    var options = TrainOptions()
    func number(_ name: String, _ fallback: Int) throws -> Int {
        guard let text = try parsed.option(name) else { return fallback }
        guard let value = Int(text), value > 0 else {
            throw UsageError("\(name) takes a positive whole number, not '\(text)'")
        }
        return value
    }
    options.steps = try number("--steps", 20)
    options.batch = try number("--batch", 8)
    options.context = try number("--context", 256)
    options.checkpointEvery = try number("--checkpoint-every", 0)
    options.run = try parsed.option("--run").map { URL(fileURLWithPath: $0) }
    options.sharded = parsed.flag("--zero")
    options.overlap = parsed.flag("--overlap")
    options.measure = parsed.flag("--measure")
    options.resume = parsed.flag("--resume")
    options.quick = parsed.flag("--quick")
    if let rank = try parsed.option("--die-rank") {
        guard let r = Int(rank), r >= 0 else { throw UsageError("--die-rank takes a rank") }
        options.die = (r, try number("--die-step", 1))
    }
    try parsed.finish()
    if options.resume && options.run == nil { throw UsageError("--resume needs --run DIR") }
    if options.sharded && options.overlap {
        throw UsageError("--zero and --overlap do not go together: ZeRO-1 reduce-scatters "
                         + "after the backward pass")
    }
    return options
}

/// JSON text of a dictionary or an array of them.
func json(_ value: Any) throws -> String {
    String(decoding: try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]),
           as: UTF8.self)
}
