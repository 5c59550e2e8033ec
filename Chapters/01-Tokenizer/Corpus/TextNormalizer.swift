/// Whitespace made uniform, so that the same text always has the same bytes
/// and the tokenizer does not learn a file's typing habits:
///
/// - every line is trimmed at both ends and runs of spaces inside it become
///   one. Leading indentation goes on purpose: in these transcriptions it
///   is typesetting noise (Folio speeches start with two or three spaces at
///   random), while the line breaks, which carry the verse, stay;
/// - runs of blank lines become one blank line, a paragraph break; leading
///   and trailing blank lines go.
///
/// The package's files have no carriage returns, tabs, no-break spaces or
/// byte-order marks (the tests check it), so nothing here handles them.
public enum TextNormalizer {
    /// The normalized text, how many lines lost spaces, and how many blank
    /// lines went.
    public static func normalize(_ text: String)
        -> (text: String, respacedLines: Int, blankLinesRemoved: Int) {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var respaced = 0, blanksRemoved = 0, pendingBlank = false
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.count > 1, lines.last!.isEmpty { lines.removeLast() }  // a final "\n"
        for line in lines {
            var trimmed: [UInt8] = []
            for byte in line where byte != 0x20 || (trimmed.last ?? 0x20) != 0x20 {
                trimmed.append(byte)
            }
            if trimmed.last == 0x20 { trimmed.removeLast() }
            if trimmed.count != line.count { respaced += 1 }
            if trimmed.isEmpty {
                if pendingBlank || output.isEmpty { blanksRemoved += 1 }
                pendingBlank = true
            } else {
                if !output.isEmpty { output += pendingBlank ? [0x0A, 0x0A] : [0x0A] }
                output += trimmed
                pendingBlank = false
            }
        }
        if pendingBlank && !output.isEmpty { blanksRemoved += 1 }
        return (String(decoding: output, as: UTF8.self), respaced, blanksRemoved)
    }
}
