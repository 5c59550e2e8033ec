import Book
import Foundation

/// File operations of the notebook layer, each wrapped so a failure names the
/// path. Every write is atomic (`writeAtomically`), so a crash or a full disk
/// can leave an old output or none, never half of one.
enum OutputFiles {
    static func write(_ text: String, to url: URL) throws {
        try createDirectory(url.deletingLastPathComponent())
        try writeAtomically(Data(text.utf8), to: url)
    }

    static func createDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url,
                                                    withIntermediateDirectories: true)
        } catch {
            throw NotebookError.fileOperation(
                path: url.relativePath, action: "create directory", reason: reason(error))
        }
    }

    /// Removes a file or directory tree; absent is fine.
    static func remove(_ url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        do {
            try FileManager.default.removeItem(at: url)
        } catch {
            throw NotebookError.fileOperation(path: url.relativePath, action: "remove",
                                              reason: reason(error))
        }
    }

    /// Renames `source` over `target`, replacing it in one step (POSIX rename).
    static func move(_ source: URL, over target: URL) throws {
        guard rename(source.path, target.path) == 0 else {
            throw NotebookError.fileOperation(path: target.relativePath, action: "replace",
                                              reason: String(cString: strerror(errno)))
        }
    }

    /// The operating system's reason ("Permission denied", "No space left on
    /// device"), without Foundation's generic wrapping of it.
    /// Runs a drawing program in `image`'s directory, telling it (through
    /// `arguments`, given a file name) to draw to a temporary file, which
    /// then replaces `image`: a failed drawing never replaces a good image
    /// with a broken one. A program that cannot start, fails or writes
    /// nothing is `failure(status, message)`. Returns its output.
    static func drawImage(_ image: URL, with program: URL,
                          arguments: (String) -> [String],
                          failure: (Int32, String) -> NotebookError) throws -> String {
        let directory = image.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(image.lastPathComponent).tmp")
        let result: Subprocess.Result
        do {
            result = try Subprocess.run(program, arguments(temporary.lastPathComponent),
                                        in: directory)
        } catch {
            throw failure(-1, "could not start \(program.path): \(error)")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: temporary.path)
        let size = attributes?[.size] as? Int ?? 0
        guard result.status == 0, size > 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw failure(result.status,
                          result.output.isEmpty ? "no image was written" : result.output)
        }
        try move(temporary, over: image)
        return result.output
    }

    private static func reason(_ error: Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? Error {
            let posix = underlying as NSError
            if posix.domain == NSPOSIXErrorDomain {
                return String(cString: strerror(Int32(posix.code)))
            }
        }
        return "\(error)"
    }
}
