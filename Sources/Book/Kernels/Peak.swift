import Dispatch
import Foundation

/// One measured way of running the FMA chains below: `chains` accumulators
/// of `lanes` floats each, on `threads` threads, and the GFLOP/s it reached.
public struct FMARate: Codable, Equatable, Sendable {
    public var chains: Int
    public var lanes: Int
    public var threads: Int
    public var gflops: Double

    public init(chains: Int, lanes: Int, threads: Int, gflops: Double) {
        (self.chains, self.lanes, self.threads, self.gflops) = (chains, lanes, threads, gflops)
    }
}

// listing: peak
/// Measures the fp32 FMA throughput of `threads` threads, in GFLOP/s, for
/// several chain counts and vector widths; the fastest is the machine's peak.
///
/// A chain is acc = acc · a + b, again and again: each FMA waits for the
/// last (its latency, 4–5 cycles), and most x86 cores have two FMA pipes,
/// so it takes latency × pipes = 8 to 10 independent chains to keep them
/// busy, each in a register of its own. AVX-512 has 32 registers of 16
/// floats; AVX2 has 16 of 8, where 12 chains of SIMD16 need 24 and spill
/// to memory. So we try 4 to 16 chains of 8 and of 16 lanes: the fastest
/// is an upper bound that no kernel on this CPU can beat.
public func measureFMARates(threads: Int = threadCount) -> [FMARate] {
    [fmaRate(InlineArray<4, SIMD8<Float>>.self, threads: threads),
     fmaRate(InlineArray<8, SIMD8<Float>>.self, threads: threads),
     fmaRate(InlineArray<12, SIMD8<Float>>.self, threads: threads),
     fmaRate(InlineArray<16, SIMD8<Float>>.self, threads: threads),
     fmaRate(InlineArray<4, SIMD16<Float>>.self, threads: threads),
     fmaRate(InlineArray<8, SIMD16<Float>>.self, threads: threads),
     fmaRate(InlineArray<12, SIMD16<Float>>.self, threads: threads),
     fmaRate(InlineArray<16, SIMD16<Float>>.self, threads: threads)]
}

/// The best of five runs of `chains` chains of `V`, `flops` on each thread.
/// A thread times itself in CPU time, so time the system gives to other
/// processes is not counted: contention can slow a run, never speed it up.
func fmaRate<let chains: Int, V: SIMD>(
    _ registers: InlineArray<chains, V>.Type, threads: Int,
    flops: Int = 2_000_000_000
) -> FMARate where V.Scalar == Float {
    let flopsPerRound = chains * V.scalarCount * 2  // an FMA is 2 FLOPs
    let rounds = flops / flopsPerRound
    var best = 0.0
    for _ in 0..<5 {
        let rates = onEachThread(threads) {
            let start = threadCPUSeconds()
            keep(fmaChains(rounds, registers))
            let seconds = threadCPUSeconds() - start
            return Double(rounds * flopsPerRound) / seconds / 1e9
        }
        best = max(best, rates.reduce(0, +))
    }
    return FMARate(chains: chains, lanes: V.scalarCount, threads: threads,
                   gflops: best)
}

/// `rounds` rounds of acc = acc · a + b on each of `chains` accumulators
/// (acc → 1, so nothing overflows). The chain count is part of the type
/// (`InlineArray<chains, V>`), so each variant compiles to its own loop of
/// `chains` FMAs with every accumulator in a register.
@inline(never)
func fmaChains<let chains: Int, V: SIMD>(
    _ rounds: Int, _: InlineArray<chains, V>.Type
) -> Float where V.Scalar == Float {
    let a = V(repeating: 0.999_9), b = V(repeating: 1e-4)
    var acc = InlineArray<chains, V> { V(repeating: Float($0)) }
    for _ in 0..<rounds {
        for c in 0..<chains { acc[c] = b.addingProduct(acc[c], a) }
    }
    var total = V()
    for c in 0..<chains { total += acc[c] }
    return total.sum()  // used by the caller, so the work is kept
}
// end listing

/// Runs `body` once on each of `threads` threads at the same time and
/// returns what each returned.
func onEachThread(_ threads: Int, _ body: () -> Double) -> [Double] {
    let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: threads)
    defer { results.deallocate() }
    withoutActuallyEscaping(body) { body in
        let shared = UncheckedSendable((body, results))
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            shared.value.1[t] = shared.value.0()
        }
    }
    return Array(results)
}

/// CPU time the calling thread has run, in seconds.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Makes `value` observable, so the compiler cannot drop the work behind it.
@inline(never)
func keep(_ value: Float) {
    if value.isNaN { print("", terminator: "") }
}
