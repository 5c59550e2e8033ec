/// A complete tokenizer, like tiktoken's `Encoding`: the cl100k
/// pre-tokenizer, byte-pair encoding of each piece, and special tokens.
///
/// GPT-4's is `Encoding.cl100kBase()`; a tokenizer we train ourselves is an
/// `Encoding` too, with its own ranks (`BPETokenizer.encoding`).
public struct Encoding: Sendable {
    public let name: String
    public let bytePairEncoder: BytePairEncoder
    /// Special tokens' text and ids: markers such as `<|endoftext|>` that
    /// never come out of byte-pair encoding, only out of `encode` when allowed.
    public let specialTokens: [String: Int]
    private let specialBytes: [Int: [UInt8]]

    /// `specialTokens`' ids must be distinct from the ranks' (see
    /// `BytePairEncoder.init` for what ranks must be).
    public init(name: String, ranks: [[UInt8]: Int], specialTokens: [String: Int] = [:]) {
        self.name = name
        bytePairEncoder = BytePairEncoder(ranks: ranks)
        self.specialTokens = specialTokens
        specialBytes = Dictionary(specialTokens.map { ($1, Array($0.utf8)) }) { a, _ in a }
    }

    /// One more than the largest id, special tokens included.
    public var vocabularySize: Int {
        max(bytePairEncoder.vocabularySize, (specialBytes.keys.max() ?? -1) + 1)
    }

    /// The ids of `text`, with special tokens' text encoded as ordinary
    /// text, as tiktoken's `encode_ordinary`: "<|endoftext|>" in a web page
    /// is seven ordinary tokens, not the end of a document.
    public func encodeOrdinary(_ text: String) -> [Int] {
        var text = text
        return text.withUTF8 { encodeOrdinary(bytes: $0) }
    }

    public func encodeOrdinary(bytes: [UInt8]) -> [Int] {
        bytes.withUnsafeBufferPointer { encodeOrdinary(bytes: $0) }
    }

    /// The ids of any bytes, valid UTF-8 or not, so that every byte string
    /// survives `decode(encodeOrdinary(bytes:))`.
    ///
    /// Valid UTF-8 is encoded like text. For the rest we follow tiktoken's
    /// `Encoding._encode_bytes`, whose regex can only split valid text: it
    /// encodes the longest valid prefix as text, then takes that prefix's
    /// last piece (with the all-whitespace tokens before it, if it is
    /// whitespace too) and everything from the first bad byte to the end,
    /// and byte-pair encodes them together as one piece. That suits its
    /// purpose, text cut off in the middle of a character; bad bytes early in
    /// a long input make one long piece.
    public func encodeOrdinary(bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var ids: [Int] = []
        let valid = UTF8Scanning.validPrefixLength(bytes)
        var lastPiece = 0  // where the last piece's ids start in `ids`
        Pretokenizer.forEachPiece(in: UnsafeBufferPointer(rebasing: bytes[..<valid])) {
            lastPiece = ids.count
            bytePairEncoder.append(UnsafeBufferPointer(rebasing: bytes[$0]), to: &ids)
        }
        if valid == bytes.count { return ids }

        let token = { (id: Int) in bytePairEncoder.bytes(of: id)! }
        let isSpace = { (id: Int) in token(id).allSatisfy { " \n\t".utf8.contains($0) } }
        if lastPiece < ids.count, isSpace(ids[lastPiece]) {
            while lastPiece > 0, isSpace(ids[lastPiece - 1]) { lastPiece -= 1 }
        }
        let tail = ids[lastPiece...].flatMap(token) + bytes[valid...]
        ids.removeSubrange(lastPiece...)
        tail.withUnsafeBufferPointer { bytePairEncoder.append($0, to: &ids) }
        return ids
    }

    /// `encodeOrdinary` the way the book lists it: the cl100k pieces, each
    /// through `bytePairMerge` on plain arrays. The same ids for valid text
    /// (tests and the notebook compare them), many times more slowly.
    public func referenceEncodeOrdinary(_ text: String) -> [Int] {
        let bytes = Array(text.utf8)
        return Pretokenizer.split(bytes).flatMap {
            bytePairMerge(Array(bytes[$0]), ranks: bytePairEncoder.ranks)
        }
    }

    /// The ids of `text`, where each occurrence of an allowed special token
    /// is that token; any other text, including special tokens not allowed,
    /// is encoded as ordinary text. (tiktoken's `encode` instead refuses
    /// text with disallowed special tokens unless told `disallowed_special=()`.)
    public func encode(_ text: String, allowedSpecial: Set<String>) -> [Int] {
        let allowed = specialTokens.filter { allowedSpecial.contains($0.key) }
        var ids: [Int] = []
        var text = text
        text.withUTF8 { bytes in
            for (run, special) in Self.split(bytes, at: allowed) {
                ids += encodeOrdinary(bytes: UnsafeBufferPointer(rebasing: bytes[run]))
                if let special { ids.append(special) }
            }
        }
        return ids
    }

    /// `bytes` cut at each occurrence of one of `specials` (the longest of
    /// those that start at the same byte): each run of ordinary bytes, with
    /// the id of the special token that follows it (nil after the last run).
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, at specials: [String: Int])
        -> [(run: Range<Int>, special: Int?)]
    {
        let specials = specials.map { (bytes: Array($0.key.utf8), id: $0.value) }
            .filter { !$0.bytes.isEmpty }
            .sorted { $0.bytes.count > $1.bytes.count }  // longest first
        var parts: [(run: Range<Int>, special: Int?)] = []
        var start = 0, at = 0
        while at < bytes.count {
            if let special = specials.first(where: {
                $0.bytes.first == bytes[at] && bytes[at...].starts(with: $0.bytes)
            }) {
                parts.append((start..<at, special.id))
                at += special.bytes.count
                start = at
            } else {
                at += 1
            }
        }
        parts.append((start..<bytes.count, nil))
        return parts
    }

    /// The bytes of `id`, an ordinary or a special token, or nil if it is
    /// neither.
    public func bytes(of id: Int) -> [UInt8]? {
        bytePairEncoder.bytes(of: id).map(Array.init) ?? specialBytes[id]
    }

    /// The bytes that `ids` stand for, special tokens included. They need not
    /// be valid UTF-8: a token can hold part of a character.
    public func decode(_ ids: [Int]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for id in ids {
            guard let token = self.bytes(of: id) else {
                throw TokenizerError.unknownToken(id: id, encoding: name)
            }
            bytes += token
        }
        return bytes
    }
}
