import CBLAS
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
    flushDenormalsToZero()
    let chunks = min(threadCount, count / max(grain, 1))
    if chunks <= 1 { body(0..<count); return }
    withoutActuallyEscaping(body) { body in
        let shared = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            flushDenormalsToZero()  // each worker thread has its own MXCSR
            let start = count * chunk / chunks
            let end = count * (chunk + 1) / chunks
            shared.value(start..<end)
        }
    }
}
// end listing

/// Makes this thread's float arithmetic give 0 wherever a result would be a
/// denormal number (a magnitude below 2⁻¹²⁶ ≈ 1.2·10⁻³⁸): flush-to-zero. An
/// x86 core computes with denormals through a microcode assist, tens of
/// times slower per operation: a softmax row whose smallest probabilities
/// fall below that range slows every product it feeds (measured here:
/// ablation runs at a peak learning rate of 3e-2 ran four times slower than
/// at 1e-3, nearly all of it in sgemm). Such values carry nothing a float32
/// sum could keep, so the kernels flush them, as oneDNN and TensorFlow do by
/// default. Results only: the inputs the kernels see are their own earlier
/// results, already flushed. The setting is per thread, and costs a few
/// nanoseconds to make sure of.
@inline(__always)
public func flushDenormalsToZero() {
    book_flush_denormals_to_zero()
}

/// Lets the kernel layer hand pointers and closures to worker threads. Each
/// worker touches a disjoint range, which is what makes this safe.
public struct UncheckedSendable<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
