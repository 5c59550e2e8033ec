/// SIMD kernels over contiguous Float32 arrays: 16 lanes at a time (one AVX-512
/// register, two AVX2 ones), then a scalar tail. Every elementwise op of the
/// autograd tape comes down to these.
public typealias Lanes = SIMD16<Float>

@inline(__always)
func load(_ p: UnsafePointer<Float>) -> Lanes {
    UnsafeRawPointer(p).loadUnaligned(as: Lanes.self)
}

@inline(__always)
func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self)
}

/// Applies `f` lane-wise: out[i] = f(x[i]), vectorized, split across cores.
@inline(__always)
public func map(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, count: Int,
                _ f: (Lanes) -> Lanes) {
    let (x, out) = (UncheckedSendable(x), UncheckedSendable(out))
    parallelFor(count / 16, grain: 1024) { blocks in
        for b in blocks { store(f(load(x.value + 16 * b)), out.value + 16 * b) }
    }
    mapTail(count, { f(load($0)) }, x.value, out.value)
}

/// out[i] = f(x[i], y[i]), vectorized, split across cores.
@inline(__always)
public func zipMap(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                   _ out: UnsafeMutablePointer<Float>, count: Int,
                   _ f: (Lanes, Lanes) -> Lanes) {
    let (x, y, out) = (UncheckedSendable(x), UncheckedSendable(y), UncheckedSendable(out))
    parallelFor(count / 16, grain: 1024) { blocks in
        for b in blocks {
            store(f(load(x.value + 16 * b), load(y.value + 16 * b)), out.value + 16 * b)
        }
    }
    let done = count / 16 * 16
    for i in done..<count {
        var a = Lanes(repeating: 0), c = Lanes(repeating: 0)
        a[0] = x.value[i]; c[0] = y.value[i]
        out.value[i] = f(a, c)[0]
    }
}

@inline(__always)
private func mapTail(_ count: Int, _ f: (UnsafePointer<Float>) -> Lanes,
                     _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>) {
    let done = count / 16 * 16
    guard done < count else { return }
    var tail = Lanes(repeating: 0)
    for i in done..<count { tail[i - done] = x[i] }
    let result = withUnsafePointer(to: &tail) {
        f(UnsafeRawPointer($0).assumingMemoryBound(to: Float.self))
    }
    for i in done..<count { out[i] = result[i - done] }
}

/// y += a·x (BLAS saxpy, vectorized and split across cores).
public func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                 count: Int) {
    zipMap(x, y, y, count: count) { x, y in a * x + y }
}

/// Σ x[i], accumulated in 16 lanes (pairwise-ish: far less rounding than a
/// running scalar sum) and then in Double across chunks.
public func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    var total = Lanes(repeating: 0)
    var i = 0
    while i + 16 <= count { total += load(x + i); i += 16 }
    var s = total.sum()
    while i < count { s += x[i]; i += 1 }
    return s
}

/// Σ x[i]·y[i] in 16 lanes.
public func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
    var total = Lanes(repeating: 0)
    var i = 0
    while i + 16 <= count { total.addProduct(load(x + i), load(y + i)); i += 16 }
    var s = total.sum()
    while i < count { s += x[i] * y[i]; i += 1 }
    return s
}

/// max x[i] in 16 lanes.
public func maximum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    var best = Lanes(repeating: -.infinity)
    var i = 0
    while i + 16 <= count { best = pointwiseMax(best, load(x + i)); i += 16 }
    var m = best.max()
    while i < count { m = Swift.max(m, x[i]); i += 1 }
    return m
}
