import Foundation
import Notebook

/// A list of files with their SHA-256, and the hash of the list: what `sha256sum`
/// prints for those files, one `<hex>  <path>` line each in path order, then one
/// line naming what the list is for (`mode full`). A reader can rebuild it with
/// `sha256sum` to see why a chapter reran.
struct Manifest: Sendable, Equatable {
    struct Entry: Equatable, Sendable {
        /// Relative to the repository root.
        var path: String
        var digest: String
    }

    let entries: [Entry]
    let tag: String
    /// The SHA-256 of `text`.
    let hash: String

    /// `content` picks what of each file counts (all of it, by default).
    init(paths: Set<String>, tag: String, root: URL,
         content: (String, Data) -> Data = { $1 }) throws(Diagnostic) {
        var entries: [Entry] = []
        for path in paths.sorted() {
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(path).path)
            else { throw .error("cannot read \(path)") }
            entries.append(Entry(path: path, digest: SHA256.hash(content(path, data)).hexString))
        }
        self.entries = entries
        self.tag = tag
        hash = SHA256.hash(Data(Self.text(entries, tag).utf8)).hexString
    }

    var text: String { Self.text(entries, tag) }

    private static func text(_ entries: [Entry], _ tag: String) -> String {
        entries.map { "\($0.digest)  \($0.path)\n" }.joined() + tag + "\n"
    }
}

/// Everything a chapter's run depends on: the key `book run` caches a chapter's run
/// by (as d2l and Jupyter Book cache notebook runs), and what `bookbuilder check`
/// holds the committed book to.
///
/// The inputs are the core (`Sources/Book`, `Sources/Notebook`, `Sources/CBLAS`),
/// `Package.swift`, the chapter's own directory, every path the chapter declares
/// in its `inputs.txt` (the earlier chapters whose code it links or whose files
/// its run reads, fixtures, `scripts/data.sh` with the data's sha256s), and the
/// mode. No `chapter.md` is an input: editing prose reruns nothing. Hidden files
/// (editor swap files) are skipped. Of `Package.swift` only the part above
/// `packageInputsEnd` counts: the tools version and the settings every target
/// is built with, not the list of targets, so that adding a chapter does not
/// rerun the chapters before it. (A chapter's own target line matters only
/// with code that imports something new, and that code is an input.)
enum ChapterInputs {
    static let core = ["Sources/Book", "Sources/Notebook", "Sources/CBLAS", "Package.swift"]
    /// The declaration inside each chapter's directory.
    static let declarationFile = "inputs.txt"
    /// The line in `Package.swift` below which nothing is a chapter input.
    static let packageInputsEnd = "// book inputs: end"

    static func manifest(for chapter: Chapter, layout: Layout) throws(Diagnostic) -> Manifest {
        let roots = core + (try closure(of: chapter, layout: layout))
        let paths = Set(roots.flatMap { files(under: $0, in: layout.root) })
            .filter { !$0.hasSuffix("/chapter.md") }
        return try Manifest(paths: paths, tag: "mode \(layout.mode.rawValue)", root: layout.root,
                            content: inputContent)
    }

    /// What of a file a chapter's run depends on: all of it, except that of
    /// `Package.swift` only what comes before `packageInputsEnd` counts (all
    /// of it if the line is missing).
    static func inputContent(path: String, data: Data) -> Data {
        guard path == "Package.swift",
              let text = String(data: data, encoding: .utf8),
              let end = text.range(of: "\n" + packageInputsEnd + "\n") else { return data }
        return Data(text[..<end.lowerBound].utf8)
    }

    /// The chapter's directory and everything it declares; a declared chapter
    /// directory brings that chapter's declarations too (chapter 4 reads chapter
    /// 1's token files, which depend on the data chapter 1 declares).
    static func closure(of chapter: Chapter, layout: Layout) throws(Diagnostic) -> [String] {
        var result: [String] = [], pending = [chapter]
        while let next = pending.popLast() {
            guard !result.contains(next.directory) else { continue }
            result.append(next.directory)
            for path in try declared(by: next, layout: layout) {
                if let declaredChapter = Chapter(path: path) {
                    pending.append(declaredChapter)
                } else if !result.contains(path) {
                    result.append(path)
                }
            }
        }
        return result
    }

    /// The paths in `<chapter>/inputs.txt`: one per line, relative to the
    /// repository root; `#` starts a comment. No file means no declared inputs.
    static func declared(by chapter: Chapter, layout: Layout) throws(Diagnostic) -> [String] {
        let file = "\(chapter.directory)/\(declarationFile)"
        guard let text = try? String(contentsOf: layout.url(file), encoding: .utf8) else {
            return []
        }
        var paths: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let path = String((line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                .first ?? "").trimmingWhitespace())
            guard !path.isEmpty else { continue }
            let location = SourceLocation(file, line: index + 1)
            guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                throw .error("'\(path)' must be a path inside the repository, relative to its root",
                             at: location)
            }
            guard layout.exists(path) else {
                throw .error("no file or directory '\(path)'", at: location)
            }
            paths.append(path.hasSuffix("/") ? String(path.dropLast()) : path)
        }
        return paths
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

/// What a chapter's text in the book is made of besides its run: its prose, the
/// files its listings quote and the benchmark tables it shows. If these change,
/// the book must be assembled again (no rerun needed).
enum ChapterText {
    static func manifest(for chapter: Chapter, layout: Layout) throws(Diagnostic) -> Manifest {
        let location = SourceLocation(chapter.prosePath)
        guard let prose = try? String(contentsOf: layout.url(chapter.prosePath), encoding: .utf8) else {
            throw .error("no such file, or not UTF-8 text; every chapter needs its prose", at: location)
        }
        var paths: Set<String> = [chapter.prosePath]
        var fence = CodeFence()
        for line in prose.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            guard !fence.consume(line) else { continue }
            switch try? Directive.parse(line) {
            case .listing(let path, _)? where layout.exists(path):
                paths.insert(path)
            case .bench(let name)? where layout.exists(Directive.benchPath(name)):
                paths.insert(Directive.benchPath(name))
            default:
                continue
            }
        }
        return try Manifest(paths: paths, tag: "text", root: layout.root)
    }
}
