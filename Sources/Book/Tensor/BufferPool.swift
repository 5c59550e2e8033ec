import Foundation

/// A caching allocator, like PyTorch's for GPU memory: freed buffers are kept,
/// by size, for the next tensor of that size. A training step allocates the
/// same activations and gradients every time; with the pool, after the first
/// step none of them costs a fresh `mmap`, page faults and zeroing by the
/// kernel, which for large tensors cost more than the op itself.
public final class BufferPool: @unchecked Sendable {
    public static let shared = BufferPool()

    /// Buffers larger than this are pooled; small ones are cheap from malloc.
    let minimumBytes = 64 * 1024
    /// The most memory the pool holds on to; beyond it, buffers are freed.
    public var limitBytes = 8 << 30

    private var free: [Int: [UnsafeMutableRawPointer]] = [:]
    private var heldBytes = 0
    private let lock = NSLock()

    /// Bytes in tensors alive now, and the most alive at once since the last
    /// `resetPeak`: what a forward pass really keeps for its backward pass.
    public var liveBytes: Int { lock.withLock { live } }
    public var peakBytes: Int { lock.withLock { peak } }
    private var live = 0, peak = 0

    /// Starts measuring the peak again from the bytes alive now.
    public func resetPeak() { lock.withLock { peak = live } }

    /// A 64-byte-aligned buffer of `bytes` bytes (contents undefined).
    func take(bytes: Int) -> UnsafeMutableRawPointer {
        lock.withLock {
            live += bytes
            peak = max(peak, live)
        }
        if bytes >= minimumBytes {
            let reused: UnsafeMutableRawPointer? = lock.withLock {
                guard let p = free[bytes]?.popLast() else { return nil }
                heldBytes -= bytes
                return p
            }
            if let reused { return reused }
        }
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, 64, bytes) == 0, let raw else {
            fatalError("out of memory allocating \(bytes) bytes")
        }
        return raw
    }

    /// Returns a buffer from `take` for reuse.
    func give(_ p: UnsafeMutableRawPointer, bytes: Int) {
        lock.withLock { live -= bytes }
        if bytes >= minimumBytes {
            let kept = lock.withLock {
                guard heldBytes + bytes <= limitBytes else { return false }
                free[bytes, default: []].append(p)
                heldBytes += bytes
                return true
            }
            if kept { return }
        }
        Foundation.free(p)
    }

    /// Frees every pooled buffer.
    public func drain() {
        let buffers = lock.withLock {
            defer { free = [:]; heldBytes = 0 }
            return free.values.flatMap { $0 }
        }
        buffers.forEach { Foundation.free($0) }
    }
}
