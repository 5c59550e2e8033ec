import Book
import Foundation
import Model
import Tokenizer

extension LlamaModel {
    // listing: gguf-export
    /// This model and its tokenizer as a GGUF file that llama.cpp runs:
    /// the `llama.*` sizes, the tokenizer as byte-level BPE with GPT-4's
    /// pattern (`llama-bpe`, the pattern chapter 1 trains with), and every
    /// weight matrix as `type` (F32 or a quantized type; norms stay F32, as
    /// llama.cpp requires). W_q and W_k rows go back to the interleaved
    /// order that GGUF files keep.
    public func gguf(tokenizer: BPETokenizer, name: String, type: GGMLType) throws
        -> GGUFWriter
    {
        guard tokenizer.vocabularySize == config.vocabSize else {
            throw InputError("tokenizer has \(tokenizer.vocabularySize) tokens, "
                + "the model \(config.vocabSize)")
        }
        var file = try gguf(name: name, type: type)
        file.metadata += try tokenizerMetadata(tokenizer)
        return file
    }

    /// The model alone, without a tokenizer: the sizes and the weights.
    public func gguf(name: String, type: GGMLType) throws -> GGUFWriter {
        let c = config
        var file = GGUFWriter()
        let fileType: UInt32 = switch type {
        case .f32: 0
        case .f16: 1
        case .q4_0: 2
        case .q4_1: 3
        case .q8_0: 7
        }
        let sizes: [(key: String, value: GGUFValue)] = [
            ("general.architecture", .string("llama")),
            ("general.name", .string(name)),
            ("general.file_type", .uint32(fileType)),
            ("llama.vocab_size", .uint32(UInt32(c.vocabSize))),
            ("llama.context_length", .uint32(UInt32(c.contextLength))),
            ("llama.embedding_length", .uint32(UInt32(c.width))),
            ("llama.block_count", .uint32(UInt32(c.depth))),
            ("llama.feed_forward_length", .uint32(UInt32(c.ffnWidth))),
            ("llama.attention.head_count", .uint32(UInt32(c.heads))),
            ("llama.attention.head_count_kv", .uint32(UInt32(c.kvHeads))),
            ("llama.rope.freq_base", .float32(Float(c.ropeBase))),
            ("llama.rope.dimension_count", .uint32(UInt32(c.headDim))),
            ("llama.attention.layer_norm_rms_epsilon", .float32(c.normEpsilon)),
        ]
        file.metadata = sizes
        let order = blocks[0].attention.rope.rotateHalfOrder
        for (ours, variable) in namedParameters {
            var values = variable.value
            if isQueryOrKey(ours) {
                values = permuteHeadRows(values, headDim: c.headDim, order: order, inverse: true)
            }
            guard values.buffer.allSatisfy(\.isFinite) else {
                throw InputError("parameter \(ours) has a value that is not finite")
            }
            file.add(ggufName(of: ours), values, as: values.rank == 1 ? .f32 : type)
        }
        return file
    }
    // end listing
}

/// Chapter 1's tokenizer in GGUF's terms: each token's bytes as a string in
/// `ByteLevelAlphabet`, each merge as "left right", special tokens as
/// control tokens (type 3), "<|endoftext|>" as end of text.
func tokenizerMetadata(_ tokenizer: BPETokenizer) throws -> [(key: String, value: GGUFValue)] {
    var strings: [String] = []
    var seen: Set<String> = []
    for id in 0..<tokenizer.vocabularySize {
        let isSpecial = id >= 256 + tokenizer.merges.count
        let text = isSpecial
            ? String(decoding: tokenizer.bytes(of: id), as: UTF8.self)
            : ByteLevelAlphabet.encode(tokenizer.bytes(of: id))
        guard seen.insert(text).inserted else {
            throw InputError("token \(id) spells '\(text)' like an earlier token; "
                + "a GGUF vocabulary needs each token once")
        }
        strings.append(text)
    }
    let merges = tokenizer.merges.map { "\(strings[$0.left]) \(strings[$0.right])" }
    let types = (0..<tokenizer.vocabularySize).map {
        GGUFValue.int32($0 >= 256 + tokenizer.merges.count ? 3 : 1)
    }
    var metadata: [(key: String, value: GGUFValue)] = [
        ("tokenizer.ggml.model", .string("gpt2")),
        ("tokenizer.ggml.pre", .string("llama-bpe")),
        ("tokenizer.ggml.tokens", .array(strings.map(GGUFValue.string))),
        ("tokenizer.ggml.token_type", .array(types)),
        ("tokenizer.ggml.merges", .array(merges.map(GGUFValue.string))),
        ("tokenizer.ggml.add_bos_token", .bool(false)),
    ]
    if let end = tokenizer.id(ofSpecial: BPETokenizer.endOfText) {
        metadata.append(("tokenizer.ggml.eos_token_id", .uint32(UInt32(end))))
        metadata.append(("tokenizer.ggml.bos_token_id", .uint32(UInt32(end))))
    }
    return metadata
}
