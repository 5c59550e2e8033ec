// listing: byte-alphabet
/// GPT-2's trick for storing byte-level tokens as text: each of the 256
/// bytes gets a printable character. The 188 printable Latin-1 bytes stand
/// for themselves; the others (controls, space, DEL, NBSP, the soft hyphen)
/// take the characters from U+0100 on, in order. So a space is "Ġ"
/// (U+0120) and a newline "Ċ": " the" is stored as "Ġthe".
public enum ByteLevelAlphabet {
    /// The character of each byte.
    public static let characters: [Unicode.Scalar] = {
        let printable = Array(0x21...0x7E) + Array(0xA1...0xAC) + Array(0xAE...0xFF)
        var next = 0x100
        return (0..<256).map { byte in
            if printable.contains(byte) { return Unicode.Scalar(UInt8(byte)) }
            defer { next += 1 }
            return Unicode.Scalar(UInt32(next))!
        }
    }()

    /// The byte of each character, for decoding stored tokens.
    public static let bytes: [Unicode.Scalar: UInt8] = Dictionary(
        uniqueKeysWithValues: characters.enumerated().map { ($1, UInt8($0)) })

    /// A stored token's bytes, or nil if it has a character outside the alphabet.
    public static func decode(_ token: String) -> [UInt8]? {
        var out: [UInt8] = []
        for scalar in token.unicodeScalars {
            guard let byte = bytes[scalar] else { return nil }
            out.append(byte)
        }
        return out
    }

    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: bytes.map { characters[Int($0)] })
        return String(s)
    }
}
// end listing
