import Foundation

/// Whitespace and line endings, made uniform so that the same text always
/// has the same bytes (exact de-duplication hashes bytes) and the tokenizer
/// does not learn a file's typing habits.
///
/// - `\r\n` and lone `\r` become `\n`; tabs and no-break spaces a space;
///   byte-order marks and zero-width spaces go.
/// - Text is put in Unicode NFC, so "é" is one code point however the
///   source encoded it.
/// - Every line is trimmed at both ends and runs of spaces inside it become
///   one. Leading indentation is dropped on purpose: in these transcriptions
///   it is typesetting noise (Folio speeches start with two or three spaces
///   at random), while the line breaks, which carry the verse, stay.
/// - Runs of blank lines become one blank line: a paragraph break. Leading
///   and trailing blank lines go.
public enum TextNormalizer {
    /// What normalizing changed, for the cleaning report.
    public struct Changes: Sendable, Equatable {
        public var carriageReturns = 0
        /// Lines that lost spaces at either end or inside.
        public var respacedLines = 0
        /// Blank lines removed from runs of two or more.
        public var blankLinesRemoved = 0
        /// Other characters replaced or removed (tabs, BOMs, NBSPs, NFC).
        public var otherCharacters = 0
    }

    public static func normalize(_ text: String) -> (text: String, changes: Changes) {
        var changes = Changes()
        var source = text
        if !isKnownNFC(text) {
            let nfc = text.precomposedStringWithCanonicalMapping
            if !nfc.utf8.elementsEqual(text.utf8) {
                changes.otherCharacters += 1
                source = nfc
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(source.utf8.count)
        var line: [UInt8] = []
        var pendingBlank = false
        func finishLine() {
            var trimmed: [UInt8] = []
            trimmed.reserveCapacity(line.count)
            for byte in line {
                if byte == 0x20 && (trimmed.isEmpty || trimmed.last == 0x20) { continue }
                trimmed.append(byte)
            }
            if trimmed.last == 0x20 { trimmed.removeLast() }
            if trimmed.count != line.count { changes.respacedLines += 1 }
            if trimmed.isEmpty {
                if pendingBlank || output.isEmpty { changes.blankLinesRemoved += 1 }
                pendingBlank = true
            } else {
                if !output.isEmpty { output.append(contentsOf: pendingBlank ? [10, 10] : [10]) }
                output.append(contentsOf: trimmed)
                pendingBlank = false
            }
            line.removeAll(keepingCapacity: true)
        }
        let bytes = Array(source.utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case 0x0D:                                   // \r\n or \r
                changes.carriageReturns += 1
                finishLine()
                if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
            case 0x0A:
                finishLine()
            case 0x09, 0x0B, 0x0C:                       // tab, VT, FF
                changes.otherCharacters += 1
                line.append(0x20)
            case 0xC2 where i + 1 < bytes.count && bytes[i + 1] == 0xA0:
                changes.otherCharacters += 1             // U+00A0 no-break space
                line.append(0x20)
                i += 1
            case 0xEF where i + 2 < bytes.count && bytes[i + 1] == 0xBB
                && bytes[i + 2] == 0xBF:
                changes.otherCharacters += 1             // U+FEFF byte-order mark
                i += 2
            case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80
                && bytes[i + 2] == 0x8B:
                changes.otherCharacters += 1             // U+200B zero-width space
                i += 2
            default:
                line.append(byte)
            }
            i += 1
        }
        // A final newline ends the last line; it does not start another.
        if !line.isEmpty || (bytes.last != 0x0A && bytes.last != 0x0D) { finishLine() }
        if pendingBlank && !output.isEmpty { changes.blankLinesRemoved += 1 }
        return (String(decoding: output, as: UTF8.self), changes)
    }

    /// Whether `text` is certainly in NFC already, so that Foundation's
    /// (slow, on Linux) normalization can be skipped: every scalar below
    /// U+0300 is (no combining marks, no singletons), and so are the
    /// dashes, quotes and ellipsis of U+2010–U+2027.
    static func isKnownNFC(_ text: String) -> Bool {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return true }
        return text.unicodeScalars.allSatisfy {
            $0.value < 0x300 || (0x2010...0x2027).contains($0.value)
        }
    }
}
