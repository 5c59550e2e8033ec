import CBLAS
import Foundation

// listing: gemm
/// C = alpha · op(A) · op(B) + beta · C for row-major matrices, where op(X)
/// is X or Xᵀ. This one call is where almost all of a transformer's FLOPs go.
///
///   A: [m, k] (or [k, m] if transposeA)   B: [k, n] (or [n, k] if transposeB)
///   C: [m, n]
///
/// The longer side of C is cut into one band per thread, each band a
/// single-threaded OpenBLAS call: the bands share no output, so they need
/// no locks. Kernels that already run on every core pass `threads: 1`.
public func gemm(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int,
    transposeA: Bool = false, transposeB: Bool = false,
    alpha: Float = 1, beta: Float = 0, threads: Int = threadCount
) {
    guard m > 0, n > 0 else { return }
    guard k > 0 else {  // an empty sum: C = beta · C
        for i in 0..<(m * n) { c[i] = beta == 0 ? 0 : beta * c[i] }
        return
    }
    let p = GemmOperands(a: a, b: b, c: c, m: m, n: n, k: k,
                         transposeA: transposeA, transposeB: transposeB,
                         alpha: alpha, beta: beta)
    let bands = gemmThreads(m: m, n: n, k: k, threads: threads)
    parallelFor(bands, grain: 1) { range in
        for band in range { p.band(band, of: bands) }
    }
}

/// The threads `gemm` really uses for an [m, k]·[k, n] product: one below
/// 2²² (about 161³) multiply-adds, where waking a second core costs more
/// than it saves (128³ in two bands ran slower than in one when this was
/// tuned), else `threads` up to `threadCount`.
public func gemmThreads(m: Int, n: Int, k: Int,
                        threads: Int = threadCount) -> Int {
    m * n * k < 1 << 22 ? 1 : max(1, min(threads, threadCount))
}
// end listing

/// One `gemm` call's operands, and how to compute a band of its output.
struct GemmOperands {
    let a: UnsafePointer<Float>, b: UnsafePointer<Float>
    let c: UnsafeMutablePointer<Float>
    let m: Int, n: Int, k: Int
    let transposeA: Bool, transposeB: Bool
    let alpha: Float, beta: Float

    /// Row strides of A and B as stored (OpenBLAS's lda, ldb): a band is
    /// a block inside the full matrices, so it keeps their strides.
    var lda: Int { transposeA ? m : k }
    var ldb: Int { transposeB ? k : n }

    /// Computes band `i` of `count`: rows of C when C is taller than wide,
    /// else columns. Rows of C come from rows of op(A), which are columns
    /// of A when it is stored transposed; likewise columns and op(B).
    func band(_ i: Int, of count: Int) {
        if m >= n {
            let (start, end) = (m * i / count, m * (i + 1) / count)
            sgemm(a + start * (transposeA ? 1 : lda), b, c + start * n,
                  rows: end - start, columns: n)
        } else {
            let (start, end) = (n * i / count, n * (i + 1) / count)
            sgemm(a, b + start * (transposeB ? ldb : 1), c + start,
                  rows: m, columns: end - start)
        }
    }

    /// One single-threaded OpenBLAS call for a [rows, columns] block of C.
    private func sgemm(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                       _ c: UnsafeMutablePointer<Float>,
                       rows: Int, columns: Int) {
        _ = blasOnOneThread
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(rows), Int32(columns), Int32(k), alpha,
            a, Int32(lda), b, Int32(ldb), beta, c, Int32(n))
    }
}

/// OpenBLAS's own threads are switched off once, before the first product:
/// after each call they spin for a while (sched_yield) waiting for the
/// next, and on a machine with as many threads as cores they take the CPU
/// from our own parallel kernels that run between two products.
private let blasOnOneThread: Void = openblas_set_num_threads(1)

/// OpenBLAS's build configuration, version first (e.g. "OpenBLAS 0.3.21
/// NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Prescott MAX_THREADS=64").
public var blasConfiguration: String {
    guard let text = openblas_get_config() else { return "unknown" }
    return String(cString: text).trimmingCharacters(in: .whitespaces)
}

/// The name of the kernel OpenBLAS chose for this CPU (e.g. "Haswell",
/// "Cooperlake"): benchmarks print it, since it can double the speed.
public var blasCoreName: String {
    guard let name = openblas_get_corename() else { return "unknown" }
    return String(cString: name)
}
