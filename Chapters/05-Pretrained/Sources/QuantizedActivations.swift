// listing: quantize-activations
/// Rows of activations in 8-bit blocks, the form llama.cpp's quantized
/// matrix products read them in: per block of 32 values a scale d (the
/// largest magnitude ÷ 127), 32 int8 values q ≈ x / d, and d · Σq, which
/// Q4_1's minimum needs. Quantizing the activations once per product lets
/// the inner loop multiply small integers instead of floats.
public struct QuantizedActivations {
    public let rows: Int, columns: Int
    /// [rows, columns / 32] each
    var scales: [Float], sums: [Float]
    /// [rows, columns]
    var quants: [Int8]

    /// x: [rows, columns], columns a multiple of 32. Each block's 32 values
    /// are two vectors of 16 lanes; a NaN or infinity (a corrupt model's)
    /// is clamped, so it cannot trap.
    public init(_ x: UnsafePointer<Float>, rows: Int, columns: Int) {
        (self.rows, self.columns) = (rows, columns)
        let blocks = rows * columns / 32
        var scales = [Float](repeating: 0, count: blocks), sums = scales
        var quants = [Int8](repeating: 0, count: rows * columns)
        quants.withUnsafeMutableBytes { quants in
            for b in 0..<blocks {
                let v = UnsafeRawPointer(x + 32 * b)
                let (low, high) = (v.loadUnaligned(as: SIMD16<Float>.self),
                                   v.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self))
                let d = Self.largestMagnitude(low, high) / 127, id = d != 0 ? 1 / d : 0
                let (q0, q1) = (Self.quantized(low * id), Self.quantized(high * id))
                quants.storeBytes(of: Self.narrowed(q0), toByteOffset: 32 * b, as: SIMD16<Int8>.self)
                quants.storeBytes(of: Self.narrowed(q1), toByteOffset: 32 * b + 16,
                                  as: SIMD16<Int8>.self)
                (scales[b], sums[b]) = (d, d * Float((q0 &+ q1).wrappedSum()))
            }
        }
        (self.scales, self.sums, self.quants) = (scales, sums, quants)
    }
}
// end listing

extension QuantizedActivations {
    /// `body` with a function that gives row t's 8-bit values, and its
    /// blocks' scales and sums, as the kernels take them.
    func withRowPointers<T>(
        _ body: ((Int) -> (values: UnsafeRawPointer, scales: UnsafePointer<Float>,
                           sums: UnsafePointer<Float>)) -> T
    ) -> T {
        let blocks = columns / 32
        return quants.withUnsafeBytes { q in
            scales.withUnsafeBufferPointer { scales in
                sums.withUnsafeBufferPointer { sums in
                    body { t in (q.baseAddress! + t * columns, scales.baseAddress! + t * blocks,
                                 sums.baseAddress! + t * blocks) }
                }
            }
        }
    }

    /// max |x| over both vectors, NaN left out, by halving (the standard
    /// library's `max()` goes lane by lane).
    @inline(__always)
    static func largestMagnitude(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> Float {
        var m = Self.absolute(a)
        let n = Self.absolute(b)
        m.replace(with: n, where: n .> m)
        var m8 = m.lowHalf
        m8.replace(with: m.highHalf, where: m.highHalf .> m8)
        var m4 = m8.lowHalf
        m4.replace(with: m8.highHalf, where: m8.highHalf .> m4)
        var m2 = m4.lowHalf
        m2.replace(with: m4.highHalf, where: m4.highHalf .> m2)
        return Swift.max(m2[0], m2[1])
    }

    /// |v|, with 0 for NaN.
    @inline(__always)
    static func absolute(_ v: SIMD16<Float>) -> SIMD16<Float> {
        v.replacing(with: -v, where: v .< 0).replacing(with: 0, where: v .!= v)
    }

    /// Rounded to the nearest integer (halves away from zero, as llama.cpp
    /// rounds), NaN to 0, clamped to ±127. Adding 1.5 · 2²³ to a whole
    /// float that small leaves the integer in the low bits of its word.
    @inline(__always)
    static func quantized(_ x: SIMD16<Float>) -> SIMD16<Int32> {
        var q = x.rounded(.toNearestOrAwayFromZero)
        q.replace(with: 0, where: q .!= q)
        q.replace(with: -127, where: q .< -127)
        q.replace(with: 127, where: q .> 127)
        return unsafeBitCast(q + 12_582_912, to: SIMD16<Int32>.self) &- 0x4B40_0000
    }

    /// Lane by lane, so it compiles to one instruction (vpmovdb).
    @inline(__always)
    static func narrowed(_ v: SIMD16<Int32>) -> SIMD16<Int8> {
        var r = SIMD16<Int8>()
        for i in 0..<16 { r[i] = Int8(truncatingIfNeeded: v[i]) }
        return r
    }
}
