import Book

/// The shape of GPT-2 (Radford et al., 2019), the contrast to Llama: learned
/// positions instead of RoPE, LayerNorm with a bias, a GELU MLP four times
/// as wide as the model, biases everywhere, dropout, and plain multi-head
/// attention (as many KV heads as query heads).
public struct GPT2Config: Sendable, Equatable {
    public let vocabSize: Int, contextLength: Int
    public let width: Int, depth: Int, heads: Int
    /// Dropout probability on embeddings, attention output and MLP output.
    public let dropout: Float
    /// LayerNorm's ε (GPT-2 uses 1e-5).
    public let normEpsilon: Float

    public var headDim: Int { width / heads }
    /// The MLP's hidden width: 4 × width.
    public var mlpWidth: Int { 4 * width }

    public init(vocabSize: Int, contextLength: Int, width: Int, depth: Int,
                heads: Int, dropout: Float = 0, normEpsilon: Float = 1e-5)
        throws
    {
        for (name, value) in [("vocabSize", vocabSize),
                              ("contextLength", contextLength),
                              ("width", width), ("depth", depth),
                              ("heads", heads)] where value <= 0 {
            throw InputError("\(name) \(value) must be positive")
        }
        guard width % heads == 0 else {
            throw InputError("heads \(heads) do not divide width \(width)")
        }
        guard dropout >= 0, dropout < 1 else {
            throw InputError("dropout \(dropout) is not in [0, 1)")
        }
        guard normEpsilon > 0, normEpsilon.isFinite else {
            throw InputError("normEpsilon \(normEpsilon) must be positive")
        }
        (self.vocabSize, self.contextLength) = (vocabSize, contextLength)
        (self.width, self.depth, self.heads) = (width, depth, heads)
        (self.dropout, self.normEpsilon) = (dropout, normEpsilon)
    }

    /// Every weight: token and position embeddings, blocks (each 12·d² +
    /// 13·d: attention 4·d² + 4·d, MLP 8·d² + 5·d, two LayerNorms 4·d),
    /// the final LayerNorm; the LM head is the token embedding.
    public var parameterCount: Int {
        let d = width
        let block = 12 * d * d + 13 * d
        return vocabSize * d + contextLength * d + depth * block + 2 * d
    }

    /// Forward-pass FLOPs per token, counted as for Llama (`forwardFLOPs`):
    /// 12 · width² matrix weights per block and the tied LM head.
    public func flopsPerToken(sequenceLength: Int? = nil) -> Int {
        forwardFLOPs(matrixWeights: depth * 12 * width * width + vocabSize * width,
                     depth: depth, width: width,
                     sequenceLength: sequenceLength ?? contextLength)
    }
}
