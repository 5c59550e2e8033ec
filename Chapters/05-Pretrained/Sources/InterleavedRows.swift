import Book
import CPrefetch

// listing: interleave
extension WeightMatrix {
    /// The rows stored in groups of 16, for decoding. A Q4_1 block is ten
    /// 2-byte units (d, m, then two bytes of nibbles eight times) and a
    /// Q8_0 block seventeen (d, then two int8 values sixteen times). Here,
    /// for each group and block column, unit u of all 16 rows comes
    /// together, in row order:
    ///
    ///     file:         row 0: [u0 u1 … u9] [u0 u1 … u9] …   (block 0, block 1, …)
    ///                   row 1: [u0 u1 … u9] …
    ///     interleaved:  rows 0–15, block 0: u0 of rows 0…15, u1 of rows 0…15, …
    ///                   rows 0–15, block 1: …
    ///
    /// So one 32-byte load gives the same unit of 16 rows, a SIMD register
    /// of 16 lanes holds 16 rows, and the kernel computes 16 dot products
    /// side by side, with no sum across lanes. (llama.cpp repacks its
    /// weights in the same spirit for some CPUs.) The bytes are the file's,
    /// moved: the matrix takes no more memory. Other types, and row counts
    /// that are not a multiple of 16, stay as they are.
    public func interleavingRows() -> WeightMatrix {
        guard !interleaved, type == .q4_1 || type == .q8_0, rows % 16 == 0 else { return self }
        let copy = OwnedBytes(count: byteCount)
        let units = copy.base.assumingMemoryBound(to: UInt16.self)
        for r in 0..<rows {
            let source = row(r)
            forEachUnit(ofRow: r) { inRow, inGroup in
                units[inGroup] = source.loadUnaligned(fromByteOffset: 2 * inRow, as: UInt16.self)
            }
        }
        return WeightMatrix(type: type, rows: rows, columns: columns, interleaved: true,
                            base: copy.base, owner: copy)
    }

    /// Calls `body` with each 2-byte unit of row r: where it is in the row
    /// in the file's layout, and where in the interleaved layout, among its
    /// group's (both counted in units from the start).
    func forEachUnit(ofRow r: Int, _ body: (_ inRow: Int, _ inGroup: Int) -> Void) {
        let (blocks, units) = (columns / 32, type.bytesPerBlock / 2)
        for b in 0..<blocks {
            for u in 0..<units {
                body(b * units + u, (((r / 16) * blocks + b) * units + u) * 16 + r % 16)
            }
        }
    }
    // end listing

    /// Row r in the file's layout, gathered back from its group.
    func gatherRow(_ r: Int, into out: UnsafeMutableRawPointer) {
        let units = base.assumingMemoryBound(to: UInt16.self)
        forEachUnit(ofRow: r) { inRow, inGroup in
            out.storeBytes(of: units[inGroup], toByteOffset: 2 * inRow, as: UInt16.self)
        }
    }

    /// The start of rows g·16 ..< g·16 + 16.
    func group(_ g: Int) -> UnsafeRawPointer { base + 16 * g * rowBytes }
}

extension QuantizedDot {
    // listing: dot-q4-1-interleaved
    /// The dot products of 16 interleaved Q4_1 rows (`group`) with one row
    /// of 8-bit activations `a`: lane i is row i. Each 2-byte unit of
    /// nibbles holds four weights of every row, and each multiplies one
    /// activation, the same for all 16 lanes; a block's products are summed
    /// exactly in Int32 (the compiler emits one multiply-add instruction per
    /// weight, `vpdpwssd` where the CPU has it), then scaled once.
    @inline(__always)
    static func q4_1(group: UnsafeRawPointer, _ a: UnsafeRawPointer,
                     scales: UnsafePointer<Float>, sums: UnsafePointer<Float>,
                     blocks: Int) -> SIMD16<Float> {
        var acc = SIMD16<Float>(), minimums = SIMD16<Float>()
        for b in 0..<blocks {
            let block = group + 320 * b       // d ×16, m ×16, 8 units of nibbles ×16
            prefetch(block, bytes: 320)
            let x = a + 32 * b
            func activation(_ k: Int) -> Int32 { Int32(x.load(fromByteOffset: k, as: Int8.self)) }
            // Σ q·a of each row's block, in four sums that do not wait for
            // each other (one sum would make each multiply-add wait for the last).
            var (p0, p1, p2, p3) = (Ints(), Ints(), Ints(), Ints())
            for j in 0..<8 {
                // Bytes 2j and 2j+1 of each row's 16: weights 2j, 2j+1 in
                // their low nibbles, 2j+16, 2j+17 in their high ones.
                let q = widen(block.loadUnaligned(fromByteOffset: 64 + 32 * j,
                                                  as: SIMD16<UInt16>.self))
                p0 &+= (q & 0xf) &* activation(2 * j)
                p1 &+= (q &>> 8 & 0xf) &* activation(2 * j + 1)
                p2 &+= (q &>> 4 & 0xf) &* activation(2 * j + 16)
                p3 &+= (q &>> 12) &* activation(2 * j + 17)
            }
            acc.addProduct(float(p0 &+ p1 &+ (p2 &+ p3)), halves(block) * scales[b])
            minimums.addProduct(halves(block + 32), SIMD16(repeating: sums[b]))
        }
        return acc + minimums
    }
    // end listing

    /// The same for 16 interleaved Q8_0 rows: each unit holds two int8
    /// weights of every row.
    @inline(__always)
    static func q8_0(group: UnsafeRawPointer, _ a: UnsafeRawPointer,
                     scales: UnsafePointer<Float>, blocks: Int) -> SIMD16<Float> {
        var acc = SIMD16<Float>()
        for b in 0..<blocks {
            let block = group + 544 * b       // d ×16, 16 units of two int8 ×16
            prefetch(block, bytes: 544)
            let x = a + 32 * b
            func activation(_ k: Int) -> Int32 { Int32(x.load(fromByteOffset: k, as: Int8.self)) }
            var (p0, p1, p2, p3) = (Ints(), Ints(), Ints(), Ints())
            for j in stride(from: 0, to: 16, by: 2) {
                // Sign-extended, unit j is q[2j] + 256 · q[2j+1].
                let q = widen(block.loadUnaligned(fromByteOffset: 32 + 32 * j,
                                                  as: SIMD16<Int16>.self))
                let r = widen(block.loadUnaligned(fromByteOffset: 64 + 32 * j,
                                                  as: SIMD16<Int16>.self))
                p0 &+= ((q &<< 24) &>> 24) &* activation(2 * j)
                p1 &+= (q &>> 8) &* activation(2 * j + 1)
                p2 &+= ((r &<< 24) &>> 24) &* activation(2 * j + 2)
                p3 &+= (r &>> 8) &* activation(2 * j + 3)
            }
            acc.addProduct(float(p0 &+ p1 &+ (p2 &+ p3)), halves(block) * scales[b])
        }
        return acc
    }

    /// Asks for the cache lines `ahead` bytes past a block's to be loaded
    /// now. Decoding is a few long sequential reads, and the CPU's own
    /// prefetcher stops at every 4 KB page: without this, the kernel spent
    /// a third of its time waiting for weights (decode 104 → about 150
    /// tokens/s here, with 2 threads; 8 KB ahead was about the best).
    @inline(__always)
    static func prefetch(_ block: UnsafeRawPointer, bytes: Int) {
        let ahead = 8192
        for offset in stride(from: 0, to: bytes, by: 64) { book_prefetch(block + ahead + offset) }
    }

    /// 16 Float16 values as Float32 (one `vcvtph2ps`).
    @inline(__always)
    static func halves(_ p: UnsafeRawPointer) -> SIMD16<Float> {
        let h = p.loadUnaligned(as: SIMD16<Float16>.self)
        var r = SIMD16<Float>()
        for i in 0..<16 { r[i] = Float(h[i]) }
        return r
    }
}

extension WeightMatrix {
    /// `times(_:rows:into:)` for interleaved rows. Each group of 16 is read
    /// from memory once, and from the cache for the activation rows after
    /// the first; a group that `range` only partly covers is computed whole
    /// and only its rows in `range` are stored.
    func timesInterleaved(_ x: QuantizedActivations, rows range: Range<Int>,
                          into y: UnsafeMutablePointer<Float>) {
        let blocks = columns / 32
        x.withRowPointers { activations in
            for g in range.lowerBound / 16..<(range.upperBound + 15) / 16 {
                for t in 0..<x.rows {
                    let (a, s, m) = activations(t)
                    let dots = type == .q4_1
                        ? QuantizedDot.q4_1(group: group(g), a, scales: s, sums: m, blocks: blocks)
                        : QuantizedDot.q8_0(group: group(g), a, scales: s, blocks: blocks)
                    let out = y + t * rows + 16 * g
                    if range.contains(16 * g), range.contains(16 * g + 15) {
                        UnsafeMutableRawPointer(out).storeBytes(of: dots, as: SIMD16<Float>.self)
                    } else {
                        for i in 0..<16 where range.contains(16 * g + i) { out[i] = dots[i] }
                    }
                }
            }
        }
    }
}
