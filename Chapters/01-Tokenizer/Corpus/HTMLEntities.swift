/// Character references: `&amp;`, `&ndash;`, `&#8617;`, `&#x2014;`.
///
/// Numeric references are decoded in full. Of the 2 231 named ones HTML
/// defines we know the XML five and the punctuation English prose uses; a
/// name we do not know, or an `&` that starts no reference (`AT&T`, `&;`),
/// is left as it is, which is what a browser shows.
public enum HTMLEntities {
    public static let named: [String: Character] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
        "nbsp": "\u{A0}", "ndash": "–", "mdash": "—", "lsquo": "‘", "rsquo": "’",
        "ldquo": "“", "rdquo": "”", "hellip": "…", "sect": "§", "para": "¶",
        "aelig": "æ", "AElig": "Æ", "eacute": "é",
    ]

    /// `text` with every reference we know replaced by its character.
    public static func decode(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var output = ""
        var rest = text[...]
        while let amp = rest.firstIndex(of: "&") {
            output += rest[..<amp]
            let afterAmp = rest[rest.index(after: amp)...]
            // A reference is at most 32 characters up to its ";".
            if let semicolon = afterAmp.prefix(32).firstIndex(of: ";"),
               let char = character(for: afterAmp[..<semicolon]) {
                output.append(char)
                rest = afterAmp[afterAmp.index(after: semicolon)...]
            } else {
                output.append("&")
                rest = afterAmp
            }
        }
        return output + rest
    }

    /// The character a reference body names: `amp`, `#8211`, `#x2013`.
    static func character(for body: Substring) -> Character? {
        guard body.first == "#" else { return named[String(body)] }
        let digits = body.dropFirst()
        let isHex = digits.first == "x" || digits.first == "X"
        guard let value = UInt32(isHex ? digits.dropFirst() : digits,
                                 radix: isHex ? 16 : 10) else { return nil }
        // NUL, surrogates and values past U+10FFFF are not characters: the
        // standard turns them into U+FFFD, the replacement character.
        let scalar = Unicode.Scalar(value).flatMap { $0.value == 0 ? nil : $0 }
        return Character(scalar ?? "\u{FFFD}")
    }
}
