/// Input the code cannot use, said in one sentence that names the field and
/// what was expected: a configuration that cannot work ("kvHeads 4 do not
/// divide heads 6"), a token id outside the vocabulary, a setting out of
/// range. The one error type for bad values across the book; files that
/// cannot be read or parsed get a `FileError`, which names the path.
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
