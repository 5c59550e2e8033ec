import Book
import Notebook
import Foundation
import Model
import Pretraining
import Tokenizer

/// Chapter 1's tokenizer, or an error saying to run chapter 1.
func chapterTokenizer() throws -> BPETokenizer {
    do {
        return try BPETokenizer(contentsOf: TokenizerPaths.tokenizer)
    } catch {
        throw FileError(TokenizerPaths.tokenizer, "cannot read the tokenizer "
            + "(\(error)); run chapter 1 first (`make book`)")
    }
}

/// Refuses a checkpoint trained on another tokenizer's ids than `tokenizer`.
func check(_ state: TrainerState, from checkpoint: URL,
           against tokenizer: BPETokenizer) throws {
    guard state.tokenizerFingerprint == tokenizer.fingerprint else {
        throw FileError(checkpoint, "trained with another tokenizer than "
            + TokenizerPaths.tokenizer.relativePath)
    }
}

/// Chapter 1's products, which this chapter trains on: its tokenizer and
/// the two token files, checked to belong together, cut into windows of
/// `context` tokens.
struct Corpus {
    let tokenizer: BPETokenizer
    let data: TrainingData

    init(context: Int) throws {
        let tokenizer = try chapterTokenizer()
        let train = try TokenWindows(TokenizerPaths.trainTokens, context: context)
        let validation = try TokenWindows(TokenizerPaths.validationTokens, context: context)
        for windows in [train, validation]
        where windows.file.tokenizerFingerprint != tokenizer.fingerprint {
            throw FileError(windows.file.url, "made by another tokenizer than "
                + "\(TokenizerPaths.tokenizer.relativePath); run chapter 1 again")
        }
        let bytes = (0..<tokenizer.vocabularySize).map { tokenizer.bytes(of: $0).count }
        self.tokenizer = tokenizer
        data = TrainingData(train: train, validation: validation, tokenBytes: bytes)
    }

    var fingerprint: UInt64 { tokenizer.fingerprint }

    /// The same token files in windows of another length.
    func windows(context: Int) throws -> TrainingData {
        TrainingData(train: try TokenWindows(data.train.file.url, context: context),
                     validation: try TokenWindows(data.validation.file.url,
                                                  context: context),
                     tokenBytes: data.tokenBytes)
    }
}

// listing: run-settings
/// The chapter's training run: 1,000 steps of 8 × 256 tokens (2 M tokens,
/// about 1.4 passes over the training split), peak learning rate 1e-3 after
/// 50 warmup steps, cosine decay to 1e-4.
func chapterTraining(quick: Bool) throws -> TrainingConfig {
    quick
        ? try TrainingConfig(steps: 40, batch: 4, context: 64, maxLR: 3e-3,
                             minLR: 3e-4, warmup: 5, evalEvery: 10,
                             evalBatches: 2, checkpointEvery: 20, seed: 1)
        : try TrainingConfig(steps: 1_000, batch: 8, context: 256, maxLR: 1e-3,
                             minLR: 1e-4, warmup: 50, evalEvery: 100,
                             evalBatches: 10, checkpointEvery: 250, seed: 1)
}
// end listing
