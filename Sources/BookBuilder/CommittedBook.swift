import Foundation

/// The book as last assembled and committed, for chapters whose run is not
/// on this machine. Runs live in `build/`, which a clone does not have, and
/// rerunning every chapter to change one takes well over an hour; so a
/// chapter whose inputs and text are exactly those `book-manifest.json`
/// records for it is taken from `book.md` as it stands, which is what its
/// run would render. Only a book whose SHA-256 is the one the manifest
/// records qualifies: an edited book is never copied from.
struct CommittedBook {
    let markdown: String
    let manifest: BookManifest

    /// The full-mode book and its manifest, if both are there and agree.
    init?(layout: Layout) {
        guard layout.mode == .full,
              let book = FileManager.default.contents(atPath: layout.url(layout.defaultBookPath).path),
              let data = FileManager.default.contents(atPath: layout.url(layout.manifestPath).path),
              let manifest = try? JSONDecoder().decode(BookManifest.self, from: data),
              SHA256.hash(book).hexString == manifest.book
        else { return nil }
        (self.markdown, self.manifest) = (String(decoding: book, as: UTF8.self), manifest)
    }

    /// The chapter as the book shows it, if the book was made from exactly
    /// these inputs and text: from its heading to the newline that joins it
    /// to the next chapter of `later` in the book, or to the end.
    func chapter(_ chapter: Chapter, inputs: [String: String], text: [String: String],
                 later: [Chapter]) -> RenderedChapter? {
        guard let entry = manifest.chapters.first(where: { $0.id == chapter.id }),
              entry.inputs == inputs, entry.text == text,
              let start = markdown.range(of: "\n# \(chapter.label) — ")
        else { return nil }
        let rest = markdown[start.upperBound...]
        let end = later.lazy.compactMap { rest.range(of: "\n# \($0.label) — ")?.lowerBound }.first
        return RenderedChapter(chapter: chapter, title: String(rest.prefix { $0 != "\n" }),
                               markdown: String(markdown[markdown.index(after: start.lowerBound)
                                                         ..< (end ?? rest.endIndex)]))
    }

    /// The date in the book's title block.
    var date: String? {
        markdown.split(separator: "\n").first { $0.hasPrefix("date: \"") }
            .map { String($0.dropFirst(7).prefix(10)) }
    }
}
