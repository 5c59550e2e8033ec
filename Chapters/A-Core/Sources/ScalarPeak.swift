import Foundation

// listing: peak-idea
/// The idea behind the FMA peak, on plain `Float`s. A chain repeats
/// x = x · a + b as one fused multiply-add (`addingProduct`), and each
/// FMA needs the result of the one before: one chain runs at the FMA's
/// latency, however many FMA units the core has.
@inline(never)
public func oneFMAChain(rounds: Int) -> Float {
    let (a, b): (Float, Float) = (0.999_9, 1e-4)
    var x: Float = 0
    for _ in 0..<rounds { x = b.addingProduct(x, a) }  // x·a + b
    return x
}

/// Eight independent chains: while one FMA waits for its input, the
/// others run, and each FMA unit can start a new one every cycle.
@inline(never)
public func eightFMAChains(rounds: Int) -> Float {
    let (a, b): (Float, Float) = (0.999_9, 1e-4)
    // Chain c starts at −c: never at 1, where x · a + b stays 1 and the
    // compiler would notice and skip the chain.
    var x = InlineArray<8, Float> { Float(-$0) }
    for _ in 0..<rounds {
        for c in 0..<8 { x[c] = b.addingProduct(x[c], a) }
    }
    var total: Float = 0
    for c in 0..<8 { total += x[c] }
    return total
}
// end listing

/// GFLOP/s of `chains` (1 or 8) on this thread: 2 FLOPs per FMA, timed
/// in the thread's CPU time, the best of five runs.
public func scalarFMARate(chains: Int, rounds: Int = 50_000_000) -> Double {
    precondition(chains == 1 || chains == 8, "1 or 8 chains")
    var best = 0.0
    for _ in 0..<5 {
        let start = threadCPUSeconds()
        let result = chains == 1 ? oneFMAChain(rounds: rounds)
                                 : eightFMAChains(rounds: rounds)
        let seconds = threadCPUSeconds() - start
        if result.isNaN { print("", terminator: "") }  // keeps `result` used
        best = max(best, 2 * Double(chains * rounds) / seconds / 1e9)
    }
    return best
}

/// CPU time the calling thread has run, in seconds.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
