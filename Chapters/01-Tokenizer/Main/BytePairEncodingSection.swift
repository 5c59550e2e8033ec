import Book
import Notebook
import Foundation
import Tokenizer

/// Byte-pair encoding from scratch: pre-tokenization, the naive and the
/// incremental trainer, what the merges look like, and compression against
/// vocabulary size. Returns the chapter's 4,096-token tokenizer.
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
    if naive.merges != fast.merges {
        let merge = zip(naive.merges, fast.merges).prefix { $0 == $1 }.count
        throw ChapterCheck.trainersDisagree(atMerge: merge + 1)
    }

    // One training run to the largest vocabulary gives every smaller one.
    let largest = nb.isQuick ? 4_096 : 16_384
    let progress = ProgressBar(total: largest - 259, label: "training BPE", unit: "merge")
    let clock = Stopwatch()
    let full = try BPETrainer.train(train, vocabularySize: largest) { done, _ in
        progress.update(completed: done)
    }
    let fullSeconds = clock.seconds
    progress.finish()
    let tokenizer = full.truncated(vocabularySize: 4_096)
    func row(_ trainer: String, _ text: String, _ result: BPETokenizer, _ seconds: Double)
        -> [String] {
        [trainer, megabytes(text.utf8.count), "\(result.vocabularySize)",
         "\(result.merges.count)", formatDuration(seconds)]
    }
    try nb.table("training",
                 headers: ["trainer", "text MB", "vocabulary", "merges", "time"],
                 rows: [row("naive: recount every pair per merge", slice, naive, naiveSeconds),
                        row("incremental: update the counts", slice, fast, fastSeconds),
                        row("incremental: update the counts", train, full, fullSeconds)])

    let last = tokenizer.merges.count
    try nb.table("first-merges", headers: ["merge", "id", "new token"],
                 rows: (Array(0..<24) + Array(last - 4..<last)).map { i in
                     ["\(i + 1)", "\(256 + i)", tokenizer.describeMerge(i)]
                 })

    let cl100k = try Encoding.cl100kBase()
    let cl100kName = "cl100k_base (\(cl100k.vocabularySize.formatted()) tokens)"
    let sizes = [256, 512, 1_024, 2_048, 4_096, 8_192, 16_384].filter { $0 <= largest }
    let compression = sizes.map { size in   // 256: the bytes alone
        let tokenizer = size == 256 ? BPETokenizer(merges: [])
            : full.truncated(vocabularySize: size)
        return bytesPerToken(validation, tokenizer.encoding)
    }
    let gpt4 = bytesPerToken(validation, cl100k)
    try nb.figure("compression", LinePlot(
        [.init("our BPE, trained on the training split", x: sizes, y: compression)],
        xlabel: "vocabulary size", ylabel: "bytes per token (validation split)",
        logX: true, references: [.init(y: gpt4, label: "GPT-4's \(cl100kName)")],
        markers: true))
    try nb.table("compression-table", headers: ["vocabulary", "bytes per token"],
                 rows: zip(sizes, compression).map { ["\($0)", decimal($1, 2)] }
                    + [[cl100kName, decimal(gpt4, 2)]])
    try nb.text("compression-summary") {
        let training = "Trained on the \(megabytes(train.utf8.count)) MB of the training split, "
        guard let k = compression.firstIndex(where: { $0 >= gpt4 }), k > 0 else {
            return training + "our tokenizer does not reach cl100k_base's "
                + "\(decimal(gpt4, 2)) bytes per token up to \(largest.formatted()) tokens."
        }
        return training + "our tokenizer reaches cl100k_base's \(decimal(gpt4, 2)) bytes "
            + "per token on the validation split between \(sizes[k - 1].formatted()) and "
            + "\(sizes[k].formatted()) tokens; cl100k_base has "
            + "\(cl100k.vocabularySize.formatted())."
    }

    let validationIDs = tokenizer.encodeOrdinary(validation)
    let inVocabulary = histogram((0..<256 + last).map { tokenizer.bytes(of: $0).count })
    let inText = histogram(validationIDs.map { tokenizer.bytes(of: $0).count })
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

/// How many bytes of `text` one token covers on average.
func bytesPerToken(_ text: String, _ encoding: Encoding) -> Double {
    Double(text.utf8.count) / Double(max(encoding.encodeOrdinary(text).count, 1))
}

/// `counts[n]`: how many of `lengths` are n.
func histogram(_ lengths: [Int]) -> [Int] {
    var counts = [Int](repeating: 0, count: (lengths.max() ?? 0) + 1)
    for length in lengths { counts[length] += 1 }
    return counts
}
