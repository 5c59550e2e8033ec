import Foundation

/// A file mapped read-only into memory. Mapping costs almost nothing: the
/// kernel reads pages from disk only when they are first touched, so opening
/// a large model file and reading one tensor reads only that tensor's pages.
///
/// If another process truncates the file while it is mapped, touching the
/// lost pages raises SIGBUS: the usual price of `mmap`, acceptable for model
/// files that nobody edits in place.
public final class MappedFile: @unchecked Sendable {  // immutable after init
    public let url: URL
    /// The whole file, valid for the lifetime of this object.
    public let bytes: UnsafeRawBufferPointer

    public init(contentsOf url: URL) throws {
        self.url = url
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileError.system(url, "cannot open") }
        // The mapping keeps the file alive; the descriptor is not needed after.
        defer { close(descriptor) }

        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw FileError.system(url, "cannot read file status")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw FileError(url, "not a regular file")
        }
        let size = Int(status.st_size)
        // `mmap` rejects a length of 0, and an empty file has nothing to map.
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
              address != MAP_FAILED else {
            throw FileError.system(url, "cannot map \(size) bytes")
        }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let start = bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: start), bytes.count)
        }
    }
}
