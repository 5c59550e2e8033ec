/// A trained byte-level BPE tokenizer. Its ids are, in order:
///
/// - 0–255: the single bytes,
/// - 256…: the merges, in the order training made them; merge `i` joins the
///   tokens `merges[i].left` and `merges[i].right` into token `256 + i`,
/// - then the special tokens, in the order of `specialTokens`.
///
/// Encoding and decoding are GPT-4's code (`Encoding`): the GPT-4 pattern
/// cuts text into pieces, and tiktoken's algorithm encodes each piece with
/// a token's id as its rank. Repeatedly merging the adjacent pair of lowest
/// rank gives the same tokens as replaying the merges in the order training
/// made them, because a merge's parents are always older than it.
///
/// Saved and loaded in the book's own text format: see `save(to:)`.
public struct BPETokenizer: Sendable {
    /// GPT-2's end of document, and the two ChatML tokens chapter 6 needs.
    public static let endOfText = "<|endoftext|>"
    public static let imStart = "<|im_start|>"
    public static let imEnd = "<|im_end|>"
    public static let defaultSpecialTokens = [endOfText, imStart, imEnd]

    /// The name of the pre-tokenization pattern; the only one is GPT-4's.
    public static let pattern = "cl100k"

    public let merges: [TokenPair]
    public let specialTokens: [String]
    /// This tokenizer as an `Encoding`, the type GPT-4's tokenizer is too.
    public let encoding: Encoding

    /// A tokenizer from its merges, in training order, and its special
    /// tokens. Each merge's parents must be existing tokens (ids below
    /// `256 + i` for merge `i`); special tokens must be distinct and
    /// non-empty. `init(contentsOf:)` checks a file for all of this first.
    public init(merges: [TokenPair], specialTokens: [String] = []) {
        var vocabulary = (0..<256).map { [UInt8($0)] }
        var ranks: [[UInt8]: Int] = [:]
        for (id, bytes) in vocabulary.enumerated() { ranks[bytes] = id }
        for (i, pair) in merges.enumerated() {
            let id = 256 + i
            precondition((0..<id).contains(pair.left) && (0..<id).contains(pair.right),
                         "merge \(i) \(pair) uses a token not made yet")
            let bytes = vocabulary[pair.left] + vocabulary[pair.right]
            vocabulary.append(bytes)
            // Two merges can spell the same bytes (rarely: the same string
            // reached from different splits); encoding uses the older one.
            if ranks[bytes] == nil { ranks[bytes] = id }
        }
        var specialIDs: [String: Int] = [:]
        for (i, token) in specialTokens.enumerated() {
            precondition(!token.isEmpty && !token.contains("\n"),
                         "a special token must be one non-empty line")
            precondition(specialIDs[token] == nil, "special token \(token) twice")
            specialIDs[token] = vocabulary.count + i
        }
        self.merges = merges
        self.specialTokens = specialTokens
        encoding = Encoding(name: "bpe-\(vocabulary.count + specialTokens.count)",
                            ranks: ranks, specialTokens: specialIDs)
    }

    /// Every id: bytes, merges and special tokens.
    public var vocabularySize: Int { 256 + merges.count + specialTokens.count }

    /// The id of a special token, or nil if it is not one of this tokenizer's.
    public func id(ofSpecial token: String) -> Int? { encoding.specialTokens[token] }

    /// The bytes token `id` stands for (a special token's are its UTF-8).
    public func bytes(of id: Int) -> [UInt8] {
        guard let bytes = encoding.bytes(of: id) else {
            preconditionFailure("token \(id) is not below the vocabulary size \(vocabularySize)")
        }
        return bytes
    }

    /// The tokens of `text`, special tokens' text included as ordinary text.
    public func encodeOrdinary(_ text: String) -> [Int] { encoding.encodeOrdinary(text) }

    /// The tokens of `text`, where the allowed special tokens become their
    /// ids. Special tokens that are not allowed are encoded as ordinary text
    /// (so text from users can never smuggle in an `<|im_end|>`).
    public func encode(_ text: String, allowedSpecial: Set<String>) -> [Int] {
        encoding.encode(text, allowedSpecial: allowedSpecial)
    }

    /// The text of `ids`; invalid UTF-8 becomes U+FFFD, as in tiktoken.
    public func decodeText(_ ids: [Int]) throws -> String {
        String(decoding: try encoding.decode(ids), as: UTF8.self)
    }

    /// The tokenizer after only the first `mergeCount` merges, with the same
    /// special tokens (renumbered to follow those merges). Training is
    /// greedy, so training to a smaller vocabulary gives exactly this:
    /// training once to the largest size gives every smaller one.
    public func truncated(mergeCount: Int) -> BPETokenizer {
        precondition((0...merges.count).contains(mergeCount),
                     "cannot keep \(mergeCount) of \(merges.count) merges")
        return BPETokenizer(merges: Array(merges.prefix(mergeCount)),
                            specialTokens: specialTokens)
    }

    /// The tokenizer with `vocabularySize` ids in all, special tokens
    /// included; see `truncated(mergeCount:)`.
    public func truncated(vocabularySize: Int) -> BPETokenizer {
        truncated(mergeCount: vocabularySize - 256 - specialTokens.count)
    }
}
