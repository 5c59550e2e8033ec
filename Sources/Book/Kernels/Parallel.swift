import Dispatch
import Foundation

/// How many threads the kernels split work across: the machine's cores, or
/// `BOOK_THREADS` if set (benchmarks pin it to match the reference).
public let threadCount: Int = {
    if let text = ProcessInfo.processInfo.environment["BOOK_THREADS"],
       let n = Int(text), n > 0 { return n }
    return ProcessInfo.processInfo.activeProcessorCount
}()

// listing: parallel-for
/// Runs `body` over `0..<count` split into contiguous chunks, one per thread.
/// Work smaller than `grain` items stays on the calling thread: waking
/// another thread costs microseconds (Appendix A measures it), more than a
/// small loop takes.
@inline(__always)
public func parallelFor(_ count: Int, grain: Int = 4096,
                        _ body: (Range<Int>) -> Void) {
    let chunks = min(threadCount, count / max(grain, 1))
    if chunks <= 1 { body(0..<count); return }
    withoutActuallyEscaping(body) { body in
        let shared = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = count * chunk / chunks
            let end = count * (chunk + 1) / chunks
            shared.value(start..<end)
        }
    }
}
// end listing

/// Lets the kernel layer hand pointers and closures to worker threads. Each
/// worker touches a disjoint range, which is what makes this safe.
public struct UncheckedSendable<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
