import Foundation

/// Everything a chapter's run depends on, and its hash: the key `book run` caches a
/// chapter's run by, as d2l and Jupyter Book cache notebook runs.
///
/// The inputs are every file under `Sources/Book` and `Sources/CBLAS`, the chapter's
/// own directory except `chapter.md` (editing prose reruns nothing), the `Sources/`
/// of every numbered chapter before it (an appendix counts all of them, to be safe),
/// `Package.swift`, and the mode. Hidden files (editor swap files) are skipped.
///
/// The manifest is what `sha256sum` prints for those files, one `<hex>  <path>` line
/// each in path order, followed by `mode <mode>`; the hash is the SHA-256 of that
/// text. A reader can rebuild it with `sha256sum` to see why a chapter reran.
struct InputsManifest: Sendable {
    struct Entry: Equatable, Sendable {
        /// Relative to the repository root.
        var path: String
        var digest: String
    }

    let entries: [Entry]
    let mode: Mode
    /// The SHA-256 of `text`: the value `book run` passes in `BOOK_INPUTS_HASH`.
    let hash: String

    init(for chapter: Chapter, among chapters: [Chapter], layout: Layout) throws {
        let earlier = chapters.prefix { $0.kind < chapter.kind }.filter(\.isNumbered)
        let roots = ["Sources/Book", "Sources/CBLAS", chapter.directory, "Package.swift"]
            + earlier.map { "\($0.directory)/Sources" }
        let paths = Set(roots.flatMap { Self.files(under: $0, in: layout.root) })
            .subtracting([chapter.prosePath])
        entries = try paths.sorted().map { path in
            let data = try Data(contentsOf: layout.url(path))
            return Entry(path: path, digest: SHA256.hash(data).hexString)
        }
        mode = layout.mode
        hash = SHA256.hash(Data(Self.text(entries: entries, mode: mode).utf8)).hexString
    }

    var text: String { Self.text(entries: entries, mode: mode) }

    private static func text(entries: [Entry], mode: Mode) -> String {
        entries.map { "\($0.digest)  \($0.path)\n" }.joined() + "mode \(mode.rawValue)\n"
    }

    /// Regular files at or under `path` (relative to `root`), as relative paths;
    /// nothing when `path` does not exist.
    static func files(under path: String, in root: URL) -> [String] {
        let url = root.appendingPathComponent(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        guard let enumerator = FileManager.default.enumerator(
            at: url, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        return enumerator.compactMap { item in
            guard let file = item as? URL,
                  (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true
            else { return nil }
            return path + "/" + relativePath(from: url, to: file)
        }
    }
}
