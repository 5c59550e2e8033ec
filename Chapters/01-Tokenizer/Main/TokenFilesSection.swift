import Book
import Notebook
import Foundation
import Tokenizer

/// Saves the 4,096-token tokenizer and the corpus as token files: what
/// chapter 4 trains on.
func writeTokenFiles(_ nb: Notebook, tokenizer: BPETokenizer,
                     corpus: (train: String, validation: String)) throws {
    try FileManager.default.createDirectory(at: TokenizerPaths.output,
                                            withIntermediateDirectories: true)
    try tokenizer.save(to: TokenizerPaths.tokenizer)
    var rows: [[String]] = []
    for (name, text, url) in [("train", corpus.train, TokenizerPaths.trainTokens),
                              ("validation", corpus.validation, TokenizerPaths.validationTokens)] {
        let ids = tokenizer.encode(text, allowedSpecial: [BPETokenizer.endOfText])
        try TokenFile.write(ids, vocabularySize: tokenizer.vocabularySize,
                            tokenizerFingerprint: tokenizer.fingerprint, to: url)
        let file = try TokenFile(contentsOf: url, expectedFingerprint: tokenizer.fingerprint)
        guard file.allTokens == ids else { throw ChapterCheck.tokenFileReadBack(url) }
        let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0
        rows.append([name, url.relativePath, megabytes(text.utf8.count), ids.count.formatted(),
                     megabytes(size)])
    }
    try nb.table("token-files", headers: ["split", "file", "text MB", "tokens", "file MB"],
                 rows: rows + [["tokenizer", TokenizerPaths.tokenizer.relativePath, "", "", ""]])
}
