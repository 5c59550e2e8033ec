/// The character classes the cl100k pattern asks about, as the Rust `regex`
/// crate that tiktoken uses defines them: `\p{L}` and `\p{N}` are Unicode
/// general categories, `\s` is the Unicode White_Space property (so the
/// no-break space U+00A0 and the ideographic space U+3000 are spaces, but the
/// ASCII separators U+001C–U+001F, which Python's `str.isspace` accepts, are
/// not). The pattern singles out `[\r\n]` and the plain space of ` ?`, so they
/// get classes of their own.
enum CharacterClass: Equatable {
    /// `\p{L}`: general category Lu, Ll, Lt, Lm or Lo.
    case letter
    /// `\p{N}`: Nd, Nl or No (so "½" and "Ⅻ" are numbers too).
    case number
    /// `\r` or `\n`; part of `\s`.
    case newline
    /// U+0020; part of `\s`.
    case space
    /// Any other White_Space character: tab, form feed, NBSP, U+2003...
    case whitespace
    /// Everything else: punctuation, symbols, emoji, marks, controls, and
    /// each byte that does not begin a well-formed UTF-8 sequence.
    case other

    /// `\s`
    var isWhitespace: Bool { self == .newline || self == .space || self == .whitespace }

    /// The class of a non-ASCII scalar, from the Unicode tables in the
    /// standard library.
    init(_ scalar: Unicode.Scalar) {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter,
             .modifierLetter, .otherLetter:
            self = .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            self = .number
        default:
            self = scalar.properties.isWhitespace ? .whitespace : .other
        }
    }

    /// The class of an ASCII byte, without the tables.
    init(ascii byte: UInt8) {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            self = .letter
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            self = .number
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            self = .newline
        case UInt8(ascii: " "):
            self = .space
        case 0x09, 0x0B, 0x0C:  // tab, vertical tab, form feed
            self = .whitespace
        default:
            self = .other
        }
    }
}

/// Reading UTF-8 one character (Unicode scalar) at a time, without trusting
/// it to be valid.
enum UTF8Scanning {
    /// The scalar whose UTF-8 encoding starts at `i` (which must be a
    /// non-ASCII byte) and the index just past it, or nil if the bytes there
    /// are not a well-formed sequence: a stray continuation byte, an overlong
    /// form, a surrogate, a value above U+10FFFF or a truncated sequence
    /// (Unicode's Table 3-7, which Rust's `str::from_utf8` also follows).
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at i: Int)
        -> (scalar: Unicode.Scalar, end: Int)?
    {
        let lead = bytes[i]
        // How many continuation bytes follow, and the range the first of them
        // must fall in to rule out overlong forms, surrogates and > U+10FFFF.
        let count: Int, second: ClosedRange<UInt8>
        switch lead {
        case 0xC2...0xDF: (count, second) = (1, 0x80...0xBF)
        case 0xE0: (count, second) = (2, 0xA0...0xBF)
        case 0xED: (count, second) = (2, 0x80...0x9F)
        case 0xE1...0xEF: (count, second) = (2, 0x80...0xBF)
        case 0xF0: (count, second) = (3, 0x90...0xBF)
        case 0xF1...0xF3: (count, second) = (3, 0x80...0xBF)
        case 0xF4: (count, second) = (3, 0x80...0x8F)
        default: return nil  // a continuation byte, or C0, C1, F5...FF
        }
        guard i + count < bytes.count, second.contains(bytes[i + 1]) else { return nil }
        // The payload bits: 5, 4 or 3 from the lead byte, 6 from each other.
        var value = UInt32(lead) & (0x7F >> (count + 1))
        for k in 1...count {
            let byte = bytes[i + k]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return Unicode.Scalar(value).map { ($0, i + count + 1) }
    }

    /// How many bytes at the start of `bytes` are well-formed UTF-8: the
    /// index of the first bad sequence, or `bytes.count` if there is none.
    static func validPrefixLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        while i < bytes.count {
            if bytes[i] < 0x80 {
                i += 1
            } else if let (_, end) = scalar(in: bytes, at: i) {
                i = end
            } else {
                return i
            }
        }
        return i
    }
}
