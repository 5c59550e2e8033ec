// Chapter 7 — Distributed training with OpenMPI, as a notebook. It launches
// its own rank commands under mpirun and shows what they measured.
//
//   swift run -c release ch07-distributed [--quick]
//   scripts/mpirun.sh -np 2 .build/release/ch07-distributed equivalence | train | bandwidth
import Book
import DistributedTraining
import Foundation
import Model
import Notebook
import Pretraining
import Tokenizer

if runDistributedCommand(CommandLine.arguments) { exit(0) }

Notebook.run(chapter: "07") { nb in
    let launcher = Launcher()
    let settings = RunSettings(quick: nb.isQuick)
    try equivalenceSection(nb, launcher)
    let scaling = try scalingSection(nb, launcher, settings)
    let bandwidth = try bandwidthSection(nb, launcher, settings, oneHost: scaling.afterBackward)
    try faultSection(nb, launcher, settings)
    let vocabulary = try TokenFile(contentsOf: TokenizerPaths.trainTokens).vocabularySize
    let model = try ModelConfig.pretraining(vocabulary: vocabulary, quick: settings.quick)
    try costSection(nb, scaling, bandwidth: bandwidth, model: model,
                    tokensPerStep: settings.tokensPerStep)
}
