import Foundation
import Notebook

/// `bookbuilder check`: whether the committed `book.md` still comes from the
/// current sources, decided from `book-manifest.json` alone, so it needs no
/// chapter runs (CI checks it on a clean clone). Every problem is an error
/// naming the chapter and the files that changed.
struct BookCheck {
    let layout: Layout

    /// How many changed files an error names before it says "and N more".
    static let shownFiles = 6

    func run() throws(Diagnostics) {
        var errors: [Diagnostic] = []
        let bookPath = layout.defaultBookPath
        let manifestPath = layout.manifestPath
        let remake = "run `make book`"
        guard let book = FileManager.default.contents(atPath: layout.url(bookPath).path) else {
            throw Diagnostics(errors: [.error("no book; \(remake)", at: SourceLocation(bookPath))])
        }
        let manifest: BookManifest
        do {
            let data = try Data(contentsOf: layout.url(manifestPath))
            manifest = try JSONDecoder().decode(BookManifest.self, from: data)
        } catch {
            throw Diagnostics(errors: [.error("missing or unreadable: it records what \(bookPath) "
                + "was made from; \(remake)", at: SourceLocation(manifestPath))])
        }
        if SHA256.hash(book).hexString != manifest.book {
            errors.append(.error("edited after it was assembled (its SHA-256 is not the one "
                + "\(manifestPath) records); \(remake)", at: SourceLocation(bookPath)))
        }
        let chapters: [Chapter]
        do {
            chapters = try Chapter.discover(in: layout)
        } catch {
            throw Diagnostics(errors: errors + [error])
        }
        for chapter in chapters {
            guard let entry = manifest.chapters.first(where: { $0.id == chapter.id }) else {
                errors.append(.error("\(chapter.label) is not in \(bookPath); \(remake)"))
                continue
            }
            do {
                let inputs = try ChapterInputs.manifest(for: chapter, layout: layout).digests
                let text = try ChapterText.manifest(for: chapter, layout: layout).digests
                if inputs != entry.inputs {
                    errors.append(.error("\(chapter.label) is stale: the run \(bookPath) shows was "
                        + "made from other sources (\(list(differences(from: entry.inputs, to: inputs)))); "
                        + "\(remake) to rerun it"))
                } else if text != entry.text {
                    errors.append(.error("\(chapter.label)'s text changed since \(bookPath) was "
                        + "assembled (\(list(differences(from: entry.text, to: text)))); \(remake) "
                        + "(no rerun needed)"))
                }
            } catch {
                errors.append(error)
            }
        }
        for entry in manifest.chapters where !chapters.contains(where: { $0.id == entry.id }) {
            errors.append(.error("\(bookPath) shows chapter \(entry.id), which no longer exists; \(remake)"))
        }
        guard errors.isEmpty else { throw Diagnostics(errors: errors) }
    }

    private func list(_ files: [String]) -> String {
        let shown = files.prefix(Self.shownFiles).joined(separator: ", ")
        return files.count > Self.shownFiles ? "\(shown), and \(files.count - Self.shownFiles) more" : shown
    }
}
