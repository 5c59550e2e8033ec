/// Splits text into the pieces that GPT-4's tokenizer encodes one at a time.
/// Byte-pair merges never cross a piece boundary, so this decides, before
/// any merging, that " the" keeps its leading space, that "don't" ends in
/// the piece "'t", and that numbers come in groups of at most three digits.
///
/// tiktoken splits with this regular expression (cl100k_base, from
/// `tiktoken_ext/openai_public.py`), taking the first alternative that
/// matches at each position:
///
///     '(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+|
///      ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s
///
/// (one line in the source; `++` and `?+` are possessive: they never give
/// back what they matched). We scan for the same pieces by hand, one UTF-8
/// character at a time, because a general regex engine is many times slower
/// than a loop that knows the pattern. The pieces are byte ranges of the
/// input, which may be any bytes at all: a byte that does not start a valid
/// UTF-8 character counts as one character of class `other`, the class the
/// replacement character U+FFFD would have.
public enum Pretokenizer {
    /// The pieces of `bytes`, in order; together they cover every byte.
    public static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        forEachPiece(in: bytes) { pieces.append($0) }
        return pieces
    }

    public static func split(_ bytes: [UInt8]) -> [Range<Int>] {
        bytes.withUnsafeBufferPointer { split($0) }
    }

    /// Calls `body` with each piece of `bytes` in order, without collecting
    /// them in an array.
    public static func forEachPiece(
        in bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) throws -> Void
    ) rethrows {
        let scanner = PieceScanner(bytes: bytes)
        var start = 0
        while start < bytes.count {
            let end = scanner.pieceEnd(from: start)
            try body(start..<end)
            start = end
        }
    }
}

/// The scanner behind `Pretokenizer`: the regex, written out by hand.
struct PieceScanner {
    let bytes: UnsafeBufferPointer<UInt8>

    // listing: pretokenize
    /// Where the piece that starts at `start` ends: at the end of the first
    /// of the pattern's alternatives that matches at `start`.
    func pieceEnd(from start: Int) -> Int {
        let (first, next) = character(at: start)
        // '(?i:[sdmt]|ll|ve|re): a contraction, in any case
        if bytes[start] == UInt8(ascii: "'"),
           let end = contractionEnd(from: next) {
            return end
        }
        // [^\r\n\p{L}\p{N}]?+\p{L}++: letters, after at most one character
        // that is no newline, letter or number (" the", "\"Hello", "¿Qué")
        if first == .letter {
            return runEnd(of: .letter, from: next)
        }
        if first != .newline, first != .number, starts(.letter, at: next) {
            return runEnd(of: .letter, from: next)
        }
        // \p{N}{1,3}+: up to three digits ("2023" is "202", "3")
        if first == .number {
            return runEnd(of: .number, from: next, atMost: 2)
        }
        // ' ?[^\s\p{L}\p{N}]++[\r\n]*+': punctuation and symbols, after at
        // most one space, with the newlines that follow them (" ...\n")
        let symbols = first == .space ? next : start
        if starts(.other, at: symbols) {
            return runEnd(of: .newline, from: runEnd(of: .other, from: symbols))
        }
        // What is left starts with whitespace.
        let run = whitespaceRun(from: start)
        // \s++$: whitespace that ends the text
        if run.end == bytes.count { return run.end }
        // \s*[\r\n]: whitespace up to its last newline ("  \n")
        if let end = run.lastNewlineEnd { return end }
        // \s+(?!\S): all of it but the last character, which stays to be
        // the leading space of the next piece ("   the" is "  ", " the")
        if run.lastStart > start { return run.lastStart }
        // \s: one whitespace character before a non-space ("\t" in "\t1")
        return next
    }
    // end listing

    /// The class of the character at `i` and the index just past it.
    @inline(__always)
    func character(at i: Int) -> (CharacterClass, end: Int) {
        let byte = bytes[i]
        if byte < 0x80 { return (CharacterClass(ascii: byte), i + 1) }
        guard let (scalar, end) = UTF8Scanning.scalar(in: bytes, at: i) else {
            return (.other, i + 1)
        }
        return (CharacterClass(scalar), end)
    }

    /// Whether a character of class `kind` starts at `i`.
    @inline(__always)
    func starts(_ kind: CharacterClass, at i: Int) -> Bool {
        i < bytes.count && character(at: i).0 == kind
    }

    /// The end of the run of characters of class `kind` from `i` on, taking
    /// at most `limit` of them.
    func runEnd(of kind: CharacterClass, from i: Int, atMost limit: Int = .max) -> Int {
        var end = i, taken = 0
        while taken < limit, end < bytes.count {
            let (next, after) = character(at: end)
            guard next == kind else { break }
            end = after
            taken += 1
        }
        return end
    }

    /// `'(?i:[sdmt]|ll|ve|re)` after the apostrophe, which ends at `i`: where
    /// the contraction ends, or nil if there is none. Case-insensitive the
    /// Unicode way, so the long s "ſ" (U+017F) counts as an "s".
    func contractionEnd(from i: Int) -> Int? {
        guard i < bytes.count else { return nil }
        // `| 0x20` lowercases an ASCII letter (and maps no other byte to one).
        let first = bytes[i] | 0x20
        if "sdmt".utf8.contains(first) { return i + 1 }
        if bytes[i] == 0xC5, i + 1 < bytes.count, bytes[i + 1] == 0xBF { return i + 2 }
        guard i + 1 < bytes.count else { return nil }
        switch (first, bytes[i + 1] | 0x20) {
        case (UInt8(ascii: "l"), UInt8(ascii: "l")),
             (UInt8(ascii: "v"), UInt8(ascii: "e")),
             (UInt8(ascii: "r"), UInt8(ascii: "e")):
            return i + 2
        default:
            return nil
        }
    }

    /// The run of `\s` characters from `start` (which is one): where it ends,
    /// where its last character starts, and where its last `\r` or `\n` ends.
    func whitespaceRun(from start: Int) -> (end: Int, lastStart: Int, lastNewlineEnd: Int?) {
        var end = start, lastStart = start
        var lastNewlineEnd: Int?
        while end < bytes.count {
            let (kind, after) = character(at: end)
            guard kind.isWhitespace else { break }
            if kind == .newline { lastNewlineEnd = after }
            lastStart = end
            end = after
        }
        return (end, lastStart, lastNewlineEnd)
    }
}
