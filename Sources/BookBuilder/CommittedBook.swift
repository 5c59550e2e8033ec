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
    /// to the book's next chapter, or to the end.
    func chapter(_ chapter: Chapter, inputs: [String: String], text: [String: String])
        -> RenderedChapter?
    {
        guard let index = manifest.chapters.firstIndex(where: { $0.id == chapter.id }),
              manifest.chapters[index].inputs == inputs, manifest.chapters[index].text == text,
              let headings = headings
        else { return nil }
        let start = headings[index]
        let end = index + 1 < headings.count ? headings[index + 1].lowerBound : markdown.endIndex
        let title = markdown[start.upperBound...].prefix { $0 != "\n" }
        return RenderedChapter(chapter: chapter, title: String(title),
                               markdown: String(markdown[markdown.index(after: start.lowerBound)
                                                         ..< end]))
    }

    /// Where each chapter the manifest lists begins: "\n# Chapter 1 — ",
    /// "\n# Appendix A — ". Each is searched after the one before, so a
    /// heading quoted in an earlier chapter's code is not taken for it.
    private var headings: [Range<String.Index>]? {
        var found: [Range<String.Index>] = [], from = markdown.startIndex
        for entry in manifest.chapters {
            let label = Int(entry.id).map { "Chapter \($0)" } ?? "Appendix \(entry.id)"
            guard let range = markdown.range(of: "\n# \(label) — ",
                                             range: from..<markdown.endIndex) else { return nil }
            found.append(range)
            from = range.upperBound
        }
        return found
    }

    /// The date in the book's title block.
    var date: String? {
        markdown.split(separator: "\n").first { $0.hasPrefix("date: \"") }
            .map { String($0.dropFirst(7).prefix(10)) }
    }
}
