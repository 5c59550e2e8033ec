/// exp, sigmoid and tanh on 16 lanes at once. Swift's `Foundation.exp` is scalar;
/// these are the classic Cephes range reduction plus polynomial, accurate to
/// about 2 ulp over the range that matters (|x| < 88), and what makes softmax,
/// SiLU and GELU run at memory speed.

/// e^x lane-wise. x = n·ln2 + r with |r| ≤ ln2/2, e^r by a degree-6 polynomial,
/// and 2^n written straight into the float's exponent bits.
@inline(__always)
public func exp(_ x: Lanes) -> Lanes {
    // Clamped by compare-and-select: the generic pointwiseMin/Max are not
    // always inlined, and then cost a call and a lane-by-lane loop per block.
    var x = x
    x.replace(with: -87.3, where: x .< -87.3)
    x.replace(with: 88.7, where: x .> 88.7)
    // Adding 1.5·2²³ rounds x·log2(e) to an integer n held in the low mantissa
    // bits: no float→int conversion, which Swift would do lane by lane.
    let shifter = Lanes(repeating: 0x1.8p23)
    let shifted = x * 1.442_695_04 + shifter  // x·log2(e), rounded
    let n = shifted - shifter
    // ln2 split in two so that n·ln2 is subtracted without losing r's bits.
    var r = x - n * 0.693_359_375
    r = r + n * 2.121_944_4e-4
    var p = Lanes(repeating: 1.987_569_1e-4)
    p = p * r + 1.398_199_9e-3
    p = p * r + 8.333_452e-3
    p = p * r + 4.166_579_6e-2
    p = p * r + 1.666_666_5e-1
    p = p * r + 5e-1
    p = p * r * r + r + 1
    // 2ⁿ: the exponent field is n + 127.
    let bits = (unsafeBitCast(shifted, to: SIMD16<UInt32>.self)
                &- unsafeBitCast(shifter, to: SIMD16<UInt32>.self) &+ 127) &<< 23
    return p * unsafeBitCast(bits, to: Lanes.self)
}

/// 1 / (1 + e^-x) lane-wise.
@inline(__always)
public func sigmoid(_ x: Lanes) -> Lanes { 1 / (1 + exp(-x)) }

/// tanh(x) = 2·sigmoid(2x) − 1, lane-wise.
@inline(__always)
public func tanh(_ x: Lanes) -> Lanes { 2 * sigmoid(2 * x) - 1 }
