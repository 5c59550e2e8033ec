import Book

/// Where dropout's masks come from. A class, so that a forward pass (which
/// does not mutate the model) can draw from it; seeded, so runs repeat.
public final class DropoutSource {
    public var rng: RandomGenerator
    public init(seed: UInt64) { rng = RandomGenerator(seed: seed) }
}

/// A linear layer with a bias, in PyTorch's [out, in] layout.
public struct Linear {
    public let weight: Variable, bias: Variable

    init(_ fanIn: Int, _ out: Int, std: Float, rng: inout RandomGenerator) {
        weight = Variable(Tensor.randn([out, fanIn], std: std, rng: &rng))
        bias = Variable(Tensor(zeros: [out]))
    }

    ///   x: [..., in]  →  [..., out]
    public func callAsFunction(_ tape: Tape, _ x: Variable) -> Variable {
        tape.add(tape.linear(x, weight), bias)
    }
}

/// GPT-2's block: pre-norm like Llama (GPT-2 moved LayerNorm to each
/// sub-block's input), but LayerNorm with a bias, biased
/// projections, multi-head attention with no RoPE, and a GELU MLP.
public struct GPT2Block {
    public let config: GPT2Config
    public let norm1Gain: Variable, norm1Bias: Variable
    public let norm2Gain: Variable, norm2Bias: Variable
    public let query: Linear, key: Linear, value: Linear, output: Linear
    public let up: Linear, down: Linear

    public init(_ config: GPT2Config, rng: inout RandomGenerator) {
        self.config = config
        let d = config.width
        func ones() -> Variable { Variable(Tensor(shape: [d], repeating: 1)) }
        func zeros() -> Variable { Variable(Tensor(zeros: [d])) }
        (norm1Gain, norm1Bias, norm2Gain, norm2Bias) =
            (ones(), zeros(), ones(), zeros())
        let (std, residual) = (WeightInit.std, WeightInit.residualStd(depth: config.depth))
        query = Linear(d, d, std: std, rng: &rng)
        key = Linear(d, d, std: std, rng: &rng)
        value = Linear(d, d, std: std, rng: &rng)
        output = Linear(d, d, std: residual, rng: &rng)
        up = Linear(d, config.mlpWidth, std: std, rng: &rng)
        down = Linear(config.mlpWidth, d, std: residual, rng: &rng)
    }

    public var namedParameters: [(name: String, variable: Variable)] {
        var named = [("norm1.gain", norm1Gain), ("norm1.bias", norm1Bias)]
        for (name, layer) in [("query", query), ("key", key),
                              ("value", value), ("output", output)] {
            named += [("attention.\(name).weight", layer.weight),
                      ("attention.\(name).bias", layer.bias)]
        }
        named += [("norm2.gain", norm2Gain), ("norm2.bias", norm2Bias)]
        for (name, layer) in [("up", up), ("down", down)] {
            named += [("mlp.\(name).weight", layer.weight),
                      ("mlp.\(name).bias", layer.bias)]
        }
        return named
    }

    // listing: gpt2-block
    /// x + dropout(attention(LN(x))), then + dropout(MLP(LN(·))).
    ///
    ///   x: [batch, T, width]  →  [batch, T, width]
    public func callAsFunction(_ tape: Tape, _ x: Variable,
                               dropout: DropoutSource) -> Variable {
        let (p, eps, h) = (config.dropout, config.normEpsilon, config.heads)
        let a = tape.layerNorm(x, gain: norm1Gain, bias: norm1Bias, eps: eps)
        let q = tape.splitHeads(query(tape, a), heads: h)  // no RoPE
        let k = tape.splitHeads(key(tape, a), heads: h)
        let v = tape.splitHeads(value(tape, a), heads: h)
        let context = tape.mergeHeads(tape.causalAttention(q, k, v))
        let attended = tape.dropout(output(tape, context), probability: p,
                                    rng: &dropout.rng)
        let r = tape.add(x, attended)                      // residual
        let f = tape.layerNorm(r, gain: norm2Gain, bias: norm2Bias, eps: eps)
        let mlp = down(tape, tape.gelu(up(tape, f)))       // 4× wide
        return tape.add(r, tape.dropout(mlp, probability: p,
                                        rng: &dropout.rng))
    }
    // end listing
}

/// GPT-2: token + learned position embeddings → depth × GPT2Block →
/// LayerNorm → LM head tied to the token embedding. Set `config.dropout`
/// to 0 (a config made for evaluation) to run it deterministically.
public struct GPT2Model: LanguageModel {
    public let config: GPT2Config
    /// [vocabSize, width] and [contextLength, width]
    public let tokenEmbedding: Variable, positionEmbedding: Variable
    public let blocks: [GPT2Block]
    public let normGain: Variable, normBias: Variable
    public let dropout: DropoutSource

    public var vocabSize: Int { config.vocabSize }
    public var contextLength: Int { config.contextLength }

    /// Seeded random weights (`WeightInit`): the same seed, the same model.
    public init(_ config: GPT2Config, seed: UInt64 = 0) {
        self.config = config
        var rng = RandomGenerator(seed: seed)
        let d = config.width
        tokenEmbedding = Variable(
            Tensor.randn([config.vocabSize, d], std: WeightInit.std, rng: &rng))
        positionEmbedding = Variable(
            Tensor.randn([config.contextLength, d], std: WeightInit.std, rng: &rng))
        blocks = (0..<config.depth).map { _ in GPT2Block(config, rng: &rng) }
        normGain = Variable(Tensor(shape: [d], repeating: 1))
        normBias = Variable(Tensor(zeros: [d]))
        dropout = DropoutSource(seed: seed &+ 1)
    }

    public var namedParameters: [(name: String, variable: Variable)] {
        var named = [("tokenEmbedding", tokenEmbedding),
                     ("positionEmbedding", positionEmbedding)]
        for (i, block) in blocks.enumerated() {
            named += block.namedParameters.map { ("blocks.\(i).\($0)", $1) }
        }
        return named + [("norm.gain", normGain), ("norm.bias", normBias)]
    }

    // listing: gpt2-forward
    /// ids [batch, T]  →  logits [batch, T, vocabSize]
    public func logits(_ tape: Tape, ids: [Int32], batch: Int) throws
        -> Variable
    {
        let t = try sequenceLength(of: ids, batch: batch)
        let tokens = tape.embedding(tokenEmbedding, ids: ids,
                                    shape: [batch, t])
        let positions = tape.embedding(positionEmbedding,
                                       ids: (0..<Int32(t)).map { $0 },
                                       shape: [t])           // [T, width]
        var x = tape.dropout(tape.add(tokens, positions),    // broadcast
                             probability: config.dropout,
                             rng: &dropout.rng)
        for block in blocks { x = block(tape, x, dropout: dropout) }
        x = tape.layerNorm(x, gain: normGain, bias: normBias,
                           eps: config.normEpsilon)
        return tape.matmul(x, tokenEmbedding, transposeB: true)  // tied
    }
    // end listing
}
