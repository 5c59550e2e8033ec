import CBLAS

// listing: gemm
/// C = alpha · op(A) · op(B) + beta · C for row-major matrices, where op(X)
/// is X or Xᵀ. This one call is where almost all of a transformer's FLOPs go.
///
///   A: [m, k] (or [k, m] if transposeA)   B: [k, n] (or [n, k] if transposeB)
///   C: [m, n]
public func gemm(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
    _ c: UnsafeMutablePointer<Float>,
    m: Int, n: Int, k: Int,
    transposeA: Bool = false, transposeB: Bool = false,
    alpha: Float = 1, beta: Float = 0
) {
    guard m > 0, n > 0 else { return }
    guard k > 0 else {  // an empty sum: C = beta · C
        for i in 0..<(m * n) { c[i] = beta == 0 ? 0 : beta * c[i] }
        return
    }
    cblas_sgemm(
        CblasRowMajor,
        transposeA ? CblasTrans : CblasNoTrans,
        transposeB ? CblasTrans : CblasNoTrans,
        Int32(m), Int32(n), Int32(k), alpha,
        a, Int32(transposeA ? m : k),
        b, Int32(transposeB ? k : n),
        beta, c, Int32(n))
}
// end listing

/// Sets how many threads OpenBLAS uses (all cores by default).
public func setBLASThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }

/// The name of the kernel OpenBLAS chose for this CPU (e.g. "Haswell",
/// "Cooperlake"): benchmarks print it, since it can double the speed.
public var blasCoreName: String {
    guard let name = openblas_get_corename() else { return "unknown" }
    return String(cString: name)
}

/// Runs `body` with OpenBLAS on one thread (when `condition` holds), then
/// restores its thread count: for gemms issued from several of our own
/// threads at once, where OpenBLAS's threads would only contend.
public func withSingleThreadedBLAS<R>(if condition: Bool = true,
                                      _ body: () throws -> R) rethrows -> R {
    guard condition else { return try body() }
    let saved = openblas_get_num_threads()
    guard saved > 1 else { return try body() }
    openblas_set_num_threads(1)
    defer { openblas_set_num_threads(saved) }
    return try body()
}
