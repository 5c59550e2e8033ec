/// What a configuration costs, as formulas: the numbers that decide how big a
/// model can be trained on a machine, computed before any weight exists.
/// Tests hold `parameterCount` equal to the parameters of a built model.
extension ModelConfig {
    // listing: parameter-count
    /// Weights in one decoder block: the four attention projections, the
    /// three SwiGLU matrices, and two RMSNorm gains.
    public var parametersPerBlock: Int {
        let kv = kvHeads * headDim                // K and V are narrower (GQA)
        let attention = 2 * width * width + 2 * width * kv   // Wq, Wo; Wk, Wv
        let ffn = 3 * width * ffnWidth            // gate, up, down
        return attention + ffn + 2 * width        // + two norm gains
    }

    /// Every weight: embedding, blocks, final norm, and an LM head unless
    /// it is the embedding itself.
    public var parameterCount: Int {
        let embedding = vocabSize * width
        let head = tiedEmbeddings ? 0 : vocabSize * width
        return embedding + depth * parametersPerBlock + width + head
    }
    // end listing

    /// Forward-pass FLOPs per token, the book's one count (`forwardFLOPs`).
    public func flopsPerToken(sequenceLength: Int? = nil) -> Int {
        let norms = 2 * width
        return forwardFLOPs(
            matrixWeights: depth * (parametersPerBlock - norms) + vocabSize * width,
            depth: depth, width: width, sequenceLength: sequenceLength ?? contextLength)
    }

    // listing: activation-memory
    /// Bytes a forward pass to the logits leaves on the tape for backward:
    /// every op's fp32 output, which its backward step reads or adds its
    /// gradient into. Per token and block:
    ///
    ///   norms     2 × (width + 1)        output and 1/rms of each row
    ///   Q         3 × width              projected, split into heads, RoPE
    ///   K, V      3 × kv + 2 × kv        the same (V without RoPE)
    ///   attention width + heads          output and each row's logsumexp
    ///   output    2 × width              heads merged, projected by Wo
    ///   SwiGLU    3 × ffnWidth + width   gate, up, their product, down
    ///   residuals 2 × width
    ///
    /// The fused attention keeps no T × T matrix: memory grows linearly in T.
    public func activationBytes(batch: Int, sequenceLength t: Int) -> Int {
        let kv = kvHeads * headDim
        let block = 2 * (width + 1) + 3 * width + 5 * kv + width + heads
            + 2 * width + 3 * ffnWidth + width + 2 * width
        let perToken = width + depth * block + (width + 1) + vocabSize
        return 4 * batch * t * perToken  //  embedding … final norm, logits
    }
    // end listing
}

// listing: flops
/// Forward-pass FLOPs per token, the one count this book uses (chapter 3's
/// table, chapter 4's FLOP rate, the benchmarks): 2 per weight of every
/// matrix product, the LM head included (tied or not) and the embedding
/// lookup not, which reads a row and multiplies nothing; plus attention's
/// scores q·k and weighted sum of v, 2 · 2 · width per key and layer, over
/// all `sequenceLength` keys, as PaLM's FLOP count does (causal attention
/// does about half of that). Norms and activations, O(width) per token, are
/// left out. Training costs 3 times this: the backward pass computes a
/// gradient for both operands of every product.
public func forwardFLOPs(matrixWeights: Int, depth: Int, width: Int,
                         sequenceLength: Int) -> Int {
    2 * matrixWeights + depth * 4 * width * sequenceLength
}
// end listing
