/// Conversions from the two 16-bit float formats that model files use.
/// Both widen exactly: every 16-bit value is a Float32 value.
extension Float {
    /// bfloat16 is the top half of a Float32: the same sign and 8-bit
    /// exponent, with the mantissa cut from 23 bits to 7.
    ///
    ///     bfloat16  s eeeeeeee mmmmmmm
    ///     float32   s eeeeeeee mmmmmmm0000000000000000
    public init(bfloat16Bits bits: UInt16) {
        self.init(bitPattern: UInt32(bits) << 16)
    }

    /// IEEE 754 half precision: 1 sign bit, 5 exponent bits (bias 15) and
    /// 10 mantissa bits. Written out by hand rather than through Swift's
    /// `Float16`, which macOS on Intel lacks.
    ///
    ///     float16   s eeeee mmmmmmmmmm
    ///     float32   s eeeeeeee mmmmmmmmmm0000000000000
    public init(float16Bits bits: UInt16) {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1f
        let mantissa = UInt32(bits) & 0x3ff
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa × 2^-24. Float32 holds it exactly
            // (as a normal number), so let the hardware do the normalizing.
            let magnitude = Float(mantissa) * 0x1p-24
            self.init(bitPattern: sign | magnitude.bitPattern)
        case 0x1f:
            // Infinity (mantissa 0) or NaN, keeping the NaN's payload bits.
            self.init(bitPattern: sign | 0x7f80_0000 | mantissa << 13)
        default:
            // Normal: rebias the exponent from 15 to 127.
            self.init(bitPattern: sign | (exponent + 127 - 15) << 23 | mantissa << 13)
        }
    }
}
