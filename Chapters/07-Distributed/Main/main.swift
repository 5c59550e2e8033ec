// Chapter 7 — Distributed training with OpenMPI, as a notebook.
//
//   mpirun -np 2 .build/release/ch07-distributed equivalence [--steps K]
import Book
import DistributedTraining
import Foundation
import Notebook

if runDistributedCommand(CommandLine.arguments) { exit(0) }

Notebook.run(chapter: "07") { nb in
    try nb.verbatim("status") { "Chapter 7 is being written: see `equivalence`." }
}
