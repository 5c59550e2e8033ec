import Tokenizer

/// How the notebook shows tokens: in quotes, every byte visible.
extension BPETokenizer {
    /// Token `id` as a quoted, escaped string: `" the"`, `"\n"`, `"\xE2"`.
    func displayString(of id: Int) -> String { quotedToken(bytes(of: id)) }

    /// Merge `i` as `"t" + "h" → "th"`.
    func describeMerge(_ i: Int) -> String {
        "\(displayString(of: merges[i].left)) + \(displayString(of: merges[i].right))"
            + " → \(displayString(of: 256 + i))"
    }
}

/// A token's bytes in quotes, with valid printable UTF-8 as it is and
/// everything else escaped: `" the"`, `"\n"`, `"\xE2"`.
func quotedToken(_ bytes: some Collection<UInt8>) -> String {
    "\"" + escaped(Array(bytes)) + "\""
}

/// `bytes` with valid printable UTF-8 as it is and everything else escaped.
private func escaped(_ bytes: [UInt8]) -> String {
    var result = ""
    var i = 0
    while i < bytes.count {
        let length = utf8Length(bytes, at: i)
        guard length > 0 else {
            result += "\\x" + String(bytes[i], radix: 16, uppercase: true)
                .leftPadded(to: 2)
            i += 1
            continue
        }
        let scalar = String(decoding: bytes[i..<(i + length)], as: UTF8.self)
            .unicodeScalars.first!
        switch scalar {
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        case "\r": result += "\\r"
        case "\\": result += "\\\\"
        case "\"": result += "\\\""
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            result += "\\x" + String(scalar.value, radix: 16, uppercase: true)
                .leftPadded(to: 2)
        default: result.unicodeScalars.append(scalar)
        }
        i += length
    }
    return result
}

/// The length of the complete, valid UTF-8 character at `bytes[i]`, or 0.
private func utf8Length(_ bytes: [UInt8], at i: Int) -> Int {
    let lead = bytes[i]
    let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2
        : lead >= 0xE0 && lead < 0xF0 ? 3 : lead >= 0xF0 && lead < 0xF5 ? 4 : 0
    guard length > 0, i + length <= bytes.count else { return 0 }
    let slice = bytes[i..<(i + length)]
    // Foundation-free validation: decoding must not need a replacement.
    var decoder = UTF8()
    var iterator = slice.makeIterator()
    guard case .scalarValue = decoder.decode(&iterator), iterator.next() == nil else {
        return 0
    }
    return length
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
