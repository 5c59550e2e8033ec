extension LlamaModel {
    // listing: hf-names
    /// Our parameter names and Hugging Face Llama's, side by side. `{i}`
    /// is a block's index; every Hugging Face name ends in `.weight`.
    /// HF's q/k rows are already in the rotate-half order our RoPE uses.
    static let huggingFaceNames: [(ours: String, theirs: String)] = [
        ("embedding",                "model.embed_tokens"),
        ("blocks.{i}.attentionNorm", "model.layers.{i}.input_layernorm"),
        ("blocks.{i}.attention.wq",  "model.layers.{i}.self_attn.q_proj"),
        ("blocks.{i}.attention.wk",  "model.layers.{i}.self_attn.k_proj"),
        ("blocks.{i}.attention.wv",  "model.layers.{i}.self_attn.v_proj"),
        ("blocks.{i}.attention.wo",  "model.layers.{i}.self_attn.o_proj"),
        ("blocks.{i}.ffnNorm",
                            "model.layers.{i}.post_attention_layernorm"),
        ("blocks.{i}.ffn.gate",      "model.layers.{i}.mlp.gate_proj"),
        ("blocks.{i}.ffn.up",        "model.layers.{i}.mlp.up_proj"),
        ("blocks.{i}.ffn.down",      "model.layers.{i}.mlp.down_proj"),
        ("norm",                     "model.norm"),
        ("head",                     "lm_head"),
    ]
    // end listing

    /// The Hugging Face tensor name of each of our parameters, the table
    /// above expanded for every block.
    func huggingFaceName(of ours: String) -> String? {
        for (pattern, theirs) in Self.huggingFaceNames {
            if pattern == ours { return theirs + ".weight" }
            guard pattern.contains("{i}") else { continue }
            for i in 0..<config.depth
            where pattern.replacingOccurrences(of: "{i}", with: "\(i)") == ours {
                return theirs.replacingOccurrences(of: "{i}", with: "\(i)")
                    + ".weight"
            }
        }
        return nil
    }
}
