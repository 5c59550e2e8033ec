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

    /// Forward-pass FLOPs per token (a multiply-add is 2), with Kaplan et
    /// al.'s (2020) convention: 2 per weight of every matrix product (the
    /// blocks' projections and the LM head, not the embedding lookup or
    /// the gains), plus attention's scores q·k and weighted sum of v,
    /// 2 · 2 · width per key, for `sequenceLength` keys in every layer.
    /// Causal attention reads on average about half the keys, so this
    /// counts attention generously, as the convention does; norms and
    /// activations (O(width) per token) are left out.
    public func flopsPerToken(sequenceLength: Int? = nil) -> Int {
        let t = sequenceLength ?? contextLength
        let norms = 2 * width
        let matrices = depth * (parametersPerBlock - norms) + vocabSize * width
        return 2 * matrices + depth * 4 * width * t
    }
}
