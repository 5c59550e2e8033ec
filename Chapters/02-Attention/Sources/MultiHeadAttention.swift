import Book
import Foundation

/// Causal multi-head attention with RoPE and grouped-query heads, as in
/// Llama: four projections, the attention itself, and an output projection.
/// Weights use PyTorch's [out, in] layout, as Hugging Face checkpoints do.
public struct MultiHeadAttention {
    public let config: AttentionConfig
    public let rope: RotaryEmbedding
    /// wq: [heads · d, width]; wk, wv: [kvHeads · d, width]; wo: [width, width]
    public let wq: Variable, wk: Variable, wv: Variable, wo: Variable

    public var parameters: [Variable] { [wq, wk, wv, wo] }

    /// Random weights, normal with standard deviation `std` (Wq, Wk, Wv)
    /// and `outputStd` (Wo). Both default to 1/√width, which keeps a layer
    /// on its own at unit scale; a model picks its own (chapter 3).
    public init(_ config: AttentionConfig, std: Float? = nil, outputStd: Float? = nil,
                rng: inout RandomGenerator) throws {
        self.config = config
        rope = try RotaryEmbedding(headDim: config.headDim,
                                   maxSequenceLength: config.maxSequenceLength,
                                   base: config.ropeBase)
        let unit = 1 / Float(config.width).squareRoot()
        let (w, d) = (config.width, config.headDim)
        func weight(_ rows: Int, _ std: Float) -> Variable {
            Variable(Tensor.randn([rows, w], std: std, rng: &rng))
        }
        let (inStd, outStd) = (std ?? unit, outputStd ?? unit)
        (wq, wk, wv) = (weight(config.heads * d, inStd), weight(config.kvHeads * d, inStd),
                        weight(config.kvHeads * d, inStd))
        wo = weight(w, outStd)
    }

    /// Queries, keys and values with RoPE applied to queries and keys.
    ///   x: [batch, T, width] → q [batch, heads, T, d], k, v [batch, kvHeads, T, d]
    func projections(_ tape: Tape, _ x: Variable) throws
        -> (q: Variable, k: Variable, v: Variable)
    {
        let q = tape.splitHeads(tape.linear(x, wq), heads: config.heads)
        let k = tape.splitHeads(tape.linear(x, wk), heads: config.kvHeads)
        let v = tape.splitHeads(tape.linear(x, wv), heads: config.kvHeads)
        return (try tape.rope(q, rope), try tape.rope(k, rope), v)
    }

    // listing: attention-reference
    /// The attention step by step, each stage its own op: the readable
    /// reference that the fused version is tested against.
    ///
    ///   x: [batch, T, width]  →  output [batch, T, width],
    ///                           weights [batch, heads, T, T]
    public func reference(_ tape: Tape, _ x: Variable, dropout: Float = 0,
                          rng: inout RandomGenerator) throws
        -> (output: Variable, weights: Variable)
    {
        let (q, k, v) = try projections(tape, x)
        let keys = tape.repeatKV(k, groups: config.groups)  // [b, heads, T, d]
        let values = tape.repeatKV(v, groups: config.groups)
        let scale = 1 / Float(config.headDim).squareRoot()
        let scores = tape.scale(tape.matmul(q, keys, transposeB: true), scale)
        let weights = tape.softmax(tape.causalMask(scores))  // [b, heads, T, T]
        let dropped = tape.dropout(weights, probability: dropout, rng: &rng)
        let context = tape.matmul(dropped, values)           // [b, heads, T, d]
        let merged = tape.mergeHeads(context)                // [b, T, width]
        let output = tape.linear(merged, wo)
        return (output, weights)
    }
    // end listing

    // listing: attention-fused
    /// The same attention with the core's fused op: no T × T weights kept,
    /// no copies of shared K/V heads. What later chapters use.
    ///
    ///   x: [batch, T, width]  →  [batch, T, width]
    public func callAsFunction(_ tape: Tape, _ x: Variable) throws -> Variable {
        let (q, k, v) = try projections(tape, x)
        let context = tape.causalAttention(q, k, v)  // [b, heads, T, d]
        return tape.linear(tape.mergeHeads(context), wo)
    }
    // end listing
}
