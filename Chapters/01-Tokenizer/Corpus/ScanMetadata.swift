/// The Britannica article's transcription keeps notes about the scans it
/// came from, in both the HTML and the text version:
///
///     START: ED4A800_0.tif.txt             (one per scanned column)
///     Source: http://upload.wikimedia.org/…/ED4A800.TIF
///     p.772:0                              (page 772, first column)
///     …the column's text…
///     END: ED4A800_0.tif.txt
///
/// and editors' notes such as `[[ed: TODO italicising]]`. Some columns
/// also begin with the scanning software's watermark, OCR'd into
/// "spmsmart snftware - http://www.spnnsm¤n.r¤m". None of it is the
/// article. This removes those lines and notes; a test shows that the page
/// markers go while numbers in the text ("p. 772", "1564:") stay.
public enum ScanMetadata {
    /// Whether a whole line is scan bookkeeping. Markdown heading marks
    /// (`### START: … ###`) are ignored, so one rule serves both formats.
    public static func isMetadataLine(_ line: String) -> Bool {
        var body = line[...]
        while body.first == "#" { body = body.dropFirst() }
        while body.last == "#" { body = body.dropLast() }
        let text = body.trimmingCharacters(in: .whitespaces)
        for prefix in ["START: ", "END: ", "Source: "]
        where text.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)   // one file name or URL
            let isScan = rest.hasSuffix(".txt") || rest.hasPrefix("http")
            if isScan && !rest.contains(" ") { return true }
        }
        return isPageMarker(text)
    }

    /// `p.772:0`: "p.", digits, ":", digits, nothing else.
    static func isPageMarker(_ text: String) -> Bool {
        guard text.hasPrefix("p.") else { return false }
        let parts = text.dropFirst(2)
            .split(separator: ":", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy {
            !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber)
        }
    }

    /// Removes `[[ed: …]]` notes from a line; returns the line and the notes.
    public static func removeEditorNotes(_ line: String) -> (String, [String]) {
        guard line.containsBytes(of: "[[ed:") else { return (line, []) }
        var output = ""
        var notes: [String] = []
        var rest = line[...]
        while let open = rest.range(of: "[[ed:"),
              let close = rest[open.upperBound...].range(of: "]]") {
            output += rest[..<open.lowerBound]
            notes.append(String(rest[open.lowerBound..<close.upperBound]))
            rest = rest[close.upperBound...]
        }
        return (output + rest, notes)
    }

    /// Removes a watermark — at most `maxWatermarkWords` words and then a
    /// URL — from the start of a line. In the HTML version the watermark
    /// shares a paragraph (one line) with the column's text, so only the
    /// watermark itself may go, not the line.
    public static func removeWatermark(_ line: String) -> (String, String?) {
        let words = line.split(separator: " ", maxSplits: maxWatermarkWords + 1)
        guard let url = words.prefix(maxWatermarkWords + 1).firstIndex(where: {
            $0.hasPrefix("http://www.") || $0.hasPrefix("https://www.")
        }) else { return (line, nil) }
        let end = words[url].endIndex
        let rest = line[end...].drop { $0 == " " }
        return (String(rest), String(line[..<end]))
    }
    static let maxWatermarkWords = 4

    /// Removes metadata lines, watermarks and editor notes from `text`;
    /// returns the text, the notes, and the other lines and marks removed.
    public static func strip(_ text: String)
        -> (text: String, notes: [String], lines: [String]) {
        var kept: [String] = [], notes: [String] = [], removed: [String] = []
        for line in text.lines {
            let (withoutMark, mark) = removeWatermark(String(line))
            let (withoutNotes, lineNotes) = removeEditorNotes(withoutMark)
            notes += lineNotes
            removed += mark.map { [$0] } ?? []
            if isMetadataLine(withoutNotes) {
                removed.append(withoutNotes)
            } else {
                kept.append(withoutNotes)
            }
        }
        return (kept.joined(separator: "\n"), notes, removed)
    }
}
