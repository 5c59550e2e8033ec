import Book
import Foundation
import Tokenizer

/// The plays in chapter 1's corpus files, for the instruction tasks.
public enum CorpusPlays {
    /// A document counts as a play when it has this many speeches; the
    /// sonnets, the poems, the encyclopaedia article and the one Folio text
    /// (whose speakers are abbreviated, "Qu.") have none in this layout.
    static let minimumSpeeches = 200

    /// The plays of a corpus file (`train.txt`, `val.txt`): its documents,
    /// split at chapter 1's separator line, each titled by its first line.
    public static func load(_ url: URL) throws -> [Play] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw FileError(url, "cannot read (run `make data` and chapter 1): "
                            + error.localizedDescription)
        }
        let documents = text.components(separatedBy: "\n\(BPETokenizer.endOfText)\n")
        let plays = documents.map { document in
            let title = String(document.prefix { $0 != "\n" })
            return Play(title: title, text: document)
        }.filter { $0.speeches.count >= minimumSpeeches }
        guard !plays.isEmpty else {
            throw FileError(url, "has no plays (documents of \(minimumSpeeches) or more "
                            + "speeches headed \"NAME.\")")
        }
        return plays
    }
}
