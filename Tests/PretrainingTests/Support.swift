import Book
import Foundation
import Model
import Pretraining
import Tokenizer

/// A fresh temporary directory, removed by the caller's `defer`.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("pretraining-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A learnable token stream over a 32-token vocabulary: counting up by a
/// step that changes every so often, with a little noise.
func tinyData(in directory: URL, context: Int = 8) throws -> TrainingData {
    var rng = RandomGenerator(seed: 9)
    var tokens: [Int] = [], token = 0
    for i in 0..<4_000 {
        let step = 1 + (i / 50) % 3
        token = (token + step + (rng.int(below: 10) == 0 ? 1 : 0)) % 32
        tokens.append(token)
    }
    let train = directory.appendingPathComponent("train.tokens")
    let validation = directory.appendingPathComponent("validation.tokens")
    try TokenFile.write(Array(tokens[..<3_500]), vocabularySize: 32, to: train)
    try TokenFile.write(Array(tokens[3_500...]), vocabularySize: 32, to: validation)
    return TrainingData(train: try TokenWindows(train, context: context),
                        validation: try TokenWindows(validation, context: context),
                        tokenBytes: Array(repeating: 2, count: 32))
}

func tinyModel(seed: UInt64 = 1) throws -> LlamaModel {
    try LlamaModel(try ModelConfig(vocabSize: 32, contextLength: 8, width: 32, depth: 2,
                                   heads: 4, kvHeads: 2, ffnWidth: 64,
                                   tiedEmbeddings: false), seed: seed)
}

func tinyTraining(steps: Int, checkpointEvery: Int = 1_000) throws -> TrainingConfig {
    try TrainingConfig(steps: steps, batch: 4, accumulation: 2, context: 8,
                       maxLR: 1e-2, minLR: 1e-3, warmup: 2, evalEvery: 5,
                       evalBatches: 2, checkpointEvery: checkpointEvery, seed: 3)
}

/// Every weight of a model, concatenated, to compare bit for bit.
func allWeights(_ model: some LanguageModel) -> [Float] {
    model.parameters.flatMap(\.value.scalars)
}
