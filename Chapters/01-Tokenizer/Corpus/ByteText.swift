/// Text handled as UTF-8 bytes where the pipeline does it by the million.
/// On Linux, `String.contains(_: String)` goes through Foundation's
/// `NSString`, and `split(separator: "\n")` walks `Character`s, whose
/// grapheme breaking costs several times more; in a profile they were most
/// of the pipeline's time. Every separator here is ASCII, so splitting the
/// bytes gives the same lines and words.
extension StringProtocol {
    /// The lines of the text (split at "\n", empty lines kept).
    var lines: [Substring] {
        Substring(self).utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { Substring($0) }
    }

    /// The words of a line: runs of anything but ASCII spaces.
    var spaceSeparatedWords: [Substring] {
        Substring(self).utf8.split(separator: 0x20).map { Substring($0) }
    }

    /// Whether the text has a letter: an ASCII letter, or an alphabetic
    /// non-ASCII scalar (æ, é, Greek...).
    var containsLetter: Bool {
        var nonASCII = false
        for byte in utf8 {
            if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a { return true }
            if byte >= 0x80 { nonASCII = true }
        }
        return nonASCII && unicodeScalars.contains { $0.properties.isAlphabetic }
    }

    /// Whether `needle` occurs in the text, compared byte by byte.
    func containsBytes(of needle: String) -> Bool {
        let pattern = Array(needle.utf8), bytes = Array(utf8)
        guard !pattern.isEmpty else { return true }
        guard bytes.count >= pattern.count else { return false }
        return (0...(bytes.count - pattern.count)).contains { start in
            bytes[start..<start + pattern.count].elementsEqual(pattern)
        }
    }
}
