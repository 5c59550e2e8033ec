import Book
import Foundation

// listing: hf-config
/// A `ModelConfig` is a Hugging Face Llama `config.json`: the same numbers
/// under Hugging Face's names, so a checkpoint's config decodes straight
/// into one, and ours encodes into one transformers reads.
extension ModelConfig: Codable {
    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size"
        case contextLength = "max_position_embeddings"
        case width = "hidden_size"
        case depth = "num_hidden_layers"
        case heads = "num_attention_heads"
        case kvHeads = "num_key_value_heads"
        case ffnWidth = "intermediate_size"
        case ropeBase = "rope_theta"
        case normEpsilon = "rms_norm_eps"
        case tiedEmbeddings = "tie_word_embeddings"
        // Fields that say whether the file is a plain Llama at all.
        case architectures, modelType = "model_type", hiddenAct = "hidden_act"
        case headDim = "head_dim", torchDtype = "torch_dtype"
        case attentionBias = "attention_bias", mlpBias = "mlp_bias"
        case ropeParameters = "rope_parameters", ropeScaling = "rope_scaling"
    }
    // end listing

    /// RoPE's settings in transformers 5 (`rope_parameters`), and the
    /// scaling of older files (`rope_scaling`).
    struct RoPEParameters: Codable {
        var ropeTheta: Double?
        var ropeType: String?
        enum CodingKeys: String, CodingKey {
            case ropeTheta = "rope_theta", ropeType = "rope_type"
        }
    }

    /// Reads a config.json. Files of a model this code cannot run (another
    /// architecture, biases, RoPE scaling, a head size other than width /
    /// heads) throw an `InputError` saying which field.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func unsupported(_ problem: String) -> InputError {
            InputError(problem + "; only Llama's default layout is supported")
        }
        if let names = try c.decodeIfPresent([String].self, forKey: .architectures),
           !names.contains("LlamaForCausalLM") {
            throw unsupported("architectures \(names) is not LlamaForCausalLM")
        }
        if let act = try c.decodeIfPresent(String.self, forKey: .hiddenAct), act != "silu" {
            throw unsupported("hidden_act '\(act)' is not silu")
        }
        for key in [CodingKeys.attentionBias, .mlpBias]
        where try c.decodeIfPresent(Bool.self, forKey: key) == true {
            throw unsupported("\(key.stringValue) is true")
        }
        let rope = try c.decodeIfPresent(RoPEParameters.self, forKey: .ropeParameters)
        let scaling = try c.decodeIfPresent(RoPEParameters.self, forKey: .ropeScaling)
        for type in [rope?.ropeType, scaling?.ropeType].compactMap({ $0 }) where type != "default" {
            throw unsupported("rope_type '\(type)' (RoPE scaling)")
        }
        let (width, heads) = (try c.decode(Int.self, forKey: .width),
                              try c.decode(Int.self, forKey: .heads))
        if let d = try c.decodeIfPresent(Int.self, forKey: .headDim), d * heads != width {
            throw unsupported("head_dim \(d) × num_attention_heads \(heads) "
                + "is not hidden_size \(width)")
        }
        // transformers 5 moved rope_theta into rope_parameters.
        guard let theta = try rope?.ropeTheta ?? c.decodeIfPresent(Double.self, forKey: .ropeBase)
        else { throw InputError("no rope_theta, at top level or in rope_parameters") }
        do {
            try self.init(
                vocabSize: try c.decode(Int.self, forKey: .vocabSize),
                contextLength: try c.decode(Int.self, forKey: .contextLength),
                width: width, depth: try c.decode(Int.self, forKey: .depth),
                heads: heads,
                kvHeads: try c.decodeIfPresent(Int.self, forKey: .kvHeads) ?? heads,
                ffnWidth: try c.decode(Int.self, forKey: .ffnWidth), ropeBase: theta,
                normEpsilon: Float(try c.decodeIfPresent(Double.self, forKey: .normEpsilon) ?? 1e-6),
                tiedEmbeddings: try c.decodeIfPresent(Bool.self, forKey: .tiedEmbeddings) ?? true)
        } catch let error as InputError {
            throw InputError("config does not add up: \(error)")
        }
    }

    /// Writes the config transformers needs to rebuild the model as a
    /// `LlamaForCausalLM`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(["LlamaForCausalLM"], forKey: .architectures)
        try c.encode("llama", forKey: .modelType)
        try c.encode("float32", forKey: .torchDtype)
        try c.encode("silu", forKey: .hiddenAct)
        try c.encode(false, forKey: .attentionBias)
        try c.encode(false, forKey: .mlpBias)
        try c.encode(vocabSize, forKey: .vocabSize)
        try c.encode(contextLength, forKey: .contextLength)
        try c.encode(width, forKey: .width)
        try c.encode(depth, forKey: .depth)
        try c.encode(heads, forKey: .heads)
        try c.encode(kvHeads, forKey: .kvHeads)
        try c.encode(headDim, forKey: .headDim)
        try c.encode(ffnWidth, forKey: .ffnWidth)
        try c.encode(ropeBase, forKey: .ropeBase)
        try c.encode(Double(normEpsilon), forKey: .normEpsilon)
        try c.encode(tiedEmbeddings, forKey: .tiedEmbeddings)
    }

    /// Reads a Hugging Face `config.json`; every problem is a `FileError`
    /// naming the file and the field.
    public init(huggingFaceConfig url: URL) throws {
        do {
            self = try readJSON(ModelConfig.self, from: url)
        } catch let error as InputError {
            throw FileError(url, error.description)
        }
    }
}
