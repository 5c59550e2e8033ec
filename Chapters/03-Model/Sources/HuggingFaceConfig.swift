import Book
import Foundation

/// The fields of a Hugging Face `LlamaForCausalLM` `config.json` that decide
/// the model's shape, as transformers writes them. transformers 5 moved
/// `rope_theta` into `rope_parameters`; older files have it at top level.
struct HuggingFaceLlamaConfig: Codable {
    struct RoPEParameters: Codable {
        let ropeTheta: Double?
        let ropeType: String?
        enum CodingKeys: String, CodingKey {
            case ropeTheta = "rope_theta", ropeType = "rope_type"
        }
    }

    let architectures: [String]?
    var modelType: String? = nil
    var torchDtype: String? = nil
    let vocabSize: Int
    let maxPositionEmbeddings: Int
    let hiddenSize: Int
    let numHiddenLayers: Int
    let numAttentionHeads: Int
    let numKeyValueHeads: Int?
    let intermediateSize: Int
    let rmsNormEps: Double?
    let ropeTheta: Double?
    let ropeParameters: RoPEParameters?
    let ropeScaling: RoPEParameters?
    let tieWordEmbeddings: Bool?
    let headDim: Int?
    let hiddenAct: String?
    let attentionBias: Bool?
    let mlpBias: Bool?

    enum CodingKeys: String, CodingKey {
        case architectures
        case modelType = "model_type", torchDtype = "torch_dtype"
        case vocabSize = "vocab_size"
        case maxPositionEmbeddings = "max_position_embeddings"
        case hiddenSize = "hidden_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case numKeyValueHeads = "num_key_value_heads"
        case intermediateSize = "intermediate_size"
        case rmsNormEps = "rms_norm_eps"
        case ropeTheta = "rope_theta"
        case ropeParameters = "rope_parameters"
        case ropeScaling = "rope_scaling"
        case tieWordEmbeddings = "tie_word_embeddings"
        case headDim = "head_dim"
        case hiddenAct = "hidden_act"
        case attentionBias = "attention_bias"
        case mlpBias = "mlp_bias"
    }
}

extension HuggingFaceLlamaConfig {
    /// The config.json transformers needs to rebuild `config` as a
    /// `LlamaForCausalLM`.
    init(_ config: ModelConfig) {
        (architectures, modelType, torchDtype) = (["LlamaForCausalLM"], "llama", "float32")
        (vocabSize, maxPositionEmbeddings) = (config.vocabSize, config.contextLength)
        (hiddenSize, numHiddenLayers) = (config.width, config.depth)
        (numAttentionHeads, numKeyValueHeads) = (config.heads, config.kvHeads)
        (intermediateSize, rmsNormEps) = (config.ffnWidth, Double(config.normEpsilon))
        (ropeTheta, ropeParameters, ropeScaling) = (config.ropeBase, nil, nil)
        (tieWordEmbeddings, headDim, hiddenAct) = (config.tiedEmbeddings, config.headDim, "silu")
        (attentionBias, mlpBias) = (false, false)
    }
}

extension ModelConfig {
    /// Reads a Hugging Face Llama `config.json`. A file that is not a Llama
    /// this model can run (another architecture, biases, RoPE scaling, a
    /// head size that is not width / heads), or whose numbers do not fit
    /// together, is a `FileError` naming the file and the field.
    public init(huggingFaceConfig url: URL) throws {
        let hf = try readJSON(HuggingFaceLlamaConfig.self, from: url)
        func unsupported(_ problem: String) -> FileError {
            FileError(url, problem + "; only Llama's default layout is supported")
        }
        if let names = hf.architectures, !names.contains("LlamaForCausalLM") {
            throw unsupported("architectures \(names) is not LlamaForCausalLM")
        }
        if let act = hf.hiddenAct, act != "silu" {
            throw unsupported("hidden_act '\(act)' is not silu")
        }
        if hf.attentionBias == true { throw unsupported("attention_bias is true") }
        if hf.mlpBias == true { throw unsupported("mlp_bias is true") }
        for rope in [hf.ropeParameters, hf.ropeScaling].compactMap({ $0 }) {
            if let type = rope.ropeType, type != "default" {
                throw unsupported("rope_type '\(type)' (RoPE scaling)")
            }
        }
        if let d = hf.headDim, d * hf.numAttentionHeads != hf.hiddenSize {
            throw unsupported("head_dim \(d) × num_attention_heads "
                + "\(hf.numAttentionHeads) is not hidden_size \(hf.hiddenSize)")
        }
        guard let theta = hf.ropeParameters?.ropeTheta ?? hf.ropeTheta else {
            throw FileError(url, "no rope_theta, at top level or in "
                + "rope_parameters")
        }
        do {
            try self.init(
                vocabSize: hf.vocabSize,
                contextLength: hf.maxPositionEmbeddings,
                width: hf.hiddenSize, depth: hf.numHiddenLayers,
                heads: hf.numAttentionHeads,
                kvHeads: hf.numKeyValueHeads ?? hf.numAttentionHeads,
                ffnWidth: hf.intermediateSize, ropeBase: theta,
                normEpsilon: Float(hf.rmsNormEps ?? 1e-6),
                tiedEmbeddings: hf.tieWordEmbeddings ?? true)
        } catch let error as ModelConfigError {
            throw FileError(url, "config does not add up: \(error)")
        }
    }
}
