import Foundation

/// A file could not be opened, mapped, written or parsed. The message always
/// starts with the path, so the reader knows which file to look at:
/// `/data/run/ckpt.json: cannot open: No such file or directory`.
public struct FileError: Error, CustomStringConvertible, LocalizedError {
    public let path: String
    public let problem: String

    public init(_ url: URL, _ problem: String) {
        self.path = url.path
        self.problem = problem
    }

    /// A failed system call, explained by the current `errno`.
    static func system(_ url: URL, _ action: String) -> FileError {
        FileError(url, "\(action): \(String(cString: strerror(errno)))")
    }

    public var description: String { "\(path): \(problem)" }
    public var errorDescription: String? { description }
}
