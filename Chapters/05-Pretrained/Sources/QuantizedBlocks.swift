import Book

// listing: quantized-blocks
/// The three block formats of 32 values each, as ggml lays them out.
///
///     Q8_0  d (f16) │ q₀ … q₃₁: int8                   34 B   x = d · q
///     Q4_0  d (f16) │ 16 bytes, two 4-bit q per byte     18 B   x = d · (q − 8)
///     Q4_1  d (f16) │ m (f16) │ 16 bytes of 4-bit q     20 B   x = d · q + m
///
/// In the 4-bit formats byte j holds value j in its low nibble and value
/// j + 16 in its high nibble.
public enum QuantizedBlock {
    /// Writes the 32 values of the block at `block` to `out`.
    public static func dequantize(_ type: GGMLType, _ block: UnsafeRawPointer,
                                  into out: UnsafeMutablePointer<Float>) {
        let d = Float(float16Bits: block.loadUnaligned(as: UInt16.self))
        switch type {
        case .q8_0:
            for j in 0..<32 {
                out[j] = d * Float(block.load(fromByteOffset: 2 + j, as: Int8.self))
            }
        case .q4_0:
            for j in 0..<16 {
                let byte = block.load(fromByteOffset: 2 + j, as: UInt8.self)
                out[j] = d * (Float(byte & 0x0f) - 8)
                out[j + 16] = d * (Float(byte >> 4) - 8)
            }
        case .q4_1:
            let m = Float(float16Bits: block.loadUnaligned(fromByteOffset: 2, as: UInt16.self))
            for j in 0..<16 {
                let byte = block.load(fromByteOffset: 4 + j, as: UInt8.self)
                out[j] = d * Float(byte & 0x0f) + m
                out[j + 16] = d * Float(byte >> 4) + m
            }
        case .f32, .f16:
            preconditionFailure("\(type.name) has no blocks")
        }
    }
    // end listing

    // listing: quantize-block
    /// Quantizes 32 values from `x` into the block at `block`, choosing the
    /// scale as ggml's reference quantizers do, byte for byte:
    /// Q8_0 maps the largest magnitude to ±127; Q4_0 maps the value of
    /// largest magnitude to −8 (so its sign decides which end gets the
    /// extra step); Q4_1 spans the block's [min, max] with 16 levels.
    public static func quantize(_ type: GGMLType, _ x: UnsafePointer<Float>,
                                into block: UnsafeMutableRawPointer) {
        switch type {
        case .q8_0:
            let amax = (0..<32).reduce(Float(0)) { max($0, abs(x[$1])) }
            let d = amax / 127, id = d != 0 ? 1 / d : 0
            block.storeBytes(of: float16Bits(d), as: UInt16.self)
            for j in 0..<32 {
                block.storeBytes(of: Int8((x[j] * id).rounded()), toByteOffset: 2 + j,
                                 as: Int8.self)
            }
        case .q4_0:
            var extreme: Float = 0  // the value of largest magnitude
            for j in 0..<32 where abs(x[j]) > abs(extreme) { extreme = x[j] }
            let d = extreme / -8, id = d != 0 ? 1 / d : 0
            block.storeBytes(of: float16Bits(d), as: UInt16.self)
            packNibbles(block + 2) { min(15, Int(x[$0] * id + 8.5)) }
        case .q4_1:
            let low = (0..<32).reduce(Float.infinity) { min($0, x[$1]) }
            let high = (0..<32).reduce(-Float.infinity) { max($0, x[$1]) }
            let d = (high - low) / 15, id = d != 0 ? 1 / d : 0
            block.storeBytes(of: float16Bits(d), as: UInt16.self)
            block.storeBytes(of: float16Bits(low), toByteOffset: 2, as: UInt16.self)
            packNibbles(block + 4) { min(15, Int((x[$0] - low) * id + 0.5)) }
        case .f32, .f16:
            preconditionFailure("\(type.name) has no blocks")
        }
    }
    // end listing

    /// Byte j gets level(j) in its low nibble and level(j + 16) in its high.
    /// (`Int(_:)` truncates toward zero, as the C reference's cast does.)
    private static func packNibbles(_ bytes: UnsafeMutableRawPointer,
                                    _ level: (Int) -> Int) {
        for j in 0..<16 {
            let byte = UInt8(level(j)) | UInt8(level(j + 16)) << 4
            bytes.storeBytes(of: byte, toByteOffset: j, as: UInt8.self)
        }
    }
}
