import Book
import Foundation
import Tokenizer

/// Training and validation documents, split by *work*: no play has text on
/// both sides. Were Hamlet's Folio text in training and its modern text in
/// validation, the validation loss would measure memory, not learning. The
/// split takes the documents de-duplication kept, one per work, so it
/// splits works by splitting documents.
public struct CorpusSplit: Sendable, Equatable {
    public var train: [Document]
    public var validation: [Document]

    public var trainBytes: Int { train.reduce(0) { $0 + $1.byteCount } }
    public var validationBytes: Int { validation.reduce(0) { $0 + $1.byteCount } }

    // listing: split
    /// Orders the works by a seeded hash of their id — a shuffle that
    /// depends only on the ids and the seed, not on input order or on the
    /// machine — then walks that order, giving a work to validation
    /// whenever that brings validation's bytes closer to
    /// `validationFraction` of the total.
    public init(works: [Document], validationFraction: Double = 0.1,
                seed: UInt64 = 1) {
        func key(_ work: Document) -> UInt64 {
            Hash64.mix(seed ^ Hash64.fnv1a(work.id.utf8))
        }
        let order = works.sorted { (key($0), $0.id) < (key($1), $1.id) }
        let target = validationFraction
            * Double(works.reduce(0) { $0 + $1.byteCount })
        var validation: [Document] = []
        var bytes = 0.0
        for work in order {
            let added = bytes + Double(work.byteCount)
            if abs(added - target) < abs(bytes - target) {
                validation.append(work)
                bytes = added
            }
        }
        let ids = Set(validation.map(\.id))
        self.train = works.filter { !ids.contains($0.id) }.sorted { $0.id < $1.id }
        self.validation = validation.sorted { $0.id < $1.id }
    }
    // end listing

    /// The documents as one text: text, separator line, text, …, ending in
    /// a newline. The separator is `<|endoftext|>` on a line of its own, as
    /// GPT-2's training data marks document boundaries; the tokenizer makes
    /// it one special token, so the model learns where a text ends and does
    /// not carry one play's context into the next. A document that contains
    /// the separator itself would read as two: that is an error naming its
    /// file.
    public static func joined(_ documents: [Document]) throws -> String {
        let separator = BPETokenizer.endOfText
        for document in documents where document.text.containsBytes(of: separator) {
            throw FileError(document.url, "contains \(separator), which would "
                            + "split the document in two")
        }
        let texts = documents.map(\.text)
        return texts.joined(separator: "\n\(separator)\n") + (texts.isEmpty ? "" : "\n")
    }

    /// Writes `train.txt` and `val.txt` into `directory` (created if
    /// missing), each atomically, so a reader never sees half a corpus.
    public func write(to directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory,
                                                    withIntermediateDirectories: true)
        } catch {
            throw FileError(directory, "cannot create: \(error.localizedDescription)")
        }
        for (documents, name) in [(train, "train.txt"), (validation, "val.txt")] {
            let text = try Self.joined(documents)
            try writeAtomically(Data(text.utf8), to: directory.appendingPathComponent(name))
        }
    }
}
