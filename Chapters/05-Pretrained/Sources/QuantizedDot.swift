import Book

/// Dot products of one quantized weight row with one row of 8-bit
/// activations, block by block, 16 lanes at a time: the integer products
/// of a block are summed exactly in Int32, then scaled once by the two
/// blocks' scales. For Q4_1, Σ (d·q + m) · a = d·Σ q·a + m·Σ a, and Σ a is
/// the activation block's stored sum. Scales are read with the CPU's
/// half-to-float instruction (`Float16`), where the readable path spells
/// the conversion out.
enum QuantizedDot {
    typealias Ints = SIMD16<Int32>

    // Lane-by-lane conversions, written out so that they inline and the
    // compiler turns each into one vector instruction (vpmovsxbd, vpmovzxwd,
    // vcvtdq2ps…). The standard library's generic `init(truncatingIfNeeded:)`
    // on SIMD types compiled to a function call per block (perf showed it).
    @inline(__always)
    static func widen<T: FixedWidthInteger & SIMDScalar>(_ v: SIMD16<T>) -> Ints {
        var r = Ints()
        for i in 0..<16 { r[i] = Int32(truncatingIfNeeded: v[i]) }
        return r
    }

    @inline(__always)
    static func float(_ v: Ints) -> SIMD16<Float> {
        var r = SIMD16<Float>()
        for i in 0..<16 { r[i] = Float(v[i]) }
        return r
    }

    /// The 32 int8 activations of block b, as two halves of 16 lanes.
    @inline(__always)
    static func activations(_ q: UnsafeRawPointer, _ b: Int) -> (Ints, Ints) {
        (widen(q.loadUnaligned(fromByteOffset: 32 * b, as: SIMD16<Int8>.self)),
         widen(q.loadUnaligned(fromByteOffset: 32 * b + 16, as: SIMD16<Int8>.self)))
    }

    @inline(__always)
    static func half(_ p: UnsafeRawPointer, _ offset: Int = 0) -> Float {
        Float(Float16(bitPattern: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }

    // listing: dot-q4-1
    /// Σ w · a over one row of Q4_1 blocks.
    @inline(__always)
    static func q4_1(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer,
                     scales: UnsafePointer<Float>, sums: UnsafePointer<Float>,
                     blocks: Int) -> Float {
        var acc = SIMD16<Float>(), minimums: Float = 0
        for b in 0..<blocks {
            q4_1(block: w + 20 * b, activations(a, b), scale: scales[b], sum: sums[b],
                 into: &acc, &minimums)
        }
        return acc.sum() + minimums
    }

    /// Adds one block's Σ (d·q + m)·a: d·(Σ q·a, exact in Int32) into `acc`
    /// (16 lanes, summed at the end), m·Σa into `minimums`.
    @inline(__always)
    static func q4_1(block: UnsafeRawPointer, _ a: (Ints, Ints), scale: Float, sum: Float,
                     into acc: inout SIMD16<Float>, _ minimums: inout Float) {
        let nibbles = block.loadUnaligned(fromByteOffset: 4, as: SIMD16<UInt8>.self)
        let low = widen(nibbles & 0x0f)   // values 0–15
        let high = widen(nibbles &>> 4)   // values 16–31
        let products = low &* a.0 &+ high &* a.1
        acc.addProduct(float(products), SIMD16(repeating: half(block) * scale))
        minimums += half(block, 2) * sum
    }
    // end listing

    /// Σ w · a over one row of Q4_0 blocks: Q4_1 with m = −8d.
    @inline(__always)
    static func q4_0(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer,
                     scales: UnsafePointer<Float>, blocks: Int) -> Float {
        scaledSum(w, a, bytesPerBlock: 18, scales: scales, blocks: blocks) { block, a in
            let nibbles = block.loadUnaligned(fromByteOffset: 2, as: SIMD16<UInt8>.self)
            return (widen(nibbles & 0x0f) &- 8) &* a.0 &+ (widen(nibbles &>> 4) &- 8) &* a.1
        }
    }

    /// Σ w · a over one row of Q8_0 blocks.
    @inline(__always)
    static func q8_0(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer,
                     scales: UnsafePointer<Float>, blocks: Int) -> Float {
        scaledSum(w, a, bytesPerBlock: 34, scales: scales, blocks: blocks, q8_0Products)
    }

    /// A Q8_0 block's 32 integer products with an activation block.
    @inline(__always)
    static func q8_0Products(_ block: UnsafeRawPointer, _ a: (Ints, Ints)) -> Ints {
        widen(block.loadUnaligned(fromByteOffset: 2, as: SIMD16<Int8>.self)) &* a.0
            &+ widen(block.loadUnaligned(fromByteOffset: 18, as: SIMD16<Int8>.self)) &* a.1
    }

    /// Σ over a row of blocks (each starting with its f16 scale d) of
    /// d · (activation scale) · Σ q·a, where `products` gives a block's
    /// integer products with the activation block, in 16 lanes.
    @inline(__always)
    static func scaledSum(_ w: UnsafeRawPointer, _ a: UnsafeRawPointer, bytesPerBlock: Int,
                          scales: UnsafePointer<Float>, blocks: Int,
                          _ products: (UnsafeRawPointer, (Ints, Ints)) -> Ints) -> Float {
        var acc = SIMD16<Float>()
        for b in 0..<blocks {
            let block = w + bytesPerBlock * b
            acc.addProduct(float(products(block, activations(a, b))),
                           SIMD16(repeating: half(block) * scales[b]))
        }
        return acc.sum()
    }
}

extension WeightMatrix {
    // listing: quantized-matmul
    /// y = x Wᵀ on the stored blocks: for each weight row (split across
    /// cores), its dot product with every activation row, so a row is read
    /// from memory once per call however many tokens there are.
    ///
    ///   x: [n, columns] (8-bit)  →  y: [n, rows]
    public func times(_ x: QuantizedActivations, into y: UnsafeMutablePointer<Float>) {
        let out = UncheckedSendable(y)
        parallelFor(rows, grain: max(1, 32768 / (columns * x.rows))) { range in
            times(x, rows: range, into: out.value)
        }
    }
    // end listing

    /// `times(_:into:)` for the weight rows in `range` only, on this thread.
    func times(_ x: QuantizedActivations, rows range: Range<Int>,
               into y: UnsafeMutablePointer<Float>) {
        precondition(x.columns == columns, "activations of \(x.columns), rows of \(columns)")
        if interleaved { return timesInterleaved(x, rows: range, into: y) }
        let blocks = columns / 32
        x.withRowPointers { activations in
            for r in range {
                let w = row(r)
                for t in 0..<x.rows {
                    let (a, s, m) = activations(t)
                    y[t * rows + r] = switch type {
                    case .q4_1: QuantizedDot.q4_1(w, a, scales: s, sums: m, blocks: blocks)
                    case .q4_0: QuantizedDot.q4_0(w, a, scales: s, blocks: blocks)
                    case .q8_0: QuantizedDot.q8_0(w, a, scales: s, blocks: blocks)
                    case .f32, .f16: preconditionFailure("float rows take float activations")
                    }
                }
            }
        }
    }

    // listing: expanded-matmul
    /// y = x Wᵀ for many rows of x (a prompt): expand W to Float32 a band of
    /// rows at a time and let sgemm multiply. With many tokens per weight,
    /// arithmetic, not memory, is the limit, and sgemm does arithmetic best
    /// (llama.cpp's BLAS backend does the same for large batches).
    ///
    ///   x: [n, columns]  →  y: [n, rows]
    public func timesExpanded(_ x: UnsafePointer<Float>, n: Int,
                              into y: UnsafeMutablePointer<Float>) {
        let band = min(rows, max(64, (1 << 21) / columns))  // ≤ 8 MB of Float32
        let w = UnsafeMutablePointer<Float>.allocate(capacity: band * columns)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: n * band)
        defer { w.deallocate(); c.deallocate() }
        let expanded = UncheckedSendable(w)
        for start in stride(from: 0, to: rows, by: band) {
            let count = min(band, rows - start)
            parallelFor(count, grain: 64) { range in
                for r in range { dequantizeRowFast(start + r, into: expanded.value + r * columns) }
            }
            gemm(x, w, c, m: n, n: count, k: columns, transposeB: true)  // [n, count]
            for t in 0..<n { (y + t * rows + start).update(from: c + t * count, count: count) }
        }
    }
    // end listing

    /// `dequantizeRow` with SIMD: 16 values per step, tested equal to it.
    func dequantizeRowFast(_ r: Int, into out: UnsafeMutablePointer<Float>) {
        withRow(r) { base in dequantizeFast(base, into: out) }
    }

    private func dequantizeFast(_ base: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        switch type {
        case .f32, .f16:
            dequantize(UnsafeRawBufferPointer(start: base, count: rowBytes), type: type,
                       count: columns, into: out)
        case .q4_0, .q4_1:
            let stride = type.bytesPerBlock, offset = type == .q4_1 ? 4 : 2
            for b in 0..<columns / 32 {
                let block = base + b * stride
                let d = QuantizedDot.half(block)
                let m = type == .q4_1 ? QuantizedDot.half(block, 2) : -8 * d
                let nibbles = block.loadUnaligned(fromByteOffset: offset, as: SIMD16<UInt8>.self)
                let low = QuantizedDot.float(QuantizedDot.widen(nibbles & 0x0f))
                let high = QuantizedDot.float(QuantizedDot.widen(nibbles &>> 4))
                UnsafeMutableRawPointer(out + 32 * b).storeBytes(of: low * d + m, as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(out + 32 * b + 16).storeBytes(of: high * d + m,
                                                                      as: SIMD16<Float>.self)
            }
        case .q8_0:
            for b in 0..<columns / 32 {
                let block = base + b * 34
                let d = QuantizedDot.half(block)
                for half in 0..<2 {
                    let q = block.loadUnaligned(fromByteOffset: 2 + 16 * half, as: SIMD16<Int8>.self)
                    UnsafeMutableRawPointer(out + 32 * b + 16 * half).storeBytes(
                        of: QuantizedDot.float(QuantizedDot.widen(q)) * d,
                        as: SIMD16<Float>.self)
                }
            }
        }
    }

    /// y = x Wᵀ for float rows (F32, F16) and Float32 activations, or for any
    /// rows expanded first (the engine's reference mode).
    ///
    ///   x: [n, columns]  →  y: [n, rows]
    public func times(_ x: UnsafePointer<Float>, n: Int, into y: UnsafeMutablePointer<Float>) {
        let out = UncheckedSendable(y), input = UncheckedSendable(x)
        let (columns, rows) = (columns, rows)
        parallelFor(rows, grain: max(1, 32768 / (columns * n))) { range in
            let w = UnsafeMutablePointer<Float>.allocate(capacity: columns)
            defer { w.deallocate() }
            for r in range {
                dequantizeRow(r, into: w)
                for t in 0..<n {
                    out.value[t * rows + r] = dot(w, input.value + t * columns, count: columns)
                }
            }
        }
    }
}
