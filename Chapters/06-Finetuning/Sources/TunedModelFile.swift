import Book
import Foundation
import Model
import Pretrained
import Tokenizer

/// The tokenizer a tuned model is written with: chapter 1's (chapter 4's
/// model), or the one in the GGUF file the model came from (SmolLM2).
public enum TunedTokenizer {
    case bpe(BPETokenizer)
    case gguf(GGUFFile)
}

/// A model to tune or to chat with, by where it is: a Hugging Face
/// directory (chapter 4's checkpoints, a fully tuned model), which uses
/// chapter 1's tokenizer, or a GGUF file, which carries its own.
public struct BaseModel {
    public let url: URL

    public init(_ url: URL) { self.url = url }

    public func load() throws -> (model: LlamaModel, tokenizer: TunedTokenizer) {
        if url.pathExtension == "gguf" {
            let file = try GGUFFile(contentsOf: url)
            return (try LlamaModel(gguf: file), .gguf(file))
        }
        let model = try LlamaModel(huggingFaceDirectory: url)
        let tokenizer = try BPETokenizer(contentsOf: TokenizerPaths.tokenizer)
        guard tokenizer.vocabularySize == model.config.vocabSize else {
            throw FileError(url, "the model has \(model.config.vocabSize) tokens, chapter 1's "
                            + "tokenizer \(tokenizer.vocabularySize)")
        }
        return (model, .bpe(tokenizer))
    }
}

extension LlamaModel {
    /// ChatML as a Jinja template, the form transformers and llama.cpp read,
    /// for a model whose file had none (chapter 4's).
    static let chatMLTemplate = "{% for message in messages %}{{'<|im_start|>' + "
        + "message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
        + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"

    // listing: tuned-gguf
    /// Writes the model as a GGUF file with its tokenizer and a ChatML chat
    /// template, and opens it with chapter 5's engine: the tuned model then
    /// generates, chats and exports like any other (llama.cpp runs it too).
    public func writeAssistant(to url: URL, name: String, type: GGMLType,
                               tokenizer: TunedTokenizer) throws -> PretrainedModel {
        var file: GGUFWriter
        switch tokenizer {
        case .bpe(let bpe):
            file = try gguf(tokenizer: bpe, name: name, type: type)
            file.metadata.append(("tokenizer.chat_template", .string(Self.chatMLTemplate)))
        case .gguf(let original):
            file = try gguf(name: name, type: type)
            file.metadata += original.metadata.filter { $0.key.hasPrefix("tokenizer.") }
        }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        try file.write(to: url)
        return try PretrainedModel(contentsOf: url)
    }
    // end listing
}
