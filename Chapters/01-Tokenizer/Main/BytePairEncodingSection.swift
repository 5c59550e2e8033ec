import Book
import Notebook
import Foundation
import Tokenizer

/// Byte-pair encoding from scratch: pre-tokenization, the naive and the
/// incremental trainer, what the merges look like, compression against
/// vocabulary size, and the token files chapter 4 trains on.
func bytePairEncoding(_ nb: Notebook, train: String, validation: String) throws
    -> BPETokenizer
{
    try nb.verbatim("pretokenize-example") {
        let line = "  Ham. To be, or not to be, that is the question:\n"
            + "Whether 'tis nobler in the mind to suffer 1,600 slings...\n"
        let bytes = Array(line.utf8)
        return Pretokenizer.split(bytes).map { quotedToken(bytes[$0]) }
            .joined(separator: " ")
    }

    // The textbook trainer against ours, on the same slice of text.
    let slice = String(decoding: train.utf8.prefix(nb.isQuick ? 50_000 : 400_000),
                       as: UTF8.self)
    let sliceVocabulary = 256 + (nb.isQuick ? 100 : 400) + 3
    let naiveClock = Stopwatch()
    let naive = try BPETrainer.trainNaive(slice, vocabularySize: sliceVocabulary)
    let naiveSeconds = naiveClock.seconds
    let fastClock = Stopwatch()
    let fast = try BPETrainer.train(slice, vocabularySize: sliceVocabulary)
    let fastSeconds = fastClock.seconds
    guard naive.merges == fast.merges else {
        throw TokenizerError("the incremental trainer's merges differ from the naive one's")
    }

    // One training run to the largest vocabulary gives every smaller one.
    let largest = nb.isQuick ? 4_096 : 16_384
    let progress = ProgressBar(total: largest - 259, label: "training BPE", unit: "merge")
    let clock = Stopwatch()
    let full = try nb.time("BPE training to \(largest)") {
        try BPETrainer.train(train, vocabularySize: largest) { done, _ in
            progress.update(completed: done)
        }
    }
    let fullSeconds = clock.seconds
    progress.finish()
    let tokenizer = full.truncated(vocabularySize: 4_096)
    try nb.table("training",
                 headers: ["trainer", "text", "vocabulary", "merges", "time"],
                 rows: [
                    ["naive: recount every pair per merge", megabytes(slice),
                     "\(sliceVocabulary)", "\(naive.merges.count)", formatDuration(naiveSeconds)],
                    ["incremental: update the counts", megabytes(slice),
                     "\(sliceVocabulary)", "\(fast.merges.count)", formatDuration(fastSeconds)],
                    ["incremental: update the counts", megabytes(train),
                     "\(largest)", "\(full.merges.count)", formatDuration(fullSeconds)],
                 ])

    try nb.table("first-merges", headers: ["merge", "id", "new token"],
                 rows: tokenizer.describeMerges(first: 24).enumerated().map { i, text in
                     ["\(i + 1)", "\(256 + i)", text]
                 } + tokenizer.describeMerges(first: tokenizer.merges.count).suffix(4)
                    .enumerated().map { i, text in
                        let id = 256 + tokenizer.merges.count - 4 + i
                        return ["\(id - 255)", "\(id)", text]
                    })

    let cl100k = try Encoding.cl100kBase()
    let sizes = [256, 512, 1_024, 2_048, 4_096, 8_192, 16_384].filter { $0 <= largest }
    let compression = sizes.map { size in
        size == 256 ? 1.0 : full.truncated(vocabularySize: size).bytesPerToken(validation)
    }
    let gpt4 = Double(validation.utf8.count) / Double(cl100k.encodeOrdinary(validation).count)
    try nb.figure("compression", LinePlot(
        [.init("our BPE, trained on the training split", x: sizes, y: compression)],
        xlabel: "vocabulary size", ylabel: "bytes per token (validation split)",
        logX: true, references: [.init(y: gpt4, label: "GPT-4's cl100k_base (100,277 tokens)")],
        markers: true))
    try nb.table("compression-table", headers: ["vocabulary", "bytes per token"],
                 rows: zip(sizes, compression).map { ["\($0)", String(format: "%.2f", $1)] }
                    + [["cl100k_base (100,277)", String(format: "%.2f", gpt4)]])

    let validationIDs = tokenizer.encodeOrdinary(validation)
    let inVocabulary = tokenizer.tokenLengthHistogram()
    let inText = tokenizer.tokenLengthHistogram(of: validationIDs)
    let lengths = Array(1..<max(inVocabulary.count, inText.count))
    func share(_ counts: [Int]) -> [Double] {
        let total = Double(counts.reduce(0, +))
        return lengths.map { $0 < counts.count ? 100 * Double(counts[$0]) / total : 0 }
    }
    try nb.figure("token-lengths", BarChart(
        categories: lengths.map(String.init),
        series: [.init("tokens of the vocabulary", values: share(inVocabulary)),
                 .init("tokens of the validation text", values: share(inText))],
        xlabel: "token length in bytes", ylabel: "% of tokens"))
    return tokenizer
}

/// "1.23 MB".
func megabytes(_ text: String) -> String {
    String(format: "%.2f MB", Double(text.utf8.count) / 1e6)
}
