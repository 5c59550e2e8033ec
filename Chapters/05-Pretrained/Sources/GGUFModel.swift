import Book
import Foundation
import Model

// listing: gguf-config
extension ModelConfig {
    /// The shape of the Llama in a GGUF file, from its `llama.*` metadata.
    /// Only the architecture chapter 3 built is accepted: `llama`, with
    /// RoPE over whole heads.
    public init(gguf file: GGUFFile) throws {
        let architecture = try file.string("general.architecture")
        guard architecture == "llama" else {
            throw FileError(file.url, "metadata 'general.architecture' is "
                + "'\(architecture)'; this chapter runs 'llama' models only")
        }
        func int(_ key: String) throws -> Int { try file.integer("llama." + key) }
        let heads = try int("attention.head_count")
        let vocabulary = try file.integer("llama.vocab_size")
        do {
            try self.init(
                vocabSize: vocabulary,
                contextLength: try int("context_length"),
                width: try int("embedding_length"),
                depth: try int("block_count"),
                heads: heads,
                kvHeads: file["llama.attention.head_count_kv"] == nil
                    ? heads : try int("attention.head_count_kv"),
                ffnWidth: try int("feed_forward_length"),
                ropeBase: file["llama.rope.freq_base"] == nil
                    ? 10_000 : try file.number("llama.rope.freq_base"),
                normEpsilon: Float(try file.number("llama.attention.layer_norm_rms_epsilon")),
                tiedEmbeddings: file.tensor(named: "output.weight") == nil)
        } catch let error as InputError {
            throw FileError(file.url, "metadata describes a model that cannot work: \(error)")
        }
        guard contextLength <= 1 << 20 else {
            throw FileError(file.url, "metadata 'llama.context_length' is \(contextLength); "
                + "this engine supports up to 2^20 tokens")
        }
        if file["llama.rope.dimension_count"] != nil {
            let rotated = try int("rope.dimension_count")
            guard rotated == headDim else {
                throw FileError(file.url, "metadata 'llama.rope.dimension_count' is "
                    + "\(rotated); only RoPE over the whole head (\(headDim)) is implemented")
            }
        }
    }
}
// end listing

/// The GGUF tensor names of chapter 3's parameters (llama.cpp's `LLM_TENSOR_*`
/// names for Llama), `{i}` a block's index.
let ggufNames: [(ours: String, theirs: String)] = [
    ("embedding",                "token_embd"),
    ("blocks.{i}.attentionNorm", "blk.{i}.attn_norm"),
    ("blocks.{i}.attention.wq",  "blk.{i}.attn_q"),
    ("blocks.{i}.attention.wk",  "blk.{i}.attn_k"),
    ("blocks.{i}.attention.wv",  "blk.{i}.attn_v"),
    ("blocks.{i}.attention.wo",  "blk.{i}.attn_output"),
    ("blocks.{i}.ffnNorm",       "blk.{i}.ffn_norm"),
    ("blocks.{i}.ffn.gate",      "blk.{i}.ffn_gate"),
    ("blocks.{i}.ffn.up",        "blk.{i}.ffn_up"),
    ("blocks.{i}.ffn.down",      "blk.{i}.ffn_down"),
    ("norm",                     "output_norm"),
    ("head",                     "output"),
]

/// The GGUF name of one of our parameter names: "blocks.3.ffn.up" is
/// "blk.3.ffn_up.weight".
func ggufName(of ours: String) -> String {
    let parts = ours.split(separator: ".", maxSplits: 2)
    if parts.count == 3, parts[0] == "blocks" {
        let pattern = "blocks.{i}.\(parts[2])"
        let theirs = ggufNames.first { $0.ours == pattern }!.theirs
        return theirs.replacingOccurrences(of: "{i}", with: String(parts[1])) + ".weight"
    }
    return ggufNames.first { $0.ours == ours }!.theirs + ".weight"
}

extension GGUFFile {
    /// Checks that the file holds exactly the tensors a Llama of `c` has,
    /// each with its shape, before anything is allocated for them: a file
    /// whose metadata promises a larger model than its tensors is an error,
    /// not an allocation of that size.
    public func checkLlamaTensors(_ c: ModelConfig) throws {
        let expected = 9 * c.depth + (c.tiedEmbeddings ? 2 : 3)
        guard tensors.count == expected else {
            throw FileError(url, "has \(tensors.count) tensors; a llama model of depth "
                + "\(c.depth) has \(expected)")
        }
        let (d, w) = (c.headDim, c.width)
        func check(_ name: String, _ shape: [Int]) throws {
            guard let tensor = tensor(named: name) else {
                throw FileError(url, "missing tensor '\(name)'")
            }
            guard tensor.shape == shape else {
                throw FileError(url, "tensor '\(name)' has shape \(tensor.shape), "
                    + "expected \(shape) (ggml's order, row length first)")
            }
        }
        try check("token_embd.weight", [w, c.vocabSize])
        try check("output_norm.weight", [w])
        if !c.tiedEmbeddings { try check("output.weight", [w, c.vocabSize]) }
        for i in 0..<c.depth {
            let p = "blk.\(i)."
            for (name, shape) in [("attn_norm", [w]), ("ffn_norm", [w]),
                                  ("attn_q", [w, c.heads * d]), ("attn_k", [w, c.kvHeads * d]),
                                  ("attn_v", [w, c.kvHeads * d]), ("attn_output", [w, w]),
                                  ("ffn_gate", [w, c.ffnWidth]), ("ffn_up", [w, c.ffnWidth]),
                                  ("ffn_down", [c.ffnWidth, w])] {
                try check(p + name + ".weight", shape)
            }
        }
    }
}

/// Whether our parameter `name` is a query or key projection, whose rows a
/// GGUF file keeps in RoPE's interleaved order.
func isQueryOrKey(_ name: String) -> Bool {
    name.hasSuffix("attention.wq") || name.hasSuffix("attention.wk")
}

/// Reorders each head's rows of a [heads · d, width] matrix from the
/// interleaved layout to rotate-half (`RotaryEmbedding.rotateHalfOrder`), or
/// back with `inverse`.
func permuteHeadRows(_ m: Tensor, headDim d: Int, order: [Int], inverse: Bool = false) -> Tensor {
    let (rows, columns) = (m.shape[0], m.shape[1])
    let out = Tensor(zeros: m.shape)
    for head in 0..<rows / d {
        for (slot, source) in order.enumerated() {
            let (to, from) = inverse ? (source, slot) : (slot, source)
            (out.data + (head * d + to) * columns)
                .update(from: m.data + (head * d + from) * columns, count: columns)
        }
    }
    return out
}

extension LlamaModel {
    /// Chapter 3's model with the weights of a GGUF file, every tensor
    /// dequantized to Float32: the readable reference for this chapter's
    /// quantized engine. The file must hold exactly the tensors the
    /// metadata implies, with their shapes (`checkLlamaTensors`).
    public init(gguf file: GGUFFile) throws {
        let config = try ModelConfig(gguf: file)
        try file.checkLlamaTensors(config)
        try self.init(config)
        let order = blocks[0].attention.rope.rotateHalfOrder
        for (name, variable) in namedParameters {
            var values = file.dequantized(file.tensor(named: ggufName(of: name))!)
            if isQueryOrKey(name) {
                values = permuteHeadRows(values, headDim: config.headDim, order: order)
            }
            variable.value.data.update(from: values.data, count: values.count)
        }
    }
}
