import Book
import Foundation
import Model
import Pretrained
import Tokenizer

/// The GGUF reader, loader and engine against corrupted files: 10,000
/// random corruptions of a small valid model (`GGUFFuzzer`). Any crash
/// ends the benchmark; the row counts how many were rejected.
func fuzzRows(cases: Int) throws -> [[String]] {
    let config = try ModelConfig(vocabSize: 259, contextLength: 32, width: 32, depth: 1,
                                 heads: 2, kvHeads: 1, ffnWidth: 64)
    let tokenizer = BPETokenizer(merges: [], specialTokens: [
        BPETokenizer.endOfText, BPETokenizer.imStart, BPETokenizer.imEnd])
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("gguf-fuzz-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("valid.gguf")
    try LlamaModel(config, seed: 1).gguf(tokenizer: tokenizer, name: "fuzz", type: .q8_0)
        .write(to: url)
    let clock = Stopwatch()
    let result = try GGUFFuzzer(valid: Array(try Data(contentsOf: url)), directory: directory)
        .run(cases: cases, seed: 1)
    return [["GGUF fuzzing: \(cases.formatted()) corrupted copies of a small model "
             + String(format: "(%.0f s)", clock.seconds),
             "\(result.rejected.formatted()) rejected with an error, "
             + "\(result.loaded.formatted()) still loaded and ran; no crash", "–", "–"]]
}
