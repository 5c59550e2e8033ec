import Book

// listing: bandwidth
/// Bytes per second that the kernels' threads read from memory: the
/// fastest of three passes summing a buffer far larger than the caches.
/// Decoding one token reads every weight once, so this divided by the
/// weights' bytes is the fastest any decoder can go on this machine.
public func measuredBandwidth(megabytes: Int = 512) -> Double {
    let count = megabytes * 1_000_000 / 4
    let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
    defer { buffer.deallocate() }
    buffer.initialize(repeating: 1, count: count)
    let data = UncheckedSendable(buffer)
    // Each thread's sum is kept, so the reads cannot be optimized away.
    var sums = [Float](repeating: 0, count: threadCount)
    var best = Double.infinity
    for _ in 0..<3 {
        let clock = Stopwatch()
        sums.withUnsafeMutableBufferPointer { sums in
            let out = UncheckedSendable(sums.baseAddress!)
            parallelFor(count, grain: count / threadCount) { range in
                out.value[range.lowerBound * threadCount / count] =
                    sum(data.value + range.lowerBound, count: range.count)
            }
        }
        best = min(best, clock.seconds)
    }
    precondition(sums.reduce(0, +) > 0)
    return Double(count * 4) / best
}
// end listing
