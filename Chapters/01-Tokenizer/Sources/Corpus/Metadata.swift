import Book
import Foundation

/// The package's `texts/metadata.txt`: one INI-style section per text,
///
///     [hamlet_gut_f]
///     url = http://www.gutenberg.org/dirs/etext00/0ws2610.txt
///     notes = Sourced from Project Gutenberg (url=…). folio
///     format = txt
///     creator = Shakespeare, William
///     title = Hamlet
///
/// The section name is the file name without `.txt`; `notes` ends in
/// "folio" for the First Folio texts.
public struct TextMetadata: Sendable, Equatable {
    public var id: String
    public var title: String
    public var url: String
    public var notes: String

    /// The edition the metadata states: "folio" at the end of the notes.
    public var edition: Edition {
        notes.trimmingCharacters(in: .whitespaces).lowercased().hasSuffix("folio")
            ? .firstFolio : .modern
    }

    /// Parses the whole file. Lines outside a section, blank lines and
    /// `#`/`;` comments are ignored; a section without a title is an error
    /// naming the file and the section, since every text needs one.
    public static func parse(_ text: String, file: URL) throws -> [String: TextMetadata] {
        var sections: [String: [String: String]] = [:]
        var order: [String] = []
        var current: String?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = String(line.dropFirst().dropLast())
                current = name
                if sections[name] == nil { order.append(name) }
                sections[name, default: [:]] = [:]
            } else if let section = current, let equals = line.firstIndex(of: "=") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                let value = line[line.index(after: equals)...]
                    .trimmingCharacters(in: .whitespaces)
                sections[section]?[key] = value
            }
        }
        var result: [String: TextMetadata] = [:]
        for name in order {
            let fields = sections[name] ?? [:]
            guard let title = fields["title"], !title.isEmpty else {
                throw FileError(file, "section [\(name)] has no title")
            }
            result[name] = TextMetadata(id: name, title: title, url: fields["url"] ?? "",
                                        notes: fields["notes"] ?? "")
        }
        return result
    }
}
