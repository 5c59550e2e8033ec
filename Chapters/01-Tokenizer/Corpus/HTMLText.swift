/// The readable text of an HTML page: what a person sees, as paragraphs.
///
/// - Dropped with their content: `head` (title, links, scripts: metadata,
///   not the page's text), `script`, `style`, `object`, `noscript`,
///   `template`, comments, declarations and processing instructions.
/// - Dropped, keeping their content: every other tag.
/// - Entities decoded (`HTMLEntities`).
/// - Whitespace collapses to one space, as a browser renders it, except
///   inside `pre`. Block elements (`p`, `div`, `h1`…`h6`, `ul`, …) become
///   paragraph breaks (a blank line); `br`, `li` and `tr` line breaks.
/// - Footnote *markers* are dropped (`<sup id="fnr3">` and the footnote's
///   `↩` back link): the digit would otherwise glue onto the word before it
///   ("education3"). The footnotes themselves stay.
public enum HTMLText {
    public static let droppedElements: Set<String> = [
        "head", "script", "style", "object", "noscript", "template", "iframe",
    ]
    public static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "div",
        "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
        "h3", "h4", "h5", "h6", "header", "hr", "html", "main", "nav", "ol",
        "p", "pre", "section", "table", "tbody", "thead", "ul",
    ]
    /// Elements that start a new line but not a paragraph: the items of a
    /// list or table stay together as one block.
    public static let lineElements: Set<String> = ["br", "dd", "dt", "li", "tr"]
    /// Elements that have no end tag.
    public static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "param", "source", "track", "wbr",
    ]

    /// Whether an element and its content are left out.
    static func isDropped(_ name: String, _ attributes: [String: String]) -> Bool {
        if droppedElements.contains(name) { return true }
        let classes = attributes["class", default: ""].lowercased()
        let id = attributes["id", default: ""].lowercased()
        return classes.contains("footnotebacklink")
            || (name == "sup" && id.hasPrefix("fnr"))          // footnote marker
    }

    // listing: html-text
    public static func extract(_ html: String) -> String {
        var tokenizer = HTMLTokenizer(html)
        var out = TextBuilder()
        var dropped: [String] = []       // open elements being left out
        var preDepth = 0
        while let token = tokenizer.next() {
            switch token {
            case .startTag(let name, let attributes, let selfClosing):
                let void = selfClosing || voidElements.contains(name)
                if HTMLTokenizer.rawTextElements.contains(name) && !void {
                    _ = tokenizer.rawText(of: name)  // script/style: skip
                    continue
                }
                if !dropped.isEmpty || isDropped(name, attributes) {
                    if !void { dropped.append(name) }
                    continue
                }
                if lineElements.contains(name) { out.lineBreak() }
                if name == "td" || name == "th" { out.append(" ") }
                if blockElements.contains(name) { out.paragraphBreak() }
                if name == "pre" && !void { preDepth += 1 }
            case .endTag(let name):
                if let open = dropped.lastIndex(of: name) {
                    dropped.removeSubrange(open...)  // closes inner ones too
                    continue
                }
                guard dropped.isEmpty else { continue }
                if blockElements.contains(name) { out.paragraphBreak() }
                if name == "pre" { preDepth = max(0, preDepth - 1) }
            case .text(let raw) where dropped.isEmpty:
                let text = HTMLEntities.decode(raw)
                if preDepth > 0 { out.appendVerbatim(text) }
                else { out.append(text) }
            case .text, .comment, .declaration, .processingInstruction:
                continue
            }
        }
        return out.text
    }
    // end listing
}

/// Accumulates rendered text: collapses whitespace, and turns a run of
/// breaks into the strongest of them, so `</p><p>` is one blank line and
/// `<br><br>` one line break, never a pile of newlines.
struct TextBuilder {
    private(set) var text = ""
    private var pendingBreak = 0       // 0: none, 1: "\n", 2: "\n\n"
    private var pendingSpace = false

    mutating func paragraphBreak() { pendingBreak = 2 }
    mutating func lineBreak() { pendingBreak = max(pendingBreak, 1) }

    /// Text whose whitespace runs render as single spaces.
    mutating func append(_ chunk: String) {
        var word = ""
        for char in chunk {
            if char.isWhitespace && char != "\u{A0}" {
                if !word.isEmpty { emit(word); word = "" }
                pendingSpace = true
            } else {
                word.append(char)
            }
        }
        if !word.isEmpty { emit(word) }
    }

    /// `pre` content: every space and newline as written.
    mutating func appendVerbatim(_ chunk: String) {
        guard !chunk.isEmpty else { return }
        flushSeparator()
        text += chunk
    }

    private mutating func emit(_ word: String) {
        flushSeparator()
        text += word
    }

    private mutating func flushSeparator() {
        if !text.isEmpty {
            if pendingBreak > 0 {
                while text.last == " " { text.removeLast() }
                text += pendingBreak == 2 ? "\n\n" : "\n"
            } else if pendingSpace && text.last != "\n" {
                text += " "
            }
        }
        pendingBreak = 0
        pendingSpace = false
    }
}
