import Book
import Foundation

/// Saving and loading a tokenizer in the book's own text format, in the
/// spirit of minbpe's `.model` and tiktoken's `.tiktoken` files: small,
/// readable, and diffable, with one line per id in id order. For example:
///
///     bpe-tokenizer v1
///     pattern cl100k
///     merges 3837
///     101 32
///     116 104
///     …
///     specials 3
///     4093 <|endoftext|>
///     4094 <|im_start|>
///     4095 <|im_end|>
///
/// - line 1: the format and its version, `bpe-tokenizer v1`;
/// - line 2: the pre-tokenization pattern, `pattern cl100k` (GPT-4's);
/// - `merges N`, then N lines `left right`: line `i` of them (from 0) is
///   token `256 + i`, made of the tokens `left` and `right`, both older;
/// - `specials M`, then M lines `id token`: the special tokens, whose ids
///   continue right after the merges, and whose text is the rest of the line.
///
/// The bytes 0–255 are implicit. Lines end with `\n`; the last one may omit
/// it. Nothing else is allowed, so a damaged file fails to load with the
/// line that is wrong.
extension BPETokenizer {
    static let formatLine = "bpe-tokenizer v1"

    /// The file's text (see above).
    public var serialized: String {
        var lines = [Self.formatLine, "pattern \(Self.pattern)", "merges \(merges.count)"]
        lines += merges.map { "\($0.left) \($0.right)" }
        lines.append("specials \(specialTokens.count)")
        lines += specialTokens.enumerated().map { "\(256 + merges.count + $0) \($1)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A 64-bit FNV-1a hash of `serialized`: equal for equal tokenizers, and
    /// stored in token files so a reader can tell which tokenizer made them.
    public var fingerprint: UInt64 { Hash64.fnv1a(serialized.utf8) }

    /// Writes the tokenizer to `url` atomically.
    public func save(to url: URL) throws {
        try writeAtomically(Data(serialized.utf8), to: url)
    }

    /// Loads a tokenizer saved by `save(to:)`. A malformed file throws a
    /// `FileError` naming the file, the line and what was expected.
    public init(contentsOf url: URL) throws {
        let file = try MappedFile(contentsOf: url)
        guard let text = String(validating: file.bytes, as: UTF8.self) else {
            throw FileError(url, "not valid UTF-8")
        }
        let (merges, specials) = try Self.parse(text, of: url)
        self.init(merges: merges, specialTokens: specials)
    }

    /// The merges and special tokens of the text of the file at `url`,
    /// checked line by line.
    static func parse(_ text: String, of url: URL) throws -> ([TokenPair], [String]) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        var number = 0
        /// The next line, or an error saying what was expected there.
        func next(_ expected: String) throws -> Substring {
            guard number < lines.count else {
                throw FileError(url, "line \(number + 1): expected \(expected), "
                    + "found the end of the file")
            }
            number += 1
            return lines[number - 1]
        }
        func fail(_ problem: String) -> FileError {
            FileError(url, "line \(number): \(problem)")
        }
        /// `value` as a non-negative integer.
        func integer(_ value: Substring, _ what: String) throws -> Int {
            guard let n = Int(value), n >= 0, value.first != "+" else {
                throw fail("\(what) '\(value)' is not a non-negative integer")
            }
            return n
        }
        /// The count in a `keyword N` line.
        func count(_ keyword: String) throws -> Int {
            let line = try next("'\(keyword) N'")
            guard line.hasPrefix(keyword + " ") else {
                throw fail("expected '\(keyword) N', found '\(line)'")
            }
            return try integer(line.dropFirst(keyword.count + 1), "the count")
        }

        let format = try next("'\(formatLine)'")
        if format.hasPrefix("bpe-tokenizer "), format != formatLine {
            throw fail("unsupported version '\(format.dropFirst(14))' "
                + "(this book reads \(formatLine))")
        }
        guard format == formatLine else {
            throw fail("not a BPE tokenizer file: expected '\(formatLine)', "
                + "found '\(format.prefix(40))'")
        }
        let pattern = try next("'pattern \(Self.pattern)'")
        guard pattern.hasPrefix("pattern ") else {
            throw fail("expected 'pattern NAME', found '\(pattern)'")
        }
        guard pattern.dropFirst(8) == Self.pattern else {
            throw fail("unknown pre-tokenization pattern '\(pattern.dropFirst(8))' "
                + "(known: \(Self.pattern))")
        }

        var merges: [TokenPair] = []
        var lineOfMerge: [TokenPair: Int] = [:]
        for i in 0..<(try count("merges")) {
            let id = 256 + i
            let fields = try next("merge \(i) (token \(id)): 'left right'")
                .split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 2 else {
                throw fail("expected two token ids 'left right' for token \(id), "
                    + "found \(fields.count) fields")
            }
            let pair = TokenPair(try integer(fields[0], "token id"),
                                 try integer(fields[1], "token id"))
            for parent in [pair.left, pair.right] where parent >= id {
                throw fail("parent id \(parent) is not below the new token's "
                    + "id \(id): a merge joins tokens made before it")
            }
            if let earlier = lineOfMerge[pair] {
                throw fail("merge \(pair.left) \(pair.right) repeats line \(earlier)")
            }
            lineOfMerge[pair] = number
            merges.append(pair)
        }

        var specials: [String] = []
        for i in 0..<(try count("specials")) {
            let expected = 256 + merges.count + i
            let line = try next("special token \(i): 'id token'")
            guard let space = line.firstIndex(of: " ") else {
                throw fail("expected 'id token', found '\(line)'")
            }
            let id = try integer(line[..<space], "special token id")
            guard id == expected else {
                throw fail("special token id \(id), expected \(expected): special "
                    + "tokens take the ids right after the merges, in order")
            }
            let token = String(line[line.index(after: space)...])
            guard !token.isEmpty else { throw fail("empty special token") }
            guard !specials.contains(token) else {
                throw fail("duplicate special token '\(token)'")
            }
            specials.append(token)
        }
        if number < lines.count {
            number += 1
            throw fail("unexpected text after the special tokens: '\(lines[number - 1])'")
        }
        return (merges, specials)
    }
}
