import Book
import Foundation
import Model
import Notebook
import Pretraining

/// What the trained model's bits per byte are worth: the same validation
/// text scored by an even bet over the vocabulary, by a unigram model of the
/// training tokens, and compressed by gzip and xz, beside the model scored
/// on every window of it.
func baselines(_ nb: Notebook, _ model: LlamaModel, _ corpus: Corpus,
               _ training: TrainingConfig) throws {
    let validation = corpus.data.validation.file
    let ids = validation.allTokens
    let bytes = ids.flatMap { corpus.tokenizer.bytes(of: $0) }
    let totalBits = { (bits: Double) in bits / Double(bytes.count) }

    // An even bet: log2(V) bits for every token.
    let uniform = totalBits(Double(ids.count) * log2(Double(validation.vocabularySize)))
    // Unigram: each token's frequency in the training split (add-one smoothed),
    // ignoring every token before it.
    var counts = [Double](repeating: 1, count: validation.vocabularySize)
    for id in corpus.data.train.file.allTokens { counts[id] += 1 }
    let total = counts.reduce(0, +)
    let unigram = totalBits(ids.reduce(0.0) { $0 - log2(counts[$1] / total) })
    // The model on all of it: as many evaluation batches as cover the file.
    let windows = training.batch * training.context
    let (loss, bitsPerByte) = try evaluate(
        model, on: corpus.data.validation, batches: max(1, validation.count / windows),
        batch: training.batch, tokenBytes: corpus.data.tokenBytes)
    func row(_ name: String, _ bpb: Double) -> [String] {
        [name, String(format: "%.3f", bpb)]
    }
    try nb.table("baselines", headers: ["validation text (\(bytes.count.formatted()) bytes)",
                                         "bits per byte"], rows: [
        row("even bet over the \(validation.vocabularySize.formatted())-token vocabulary",
            uniform),
        row("unigram: each token's frequency in the training split", unigram),
        row("gzip -9", try compressedBits("gzip", ["-9", "-c"], bytes) / Double(bytes.count)),
        row("xz -9e", try compressedBits("xz", ["-9e", "-c"], bytes) / Double(bytes.count)),
        row(String(format: "this chapter's model (%.2f nats/token, perplexity %.0f)",
                   loss, exp(Double(loss))), Double(bitsPerByte)),
    ])
}

/// The size in bits of `bytes` compressed by `tool arguments`, which reads
/// standard input and writes standard output.
func compressedBits(_ tool: String, _ arguments: [String], _ bytes: [UInt8]) throws -> Double {
    let path = ["/usr/bin", "/bin"].map { "\($0)/\(tool)" }
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    guard let path else {
        throw InputError("\(tool) not found; run `make deps` (Debian package "
            + (tool == "xz" ? "xz-utils" : tool) + ")")
    }
    let input = FileManager.default.temporaryDirectory
        .appendingPathComponent("baseline-\(getpid()).txt")
    try Data(bytes).write(to: input)
    defer { try? FileManager.default.removeItem(at: input) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.standardInput = try FileHandle(forReadingFrom: input)
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let compressed = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw InputError("\(tool) \(arguments.joined(separator: " ")) exited with "
            + "status \(process.terminationStatus)")
    }
    return Double(compressed.count * 8)
}
