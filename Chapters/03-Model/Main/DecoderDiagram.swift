import Model

/// The decoder as a Graphviz graph, every box and arrow labelled from
/// `config`: what each step computes and the shape of what flows between
/// them, for a batch of `batch` sequences of `t` tokens.
func decoderDiagram(_ c: ModelConfig, batch: Int, t: Int) -> String {
    let (b, d, f) = (batch, c.width, c.ffnWidth)
    let stream = "[\(b), \(t), \(d)]"
    func node(_ id: String, _ label: String, _ style: String = "") -> String {
        "  \(id) [label=\"\(label)\"\(style.isEmpty ? "" : ", " + style)];"
    }
    func edge(_ from: String, _ to: String, _ shape: String = "") -> String {
        "  \(from) -> \(to)" + (shape.isEmpty ? ";" : " [label=\" \(shape)\"];")
    }
    let add = "shape=circle, width=0.35, fixedsize=true, label=\"+\""
    return """
        digraph decoder {
          rankdir=TB; nodesep=0.35; ranksep=0.3;
          node [shape=box, style="rounded,filled", fillcolor="#f4f4f4",
                fontname="DejaVu Sans", fontsize=11];
          edge [fontname="DejaVu Sans Mono", fontsize=9, color="#555555"];
        \(node("ids", "token ids", "shape=plaintext, style=\"\""))
        \(node("embed", "embedding\\n[\(c.vocabSize), \(d)]"))
          subgraph cluster_block {
            label="decoder block, × \(c.depth)"; fontname="DejaVu Sans";
            style="rounded,dashed"; color="#888888";
        \(node("norm1", "RMSNorm"))
        \(node("qkv", "Wq, Wk, Wv\\nsplit into heads"))
        \(node("rope", "RoPE on q and k"))
        \(node("attention", "causal attention\\n\(c.heads) query heads, \(c.kvHeads) KV heads"))
        \(node("wo", "merge heads, Wo"))
        \(node("add1", "", add))
        \(node("norm2", "RMSNorm"))
        \(node("gateup", "gate, up"))
        \(node("swiglu", "silu(gate) ⊙ up"))
        \(node("down", "down"))
        \(node("add2", "", add))
          }
        \(node("norm", "RMSNorm"))
        \(node("head", "LM head\\n[\(c.vocabSize), \(d)]\(c.tiedEmbeddings ? " (tied)" : "")"))
        \(node("logits", "logits", "shape=plaintext, style=\"\""))
        \(edge("ids", "embed", "[\(b), \(t)]"))
        \(edge("embed", "norm1", stream))
        \(edge("embed", "add1"))
        \(edge("norm1", "qkv", stream))
        \(edge("qkv", "rope", "q [\(b), \(c.heads), \(t), \(c.headDim)]\\nk, v [\(b), \(c.kvHeads), \(t), \(c.headDim)]"))
        \(edge("rope", "attention"))
        \(edge("attention", "wo", "[\(b), \(c.heads), \(t), \(c.headDim)]"))
        \(edge("wo", "add1", stream))
        \(edge("add1", "norm2", stream))
        \(edge("add1", "add2"))
        \(edge("norm2", "gateup", stream))
        \(edge("gateup", "swiglu", "2 × [\(b), \(t), \(f)]"))
        \(edge("swiglu", "down", "[\(b), \(t), \(f)]"))
        \(edge("down", "add2", stream))
        \(edge("add2", "norm", stream))
        \(edge("norm", "head", stream))
        \(edge("head", "logits", "[\(b), \(t), \(c.vocabSize)]"))
        }

        """
}
