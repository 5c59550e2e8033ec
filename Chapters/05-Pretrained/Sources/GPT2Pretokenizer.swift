// listing: gpt2-pieces
/// GPT-2's pre-tokenizer, the regular expression that SmolLM2 and most
/// byte-level BPE models before GPT-4 split text with:
///
///     's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
///
/// Simpler than cl100k's (chapter 1): contractions in lower case only, no
/// limit on digits, and punctuation keeps no newlines. SmolLM2 first puts
/// every digit in a piece of its own (the `Digits` pre-tokenizer), so
/// "2024" is four tokens and numbers are spelled digit by digit.
public enum GPT2Pretokenizer {
    /// The pieces of `text`, in order, as ranges of its scalars.
    public static func split(_ scalars: [Unicode.Scalar], digitsApart: Bool)
        -> [Range<Int>]
    {
        var pieces: [Range<Int>] = []
        var start = 0
        while start < scalars.count {
            // With digitsApart, a digit is a piece, and no piece crosses one.
            var end = scalars.count
            if digitsApart {
                if Kind(scalars[start]) == .number {
                    pieces.append(start..<start + 1)
                    start += 1
                    continue
                }
                end = scalars[start...].firstIndex { Kind($0) == .number } ?? end
            }
            var s = start
            while s < end {
                let e = pieceEnd(scalars[..<end], from: s)
                pieces.append(s..<e)
                s = e
            }
            start = end
        }
        return pieces
    }

    enum Kind { case letter, number, space, other }

    /// Where the first alternative that matches at `start` ends.
    static func pieceEnd(_ text: ArraySlice<Unicode.Scalar>, from start: Int) -> Int {
        let end = text.endIndex
        func kind(_ i: Int) -> Kind? { i < end ? Kind(text[i]) : nil }
        func run(of k: Kind, from i: Int) -> Int {
            var j = i
            while kind(j) == k { j += 1 }
            return j
        }
        // 's|'t|'re|'ve|'m|'ll|'d
        if text[start] == "'" {
            let next = String(String.UnicodeScalarView(text[(start + 1)..<min(start + 3, end)]))
            for c in ["re", "ve", "ll"] where next.hasPrefix(c) { return start + 3 }
            if let first = next.first, "stmd".contains(first) { return start + 2 }
        }
        // ' ?\p{L}+', ' ?\p{N}+', ' ?[^\s\p{L}\p{N}]+': one optional space, a run
        let body = text[start] == " " && start + 1 < end ? start + 1 : start
        if let k = kind(body), k != .space { return run(of: k, from: body) }
        // \s+(?!\S): whitespace, but not the last space before a non-space,
        // which stays to lead the next piece; \s+: a lone space before one.
        let spaces = run(of: .space, from: start)
        if spaces == end || spaces - start == 1 { return spaces }
        return spaces - 1
    }
}

extension GPT2Pretokenizer.Kind {
    /// `\p{L}`, `\p{N}`, `\s` or anything else.
    init(_ scalar: Unicode.Scalar) {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter,
             .otherLetter:
            self = .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            self = .number
        default:
            self = properties.isWhitespace ? .space : .other
        }
    }
}
// end listing
