import Dispatch

// listing: peak
/// Measures this machine's peak fp32 throughput in GFLOP/s: every thread runs
/// twelve independent chains of 16-lane fused multiply-adds, enough in flight
/// to hide the FMA latency, so the FMA units never wait. No real kernel can
/// beat this number; sgemm is judged by how close it gets.
public func measurePeakGFLOPS(threads: Int = threadCount,
                              iterations: Int = 40_000_000) -> Double {
    // The best of three: a run can only be slowed down, never sped up.
    (0..<3).map { _ in fmaThroughput(threads, iterations) }.max()!
}

func fmaThroughput(_ threads: Int, _ iterations: Int) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    let results = UnsafeMutablePointer<Float>.allocate(capacity: threads)
    let sink = UncheckedSendable(results)
    DispatchQueue.concurrentPerform(iterations: threads) { t in
        sink.value[t] = fmaChains(iterations)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    results.deallocate()
    let flops = Double(threads * iterations * 12 * 16 * 2)  // an FMA is 2 FLOPs
    return flops / seconds / 1e9
}

/// `iterations` rounds of 12 independent acc·a + b on 16 lanes, each chain in
/// its own register. Returns a sum of the results so the work is kept.
@inline(never)
func fmaChains(_ iterations: Int) -> Float {
    let a = Lanes(repeating: 0.999_9), b = Lanes(repeating: 1e-4)
    var (c0, c1, c2, c3) = (Lanes(repeating: 0), Lanes(repeating: 1),
                            Lanes(repeating: 2), Lanes(repeating: 3))
    var (c4, c5, c6, c7) = (c0 + 4, c1 + 4, c2 + 4, c3 + 4)
    var (c8, c9, c10, c11) = (c0 + 8, c1 + 8, c2 + 8, c3 + 8)
    for _ in 0..<iterations {
        c0 = b.addingProduct(c0, a); c1 = b.addingProduct(c1, a)
        c2 = b.addingProduct(c2, a); c3 = b.addingProduct(c3, a)
        c4 = b.addingProduct(c4, a); c5 = b.addingProduct(c5, a)
        c6 = b.addingProduct(c6, a); c7 = b.addingProduct(c7, a)
        c8 = b.addingProduct(c8, a); c9 = b.addingProduct(c9, a)
        c10 = b.addingProduct(c10, a); c11 = b.addingProduct(c11, a)
    }
    let total = (c0 + c1 + c2 + c3) + (c4 + c5 + c6 + c7)
        + (c8 + c9 + c10 + c11)
    return total.sum()
}
// end listing
