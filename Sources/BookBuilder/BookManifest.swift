import Foundation

/// What the committed book was made from, written beside it as
/// `book-manifest.json` whenever `bookbuilder` assembles the book: the SHA-256 of
/// `book.md` itself, and for each chapter the digest of every input its run
/// depended on and of every file its text quotes. `bookbuilder check` holds the
/// current sources to it without running anything, so a clean clone can tell
/// whether the committed book still comes from its code, and name what changed.
struct BookManifest: Codable, Equatable, Sendable {
    struct ChapterEntry: Codable, Equatable, Sendable {
        var id: String
        /// path → SHA-256 of the inputs of the run the book shows.
        var inputs: [String: String]
        /// path → SHA-256 of the prose and the files its listings quote.
        var text: [String: String]
    }

    /// SHA-256 of the book file as written.
    var book: String
    var chapters: [ChapterEntry]

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }
}

extension Manifest {
    var digests: [String: String] {
        Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0.digest) })
    }
}

/// The files that differ between two path → digest maps: changed, new, gone.
func differences(from old: [String: String], to new: [String: String]) -> [String] {
    let changed = old.keys.filter { new[$0] != nil && new[$0] != old[$0] }.map { "\($0) changed" }
    let added = new.keys.filter { old[$0] == nil }.map { "\($0) is new" }
    let removed = old.keys.filter { new[$0] == nil }.map { "\($0) is gone" }
    return (changed + added + removed).sorted()
}
