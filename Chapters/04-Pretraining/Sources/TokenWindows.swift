import Book
import Foundation
import Tokenizer

/// Training examples cut from a token file (chapter 1's `train.tokens`):
/// a window of context + 1 consecutive tokens gives `context` inputs and
/// the same tokens shifted by one as targets, so every position learns to
/// predict the token after it.
public struct TokenWindows: Sendable {
    public let file: TokenFile
    public let context: Int

    /// Opens `url`; a file shorter than one window is an error, and a
    /// missing one says which chapter makes it.
    public init(_ url: URL, context: Int) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw FileError(url, "no such token file; run chapter 1 first "
                + "(`make book`, or `swift run -c release ch01-tokenizer`)")
        }
        file = try TokenFile(contentsOf: url)
        self.context = context
        guard file.count > context else {
            throw FileError(url, "\(file.count) tokens is too few for one "
                + "window of \(context + 1)")
        }
    }

    /// How many distinct window starts there are.
    public var starts: Int { file.count - context }

    // listing: random-batch
    /// `batch` windows at uniformly random starts drawn from `rng` (the
    /// trainer's generator, saved in checkpoints, so a resumed run draws
    /// the same windows as an uninterrupted one).
    ///
    ///   → inputs, targets: [batch, context] token ids, row after row
    public func randomBatch(_ batch: Int, rng: inout RandomGenerator)
        -> (inputs: [Int32], targets: [Int32])
    {
        let random = (0..<batch).map { _ in rng.int(below: starts) }
        return windows(at: random)
    }
    // end listing

    /// Batch `index` of `count` evaluation batches: windows evenly spaced
    /// over the file, the same ones every time, so validation losses taken
    /// at different steps are comparable.
    public func evaluationBatch(_ index: Int, of count: Int, batch: Int)
        -> (inputs: [Int32], targets: [Int32])
    {
        let total = count * batch
        let spaced = (0..<batch).map { (index * batch + $0) * starts / total }
        return windows(at: spaced)
    }

    func windows(at starts: [Int]) -> (inputs: [Int32], targets: [Int32]) {
        var inputs: [Int32] = [], targets: [Int32] = []
        inputs.reserveCapacity(starts.count * context)
        targets.reserveCapacity(starts.count * context)
        for start in starts {
            for i in start..<(start + context) {
                inputs.append(Int32(file[i]))
                targets.append(Int32(file[i + 1]))
            }
        }
        return (inputs, targets)
    }
}
