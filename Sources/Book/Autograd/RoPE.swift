import Foundation

/// A rotary embedding that cannot be built or applied, with the values that
/// made it so.
public enum RoPEError: Error, Equatable, CustomStringConvertible {
    /// The head dimension is odd or not positive: RoPE rotates pairs.
    case invalidHeadDim(Int)
    case invalidMaxSequenceLength(Int)
    case invalidBase(Double)
    /// The input's last dimension is not the table's head dimension.
    case shapeMismatch(shape: [Int], headDim: Int)
    /// Positions startPosition ..< startPosition + length leave the table.
    case sequenceTooLong(length: Int, startPosition: Int, tableLength: Int)

    public var description: String {
        switch self {
        case let .invalidHeadDim(d):
            return "RoPE: head dimension \(d) must be even and positive"
        case let .invalidMaxSequenceLength(n):
            return "RoPE: maximum sequence length \(n) must be positive"
        case let .invalidBase(b):
            return "RoPE: base \(b) must be positive"
        case let .shapeMismatch(shape, d):
            return "RoPE: input \(shape) must be [..., T, \(d)]"
        case let .sequenceTooLong(t, start, n):
            return "RoPE: positions \(start)..<\(start + t) (T = \(t) from "
                + "startPosition \(start)) exceed the table's \(n) positions"
        }
    }
}

// listing: rope-table
/// The angles of rotary position embeddings (Su et al., 2021): the pair i of
/// a head's dimensions, at position p, is rotated by p · θ_i with
/// θ_i = base^(−2i/headDim), i in 0 ..< headDim/2. Fast-turning pairs see
/// nearby positions, slow ones distant ones. The cosines and sines of every
/// angle are computed once, in Double, and stored as Float.
public struct RotaryEmbedding {
    public let headDim: Int
    public let maxSequenceLength: Int
    public let base: Double
    /// cos(p · θ_i) and sin(p · θ_i): [maxSequenceLength, headDim/2]
    public let cos: Tensor
    public let sin: Tensor

    public init(headDim: Int, maxSequenceLength: Int,
                base: Double = 10_000) throws {
        guard headDim > 0, headDim % 2 == 0 else {
            throw RoPEError.invalidHeadDim(headDim)
        }
        guard maxSequenceLength > 0 else {
            throw RoPEError.invalidMaxSequenceLength(maxSequenceLength)
        }
        guard base > 0, base.isFinite else { throw RoPEError.invalidBase(base) }
        self.headDim = headDim
        self.maxSequenceLength = maxSequenceLength
        self.base = base
        let half = headDim / 2
        cos = Tensor(zeros: [maxSequenceLength, half])
        sin = Tensor(zeros: [maxSequenceLength, half])
        let theta = Self.frequencies(headDim: headDim, base: base)
        for p in 0..<maxSequenceLength {
            for i in 0..<half {
                let angle = Double(p) * theta[i]
                cos.data[p * half + i] = Float(Foundation.cos(angle))
                sin.data[p * half + i] = Float(Foundation.sin(angle))
            }
        }
    }

    /// θ_i = base^(−2i/headDim), radians per position, fastest first.
    public var frequencies: [Double] {
        Self.frequencies(headDim: headDim, base: base)
    }

    static func frequencies(headDim: Int, base: Double) -> [Double] {
        (0..<headDim / 2).map { i in
            1 / Foundation.pow(base, Double(2 * i) / Double(headDim))
        }
    }
}
// end listing

extension Tape {
    // listing: rope
    /// Rotates each row of queries or keys by its position, in Hugging Face
    /// Llama's *rotate-half* layout: with x = [x1, x2] split into halves,
    /// pair i is (x1[i], x2[i]) and
    ///
    ///   y1 = x1·cos − x2·sin,   y2 = x2·cos + x1·sin
    ///
    /// i.e. y = x·cos + rotate_half(x)·sin, rotate_half(x) = [−x2, x1].
    /// Row t sits at position startPosition + t (a KV cache decodes on).
    ///
    ///   x: [batch, heads, T, headDim]  (any leading dims)  →  same shape
    public func rope(_ x: Variable, _ table: RotaryEmbedding,
                     startPosition: Int = 0) throws -> Variable {
        let d = table.headDim, half = d / 2
        guard x.shape.count >= 2, x.shape.last == d else {
            throw RoPEError.shapeMismatch(shape: x.shape, headDim: d)
        }
        let T = x.shape[x.shape.count - 2], rows = x.value.count / d
        guard startPosition >= 0,
              startPosition + T <= table.maxSequenceLength else {
            throw RoPEError.sequenceTooLong(
                length: T, startPosition: startPosition,
                tableLength: table.maxSequenceLength)
        }
        let y = output(x.shape, of: x, zeroed: false)
        let (X, Y) = (x.value.data, y.value.data)
        let (C, S) = (table.cos.data, table.sin.data)
        parallelRows(rows, columns: d) { r in
            let p = (startPosition + r % T) * half  // this row's angles
            let (x1, x2, y1) = (X + r * d, X + r * d + half, Y + r * d)
            forEachBlock(half) { i, w in
                let (a, b) = (load(x1 + i, w), load(x2 + i, w))
                let (c, s) = (load(C + p + i, w), load(S + p + i, w))
                store(a * c - b * s, y1 + i, w)
                store(b * c + a * s, y1 + half + i, w)
            }
        }
        record(y) { ropeBackward(x, y, table, startPosition) }
        return y
    }
    // end listing
}

// listing: rope-backward
/// A rotation's transpose is the rotation by −θ, so the gradient turns
/// back:  dx1 = dy1·cos + dy2·sin,   dx2 = dy2·cos − dy1·sin.
private func ropeBackward(_ x: Variable, _ y: Variable,
                          _ table: RotaryEmbedding, _ start: Int) {
    let d = table.headDim, half = d / 2
    let T = x.shape[x.shape.count - 2], rows = x.value.count / d
    let (dX, dY) = (x.gradient.data, y.gradient.data)
    let (C, S) = (table.cos.data, table.sin.data)
    parallelRows(rows, columns: d) { r in
        let p = (start + r % T) * half
        let (dy, dx) = (dY + r * d, dX + r * d)
        forEachBlock(half) { i, w in
            let (a, b) = (load(dy + i, w), load(dy + half + i, w))
            let (c, s) = (load(C + p + i, w), load(S + p + i, w))
            store(load(dx + i, w) + a * c + b * s, dx + i, w)
            store(load(dx + half + i, w) + b * c - a * s, dx + half + i, w)
        }
    }
}
// end listing

// MARK: - The interleaved layout, and a helper for figures

/// The RoPE paper and Meta's original Llama code pair *adjacent* dimensions,
/// (x[2i], x[2i+1]), as one complex number; Hugging Face pairs x[i] with
/// x[i + headDim/2] (rotate-half). The two agree up to a fixed permutation of
/// each head's dimensions, and a dot product q·k does not change when q and k
/// are permuted alike, so attention is the same. Hugging Face's conversion
/// script permutes the rows of W_q and W_k once (per head: rows 0, 2, 4, …
/// first, then 1, 3, 5, …) so that rotate-half applied to its weights gives
/// Meta's results. llama.cpp's GGUF converter applies the inverse permutation
/// to Llama models, so Q/K weights read from a GGUF file are in the
/// interleaved layout: undo it (`rotateHalfOrder`) before using `rope`.
extension RotaryEmbedding {
    /// For a head in interleaved layout, the index of the dimension that goes
    /// to each rotate-half slot: [0, 2, 4, …, 1, 3, 5, …].
    public var rotateHalfOrder: [Int] {
        Array(stride(from: 0, to: headDim, by: 2))
            + Array(stride(from: 1, to: headDim, by: 2))
    }

    /// v rotated to position p (rotate-half layout), in Double and for any
    /// p, even beyond the table: for figures and checks, not for training.
    public func rotated(_ v: [Double], position p: Int) -> [Double] {
        precondition(v.count == headDim, "rotated: \(v.count) ≠ \(headDim)")
        let half = headDim / 2
        var out = v
        for (i, theta) in frequencies.enumerated() {
            let (c, s) = (Foundation.cos(Double(p) * theta),
                          Foundation.sin(Double(p) * theta))
            out[i] = v[i] * c - v[i + half] * s
            out[i + half] = v[i + half] * c + v[i] * s
        }
        return out
    }

    /// ⟨rope(q, m), rope(k, n)⟩: the attention logit (before 1/√d) of a query
    /// at position m and a key at n. It depends only on m − n.
    public func score(query q: [Double], key k: [Double],
                      queryPosition m: Int, keyPosition n: Int) -> Double {
        zip(rotated(q, position: m), rotated(k, position: n))
            .reduce(0) { $0 + $1.0 * $1.1 }
    }
}
