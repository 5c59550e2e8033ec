import Attention
import Book

/// The shape of a Llama-style decoder: every number that decides how many
/// weights it has and how they fit together. Checked when made, so that a
/// model that cannot work fails before it allocates anything.
public struct ModelConfig: Sendable, Equatable {
    /// Token ids are 0 ..< vocabSize.
    public let vocabSize: Int
    /// The longest sequence the model reads (its RoPE table's length).
    public let contextLength: Int
    /// Model width d: the size of each token's vector.
    public let width: Int
    /// Number of decoder blocks.
    public let depth: Int
    /// Query heads and key/value heads (grouped-query when fewer KV heads).
    public let heads: Int, kvHeads: Int
    /// Hidden width of the SwiGLU feed-forward network.
    public let ffnWidth: Int
    /// RoPE's base θ (10,000 in Llama 2, 100,000 in SmolLM2).
    public let ropeBase: Double
    /// Added to the mean square inside each RMSNorm.
    public let normEpsilon: Float
    /// Whether the LM head reuses the token embedding's matrix.
    public let tiedEmbeddings: Bool
    /// The attention layers' shape, checked by chapter 2.
    public let attention: AttentionConfig

    public var headDim: Int { width / heads }

    /// Weights start as GPT-2's do (`WeightInit`).
    public var initStd: Float { WeightInit.std }
    public var residualInitStd: Float { WeightInit.residualStd(depth: depth) }

    public init(vocabSize: Int, contextLength: Int, width: Int, depth: Int,
                heads: Int, kvHeads: Int, ffnWidth: Int,
                ropeBase: Double = 10_000, normEpsilon: Float = 1e-5,
                tiedEmbeddings: Bool = true) throws {
        for (name, value) in [("vocabSize", vocabSize),
                              ("contextLength", contextLength),
                              ("width", width), ("depth", depth),
                              ("heads", heads), ("kvHeads", kvHeads),
                              ("ffnWidth", ffnWidth)] where value <= 0 {
            throw InputError("\(name) \(value) must be positive")
        }
        guard ropeBase > 0, ropeBase.isFinite else {
            throw InputError("ropeBase \(ropeBase) must be positive")
        }
        guard normEpsilon > 0, normEpsilon.isFinite else {
            throw InputError("normEpsilon \(normEpsilon) must be positive")
        }
        attention = try AttentionConfig(
            width: width, heads: heads, kvHeads: kvHeads,
            maxSequenceLength: contextLength, ropeBase: ropeBase)
        (self.vocabSize, self.contextLength) = (vocabSize, contextLength)
        (self.width, self.depth) = (width, depth)
        (self.heads, self.kvHeads, self.ffnWidth) = (heads, kvHeads, ffnWidth)
        (self.ropeBase, self.normEpsilon) = (ropeBase, normEpsilon)
        self.tiedEmbeddings = tiedEmbeddings
    }
}
