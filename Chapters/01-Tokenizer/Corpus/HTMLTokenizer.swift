/// One piece of an HTML document, as a browser's tokenizer sees it.
public enum HTMLToken: Sendable, Equatable {
    /// Character data, entities still encoded.
    case text(String)
    /// `<p class="x">`: name lowercased, attributes by lowercased name.
    case startTag(name: String, attributes: [String: String], selfClosing: Bool)
    case endTag(name: String)
    case comment(String)
    /// `<!DOCTYPE …>` and other `<!…>` declarations.
    case declaration(String)
    /// `<?xml …?>`, `<?import …?>`.
    case processingInstruction(String)
}

/// A small HTML tokenizer: a loop over the bytes with one state per kind of
/// markup, as in the HTML standard's tokenizer but without its error
/// recovery subtleties. It never fails: what is not markup is text, and an
/// unclosed comment or tag runs to the end of the input.
///
/// `<script>` and `<style>` hold *raw text*: their content is not markup
/// ("if (a < b)" is not a tag), so it runs to the matching end tag.
///
/// It is a sequence of tokens: `for token in HTMLTokenizer(html)`, or
/// `Array(HTMLTokenizer(html))`.
public struct HTMLTokenizer: Sequence, IteratorProtocol {
    public static let rawTextElements: Set<String> = ["script", "style"]

    let bytes: [UInt8]
    var position = 0

    public init(_ html: String) { bytes = Array(html.utf8) }

    public mutating func next() -> HTMLToken? {
        guard position < bytes.count else { return nil }
        guard bytes[position] == lt else { return .text(take(upTo: [lt])) }
        if starts(with: "<!--") {
            position += 4
            return .comment(take(through: "-->"))
        }
        if starts(with: "<![CDATA[") {
            position += 9
            return .text(take(through: "]]>"))
        }
        if starts(with: "<!") {
            position += 2
            return .declaration(take(through: ">"))
        }
        if starts(with: "<?") {
            position += 2
            return .processingInstruction(take(through: ">"))
        }
        let isEnd = starts(with: "</")
        let nameStart = position + (isEnd ? 2 : 1)
        guard nameStart < bytes.count, isLetter(bytes[nameStart]) else {
            position += 1                         // a lone "<" is text
            return .text("<")
        }
        position = nameStart
        let name = takeName().lowercased()
        if isEnd {
            _ = take(through: ">")
            return .endTag(name: name)
        }
        let (attributes, selfClosing) = takeAttributes()
        return .startTag(name: name, attributes: attributes,
                         selfClosing: selfClosing)
    }

    /// The content of a raw-text element whose start tag was just read, up
    /// to (not including) its end tag; the end tag is left to `next()`.
    public mutating func rawText(of element: String) -> String {
        let close = Array("</\(element)".utf8)
        let start = position
        while position < bytes.count {
            if bytes[position] == lt, position + close.count <= bytes.count,
               zip(bytes[position..<position + close.count], close)
                .allSatisfy({ ($0 | 0x20) == ($1 | 0x20) }) { break }
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    private let lt = UInt8(ascii: "<")

    private func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }

    private func starts(with prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        guard position + p.count <= bytes.count else { return false }
        return zip(bytes[position..<position + p.count], p)
            .allSatisfy { ($0 | 0x20) == ($1 | 0x20) }
    }

    /// Everything up to the first byte in `stops` (or the end).
    private mutating func take(upTo stops: [UInt8]) -> String {
        let start = position
        while position < bytes.count && !stops.contains(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Everything up to `terminator`, which is consumed but not returned.
    private mutating func take(through terminator: String) -> String {
        let start = position
        while position < bytes.count && !starts(with: terminator) { position += 1 }
        let body = String(decoding: bytes[start..<position], as: UTF8.self)
        position = Swift.min(bytes.count, position + terminator.utf8.count)
        return body
    }

    private mutating func takeName() -> String {
        let start = position
        while position < bytes.count, !isSpace(bytes[position]),
              bytes[position] != UInt8(ascii: ">"), bytes[position] != UInt8(ascii: "/") {
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// `name="value" name='value' name=value name` up to `>` or `/>`.
    private mutating func takeAttributes() -> ([String: String], Bool) {
        var attributes: [String: String] = [:]
        while position < bytes.count {
            while position < bytes.count && isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count else { break }
            if bytes[position] == UInt8(ascii: ">") { position += 1; return (attributes, false) }
            if starts(with: "/>") { position += 2; return (attributes, true) }
            if bytes[position] == UInt8(ascii: "/") { position += 1; continue }
            let start = position
            while position < bytes.count, !isSpace(bytes[position]),
                  !"=>/".utf8.contains(bytes[position]) { position += 1 }
            let name = String(decoding: bytes[start..<position], as: UTF8.self).lowercased()
            var value = ""
            while position < bytes.count && isSpace(bytes[position]) { position += 1 }
            if position < bytes.count && bytes[position] == UInt8(ascii: "=") {
                position += 1
                while position < bytes.count && isSpace(bytes[position]) { position += 1 }
                if position < bytes.count,
                   bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") {
                    let quote = bytes[position]
                    position += 1
                    value = take(upTo: [quote])
                    position += 1
                } else {
                    value = take(upTo: [0x20, 0x0A, 0x09, 0x0D, UInt8(ascii: ">")])
                }
            }
            if !name.isEmpty { attributes[name] = value }
        }
        return (attributes, false)
    }
}
