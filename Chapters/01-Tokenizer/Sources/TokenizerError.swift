/// What a tokenizer refuses, in a message that names the value and what was
/// expected. Problems with a file (a tokenizer, ranks or token file) are a
/// `FileError` instead, which names the file and the line.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// Training was asked for fewer ids than the bytes and special tokens take.
    case vocabularyTooSmall(requested: Int, specialTokens: Int)
    /// An id that is no token of the encoding.
    case unknownToken(id: Int, encoding: String)

    public var description: String {
        switch self {
        case let .vocabularyTooSmall(requested, specials):
            "a vocabulary of \(requested) tokens cannot hold the 256 bytes and "
                + "\(specials) special tokens"
        case let .unknownToken(id, encoding):
            "\(id) is not a token id of \(encoding)"
        }
    }
}
