// swift-tools-version:6.0
// Build a Large Language Model from Scratch — in Swift.
// The dependency graph is the table of contents: each chapter imports the core
// (`Book`) and the chapters before it. No outside Swift packages.
import PackageDescription

/// Hot loops are compiled for the reader's own CPU (AVX2/AVX-512 where present),
/// as llama.cpp does with GGML_NATIVE: `SIMD16<Float>` then maps to wide vector
/// registers instead of baseline SSE.
let native: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "native"])]

/// A chapter: its library, notebook executable, exercises and solutions.
func chapter(
    _ dir: String, library: String, executable: String, exercises: String,
    solutions: String, dependencies: [Target.Dependency] = ["Book"]
) -> [Target] {
    [
        .target(name: library, dependencies: dependencies,
                path: "Chapters/\(dir)/Sources", swiftSettings: native),
        .executableTarget(name: executable,
                          dependencies: dependencies + [.target(name: library)],
                          path: "Chapters/\(dir)/Main", swiftSettings: native),
        .target(name: exercises, dependencies: dependencies + [.target(name: library)],
                path: "Chapters/\(dir)/Exercises", swiftSettings: native),
        .target(name: solutions, dependencies: dependencies + [.target(name: library)],
                path: "Chapters/\(dir)/Solutions", swiftSettings: native),
    ]
}

let package = Package(
    name: "LLMFromScratch",
    products: [
        .executable(name: "book", targets: ["book"]),
        .executable(name: "ch01-tokenizer", targets: ["ch01-tokenizer"]),
        .executable(name: "ch02-attention", targets: ["ch02-attention"]),
        .executable(name: "ch03-model", targets: ["ch03-model"]),
        .executable(name: "ch04-pretraining", targets: ["ch04-pretraining"]),
        .executable(name: "chA-core", targets: ["chA-core"]),
    ],
    targets: [
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .target(name: "Book", dependencies: ["CBLAS"], path: "Sources/Book",
                swiftSettings: native),
        .executableTarget(name: "book", path: "Sources/BookBuilder"),
        .executableTarget(name: "bench",
                          dependencies: ["Book", "Tokenizer", "Model", "Pretraining"],
                          path: "bench/Sources",
                          swiftSettings: native),
        .testTarget(name: "BookTests", dependencies: ["Book"], swiftSettings: native),
        .testTarget(name: "BookBuilderTests", dependencies: ["book"]),
        .testTarget(name: "MicrogradTests", dependencies: ["Book", "Micrograd"]),
        .testTarget(name: "TokenizerTests", dependencies: ["Book", "Tokenizer"],
                    swiftSettings: native),
        .testTarget(name: "AttentionTests", dependencies: ["Book", "Attention"],
                    swiftSettings: native),
        .testTarget(name: "ModelTests", dependencies: ["Book", "Attention", "Model"],
                    swiftSettings: native),
        .testTarget(name: "PretrainingTests",
                    dependencies: ["Book", "Tokenizer", "Model", "Pretraining"],
                    swiftSettings: native),
        .testTarget(name: "ExerciseTests",
                    dependencies: ["Book", "CoreExercises", "CoreSolutions", "Micrograd",
                                   "Tokenizer", "TokenizerExercises", "TokenizerSolutions",
                                   "Attention", "AttentionExercises", "AttentionSolutions",
                                   "Model", "ModelExercises", "ModelSolutions",
                                   "Pretraining", "PretrainingExercises",
                                   "PretrainingSolutions"],
                    swiftSettings: native),
    ]
    + chapter("01-Tokenizer", library: "Tokenizer", executable: "ch01-tokenizer",
              exercises: "TokenizerExercises", solutions: "TokenizerSolutions")
    + chapter("02-Attention", library: "Attention", executable: "ch02-attention",
              exercises: "AttentionExercises", solutions: "AttentionSolutions",
              dependencies: ["Book", "Tokenizer"])
    + chapter("03-Model", library: "Model", executable: "ch03-model",
              exercises: "ModelExercises", solutions: "ModelSolutions",
              dependencies: ["Book", "Tokenizer", "Attention"])
    + chapter("04-Pretraining", library: "Pretraining", executable: "ch04-pretraining",
              exercises: "PretrainingExercises", solutions: "PretrainingSolutions",
              dependencies: ["Book", "Tokenizer", "Attention", "Model"])
    + chapter("A-Core", library: "Micrograd", executable: "chA-core",
              exercises: "CoreExercises", solutions: "CoreSolutions")
)
