import Book
import Foundation

/// One document in the manifest.
public struct ManifestEntry: Codable, Sendable, Equatable {
    public var id: String
    public var workID: String
    public var title: String
    public var edition: String
    public var bytes: Int
    public var words: Int
}

/// One corpus file in the manifest.
public struct ManifestSplit: Codable, Sendable, Equatable {
    public var file: String
    /// The file's size, separators included.
    public var bytes: Int
    public var works: [String]
    public var documents: [ManifestEntry]
}

/// `manifest.json`: which works and documents are in which file.
public struct CorpusManifest: Codable, Sendable, Equatable {
    public var separator: String
    public var seed: UInt64
    public var train: ManifestSplit
    public var validation: ManifestSplit
}

/// Writes the clean corpus: `train.txt`, `val.txt` and `manifest.json`.
///
/// Documents are separated by `<|endoftext|>` on a line of its own, as
/// GPT-2's training data marks document boundaries; the tokenizer treats it
/// as one special token, so the model learns where a text ends and does
/// not carry one play's context into the next. The files are UTF-8 and end
/// with a newline; each is written atomically (`writeAtomically`), so a
/// reader never sees half a corpus.
public enum CorpusWriter {
    public static let endOfText = "<|endoftext|>"

    /// The documents as one text: text, separator line, text, ….
    /// Throws if a document contains the separator itself, which would make
    /// one document read as two.
    public static func joined(_ documents: [Document]) throws -> String {
        for document in documents where document.text.contains(endOfText) {
            throw CorpusError("\(document.path): contains \(endOfText); "
                              + "it would split the document in two")
        }
        let texts = documents.map(\.text)
        return texts.joined(separator: "\n\(endOfText)\n") + (texts.isEmpty ? "" : "\n")
    }

    /// Writes the three files into `directory` (created if missing).
    @discardableResult
    public static func write(_ split: CorpusSplit, to directory: URL) throws -> CorpusManifest {
        do {
            try FileManager.default.createDirectory(at: directory,
                                                    withIntermediateDirectories: true)
        } catch {
            throw FileError(directory, "cannot create: \(error.localizedDescription)")
        }
        func part(_ documents: [Document], _ file: String) throws -> ManifestSplit {
            let text = try joined(documents)
            try writeAtomically(Data(text.utf8), to: directory.appendingPathComponent(file))
            return ManifestSplit(
                file: file, bytes: text.utf8.count,
                works: Array(Set(documents.map(\.workID))).sorted(),
                documents: documents.map {
                    ManifestEntry(id: $0.id, workID: $0.workID, title: $0.title,
                                  edition: $0.edition.rawValue, bytes: $0.byteCount,
                                  words: $0.wordCount)
                })
        }
        let manifest = CorpusManifest(
            separator: endOfText, seed: split.seed,
            train: try part(split.train, "train.txt"),
            validation: try part(split.validation, "val.txt"))
        try writeJSON(manifest, to: directory.appendingPathComponent("manifest.json"))
        return manifest
    }
}

/// A problem with the corpus itself, in one sentence that names the file.
public struct CorpusError: Error, CustomStringConvertible, LocalizedError {
    public let description: String
    public init(_ description: String) { self.description = description }
    public var errorDescription: String? { description }
}
