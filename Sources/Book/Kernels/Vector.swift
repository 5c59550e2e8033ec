/// SIMD kernels over contiguous Float32 arrays, 16 lanes at a time (one AVX-512
/// register, two AVX2 ones). Every elementwise op of the autograd tape comes
/// down to these. The plain versions run on the calling thread (row kernels
/// call them per row); the `parallel` ones split a long array across cores.
public typealias Lanes = SIMD16<Float>

/// Loads up to 16 floats (missing lanes are 0).
@inline(__always)
func load(_ p: UnsafePointer<Float>, _ n: Int = 16) -> Lanes {
    if n == 16 { return UnsafeRawPointer(p).loadUnaligned(as: Lanes.self) }
    var v = Lanes(repeating: 0)
    for i in 0..<n { v[i] = p[i] }
    return v
}

/// Stores the first `n` lanes of `v`.
@inline(__always)
func store(_ v: Lanes, _ p: UnsafeMutablePointer<Float>, _ n: Int = 16) {
    if n == 16 { UnsafeMutableRawPointer(p).storeBytes(of: v, as: Lanes.self); return }
    for i in 0..<n { p[i] = v[i] }
}

/// Calls `body(offset, width)` for each block of 16 (the last may be shorter).
@inline(__always)
func forEachBlock(_ count: Int, _ body: (Int, Int) -> Void) {
    var i = 0
    while i + 16 <= count { body(i, 16); i += 16 }
    if i < count { body(i, count - i) }
}

/// out[i] = f(x[i]).
@inline(__always)
public func map(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                count: Int, _ f: (Lanes) -> Lanes) {
    forEachBlock(count) { i, w in store(f(load(x + i, w)), out + i, w) }
}

// listing: zip-map
/// out[i] = f(x[i], y[i]).
@inline(__always)
public func zipMap(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                   _ out: UnsafeMutablePointer<Float>, count: Int,
                   _ f: (Lanes, Lanes) -> Lanes) {
    forEachBlock(count) { i, w in
        store(f(load(x + i, w), load(y + i, w)), out + i, w)
    }
}
// end listing

/// out[i] = f(x[i], y[i], z[i]).
@inline(__always)
public func zipMap(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                   _ z: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                   count: Int, _ f: (Lanes, Lanes, Lanes) -> Lanes) {
    forEachBlock(count) { i, w in
        store(f(load(x + i, w), load(y + i, w), load(z + i, w)), out + i, w)
    }
}

/// out[i] += f(x[i], y[i]): how backward passes add into a gradient.
@inline(__always)
public func accumulate(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>,
                       _ y: UnsafePointer<Float>, count: Int,
                       _ f: (Lanes, Lanes) -> Lanes) {
    forEachBlock(count) { i, w in
        store(load(out + i, w) + f(load(x + i, w), load(y + i, w)), out + i, w)
    }
}

/// out[i] += f(x[i], y[i], z[i]).
@inline(__always)
public func accumulate(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>,
                       _ y: UnsafePointer<Float>, _ z: UnsafePointer<Float>,
                       count: Int, _ f: (Lanes, Lanes, Lanes) -> Lanes) {
    forEachBlock(count) { i, w in
        let v = f(load(x + i, w), load(y + i, w), load(z + i, w))
        store(load(out + i, w) + v, out + i, w)
    }
}

/// Splits `0..<count` elements across cores in 16-aligned chunks.
@inline(__always)
func parallelBlocks(_ count: Int, _ body: (Int, Int) -> Void) {
    let blocks = (count + 15) / 16
    parallelFor(blocks, grain: 2048) { range in
        let start = range.lowerBound * 16
        body(start, min(range.upperBound * 16, count) - start)
    }
}

/// `map` split across cores.
@inline(__always)
public func parallelMap(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>,
                        count: Int, _ f: (Lanes) -> Lanes) {
    parallelBlocks(count) { start, n in map(x + start, out + start, count: n, f) }
}

/// `zipMap` split across cores.
@inline(__always)
public func parallelZipMap(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                           _ out: UnsafeMutablePointer<Float>, count: Int,
                           _ f: (Lanes, Lanes) -> Lanes) {
    parallelBlocks(count) { start, n in
        zipMap(x + start, y + start, out + start, count: n, f)
    }
}

/// `accumulate` split across cores.
@inline(__always)
public func parallelAccumulate(_ out: UnsafeMutablePointer<Float>,
                               _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                               count: Int, _ f: (Lanes, Lanes) -> Lanes) {
    parallelBlocks(count) { start, n in
        accumulate(out + start, x + start, y + start, count: n, f)
    }
}

/// Three-input `accumulate` split across cores.
@inline(__always)
public func parallelAccumulate(_ out: UnsafeMutablePointer<Float>,
                               _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                               _ z: UnsafePointer<Float>, count: Int,
                               _ f: (Lanes, Lanes, Lanes) -> Lanes) {
    parallelBlocks(count) { start, n in
        accumulate(out + start, x + start, y + start, z + start, count: n, f)
    }
}

/// y += a·x (BLAS saxpy), split across cores.
public func axpy(_ a: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                 count: Int) {
    parallelBlocks(count) { start, n in
        zipMap(x + start, y + start, y + start, count: n) { x, y in a * x + y }
    }
}

/// Σ x[i], accumulated in 16 lanes: far less rounding than a running scalar sum.
public func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    var total = Lanes(repeating: 0)
    forEachBlock(count) { i, w in total += load(x + i, w) }
    return total.sum()
}

/// Σ x[i]·y[i] in 16 lanes.
public func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
    var total = Lanes(repeating: 0)
    forEachBlock(count) { i, w in total.addProduct(load(x + i, w), load(y + i, w)) }
    return total.sum()
}

/// max x[i] in 16 lanes. A compare-and-select, not the generic
/// `pointwiseMax`, which perf showed called out of line, lane by lane.
public func maximum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    var best = Lanes(repeating: -.infinity)
    var i = 0
    while i + 16 <= count {
        let v = load(x + i)
        best.replace(with: v, where: v .> best)
        i += 16
    }
    var m = best.max()
    while i < count { m = Swift.max(m, x[i]); i += 1 }
    return m
}

/// Runs `body` over rows of a [rows, columns] array, split across cores in
/// chunks of whole rows (row ops such as softmax and RMSNorm use it).
@inline(__always)
public func parallelRows(_ rows: Int, columns: Int, _ body: (Int) -> Void) {
    parallelFor(rows, grain: max(1, 32768 / max(columns, 1))) { range in
        for r in range { body(r) }
    }
}
