import Attention
import Book

/// One Llama decoder block: attention then feed-forward, each reading a
/// normalized copy of the residual stream and adding its result back
/// (pre-norm: the stream itself is never normalized, so gradients reach
/// early layers through the additions unchanged).
public struct DecoderBlock {
    /// RMSNorm gains before attention and before the FFN: [width]
    public let attentionNorm: Variable, ffnNorm: Variable
    /// Grouped-query attention with RoPE (chapter 2).
    public let attention: MultiHeadAttention
    public let ffn: FeedForward
    public let normEpsilon: Float

    public init(_ config: ModelConfig, rng: inout RandomGenerator) throws {
        attentionNorm = Variable(Tensor(shape: [config.width], repeating: 1))
        ffnNorm = Variable(Tensor(shape: [config.width], repeating: 1))
        let (std, residualStd) = (config.initStd, config.residualInitStd)
        attention = try MultiHeadAttention(config.attention, std: std,
                                           outputStd: residualStd, rng: &rng)
        ffn = FeedForward(width: config.width, ffnWidth: config.ffnWidth,
                          std: std, outputStd: residualStd, rng: &rng)
        normEpsilon = config.normEpsilon
    }

    /// Named as in the code, for checkpoints: `wq`, `ffn.gate`, ...
    public var namedParameters: [(name: String, variable: Variable)] {
        [("attentionNorm", attentionNorm),
         ("attention.wq", attention.wq), ("attention.wk", attention.wk),
         ("attention.wv", attention.wv), ("attention.wo", attention.wo),
         ("ffnNorm", ffnNorm),
         ("ffn.gate", ffn.gate), ("ffn.up", ffn.up), ("ffn.down", ffn.down)]
    }

    // listing: decoder-block
    /// x + attention(norm(x)), then + ffn(norm(·)).
    ///
    ///   x: [batch, T, width]  →  [batch, T, width]
    public func callAsFunction(_ tape: Tape, _ x: Variable) throws
        -> Variable
    {
        let eps = normEpsilon
        let a = tape.rmsNorm(x, gain: attentionNorm, eps: eps)
        let h = tape.add(x, try attention(tape, a))     // residual
        let f = tape.rmsNorm(h, gain: ffnNorm, eps: eps)
        return tape.add(h, ffn(tape, f))                // residual
    }
    // end listing
}
