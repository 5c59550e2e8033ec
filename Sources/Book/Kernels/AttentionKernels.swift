import Foundation

/// The per-head kernels of `Tape.causalAttention`: FlashAttention's
/// algorithm (Dao et al., 2022) at the granularity where gemm pays off. A
/// head's T query rows go in blocks of `attentionRowBlock`; a block of rows
/// i0..<i1 only sees keys 0..<i1, so the masked upper triangle is never
/// computed, except inside the diagonal block.

/// Query rows per block: big enough for gemm to run near peak, small enough
/// that a block's scores stay in L2 (64 × T floats: 64 KB at T = 256).
let attentionRowBlock = 64

// listing: attention-head-forward
/// One (batch, head) of causal attention, block of query rows by block:
///   S = Q·Kᵀ/√D over keys j < i1,  P = softmax(S masked to j ≤ i),
///   O = P·V,  lse_i = log Σ_j exp(S_ij)   (kept for the backward pass)
///
///   q, k, v, out: [T, D]   lse: [T]   scores: [rowBlock, T] scratch
func attentionHeadForward(
    q: UnsafePointer<Float>, k: UnsafePointer<Float>,
    v: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
    lse: UnsafeMutablePointer<Float>, scores: UnsafeMutablePointer<Float>,
    time: Int, headDim d: Int
) {
    let scale = 1 / Float(d).squareRoot()
    for i0 in stride(from: 0, to: time, by: attentionRowBlock) {
        let i1 = min(i0 + attentionRowBlock, time), rows = i1 - i0
        // scores: [rows, i1] = scale · Q[i0..<i1] · K[0..<i1]ᵀ
        gemm(q + i0 * d, k, scores, m: rows, n: i1, k: d,
             transposeB: true, alpha: scale, threads: 1)
        for r in 0..<rows {
            lse[i0 + r] = causalSoftmaxRow(scores + r * i1,
                                           valid: i0 + r + 1, count: i1)
        }
        // O[i0..<i1] = P · V[0..<i1]
        gemm(scores, v, out + i0 * d, m: rows, n: d, k: i1, threads: 1)
    }
}
// end listing

/// Softmax of the first `valid` entries of a row, in place, zeroing the rest
/// up to `count` (the masked keys). Returns the row's logsumexp.
@inline(__always)
func causalSoftmaxRow(_ row: UnsafeMutablePointer<Float>, valid n: Int,
                      count: Int) -> Float {
    let logSumExp = softmaxRow(row, row, count: n)
    (row + n).update(repeating: 0, count: count - n)
    return logSumExp
}

// listing: attention-head-backward
/// The backward pass of one (batch, head), adding into dQ, dK, dV (nil when
/// not needed). Per block of query rows, with P recomputed from lse:
///   dV += Pᵀ·dO,  dP = dO·Vᵀ,  dS = P ⊙ (dP − rowsum(dO ⊙ O)),
///   dQ += dS·K/√D,  dK += dSᵀ·Q/√D
///
///   q, k, v, out, dOut, dQ, dK, dV: [T, D]   lse: [T]
///   probs, dScores: [rowBlock, T] scratch
func attentionHeadBackward(
    q: UnsafePointer<Float>, k: UnsafePointer<Float>,
    v: UnsafePointer<Float>, out: UnsafePointer<Float>,
    dOut: UnsafePointer<Float>, lse: UnsafePointer<Float>,
    dQ: UnsafeMutablePointer<Float>?, dK: UnsafeMutablePointer<Float>?,
    dV: UnsafeMutablePointer<Float>?,
    probs p: UnsafeMutablePointer<Float>,
    dScores ds: UnsafeMutablePointer<Float>,
    time: Int, headDim d: Int
) {
    let scale = 1 / Float(d).squareRoot()
    for i0 in stride(from: 0, to: time, by: attentionRowBlock) {
        let i1 = min(i0 + attentionRowBlock, time), rows = i1 - i0
        let (qi, dOi) = (q + i0 * d, dOut + i0 * d)
        // P: [rows, i1] = exp(scale · Q·Kᵀ − lse), 0 past the diagonal
        gemm(qi, k, p, m: rows, n: i1, k: d, transposeB: true, alpha: scale,
             threads: 1)
        for r in 0..<rows {
            let (row, n, l) = (p + r * i1, i0 + r + 1, lse[i0 + r])
            map(row, row, count: n) { exp($0 - l) }
            (row + n).update(repeating: 0, count: i1 - n)
        }
        if let dV {  // dV[0..<i1] += Pᵀ · dO[i0..<i1]
            gemm(p, dOi, dV, m: i1, n: d, k: rows, transposeA: true, beta: 1,
                 threads: 1)
        }
        guard dQ != nil || dK != nil else { continue }
        // dP = dO · Vᵀ, then dS = P ⊙ (dP − δ) with δ_i = dO_i · O_i
        gemm(dOi, v, ds, m: rows, n: i1, k: d, transposeB: true, threads: 1)
        for r in 0..<rows {
            let delta = dot(dOi + r * d, out + (i0 + r) * d, count: d)
            zipMap(p + r * i1, ds + r * i1, ds + r * i1, count: i1) {
                p, dp in p * (dp - delta)
            }
        }
        if let dQ {  // dQ[i0..<i1] += scale · dS · K[0..<i1]
            gemm(ds, k, dQ + i0 * d, m: rows, n: d, k: i1,
                 alpha: scale, beta: 1, threads: 1)
        }
        if let dK {  // dK[0..<i1] += scale · dSᵀ · Q[i0..<i1]
            gemm(ds, qi, dK, m: i1, n: d, k: rows, transposeA: true,
                 alpha: scale, beta: 1, threads: 1)
        }
    }
}
// end listing
