// swift-tools-version:6.0
// Build a Large Language Model from Scratch — in Swift.
// The dependency graph is the table of contents: each chapter's library imports
// the core (`Book`) and the chapters before it that it uses, nothing else. The
// notebooks (`Main/`) add the `Notebook` target. No outside Swift packages.
import PackageDescription

/// Hot loops are compiled for the reader's own CPU (AVX2/AVX-512 where present),
/// as llama.cpp does with GGML_NATIVE: `SIMD16<Float>` then maps to wide vector
/// registers instead of baseline SSE.
let native: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "native"])]

/// A chapter: its library, notebook executable, exercises and solutions. The
/// library depends on `uses` only; the notebook also on the notebook layer and
/// whatever else it shows (`shows`), say chapter 1's tokenizer in chapter 2;
/// the exercises and solutions also on `exercisesUse`.
func chapter(
    _ dir: String, library: String, executable: String, exercises: String,
    solutions: String, uses: [String] = [], shows: [String] = [],
    exercisesUse: [String] = []
) -> [Target] {
    let libraryDependencies = ["Book"] + uses
    let notebookDependencies = libraryDependencies + [library]
        + (["Notebook"] + shows).filter { !uses.contains($0) }
    func targets(_ names: [String]) -> [Target.Dependency] { names.map { .target(name: $0) } }
    return [
        .target(name: library, dependencies: targets(libraryDependencies),
                path: "Chapters/\(dir)/Sources", swiftSettings: native),
        .executableTarget(name: executable, dependencies: targets(notebookDependencies),
                          path: "Chapters/\(dir)/Main", swiftSettings: native),
        .target(name: exercises,
                dependencies: targets(libraryDependencies + [library] + exercisesUse),
                path: "Chapters/\(dir)/Exercises", swiftSettings: native),
        .target(name: solutions,
                dependencies: targets(libraryDependencies + [library] + exercisesUse),
                path: "Chapters/\(dir)/Solutions", swiftSettings: native),
    ]
}

// book inputs: end
// Above this line: what every chapter's run depends on (`bookbuilder` hashes
// it into each chapter's inputs). Below: the list of targets, which grows
// with each chapter without making the earlier ones rerun.

let package = Package(
    name: "LLMFromScratch",
    products: [
        .executable(name: "bookbuilder", targets: ["bookbuilder"]),
        .executable(name: "ch01-tokenizer", targets: ["ch01-tokenizer"]),
        .executable(name: "ch02-attention", targets: ["ch02-attention"]),
        .executable(name: "ch03-model", targets: ["ch03-model"]),
        .executable(name: "ch04-pretraining", targets: ["ch04-pretraining"]),
        .executable(name: "ch05-pretrained", targets: ["ch05-pretrained"]),
        .executable(name: "ch06-finetuning", targets: ["ch06-finetuning"]),
        .executable(name: "ch07-distributed", targets: ["ch07-distributed"]),
        .executable(name: "chA-core", targets: ["chA-core"]),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        // OpenMPI's C interface, for chapter 7, with the handles it defines as macros.
        .systemLibrary(name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c",
                       providers: [.apt(["libopenmpi-dev"])]),
        // The CPU's software prefetch, for chapter 5's decoding kernel.
        .systemLibrary(name: "CPrefetch", path: "Sources/CPrefetch"),
        // The core Appendix A teaches: tensors, autograd, kernels, optimizer, files.
        .target(name: "Book", dependencies: ["CBLAS"], path: "Sources/Book",
                swiftSettings: native),
        // What makes a chapter a notebook: cells, tables, figures, progress, CLI.
        .target(name: "Notebook", dependencies: ["Book"], path: "Sources/Notebook",
                swiftSettings: native),
        // Runs the notebooks and assembles book.md; reads the run records the
        // notebooks write, through the same `RunRecord` type.
        .executableTarget(name: "bookbuilder", dependencies: ["Notebook"],
                          path: "Sources/BookBuilder"),
        .executableTarget(name: "bench",
                          dependencies: ["Book", "Notebook", "Tokenizer", "Model",
                                         "Pretraining", "Pretrained", "Finetuning"],
                          path: "bench/Sources", swiftSettings: native),
        .testTarget(name: "BookTests", dependencies: ["Book"], swiftSettings: native),
        .testTarget(name: "NotebookTests", dependencies: ["Book", "Notebook"]),
        .testTarget(name: "BookBuilderTests", dependencies: ["bookbuilder", "Notebook"]),
        .testTarget(name: "MicrogradTests", dependencies: ["Book", "Micrograd"]),
        // Chapter 1's data pipeline, a library of its own beside the
        // tokenizer (which does not need it; chapter 4 reads only the tokenizer).
        .target(name: "Corpus", dependencies: ["Book", "Tokenizer"],
                path: "Chapters/01-Tokenizer/Corpus", swiftSettings: native),
        .testTarget(name: "TokenizerTests", dependencies: ["Book", "Tokenizer", "Corpus"],
                    swiftSettings: native),
        .testTarget(name: "AttentionTests", dependencies: ["Book", "Attention"],
                    swiftSettings: native),
        .testTarget(name: "ModelTests", dependencies: ["Book", "Attention", "Model"],
                    swiftSettings: native),
        .testTarget(name: "PretrainingTests",
                    dependencies: ["Book", "Tokenizer", "Model", "Pretraining"],
                    swiftSettings: native),
        .testTarget(name: "PretrainedTests",
                    dependencies: ["Book", "Tokenizer", "Model", "Pretrained"],
                    swiftSettings: native),
        .testTarget(name: "FinetuningTests",
                    dependencies: ["Book", "Model", "Pretrained", "Finetuning"],
                    swiftSettings: native),
        .testTarget(name: "DistributedTests",
                    dependencies: ["Book", "Model", "DistributedTraining"],
                    swiftSettings: native),
        .testTarget(name: "ExerciseTests",
                    dependencies: ["Book", "CoreExercises", "CoreSolutions", "Micrograd",
                                   "Tokenizer", "Corpus", "TokenizerExercises",
                                   "TokenizerSolutions",
                                   "Attention", "AttentionExercises", "AttentionSolutions",
                                   "Model", "ModelExercises", "ModelSolutions",
                                   "Pretraining", "PretrainingExercises",
                                   "PretrainingSolutions",
                                   "Pretrained", "PretrainedExercises", "PretrainedSolutions",
                                   "Finetuning", "FinetuningExercises", "FinetuningSolutions",
                                   "DistributedTraining", "DistributedExercises",
                                   "DistributedSolutions"],
                    swiftSettings: native),
    ]
    + chapter("01-Tokenizer", library: "Tokenizer", executable: "ch01-tokenizer",
              exercises: "TokenizerExercises", solutions: "TokenizerSolutions",
              shows: ["Corpus"], exercisesUse: ["Corpus"])
    + chapter("02-Attention", library: "Attention", executable: "ch02-attention",
              exercises: "AttentionExercises", solutions: "AttentionSolutions",
              shows: ["Tokenizer"])
    + chapter("03-Model", library: "Model", executable: "ch03-model",
              exercises: "ModelExercises", solutions: "ModelSolutions",
              uses: ["Attention"], shows: ["Tokenizer"])
    + chapter("04-Pretraining", library: "Pretraining", executable: "ch04-pretraining",
              exercises: "PretrainingExercises", solutions: "PretrainingSolutions",
              uses: ["Notebook", "Tokenizer", "Attention", "Model"])
    + chapter("05-Pretrained", library: "Pretrained", executable: "ch05-pretrained",
              exercises: "PretrainedExercises", solutions: "PretrainedSolutions",
              uses: ["CPrefetch", "Tokenizer", "Attention", "Model"], shows: ["Pretraining"])
    + chapter("06-Finetuning", library: "Finetuning", executable: "ch06-finetuning",
              exercises: "FinetuningExercises", solutions: "FinetuningSolutions",
              uses: ["Notebook", "Tokenizer", "Attention", "Model", "Pretraining", "Pretrained"])
    + chapter("07-Distributed", library: "DistributedTraining", executable: "ch07-distributed",
              exercises: "DistributedExercises", solutions: "DistributedSolutions",
              uses: ["CMPI", "Tokenizer", "Attention", "Model", "Pretraining"])
    + chapter("A-Core", library: "Micrograd", executable: "chA-core",
              exercises: "CoreExercises", solutions: "CoreSolutions")
)
