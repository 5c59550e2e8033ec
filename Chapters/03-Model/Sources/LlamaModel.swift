import Book

/// A Llama-style decoder-only transformer (Touvron et al., 2023), the
/// architecture of Llama 2/3, Mistral and SmolLM2:
///
///   token ids → embedding → depth × DecoderBlock → RMSNorm → LM head
///
/// No positional embedding: positions enter through RoPE inside attention.
public struct LlamaModel: LanguageModel {
    public let config: ModelConfig
    /// One row per token: [vocabSize, width]
    public let embedding: Variable
    public let blocks: [DecoderBlock]
    /// The final RMSNorm's gain: [width]
    public let norm: Variable
    /// The LM head, [vocabSize, width]: the embedding itself when tied.
    public let head: Variable

    public var vocabSize: Int { config.vocabSize }
    public var contextLength: Int { config.contextLength }

    /// Seeded random weights (`ModelConfig.initStd`): the same seed gives
    /// the same model.
    public init(_ config: ModelConfig, seed: UInt64 = 0) throws {
        self.config = config
        var rng = RandomGenerator(seed: seed)
        let std = config.initStd
        let table = [config.vocabSize, config.width]
        embedding = Variable(Tensor.randn(table, std: std, rng: &rng))
        blocks = try (0..<config.depth).map { _ in
            try DecoderBlock(config, rng: &rng)
        }
        norm = Variable(Tensor(shape: [config.width], repeating: 1))
        head = config.tiedEmbeddings
            ? embedding
            : Variable(Tensor.randn(table, std: std, rng: &rng))
    }

    public var namedParameters: [(name: String, variable: Variable)] {
        var named = [("embedding", embedding)]
        for (i, block) in blocks.enumerated() {
            named += block.namedParameters.map { ("blocks.\(i).\($0)", $1) }
        }
        named.append(("norm", norm))
        if !config.tiedEmbeddings { named.append(("head", head)) }
        return named
    }

    // listing: llama-forward
    /// ids [batch, T]  →  logits [batch, T, vocabSize]
    public func logits(_ tape: Tape, ids: [Int32], batch: Int) throws
        -> Variable
    {
        let t = try sequenceLength(of: ids, batch: batch)
        var x = tape.embedding(embedding, ids: ids, shape: [batch, t])
        for block in blocks {
            x = try block(tape, x)                    // [batch, T, width]
        }
        x = tape.rmsNorm(x, gain: norm, eps: config.normEpsilon)
        return tape.matmul(x, head, transposeB: true) // [batch, T, vocab]
    }
    // end listing
}
