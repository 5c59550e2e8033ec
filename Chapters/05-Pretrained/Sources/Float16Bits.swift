/// Float32 → IEEE half-precision bits, rounding to nearest even, as
/// ggml's `GGML_FP32_TO_FP16` does; the quantizers store their scales so.
/// (The core widens the other way: `Float(float16Bits:)`.)
func float16Bits(_ x: Float) -> UInt16 {
    let bits = x.bitPattern
    let sign = UInt16(truncatingIfNeeded: bits >> 16) & 0x8000
    let biased = Int(bits >> 23 & 0xff)
    var mantissa = bits & 0x7f_ffff
    if biased == 0xff {  // infinity, or NaN (kept a NaN)
        return sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0)
    }
    let exponent = biased - 127 + 15
    if exponent >= 0x1f { return sign | 0x7c00 }  // too large: infinity
    // Keep the top bits, and round on the ones shifted out: up if above
    // half, and at exactly half up only if that makes the result even.
    func rounded(_ value: UInt32, droppingBits shift: UInt32) -> UInt16 {
        let kept = value >> shift, rest = value & (1 << shift - 1)
        let half: UInt32 = 1 << (shift - 1)
        let up: UInt32 = rest > half || (rest == half && kept & 1 == 1) ? 1 : 0
        return UInt16(kept + up)  // a carry moves into the exponent, as it should
    }
    if exponent <= 0 {  // a half subnormal: m × 2⁻²⁴, or zero
        guard exponent >= -10 else { return sign }
        mantissa |= 0x80_0000
        return sign | rounded(mantissa, droppingBits: UInt32(14 - exponent))
    }
    return sign | rounded(UInt32(exponent) << 23 | mantissa, droppingBits: 13)
}
