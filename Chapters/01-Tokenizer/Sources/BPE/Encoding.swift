/// A complete tokenizer, like tiktoken's `Encoding`: the cl100k
/// pre-tokenizer, byte-pair encoding of each piece, and special tokens.
///
/// GPT-4's is `Encoding.cl100kBase()`; a tokenizer we train ourselves is an
/// `Encoding` too, with its own ranks.
public struct Encoding: Sendable {
    public let name: String
    public let bytePairEncoder: BytePairEncoder
    /// Special tokens' text and ids: markers such as `<|endoftext|>` that
    /// never come out of byte-pair encoding, only out of `encode` when allowed.
    public let specialTokens: [String: Int]

    /// `specialTokens`' ids must be distinct from the ranks' (see
    /// `BytePairEncoder.init` for what ranks must be).
    public init(name: String, ranks: [[UInt8]: Int], specialTokens: [String: Int] = [:]) {
        self.name = name
        bytePairEncoder = BytePairEncoder(ranks: ranks)
        self.specialTokens = specialTokens
    }

    /// The ids of `text`, with special tokens' text encoded as ordinary
    /// text, as tiktoken's `encode_ordinary`: "<|endoftext|>" in a web page
    /// is seven ordinary tokens, not the end of a document.
    public func encodeOrdinary(_ text: String) -> [Int] {
        var text = text
        return text.withUTF8 { encodeOrdinary(bytes: $0) }
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

        let isSpace = { (id: Int) in
            bytePairEncoder.bytes(of: id)!.allSatisfy { " \n\t".utf8.contains($0) }
        }
        if lastPiece < ids.count, isSpace(ids[lastPiece]) {
            while lastPiece > 0, isSpace(ids[lastPiece - 1]) { lastPiece -= 1 }
        }
        let tail = bytePairEncoder.decode(Array(ids[lastPiece...])) + bytes[valid...]
        ids.removeSubrange(lastPiece...)
        tail.withUnsafeBufferPointer { bytePairEncoder.append($0, to: &ids) }
        return ids
    }

    public func encodeOrdinary(bytes: [UInt8]) -> [Int] {
        bytes.withUnsafeBufferPointer { encodeOrdinary(bytes: $0) }
    }

    /// The ids of `text`, where each occurrence of an allowed special token
    /// is that token; any other text, including special tokens not allowed,
    /// is encoded as ordinary text. (tiktoken's `encode` instead refuses
    /// text with disallowed special tokens unless told `disallowed_special=()`.)
    public func encode(_ text: String, allowedSpecial: Set<String>) -> [Int] {
        let specials = specialTokens.filter { allowedSpecial.contains($0.key) }
            .map { (bytes: Array($0.key.utf8), id: $0.value) }
        var ids: [Int] = []
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                // The next allowed special token, the longest if several start
                // at the same byte; ordinary text runs up to it.
                var next = (at: bytes.count, length: 0, id: 0)
                for at in start..<bytes.count {
                    for special in specials where special.bytes.first == bytes[at]
                        && special.bytes.count > next.length
                        && bytes[at...].starts(with: special.bytes) {
                        next = (at, special.bytes.count, special.id)
                    }
                    if next.length > 0 { break }
                }
                ids += encodeOrdinary(bytes: UnsafeBufferPointer(rebasing: bytes[start..<next.at]))
                if next.length > 0 { ids.append(next.id) }
                start = next.at + next.length
            }
        }
        return ids
    }

    /// The bytes that `ids` stand for, special tokens included; an id that
    /// is neither a token's nor a special token's is an error.
    public func decode(_ ids: [Int]) throws -> [UInt8] {
        let specialText = Dictionary(specialTokens.map { ($0.value, $0.key) }) { a, _ in a }
        var bytes: [UInt8] = []
        for id in ids {
            if let token = bytePairEncoder.bytes(of: id) {
                bytes += token
            } else if let special = specialText[id] {
                bytes += special.utf8
            } else {
                throw UnknownTokenError(id: id, encoding: name)
            }
        }
        return bytes
    }
}

/// An id that is no token of the encoding.
public struct UnknownTokenError: Error, CustomStringConvertible {
    public let id: Int
    public let encoding: String
    public var description: String { "\(id) is not a token id of \(encoding)" }
}
