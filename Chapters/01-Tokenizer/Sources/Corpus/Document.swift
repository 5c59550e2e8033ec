import Foundation

/// Which printing of a work a text follows. The package holds most plays
/// twice: in a modern edition (modern spelling, bracketed stage directions,
/// speaker names on their own line) and in the spelling of the First Folio
/// of 1623 ("vnfold", "liue", "selfe", unbracketed directions, abbreviated
/// speaker names at the start of a line).
public enum Edition: String, Codable, Sendable, CaseIterable {
    case modern
    case firstFolio = "first-folio"
    /// Prose about the works: the 1911 Britannica article.
    case reference
}

/// How a file encodes its text, which decides how it is cleaned.
public enum SourceFormat: String, Codable, Sendable {
    /// Line-broken text as Project Gutenberg printed it.
    case plainText = "text"
    /// Plain text with light Markdown (`#` headings, `*emphasis*`, `[^1]`
    /// footnotes): the package's `britannica-11th.txt`.
    case markdown
    /// XHTML: the package's `out.html`.
    case html
}

/// One text of the corpus: a file, what it is, and its text.
///
/// `id` names the file (`hamlet_gut_f`); `workID` names the work, shared by
/// the editions of one play (`hamlet` for both `hamlet_gut` and
/// `hamlet_gut_f`), so that a split by work can keep a play out of both
/// training and validation data.
public struct Document: Sendable, Equatable, Identifiable {
    public var id: String
    public var workID: String
    public var title: String
    public var edition: Edition
    public var format: SourceFormat
    /// The file it came from, relative to the data root.
    public var path: String
    public var text: String

    public init(id: String, workID: String, title: String, edition: Edition,
                format: SourceFormat, path: String, text: String) {
        self.id = id
        self.workID = workID
        self.title = title
        self.edition = edition
        self.format = format
        self.path = path
        self.text = text
    }

    /// The text's size in UTF-8 bytes: what the corpus files store.
    public var byteCount: Int { text.utf8.count }

    /// Whitespace-separated words: the unit of the length histograms.
    public var wordCount: Int { Words.count(in: text) }
}

/// Counting words without building strings (fast on megabytes).
enum Words {
    /// Runs of non-whitespace bytes (ASCII space, tab, newline, CR).
    static func count(in text: String) -> Int {
        var count = 0
        var inWord = false
        for byte in text.utf8 {
            let space = byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
            if !space && !inWord { count += 1 }
            inWord = !space
        }
        return count
    }
}
