import Foundation

/// Writes a file so that anyone reading it sees the old contents or the new
/// ones, never a mix, even if the process dies or the power fails midway:
///
/// 1. write everything to a temporary file in the same directory,
/// 2. `fsync` it, so its bytes are on disk,
/// 3. `rename` it over the target, which POSIX makes atomic,
/// 4. `fsync` the directory, so the rename itself is on disk.
///
/// On any error before the rename, including one thrown by `body`, the
/// temporary file is removed and the target is untouched. The temporary file
/// lives next to the target because `rename` cannot move a file atomically
/// from one file system to another.
public func writeAtomically(to url: URL, _ body: (FileWriter) throws -> Void) throws {
    let directory = url.deletingLastPathComponent()
    let suffix = String(UInt64.random(in: .min ... .max), radix: 16)
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(suffix).tmp")
    // O_EXCL: never write into a file someone else created. Mode 0o666 less
    // the umask gives the permissions any newly created file would get.
    let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
    guard descriptor >= 0 else {
        throw FileError.system(url, "cannot create a temporary file in \(directory.path)")
    }
    var isOpen = true
    do {
        try body(FileWriter(descriptor: descriptor, url: url))
        guard fsync(descriptor) == 0 else { throw FileError.system(url, "cannot sync to disk") }
        isOpen = false
        // `close` can report a write error the kernel deferred (NFS does).
        guard close(descriptor) == 0 else { throw FileError.system(url, "cannot close") }
        guard rename(temporary.path, url.path) == 0 else {
            throw FileError.system(url, "cannot rename \(temporary.lastPathComponent) over it")
        }
    } catch {
        if isOpen { close(descriptor) }
        unlink(temporary.path)
        throw error
    }
    try syncDirectory(directory, of: url)
}

/// Writes `data` to `url` atomically; see `writeAtomically(to:_:)`.
public func writeAtomically(_ data: Data, to url: URL) throws {
    try writeAtomically(to: url) { try $0.write(data) }
}

/// Makes a rename in `directory` durable. If this fails the target already
/// holds the complete new file; only its survival of a power cut is in doubt.
private func syncDirectory(_ directory: URL, of url: URL) throws {
    let descriptor = open(directory.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else {
        throw FileError.system(url, "written, but cannot open its directory to sync it")
    }
    defer { close(descriptor) }
    guard fsync(descriptor) == 0 else {
        throw FileError.system(url, "written, but cannot sync its directory")
    }
}

/// The open temporary file that `writeAtomically` hands to its body.
public struct FileWriter {
    let descriptor: Int32
    /// The target, for error messages.
    let url: URL

    /// Writes all of `bytes`. One `write(2)` may write less than asked (after
    /// a signal, or past Linux's 2 GiB limit per call), so it loops.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let result = systemWrite(descriptor, base + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                throw FileError.system(url, "cannot write")
            }
            written += result
        }
    }

    public func write(_ data: Data) throws {
        try data.withUnsafeBytes { try write($0) }
    }
}

/// `write(2)` under another name: inside `FileWriter`, `write` is the method.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
