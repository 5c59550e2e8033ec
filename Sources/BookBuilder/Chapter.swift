import Foundation

/// A chapter directory, `Chapters/<ID>-<Name>`: `01-Tokenizer` is chapter 1,
/// `A-Core` is appendix A. Everything else about the chapter follows from the name.
struct Chapter: Sendable, Equatable {
    enum Kind: Sendable, Equatable, Comparable {
        case numbered(Int)
        case appendix(String)
    }

    /// As written in the directory name and under `build/`: `"01"`, `"A"`.
    let id: String
    /// `"Tokenizer"`, `"Core"`.
    let name: String
    let kind: Kind
    /// Relative to the repository root: `"Chapters/01-Tokenizer"`.
    let directory: String

    /// Reads a directory name; nil when it is not a chapter (`README.md`, `shared`).
    init?(directoryName: String, in parent: String = "Chapters") {
        guard let dash = directoryName.firstIndex(of: "-") else { return nil }
        let id = String(directoryName[..<dash])
        let name = String(directoryName[directoryName.index(after: dash)...])
        guard !id.isEmpty, !name.isEmpty else { return nil }
        if id.allSatisfy(\.isASCII), let number = Int(id), number >= 0 {
            kind = .numbered(number)
        } else if id.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            kind = .appendix(id)
        } else {
            return nil
        }
        self.id = id
        self.name = name
        self.directory = "\(parent)/\(directoryName)"
    }

    /// The chapter whose directory is `path` (`Chapters/01-Tokenizer`), if any.
    init?(path: String) {
        let parts = path.split(separator: "/")
        guard parts.count == 2, parts[0] == "Chapters" else { return nil }
        self.init(directoryName: String(parts[1]))
    }

    /// How figures and listings are numbered: `"1"` in Figure 1.2, `"A"` in Listing A.3.
    var number: String {
        switch kind {
        case .numbered(let number): String(number)
        case .appendix(let letter): letter
        }
    }

    /// `"Chapter 1"` or `"Appendix A"`.
    var label: String {
        switch kind {
        case .numbered: "Chapter \(number)"
        case .appendix: "Appendix \(number)"
        }
    }

    var isNumbered: Bool {
        if case .numbered = kind { true } else { false }
    }

    /// The notebook's executable target: `ch01-tokenizer`, `chA-core`.
    var executableName: String { "ch\(id)-\(name.lowercased())" }

    var prosePath: String { "\(directory)/chapter.md" }

    /// Whether the reader meant this chapter by `selector`: its ID (`1`, `01`, `a`),
    /// its directory name (`01-Tokenizer`) or its executable (`ch01-tokenizer`).
    func matches(_ selector: String) -> Bool {
        let wanted = selector.lowercased()
        if case .numbered(let number) = kind, Int(selector) == number { return true }
        return wanted == id.lowercased()
            || wanted == "\(id)-\(name)".lowercased()
            || wanted == executableName.lowercased()
    }

    /// All chapters under `Chapters/`, in book order: numbered chapters ascending,
    /// then the appendices.
    static func discover(in layout: Layout) throws(Diagnostic) -> [Chapter] {
        let parent = layout.chaptersDirectory
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: layout.url(parent).path)
        } catch {
            throw .error("no \(parent) directory under \(layout.root.path)")
        }
        let chapters = names.compactMap { name -> Chapter? in
            var isDirectory: ObjCBool = false
            let path = layout.url("\(parent)/\(name)").path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
                  isDirectory.boolValue else { return nil }
            return Chapter(directoryName: name, in: parent)
        }
        guard !chapters.isEmpty else {
            throw .error("no chapters (directories like 01-Tokenizer or A-Core) in \(parent)")
        }
        let sorted = chapters.sorted { $0.kind < $1.kind }
        for (first, second) in zip(sorted, sorted.dropFirst()) where first.kind == second.kind {
            throw .error("\(first.directory) and \(second.directory) are both \(first.label)")
        }
        return sorted
    }
}
