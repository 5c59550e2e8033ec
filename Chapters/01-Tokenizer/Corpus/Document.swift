import Foundation

/// Which printing of a work a text follows. The package holds most plays
/// twice: in a modern edition (modern spelling, bracketed stage directions,
/// speaker names on their own line) and in the spelling of the First Folio
/// of 1623 ("vnfold", "liue", "selfe", unbracketed directions, abbreviated
/// speaker names at the start of a line).
public enum Edition: String, Sendable, CaseIterable {
    case modern
    case firstFolio = "First Folio"
    /// Prose about the works: the 1911 Britannica article.
    case reference
}

/// How a file encodes its text, which decides how it is cleaned.
public enum SourceFormat: String, Sendable {
    /// Line-broken text as Project Gutenberg printed it.
    case plainText = "text"
    /// Plain text with light Markdown (`#` headings, `*emphasis*`, `[^1]`
    /// footnotes): the package's `britannica-11th.txt`.
    case markdown = "Markdown"
    /// XHTML: the package's `out.html`.
    case html = "HTML"
}

/// One text of the corpus: a file, what it is, and its text. `id` names the
/// file (`hamlet_gut_f`). Which texts are editions of one work is not known
/// from the files: de-duplication finds it from the texts (`Deduplicator`).
public struct Document: Sendable, Equatable {
    public var id: String
    public var title: String
    public var edition: Edition
    public var format: SourceFormat
    /// The file it came from: errors about the text name it.
    public var url: URL
    public var text: String

    public init(id: String, title: String, edition: Edition, format: SourceFormat,
                url: URL, text: String) {
        self.id = id
        self.title = title
        self.edition = edition
        self.format = format
        self.url = url
        self.text = text
    }

    /// The text's size in UTF-8 bytes: what the corpus files store.
    public var byteCount: Int { text.utf8.count }

    /// Runs of non-whitespace bytes: the unit of the length histogram.
    public var wordCount: Int {
        var count = 0, inWord = false
        for byte in text.utf8 {
            let space = byte == 0x20 || byte == 0x0A
            if !space && !inWord { count += 1 }
            inWord = !space
        }
        return count
    }
}
