import Book
import DistributedTraining
import Foundation
import Notebook

/// `ch07-distributed equivalence`, run under mpirun. Returns false, having
/// done nothing, when the first argument is not a subcommand.
func runDistributedCommand(_ arguments: [String]) -> Bool {
    guard arguments.dropFirst().first == "equivalence" else { return false }
    var parsed = CommandLineArguments(
        arguments, synopsis: "equivalence [--steps K] [--tolerance X]  (under mpirun -np N)",
        help: """
            equivalence   trains a small model K steps data-parallel over the ranks,
                          and (rank 0) in one process with the whole batch and with
                          gradient accumulation; compares the weights

            --steps K       steps (default 3)
            --tolerance X   largest relative difference allowed (default 1e-5)
            """)
    do {
        _ = parsed.subcommand("equivalence")
        let steps = try parsed.option("--steps"), tolerance = try parsed.option("--tolerance")
        try parsed.finish()
        guard let k = Int(steps ?? "3"), k > 0, let limit = Float(tolerance ?? "1e-5"), limit >= 0
        else {
            exitWithError("--steps takes a positive number, --tolerance a number ≥ 0\n"
                          + parsed.usage, status: 2)
        }
        let world = try Communicator.world()
        let equal = try equivalence(world: world, steps: k, tolerance: limit)
        try world.finalize()
        exit(equal ? 0 : 1)
    } catch let error as CommandLineError {
        error.reportAndExit()
    } catch {
        exitWithError("error: \(error)", status: 1)
    }
}
