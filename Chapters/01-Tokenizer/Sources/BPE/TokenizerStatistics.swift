/// Measurements of a trained tokenizer, for the chapter's tables and figures.
extension BPETokenizer {
    /// How many bytes of `text` one token covers on average: its UTF-8 size
    /// over its number of tokens (special tokens encoded as ordinary text).
    /// 1 means no compression; 0 for empty text.
    public func bytesPerToken(_ text: String) -> Double {
        let tokens = encodeOrdinary(text).count
        return tokens == 0 ? 0 : Double(text.utf8.count) / Double(tokens)
    }

    /// `counts[n]`: how many ordinary tokens (bytes and merges) are `n` bytes
    /// long. `counts[0]` is always 0.
    public func tokenLengthHistogram() -> [Int] {
        histogram(vocabulary.map(\.count))
    }

    /// `counts[n]`: how many of `ids` are `n` bytes long, so long tokens
    /// count as often as the text uses them.
    public func tokenLengthHistogram(of ids: [Int]) -> [Int] {
        histogram(ids.map { bytes(of: $0).count })
    }

    /// Token `id` as a quoted, escaped string that shows every byte: spaces
    /// stay visible between the quotes, newlines become `\n`, and bytes that
    /// are not (complete) UTF-8 become `\xHH`. `"t" → "\"t\""`.
    public func displayString(of id: Int) -> String { quotedToken(bytes(of: id)) }

    /// The first `count` merges as `"t" + "h" → "th"`, one string each.
    public func describeMerges(first count: Int) -> [String] {
        merges.prefix(count).enumerated().map { i, pair in
            "\(displayString(of: pair.left)) + \(displayString(of: pair.right))"
                + " → \(displayString(of: 256 + i))"
        }
    }
}

private func histogram(_ lengths: [Int]) -> [Int] {
    var counts = [Int](repeating: 0, count: (lengths.max() ?? 0) + 1)
    for length in lengths { counts[length] += 1 }
    return counts
}

/// A token's bytes in quotes, with valid printable UTF-8 as it is and
/// everything else escaped: `" the"`, `"\n"`, `"\xE2"`.
public func quotedToken(_ bytes: some Collection<UInt8>) -> String {
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
